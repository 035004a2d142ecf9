/**
 * The checksum gangrad writes into each safetensors file: CRC-32 (IEEE 802.3) over a canonical form of
 * the header (metadata and tensor table, key order and spacing ignored) followed by the tensor data.
 * It catches a flipped bit anywhere the model's meaning lives, including a digit of a configuration
 * number that would still parse, while a file re-serialised by another safetensors writer still verifies.
 * CRC-32 rather than SHA-256: it is synchronous in a browser too, and this guards against damage, not forgery.
 */

/** Metadata key holding the checksum, as `crc32:` and eight hex digits. */
export const CHECKSUM_KEY = 'gangrad_checksum';

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** Continue a CRC-32 over `bytes` (start with 0). */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let c = ~previous >>> 0;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** A tensor's entry in the header, as the checksum sees it. */
export interface TensorEntry {
  name: string;
  dtype: string;
  shape: number[];
  offsets: [number, number];
}

/** The checksum string of a file's metadata (without the checksum itself), tensor table and data bytes. */
export function safetensorsChecksum(metadata: Record<string, string>, entries: TensorEntry[], data: Uint8Array): string {
  const canonical = JSON.stringify({
    metadata: Object.keys(metadata).filter((k) => k !== CHECKSUM_KEY).sort().map((k) => [k, metadata[k]]),
    tensors: [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((e) => [e.name, e.dtype, e.shape, e.offsets]),
  });
  const crc = crc32(data, crc32(new TextEncoder().encode(canonical)));
  return `crc32:${crc.toString(16).padStart(8, '0')}`;
}
