import { describe, expect, it } from 'vitest';
import { POSITION_DRIFT_MIN_PATHS, removePositionDrift } from '../src/finance/model/position-drift.js';
import { Rng } from '../src/tensor/index.js';

/** n paths of two windows of `window` days: noise, a drift per path and window, and a pattern by position. */
function pathsWithPattern(n: number, window: number, pattern: number[]): Float64Array[] {
  const rng = new Rng(7);
  return Array.from({ length: n }, () => {
    const p = new Float64Array(2 * window);
    for (let w = 0; w < 2; w++) {
      const drift = 0.01 * rng.normal();
      for (let d = 0; d < window; d++) p[w * window + d] = drift + pattern[d] + 0.02 * rng.normal();
    }
    return p;
  });
}

const columnMean = (paths: readonly Float64Array[], day: number) => paths.reduce((s, p) => s + p[day], 0) / paths.length;

describe('removePositionDrift', () => {
  const window = 4;
  const pattern = [0.05, -0.01, 0.02, -0.06];

  it('moves every position mean to its window average, keeping the average and each path\'s deviations', () => {
    const before = pathsWithPattern(POSITION_DRIFT_MIN_PATHS + 88, window, pattern);
    const after = before.map((p) => Float64Array.from(p));
    removePositionDrift(after, window);
    for (let w = 0; w < 2; w++) {
      const days = [0, 1, 2, 3].map((d) => w * window + d);
      const average = days.reduce((s, d) => s + columnMean(before, d), 0) / window;
      // Equal position means, at the average the window had: the pattern (±0.06 against noise 0.02/√600) is gone.
      for (const d of days) expect(columnMean(after, d)).toBeCloseTo(average, 12);
      expect(Math.abs(columnMean(before, days[3]) - average)).toBeGreaterThan(0.04);
      // One shift per position, the same for every path: the spread across paths and within a path's days is kept.
      for (const d of days) {
        const shift = after[0][d] - before[0][d];
        for (let i = 1; i < after.length; i++) expect(after[i][d] - before[i][d]).toBeCloseTo(shift, 12);
      }
    }
  });

  it('refuses paths that are not whole windows, and too few paths to estimate the means', () => {
    expect(() => removePositionDrift(pathsWithPattern(POSITION_DRIFT_MIN_PATHS, window, pattern).map((p) => p.subarray(0, 6)), window)).toThrow('whole windows of 4 days');
    expect(() => removePositionDrift(pathsWithPattern(10, window, pattern), window)).toThrow(`at least ${POSITION_DRIFT_MIN_PATHS} paths`);
  });
});
