import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng, createBackend, createCpuBackend, type Backend } from '../src/index.js';
import { relativeError } from './helpers/backends.js';

/**
 * The wasm matmul's packed panels of A (4 rows in the plain build, 6 in the relaxed one) and its
 * per-thread scratch, against the scalar reference: products large enough to be split across two
 * threads, with rows and columns that leave part-filled panels and strips, every layout, and an inner
 * dimension that grows between calls (the scratch is re-allocated for it). Outputs start as NaN, so a
 * row no thread wrote fails.
 */
const reference = createCpuBackend();
const rng = new Rng(7);
const random = (n: number) => Float32Array.from({ length: n }, () => 2 * rng.uniform() - 1);
const opened: Backend[] = [];
afterAll(() => opened.forEach((b) => b.destroy()));

async function product(b: Backend, a: Float32Array, bm: Float32Array, [m, k, n]: number[], tA: boolean, tB: boolean): Promise<Float32Array> {
  const [ha, hb, ho] = [b.alloc(m * k), b.alloc(k * n), b.alloc(m * n)];
  b.write(ha, a);
  b.write(hb, bm);
  b.write(ho, new Float32Array(m * n).fill(NaN));
  b.kernels.matmul(ha, hb, ho, m, k, n, tA, tB);
  const out = Float32Array.from(await b.read(ho));
  [ha, hb, ho].forEach((h) => b.free(h));
  return out;
}

// m leaves a part-filled panel of 4 and of 6 rows; n a part-filled strip of 8 columns; m·k·n is above
// the one-thread threshold (2^21) for all but the first; k changes from one shape to the next (the
// scratch grows); on one thread the last is computed in several calls (48 rows of A packed at a time).
const shapes = [[13, 5, 9], [127, 700, 45], [301, 640, 190], [49, 2001, 70], [250, 5000, 9]];

describe.each([{ threads: 1 }, { threads: 1, relaxedSimd: false }, { threads: 2 }, { threads: 2, relaxedSimd: false }])('wasm matmul with %o', (options) => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await createBackend('wasm', options);
    opened.push(backend);
  });
  for (const shape of shapes) {
    for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]]) {
      it(`${shape.join('×')}${tA ? ' Aᵀ' : ''}${tB ? ' Bᵀ' : ''} matches the reference`, async () => {
        const [m, k, n] = shape;
        const a = random(m * k), b = random(k * n);
        const expected = await product(reference, a, b, shape, tA, tB);
        const actual = await product(backend, a, b, shape, tA, tB);
        expect(actual.every(Number.isFinite)).toBe(true);
        expect(relativeError(expected, actual)).toBeLessThan(1e-5);
      });
    }
  }
});
