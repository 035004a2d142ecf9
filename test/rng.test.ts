import { describe, expect, it } from 'vitest';
import { Rng } from '../src/tensor/index.js';

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
});
