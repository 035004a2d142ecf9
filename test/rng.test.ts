import { describe, expect, it } from 'vitest';
import { checkSeed, Rng } from '../src/tensor/index.js';
import { createCpuBackend } from '../src/backend/cpu/index.js';
import { fillNormal, normalAt } from '../src/backend/counter-rng.js';

describe('the host Rng (sfc32)', () => {
  it('draws the same stream as ever: models, checkpoints and results depend on it', () => {
    // Values written by the implementation before its state moved into a typed array (2026-12-03).
    const rng = new Rng(42);
    expect(Array.from({ length: 5 }, () => rng.nextUint32())).toEqual([1028872839, 2516511472, 400437680, 853279530, 1920286840]);
    for (let i = 0; i < 1_000_000; i++) rng.nextUint32();
    expect(rng.nextUint32()).toBe(2100129513);
    expect(rng.getState()).toEqual([-722143071, 2254073979, 698655217, 3318318735, NaN]);
  });

  it('continues exactly from a saved state, spare normal included', () => {
    const rng = new Rng(7);
    rng.normal();
    const saved = rng.getState();
    const ahead = [rng.normal(), rng.nextUint32(), rng.uniform()];
    const resumed = new Rng(1);
    resumed.setState(saved);
    expect([resumed.normal(), resumed.nextUint32(), resumed.uniform()]).toEqual(ahead);
    expect(() => resumed.setState([1, 2, 3])).toThrow('5 numbers');
  });

  it('a bad seed is named as given: a BigInt as 1n (not a TypeError from JSON), a string quoted', () => {
    expect(() => checkSeed(1n, 'GanTrainer')).toThrow('GanTrainer: seed must be an integer from 0 to 4294967295, got 1n');
    expect(() => checkSeed('7', 'Rng')).toThrow('got "7"');
    expect(() => checkSeed(undefined, 'Rng')).toThrow('got undefined');
    // An object JSON cannot write (a BigInt inside, a cycle) is named by its class, not left to JSON's TypeError.
    const cycle: { self?: unknown } = {};
    cycle.self = cycle;
    expect(() => checkSeed([1n], 'Rng')).toThrow('Rng: seed must be an integer from 0 to 4294967295, got an Array');
    expect(() => checkSeed(cycle, 'Rng')).toThrow('Rng: seed must be an integer from 0 to 4294967295, got an Object');
  });
});

describe('counter-based noise on every thread', () => {
  it('fillNormal, which every thread runs (the workers have it bundled into their script), writes normalAt\'s stream bit for bit (offsets across the 2^32 wrap)', () => {
    for (const [seed, offset] of [[1, 0], [0xdeadbeef, 4294967296 - 5000], [4294967295, 2147483000], [12345, 99]]) {
      const expected = new Float32Array(20_000), actual = new Float32Array(20_007);
      for (let i = 0; i < expected.length; i++) expected[i] = 0.5 + 2 * normalAt(seed, (offset + i) % 4294967296);
      fillNormal(actual, 7, 0, 20_000, seed, offset, 0.5, 2);
      expect(actual.subarray(7)).toEqual(expected);
    }
  });

  it('the wasm backend\'s pool fills large tensors exactly as the CPU reference does', async () => {
    const { createWasmBackend } = await import('../src/backend/wasm/index.js');
    const pooled = await createWasmBackend({ threads: 2 }), reference = createCpuBackend();
    try {
      for (const [size, offset] of [[50_001, 4294967296 - 20_000], [8192, 3], [8191, 3]]) {
        const a = pooled.alloc(size), b = reference.alloc(size);
        pooled.kernels.randomNormal(a, size, 777, offset, -1, 0.25);
        reference.kernels.randomNormal(b, size, 777, offset, -1, 0.25);
        expect(Float32Array.from(await pooled.read(a))).toEqual(Float32Array.from(await reference.read(b)));
        pooled.free(a);
        reference.free(b);
      }
    } finally {
      pooled.destroy();
    }
  });

  it('noise made ahead by idle workers is the stream asked for: hits, misses, interleaved streams, more streams than slots, the 2^32 wrap', async () => {
    const { createWasmBackend } = await import('../src/backend/wasm/index.js');
    const pooled = await createWasmBackend({ threads: 2 }), reference = createCpuBackend();
    // A product between fills leaves the worker time to make the next one ahead, as in training.
    const busy = () => { const m = pooled.alloc(256 * 256); pooled.kernels.matmul(m, m, m, 256, 256, 256, false, false); pooled.free(m); };
    const offsets = new Map<number, number>();
    const draw = async (seed: number, size: number, options: { offset?: number; mean?: number; std?: number } = {}) => {
      const offset = options.offset ?? offsets.get(seed) ?? 0, mean = options.mean ?? 0, std = options.std ?? 1;
      const a = pooled.alloc(size), b = reference.alloc(size);
      pooled.kernels.randomNormal(a, size, seed, offset, mean, std);
      reference.kernels.randomNormal(b, size, seed, offset, mean, std);
      expect(Float32Array.from(await pooled.read(a)), `seed ${seed} offset ${offset} size ${size}`).toEqual(Float32Array.from(await reference.read(b)));
      pooled.free(a);
      reference.free(b);
      offsets.set(seed, (offset + size) % 4294967296);
      busy();
    };
    try {
      for (let i = 0; i < 4; i++) { await draw(1, 16_384); await draw(2, 16_384); } // two streams in order: hits
      await draw(1, 16_384, { offset: 5 }); // a jump: the slot made ahead is not what is asked
      await draw(1, 16_384);
      await draw(1, 20_000); // another size
      await draw(1, 20_000, { mean: 0.5, std: 2 }); // other moments, same offset as predicted
      await draw(1, 20_000, { mean: 0.5, std: 2 });
      for (let round = 0; round < 3; round++) for (let seed = 10; seed < 17; seed++) await draw(seed, 9000); // more streams than slots
      await draw(3, 12_000, { offset: 4294967296 - 30_000 });
      for (let i = 0; i < 3; i++) await draw(3, 12_000); // across the wrap
      for (let i = 0; i < 3; i++) await draw(2, 16_384); // a stream left waiting in its slot, then read on
      for (let i = 0; i < 3; i++) await draw(4, 4096); // fills too small to share, still made ahead
      for (let i = 0; i < 3; i++) await draw(5, 2047); // below the threshold: made when asked
    } finally {
      pooled.destroy();
    }
  });

  it('a destroyed wasm backend goes on, on this thread alone: the same noise and products, no error from its stopped workers', async () => {
    const { createWasmBackend } = await import('../src/backend/wasm/index.js');
    const pooled = await createWasmBackend({ threads: 2 }), reference = createCpuBackend();
    const size = 50_000, n = 192; // a fill the pool shares and makes ahead; a product it splits
    const noise = async (backend: typeof reference, offset: number) => {
      const a = backend.alloc(size);
      backend.kernels.randomNormal(a, size, 9, offset, 0, 1);
      const values = Float32Array.from(await backend.read(a));
      backend.free(a);
      return values;
    };
    const product = async (backend: typeof reference) => {
      const x = backend.alloc(n * n), out = backend.alloc(n * n);
      backend.write(x, Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 13) / 13 - 0.5));
      backend.kernels.matmul(x, x, out, n, n, n, false, false);
      const values = Float32Array.from(await backend.read(out));
      backend.free(x);
      backend.free(out);
      return values;
    };
    const before = await product(pooled);
    await noise(pooled, 0); // in order from here: the next fill is posted to a worker ahead of need
    pooled.destroy();
    expect(await noise(pooled, size)).toEqual(await noise(reference, size));
    expect(await product(pooled)).toEqual(before);
    pooled.destroy(); // twice is harmless
  });
});
