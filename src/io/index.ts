export { encodeSafetensors, decodeSafetensors, fileError, readSafetensorsFile, writeFileAtomic, type DecodeOptions, type NamedArray, type SafetensorsContent } from './safetensors.js';
export { CHECKSUM_KEY, crc32 } from './checksum.js';
