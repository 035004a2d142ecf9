import { describe, expect, it } from 'vitest';
import { leastSquares, solveLinear } from '../src/finance/model/least-squares.js';
import { Rng } from '../src/tensor/index.js';

describe('least squares', () => {
  it('recovers the coefficients of an exact linear relation, intercept first', () => {
    const rng = new Rng(4);
    const x = Array.from({ length: 50 }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const y = x.map(([a, b, c]) => 0.5 + 2 * a - 1.5 * b + 0.25 * c);
    const beta = leastSquares(x, y)!;
    [0.5, 2, -1.5, 0.25].forEach((v, i) => expect(beta[i]).toBeCloseTo(v, 4));
  });

  it('solves a pivoting case by hand and reports a singular system as null', () => {
    // [[0, 1], [2, 0]] x = [3, 4] → x = [2, 3]: the first pivot is zero until rows swap.
    expect(solveLinear([[0, 1], [2, 0]], [3, 4])).toEqual([2, 3]);
    expect(solveLinear([[1, 2], [2, 4]], [1, 2])).toBeNull();
  });
});
