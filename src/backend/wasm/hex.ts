/**
 * WebAssembly modules embedded as hexadecimal text (kernels.wasm.ts, the relaxed-SIMD probe): two
 * characters a byte, which gzip compresses better than base64 because a repeated run of bytes is
 * always the same text.
 */

/** The bytes written as `hex`. */
export function decodeHex(hex: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(hex.match(/../g)!, (byte) => parseInt(byte, 16));
}
