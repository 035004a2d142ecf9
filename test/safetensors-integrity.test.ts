/** Loading checks values, not only shapes: checksum, finiteness; writing names the file on ENOSPC/ENOENT. */
import { existsSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKSUM_KEY, crc32, decodeSafetensors, encodeSafetensors, readSafetensorsMetadata, writeFileAtomic } from '../src/io/index.js';

const tensors = new Map([
  ['a.weight', { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, -6.5]) }],
  ['a.bias', { shape: [3], data: Float32Array.from([0.1, 0.2, 0.3]) }],
]);
const metadata = { config: '{"window":64,"hidden":[256]}', step: '10' };
const headerLength = (b: Uint8Array) => Number(new DataView(b.buffer, b.byteOffset).getBigUint64(0, true));
const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const fromLatin1 = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

describe('safetensors checksum', () => {
  it('CRC-32 of a known string', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('is written into the metadata, verified on load and not returned as metadata', () => {
    const bytes = encodeSafetensors(tensors, metadata);
    const header = JSON.parse(latin1(bytes.subarray(8, 8 + headerLength(bytes))));
    expect(header.__metadata__[CHECKSUM_KEY]).toMatch(/^crc32:[0-9a-f]{8}$/);
    const decoded = decodeSafetensors(bytes, 'm.safetensors', { onWarning: () => { throw new Error('no warning expected'); } });
    expect(decoded.checksum).toBe('verified');
    expect(decoded.metadata).toEqual(metadata);
  });

  it('a metadata value left undefined by a JavaScript caller is neither written nor checksummed', () => {
    const bytes = encodeSafetensors(tensors, { ...metadata, generator: undefined as unknown as string });
    const decoded = decodeSafetensors(bytes, 'm.safetensors', { onWarning: () => { throw new Error('no warning expected'); } });
    expect(decoded.checksum).toBe('verified');
    expect(decoded.metadata).toEqual(metadata);
  });

  it('a flipped byte in the weights or a changed digit in the metadata is damage, named with the file', () => {
    const bytes = encodeSafetensors(tensors, metadata);
    const flipped = bytes.slice();
    flipped[bytes.length - 5] ^= 0x10;
    expect(() => decodeSafetensors(flipped, 'm.safetensors')).toThrow(/^m\.safetensors: damaged: checksum crc32:[0-9a-f]{8} does not match/);
    const edited = fromLatin1(latin1(bytes).replace('[256]', '[356]'));
    expect(() => decodeSafetensors(edited, 'm.safetensors')).toThrow(/m\.safetensors: damaged/);
  });

  it('a header re-serialised by another writer (keys reordered, spacing) still verifies', () => {
    const bytes = encodeSafetensors(tensors, metadata);
    const length = headerLength(bytes);
    const header = JSON.parse(latin1(bytes.subarray(8, 8 + length)));
    const reordered = Object.fromEntries(Object.entries(header).reverse());
    reordered.__metadata__ = Object.fromEntries(Object.entries(header.__metadata__).reverse());
    const json = new TextEncoder().encode(JSON.stringify(reordered, null, 1));
    const out = new Uint8Array(8 + json.length + bytes.length - 8 - length);
    new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
    out.set(json, 8);
    out.set(bytes.subarray(8 + length), 8 + json.length);
    expect(decodeSafetensors(out, 'py.safetensors').checksum).toBe('verified');
  });

  it('a file without a checksum loads with a warning naming it', () => {
    const bytes = encodeSafetensors(tensors, metadata);
    const text = latin1(bytes);
    const stripped = fromLatin1(text.replace(/"gangrad_checksum":"crc32:[0-9a-f]{8}"/, (m) => `"x${' '.repeat(m.length - 6)}":""`));
    const warnings: string[] = [];
    const decoded = decodeSafetensors(stripped, 'old.safetensors', { onWarning: (w) => warnings.push(w) });
    expect(decoded.checksum).toBe('absent');
    expect(warnings).toEqual([expect.stringMatching(/^old\.safetensors: no checksum/)]);
  });
});

describe('safetensors finiteness', () => {
  it('refuses to write NaN or Infinity, naming the tensor', () => {
    const bad = new Map([['w', { shape: [2], data: Float32Array.from([1, NaN]) }]]);
    expect(() => encodeSafetensors(bad)).toThrow(/tensor 'w' holds NaN at index 1/);
    const inf = new Map([['w', { shape: [1], data: Float32Array.from([-Infinity]) }]]);
    expect(() => encodeSafetensors(inf)).toThrow(/tensor 'w' holds -Infinity at index 0/);
  });

  it('refuses to load a file whose tensor holds NaN even when its checksum is absent', () => {
    const bytes = encodeSafetensors(tensors, metadata);
    const text = latin1(bytes);
    const noChecksum = fromLatin1(text.replace(/"gangrad_checksum":"crc32:[0-9a-f]{8}"/, (m) => `"x${' '.repeat(m.length - 6)}":""`));
    const dataStart = 8 + headerLength(bytes);
    new DataView(noChecksum.buffer).setFloat32(dataStart + 4, NaN, true); // a.weight[1]
    expect(() => decodeSafetensors(noChecksum, 'nan.safetensors', { onWarning: () => {} })).toThrow(/^nan\.safetensors: tensor 'a\.weight' holds NaN at index 1/);
  });
});

describe('readSafetensorsMetadata', () => {
  it('gives the metadata decoding gives, from the header alone, and names the file when the header is bad', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-header-'));
    const bytes = encodeSafetensors(tensors, metadata);
    const file = join(dir, 'm.safetensors');
    writeFileAtomic(file, bytes);
    expect(readSafetensorsMetadata(file)).toEqual(decodeSafetensors(bytes, file).metadata);
    // Weights cut off after the header: decoding refuses the file, the header still reads.
    const cut = join(dir, 'cut.safetensors');
    writeFileAtomic(cut, bytes.subarray(0, 8 + headerLength(bytes)));
    expect(() => decodeSafetensors(bytes.subarray(0, 8 + headerLength(bytes)), cut)).toThrow(/truncated/);
    expect(readSafetensorsMetadata(cut)).toEqual(metadata);
    const short = join(dir, 'short.safetensors');
    writeFileAtomic(short, bytes.subarray(0, 20));
    expect(() => readSafetensorsMetadata(short)).toThrow(`${short}: not a valid safetensors file: header length ${headerLength(bytes)} exceeds the file (20 bytes)`);
    expect(() => readSafetensorsMetadata(join(dir, 'none.safetensors'))).toThrow(/none\.safetensors: cannot read \(ENOENT: no such file\)/);
  });
});

describe('writeFileAtomic names the file', () => {
  it('a missing directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-write-'));
    const target = join(dir, 'missing', 'x.csv');
    expect(() => writeFileAtomic(target, 'a')).toThrow(`${target}: cannot write (ENOENT: its directory does not exist)`);
  });

  it.skipIf(!existsSync('/dev/full'))('a full disk (ENOSPC), leaving neither the file nor a temporary behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-write-'));
    const target = join(dir, 'model.safetensors');
    // The temporary file is target.tmp-<pid>: pointing it at /dev/full makes every write fail with ENOSPC.
    symlinkSync('/dev/full', `${target}.tmp-${process.pid}`);
    expect(() => writeFileAtomic(target, new Uint8Array(1 << 16))).toThrow(`${target}: cannot write (ENOSPC: no space left on the device)`);
    expect(readdirSync(dir)).toEqual([]);
  });
});
