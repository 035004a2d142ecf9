/**
 * Counter-based Gaussian noise: element i of a stream is a pure function of (seed, counter + i).
 *
 * Why counter-based: a GPU thread can make its own deviate without reading or advancing a shared
 * state, so the WebGPU shader (`shaders/random.wgsl`) and the CPU kernels produce the same stream from
 * the same (seed, offset), and a training step never uploads latent noise.
 *
 * Hash: the PCG-RXS-M-XS output permutation ("Hash Functions for GPU Rendering", Jarzynski & Olano
 * 2020), applied twice to decorrelate neighbouring counters. Deviate: Box–Muller, cosine branch only,
 * so each element needs exactly two uniforms and no pairing across threads.
 */

/** One round of the PCG hash on a 32-bit unsigned integer. */
export function pcgHash(value: number): number {
  const state = (Math.imul(value >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul(((state >>> ((state >>> 28) + 4)) ^ state) >>> 0, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

const TWO_PI = 2 * Math.PI;
const INV_2_24 = 1 / 16777216;

/** The standard normal deviate at position `counter` of stream `seed` (float32-representable uniforms). */
export function normalAt(seed: number, counter: number): number {
  return normalFromKey(pcgHash(seed >>> 0), counter);
}

/** {@link normalAt} with the stream's key, the hash of its seed, computed once by the caller. */
function normalFromKey(key: number, counter: number): number {
  const h1 = pcgHash((key ^ Math.imul(counter >>> 0, 2)) >>> 0);
  const h2 = pcgHash((h1 ^ (Math.imul(counter >>> 0, 2) + 1)) >>> 0);
  // 24-bit uniforms are exact in float32, so a float32 shader sees the same u1, u2.
  const u1 = ((h1 >>> 8) + 1) * INV_2_24; // (0, 1]: log(u1) is finite
  const u2 = (h2 >>> 8) * INV_2_24; // [0, 1)
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(TWO_PI * u2);
}

/**
 * Write `mean + std · normalAt(seed, offset + i)` to `out[base + i]` for i in [begin, end). Every thread
 * runs this same function (the wasm pool's workers get it bundled into their script, worker.ts), so
 * every thread writes the same stream, as shaders/random.wgsl does on a GPU.
 */
export function fillNormal(out: Float32Array | Float64Array, base: number, begin: number, end: number, seed: number, offset: number, mean: number, std: number): void {
  const key = pcgHash(seed >>> 0);
  for (let i = begin; i < end; i++) out[base + i] = mean + std * normalFromKey(key, offset + i);
}
