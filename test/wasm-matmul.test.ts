import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng, createBackend, createCpuBackend, type Backend } from '../src/index.js';
import { claim, claimEnd } from '../src/backend/wasm/control.js';
import { rowChunk } from '../src/backend/wasm/threads.js';
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

describe('claims of a product\'s rows', () => {
  it.each([[1, 2], [12, 2], [13, 2], [64, 2], [256, 2], [1000, 3], [4097, 8]])('m = %i on %i threads: every row once, in shrinking multiples of 12, at most a chunk', (m, threads) => {
    const chunk = rowChunk(m, threads), ctl = new Int32Array(1), sizes: number[] = [];
    let covered = 0;
    for (let begin = claim(ctl, 0, m, threads, chunk); begin < m; begin = claim(ctl, 0, m, threads, chunk)) {
      expect(begin).toBe(covered);
      const end = claimEnd(begin, m, threads, chunk);
      expect(ctl[0]).toBe(end);
      sizes.push(end - begin);
      covered = end;
    }
    expect(covered).toBe(m);
    expect(claim(ctl, 0, m, threads, chunk)).toBeGreaterThanOrEqual(m); // none left: the counter stays put
    expect(ctl[0]).toBe(m);
    expect(sizes.slice(0, -1).every((size) => size % 12 === 0 && size <= chunk)).toBe(true);
    expect(sizes.every((size, i) => i === 0 || size <= sizes[i - 1])).toBe(true);
    if (m >= 24) expect(sizes.at(-1)).toBeLessThanOrEqual(12); // the last claims are small: no thread waits long
  });

  it('take half a thread\'s share of what is left, in multiples of 12 down to 12: 256 rows on 2 threads, and 8,192 elements of noise', () => {
    const sizes = (items: number, threads: number, chunk: number) => {
      const out: number[] = [];
      for (let begin = 0; begin < items; begin = claimEnd(begin, items, threads, chunk)) out.push(claimEnd(begin, items, threads, chunk) - begin);
      return out;
    };
    expect(sizes(256, 2, rowChunk(256, 2))).toEqual([24, 24, 24, 24, 24, 24, 24, 24, 24, 12, 12, 12, 4]);
    expect(sizes(8192, 2, 2048)).toEqual([2048, 1536, 1152, 864, 648, 492, 372, 276, 204, 156, 120, 84, 60, 48, 36, 24, 24, 12, 12, 12, 12]);
  });
});
