/**
 * Aggregational Gaussianity: h-day returns (sums of h daily log returns) look more Gaussian as h grows,
 * their excess kurtosis falling, at a pace set by how long volatility stays high.
 *
 * The h-day returns are overlapping (one starting on every day, within each path only, never across the
 * border of two paths): each is a draw from the same marginal distribution, and overlapping uses every
 * day instead of 1/h of them, which matters at h = 100 where a 5,000-day history holds only 50
 * non-overlapping sums. Neighbouring sums are dependent, so the sample is worth fewer independent draws
 * than its size; the estimate of the distribution is unbiased all the same.
 */
import type { Series } from './stylized.js';

/** Overlapping h-day sums of every series, pooled into one array (n − h + 1 per series of length n). */
export function aggregateReturns(series: Series[], horizon: number): Float64Array {
  if (!Number.isInteger(horizon) || horizon < 1) throw new Error(`gangrad: aggregation horizon must be a positive integer, got ${horizon}`);
  const total = series.reduce((n, s) => n + Math.max(0, s.length - horizon + 1), 0);
  const out = new Float64Array(total);
  let o = 0;
  for (const s of series) {
    if (s.length < horizon) continue;
    let sum = 0;
    for (let t = 0; t < horizon; t++) sum += s[t];
    out[o++] = sum;
    // A running sum: O(n) per series whatever the horizon.
    for (let t = horizon; t < s.length; t++) {
      sum += s[t] - s[t - horizon];
      out[o++] = sum;
    }
  }
  return out;
}
