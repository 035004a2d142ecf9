/**
 * The safetensors format (Hugging Face), so gangrad's weights load in Python's `safetensors` too:
 *
 *   [8 bytes: N, little-endian u64] [N bytes: JSON header] [tensor data, little-endian]
 *
 * The header maps each tensor name to { dtype, shape, data_offsets: [begin, end] } (offsets relative
 * to the end of the header) and may hold "__metadata__": a map of string to string. gangrad stores
 * float32 tensors ("F32") and its model configuration as JSON strings in the metadata.
 */
import { CHECKSUM_KEY, safetensorsChecksum, type TensorEntry } from './checksum.js';
import { nodeModules } from './node.js';
import { removeStaleTemporariesOf } from './stale-temporaries.js';

/** One tensor of a safetensors file: its name, shape and float32 values. */
export interface NamedArray {
  shape: number[];
  data: Float32Array;
}

/** A safetensors file's tensors and its metadata. */
export interface SafetensorsContent {
  tensors: Map<string, NamedArray>;
  /** The file's string metadata, without gangrad's checksum entry. */
  metadata: Record<string, string>;
  /** `verified`: the file carried gangrad's checksum and it matched; `absent`: it carried none. */
  checksum?: 'verified' | 'absent';
}

/** The first non-finite value of an array, as `NaN at index 3`, or null when all are finite. */
function firstNonFinite(data: Float32Array): string | null {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return `${data[i]} at index ${i}`;
  return null;
}

/**
 * Serialise tensors (in the given order) and string metadata, with a checksum of both (see checksum.ts).
 * A non-finite value is refused: a NaN weight written today is a silently wrong model tomorrow.
 */
export function encodeSafetensors(tensors: Map<string, NamedArray> | [string, NamedArray][], metadata: Record<string, string> = {}): Uint8Array {
  const entries = tensors instanceof Map ? [...tensors] : tensors;
  const table: TensorEntry[] = [];
  let offset = 0;
  for (const [name, { shape, data }] of entries) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (size !== data.length) throw new Error(`safetensors: tensor '${name}' has ${data.length} values for shape [${shape.join(', ')}]`);
    const bad = firstNonFinite(data);
    if (bad) throw new Error(`safetensors: tensor '${name}' holds ${bad}; refusing to write a non-finite value (weights or optimiser state that overflowed: the training run diverged, and a smaller learning rate may help)`);
    table.push({ name, dtype: 'F32', shape: [...shape], offsets: [offset, offset + 4 * size] });
    offset += 4 * size;
  }
  const dataBytes = new Uint8Array(offset);
  const dataView = new DataView(dataBytes.buffer);
  let o = 0;
  for (const [, { data }] of entries) {
    for (let i = 0; i < data.length; i++, o += 4) dataView.setFloat32(o, data[i], true);
  }
  // An undefined value (a JavaScript caller's missing field) is not written, so it must not be checksummed either.
  const plain = Object.fromEntries(Object.entries(metadata).filter(([k, v]) => k !== CHECKSUM_KEY && v !== undefined));
  const header: Record<string, unknown> = { __metadata__: { ...plain, [CHECKSUM_KEY]: safetensorsChecksum(plain, table, dataBytes) } };
  for (const e of table) header[e.name] = { dtype: e.dtype, shape: e.shape, data_offsets: e.offsets };
  let json = JSON.stringify(header);
  // TextEncoder, not Buffer: models are also encoded in browser pages.
  const utf8 = new TextEncoder();
  json += ' '.repeat((8 - ((8 + utf8.encode(json).length) % 8)) % 8); // align the data to 8 bytes
  const headerBytes = utf8.encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  out.set(dataBytes, 8 + headerBytes.length);
  return out;
}

/** How {@link decodeSafetensors} reports what is suspicious but readable; default `console.warn`. */
export interface DecodeOptions {
  onWarning?: (message: string) => void;
}

/** Throws an error naming the file as not a valid safetensors file, and why. */
type Fail = (why: string) => never;

const failer = (file: string): Fail => (why) => { throw new Error(`${file}: not a valid safetensors file: ${why}`); };

/** The JSON header's byte length, from the file's first 8 bytes; `size`: the whole file's bytes. */
function headerLength(first: Uint8Array, size: number, fail: Fail): number {
  if (first.length < 8) fail(`${size} bytes, shorter than the 8-byte header length`);
  const length = new DataView(first.buffer, first.byteOffset, 8).getBigUint64(0, true);
  if (length > BigInt(size - 8) || length > 100_000_000n) {
    // Eight printable characters where the length should be: text, most often an error page fetched by mistake.
    const text = first.subarray(0, 8).every((b) => (b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d);
    if (text) fail(`the bytes are text, not a model (they begin '${new TextDecoder().decode(first.subarray(0, Math.min(first.length, 40))).split('\n')[0]}'): an error page or a wrong file? (fetched in a page: check response.ok)`);
    fail(`header length ${length} exceeds the file (${size} bytes): truncated or foreign`);
  }
  return Number(length);
}

/** The JSON header as an object. */
function parseHeader(json: Uint8Array, fail: Fail): Record<string, unknown> {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(json));
  } catch (e) {
    return fail(`header is not JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header is not a JSON object');
  return header as Record<string, unknown>;
}

/** The `__metadata__` entry's strings (gangrad's checksum included). */
function metadataOf(entry: unknown, fail: Fail): Record<string, string> {
  if (entry === undefined) return {};
  if (typeof entry !== 'object' || entry === null) fail('__metadata__ is not an object');
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(entry as object)) {
    if (typeof v !== 'string') fail(`metadata '${k}' is not a string`);
    metadata[k] = v as string;
  }
  return metadata;
}

/**
 * Parse and check a safetensors file; every error names `file` and what is wrong. Beyond the structure,
 * the values are checked: gangrad's checksum, when present, must match (a file without one, e.g. from
 * another writer, loads with a warning), and every tensor must be finite.
 */
export function decodeSafetensors(bytes: Uint8Array, file: string, options: DecodeOptions = {}): SafetensorsContent {
  const fail = failer(file);
  const length = headerLength(bytes, bytes.length, fail);
  const header = parseHeader(bytes.subarray(8, 8 + length), fail);
  const dataStart = 8 + length;
  const dataLength = bytes.length - dataStart;
  const metadata = metadataOf(header.__metadata__, fail);
  const tensors = new Map<string, NamedArray>();
  const ranges: [number, number, string][] = [];
  const table: TensorEntry[] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
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
    table.push({ name, dtype: 'F32', shape, offsets: [begin, end] });
    const data = new Float32Array(size);
    const dv = new DataView(bytes.buffer, bytes.byteOffset + dataStart + begin, 4 * size);
    for (let i = 0; i < size; i++) data[i] = dv.getFloat32(4 * i, true);
    tensors.set(name, { shape, data });
  }
  ranges.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i][0] < ranges[i - 1][1]) fail(`tensors '${ranges[i - 1][2]}' and '${ranges[i][2]}' overlap`);
  }
  const stored = metadata[CHECKSUM_KEY];
  delete metadata[CHECKSUM_KEY];
  if (stored !== undefined) {
    const actual = safetensorsChecksum(metadata, table, bytes.subarray(dataStart));
    if (stored !== actual) throw new Error(`${file}: damaged: checksum ${actual} does not match the ${stored} written with the file (a changed byte in its header or weights)`);
  } else {
    (options.onWarning ?? console.warn)(`${file}: no checksum in the file (written by an older gangrad or another program); its values are checked for finiteness only`);
  }
  for (const [name, { data }] of tensors) {
    const bad = firstNonFinite(data);
    if (bad) throw new Error(`${file}: tensor '${name}' holds ${bad}: the file is damaged or was saved from a diverged run`);
  }
  return { tensors, metadata, checksum: stored === undefined ? 'absent' : 'verified' };
}

/**
 * Write a file so that a crash or a full disk never leaves a half-written one under `path`: write a
 * temporary file beside it, flush it to disk, then rename it over the target (atomic on POSIX).
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } = nodeModules('writeFileAtomic').fs;
  removeStaleTemporariesOf(path);
  const temporary = `${path}.tmp-${process.pid}`;
  let fd: number | null = null;
  try {
    fd = openSync(temporary, 'w');
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temporary, path);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    try { unlinkSync(temporary); } catch { /* never created, or already gone */ }
    throw fileError(path, 'write', e);
  }
}

/**
 * An error that names the file: Node's own messages name no path for ENOSPC on write, and name the
 * temporary file rather than the target on open.
 */
export function fileError(path: string, action: 'read' | 'write', e: unknown): Error {
  const error = e as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    ENOSPC: 'no space left on the device', EACCES: 'permission denied', EPERM: 'operation not permitted',
    ENOENT: action === 'write' ? 'its directory does not exist' : 'no such file', EROFS: 'read-only file system',
    EISDIR: 'is a directory', ENOTDIR: 'a part of the path is not a directory', EDQUOT: 'disk quota exceeded',
  };
  const reason = error.code ? `${error.code}: ${why[error.code] ?? error.message}` : error.message;
  return Object.assign(new Error(`${path}: cannot ${action} (${reason})`), { code: error.code });
}

/** Read and decode a safetensors file (Node only); a read failure names the file and the reason. */
export function readSafetensorsFile(file: string, options: DecodeOptions = {}): SafetensorsContent {
  let bytes: Uint8Array;
  try {
    bytes = nodeModules('readSafetensorsFile').fs.readFileSync(file);
  } catch (e) {
    throw fileError(file, 'read', e);
  }
  return decodeSafetensors(bytes, file, options);
}

/**
 * A safetensors file's string metadata, read from its header alone: the weights are neither read nor
 * checked (no checksum, no finiteness), so this is for telling which weights a file holds, not for
 * loading them. Errors name the file.
 */
export function readSafetensorsMetadata(file: string): Record<string, string> {
  const { closeSync, fstatSync, openSync, readSync } = nodeModules('readSafetensorsMetadata').fs;
  const fail = failer(file);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw fileError(file, 'read', e);
  }
  // `length` bytes from `position`, fewer only where the file ends.
  const read = (length: number, position: number) => {
    const bytes = new Uint8Array(length);
    let got = 0;
    try {
      for (let n = 1; got < length && n > 0; got += n) n = readSync(fd, bytes, got, length - got, position + got);
    } catch (e) {
      throw fileError(file, 'read', e);
    }
    return bytes.subarray(0, got);
  };
  try {
    const json = read(headerLength(read(8, 0), fstatSync(fd).size, fail), 8);
    const metadata = metadataOf(parseHeader(json, fail).__metadata__, fail);
    delete metadata[CHECKSUM_KEY];
    return metadata;
  } finally {
    closeSync(fd);
  }
}
