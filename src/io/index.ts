export { encodeSafetensors, decodeSafetensors, fileError, readSafetensorsFile, readSafetensorsMetadata, writeFileAtomic, type DecodeOptions, type NamedArray, type SafetensorsContent } from './safetensors.js';
export { TooLittleDataError } from './too-little-data.js';
export { ColumnNotFoundError } from './column-not-found.js';
export { CHECKSUM_KEY, crc32 } from './checksum.js';
export { writeFilesTogether, type OutputFile } from './output-files.js';
export { metadataJson, showMetadataValue } from './metadata-json.js';
