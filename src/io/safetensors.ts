/**
 * The safetensors format (Hugging Face), so gangrad's weights load in Python's `safetensors` too:
 *
 *   [8 bytes: N, little-endian u64] [N bytes: JSON header] [tensor data, little-endian]
 *
 * The header maps each tensor name to { dtype, shape, data_offsets: [begin, end] } (offsets relative
 * to the end of the header) and may hold "__metadata__": a map of string to string. gangrad stores
 * float32 tensors ("F32") and its model configuration as JSON strings in the metadata.
 */
import { nodeModules } from './node.js';

export interface NamedArray {
  shape: number[];
  data: Float32Array;
}

export interface SafetensorsContent {
  tensors: Map<string, NamedArray>;
  metadata: Record<string, string>;
}

/** Serialise tensors (in the given order) and string metadata. */
export function encodeSafetensors(tensors: Map<string, NamedArray> | [string, NamedArray][], metadata: Record<string, string> = {}): Uint8Array {
  const entries = tensors instanceof Map ? [...tensors] : tensors;
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const [name, { shape, data }] of entries) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (size !== data.length) throw new Error(`safetensors: tensor '${name}' has ${data.length} values for shape [${shape.join(', ')}]`);
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + 4 * size] };
    offset += 4 * size;
  }
  let json = JSON.stringify(header);
  // TextEncoder rather than Buffer: this also runs in a browser (the lab exports models).
  json += ' '.repeat((8 - ((8 + new TextEncoder().encode(json).length) % 8)) % 8); // align the data to 8 bytes
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let o = 8 + headerBytes.length;
  for (const [, { data }] of entries) {
    const bytes = new Uint8Array(data.length * 4);
    const dv = new DataView(bytes.buffer);
    for (let i = 0; i < data.length; i++) dv.setFloat32(4 * i, data[i], true);
    out.set(bytes, o);
    o += bytes.length;
  }
  return out;
}

/** Parse and check a safetensors file; every error names `file` and what is wrong. */
export function decodeSafetensors(bytes: Uint8Array, file: string): SafetensorsContent {
  const fail = (why: string): never => { throw new Error(`${file}: not a valid safetensors file: ${why}`); };
  if (bytes.length < 8) fail(`${bytes.length} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > bytes.length - 8 || headerLength > 100_000_000) fail(`header length ${headerLength} exceeds the file (${bytes.length} bytes): truncated or foreign`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch (e) {
    return fail(`header is not JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header is not a JSON object');
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const tensors = new Map<string, NamedArray>();
  const ranges: [number, number, string][] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (typeof entry !== 'object' || entry === null) fail('__metadata__ is not an object');
      for (const [k, v] of Object.entries(entry as object)) {
        if (typeof v !== 'string') fail(`metadata '${k}' is not a string`);
        metadata[k] = v as string;
      }
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (e.dtype !== 'F32') fail(`tensor '${name}' has dtype ${JSON.stringify(e.dtype)}; gangrad reads F32 only`);
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isInteger(d) && d >= 0)) fail(`tensor '${name}' has an invalid shape`);
    if (!Array.isArray(e.data_offsets) || e.data_offsets.length !== 2 || !e.data_offsets.every((d) => Number.isInteger(d) && d >= 0)) {
      fail(`tensor '${name}' has invalid data_offsets`);
    }
    const shape = e.shape as number[];
    const [begin, end] = e.data_offsets as [number, number];
    const size = shape.reduce((a, b) => a * b, 1);
    if (end - begin !== 4 * size) fail(`tensor '${name}' of shape [${shape.join(', ')}] needs ${4 * size} bytes, offsets give ${end - begin}`);
    if (end > dataLength) fail(`tensor '${name}' ends at byte ${end} of ${dataLength} data bytes: truncated`);
    ranges.push([begin, end, name]);
    const data = new Float32Array(size);
    const dv = new DataView(bytes.buffer, bytes.byteOffset + dataStart + begin, 4 * size);
    for (let i = 0; i < size; i++) data[i] = dv.getFloat32(4 * i, true);
    tensors.set(name, { shape, data });
  }
  ranges.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i][0] < ranges[i - 1][1]) fail(`tensors '${ranges[i - 1][2]}' and '${ranges[i][2]}' overlap`);
  }
  return { tensors, metadata };
}

/**
 * Write a file so that a crash or a full disk never leaves a half-written one under `path`: write a
 * temporary file beside it, flush it to disk, then rename it over the target (atomic on POSIX).
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } = nodeModules('writeFileAtomic').fs;
  const temporary = `${path}.tmp-${process.pid}`;
  const fd = openSync(temporary, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try { unlinkSync(temporary); } catch { /* already gone */ }
    throw e;
  }
  closeSync(fd);
  renameSync(temporary, path);
}

export function readSafetensorsFile(file: string): SafetensorsContent {
  let bytes: Uint8Array;
  try {
    bytes = nodeModules('readSafetensorsFile').fs.readFileSync(file);
  } catch (e) {
    throw new Error(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return decodeSafetensors(bytes, file);
}
