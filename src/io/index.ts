export { encodeSafetensors, decodeSafetensors, readSafetensorsFile, writeFileAtomic, type NamedArray, type SafetensorsContent } from './safetensors.js';
