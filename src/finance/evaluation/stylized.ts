/**
 * The stylized facts of daily returns, as statistics. Each takes one series or several (windows): where
 * a statistic pairs values across time (autocorrelations, leverage), pairs are formed within a series
 * only, never across the border between two independent windows.
 *
 * Exported as the namespace `stylized`: `stylized.wasserstein1(a, b)`.
 */
// The comment above documents this module, exported as a namespace: TypeScript takes a module's
// documentation from a declaration of the module, not from a comment at the top of its file, so this
// empty augmentation of the module itself carries it (it declares nothing and emits no JavaScript).
declare module './stylized.js' {}

import { mapToFloat64 } from '../data/map.js';

/** One return series, or one window of it: any array-like of numbers (a Float64Array, a number[]). */
export type Series = ArrayLike<number>;

/** The values of several series (windows, paths) in one array, in order. */
export function pooled(series: Series[]): Float64Array {
  const total = series.reduce((n, s) => n + s.length, 0);
  const out = new Float64Array(total);
  let o = 0;
  for (const s of series) for (let i = 0; i < s.length; i++) out[o++] = s[i];
  return out;
}

/** mean = (1/n) Σ x_i */
export function mean(x: Series): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Sample standard deviation: √( Σ (x_i − x̄)² / (n − 1) ) */
export function std(x: Series): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2;
  return Math.sqrt(s / (x.length - 1));
}

/** Central moments m_2 and m_k (m_j = (1/n) Σ (x_i − x̄)^j) in one pass, each sum in index order. */
function centralMoments(x: Series, k: number): { m2: number; mk: number } {
  const m = mean(x);
  let s2 = 0, sk = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - m;
    s2 += d ** 2;
    sk += d ** k;
  }
  return { m2: s2 / x.length, mk: sk / x.length };
}

/** Skewness (moment estimator): m₃ / m₂^{3/2}; negative for markets that fall faster than they rise. */
export function skewness(x: Series): number {
  const { m2, mk } = centralMoments(x, 3);
  return mk / m2 ** 1.5;
}

/** Excess kurtosis (moment estimator): m₄ / m₂² − 3; 0 for a Gaussian, 10–60 for daily returns. */
export function excessKurtosis(x: Series): number {
  const { m2, mk } = centralMoments(x, 4);
  return mk / m2 ** 2 - 3;
}

/** A sorted copy of x (ascending). */
export function sortedCopy(x: Series): Float64Array {
  const s = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) s[i] = x[i];
  return s.sort();
}

/** The q-quantile of an ascending sorted sample, interpolated as {@link quantile} does. */
export function sortedQuantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Relative error of a sample's p-quantile against the real one, |q_sample − q_real| / |q_real|, both
 * samples sorted ascending (the tail criteria compare them standardised).
 */
export function sortedQuantileError(real: Float64Array, sample: Float64Array, p: number): number {
  const q = sortedQuantile(real, p);
  return Math.abs(sortedQuantile(sample, p) - q) / Math.abs(q);
}

/** The q-quantile with linear interpolation between order statistics (type 7, as numpy's default). */
export function quantile(x: Series, q: number): number {
  return sortedQuantile(sortedCopy(x), q);
}

/** x standardised by its own mean and standard deviation. */
export function standardise(x: Series): Float64Array {
  const m = mean(x), s = std(x);
  return mapToFloat64(x, (v) => (v - m) / s);
}

/**
 * Wasserstein-1 distance between the empirical distributions of a and b:
 *   W₁ = ∫₀¹ |F_a⁻¹(u) − F_b⁻¹(u)| du,
 * computed exactly by merging the two sorted samples and integrating |F_a − F_b| over x.
 */
export function wasserstein1(a: Series, b: Series): number {
  return sortedWasserstein1(sortedCopy(a), sortedCopy(b));
}

/** {@link wasserstein1} of two samples already sorted ascending (a caller comparing many samples with one sorts it once). */
export function sortedWasserstein1(sa: Float64Array, sb: Float64Array): number {
  // The two sorted samples merged into one ascending sequence (equal values in either order: they
  // leave a zero-width interval between them).
  const merged = new Float64Array(sa.length + sb.length);
  for (let i = 0, j = 0, k = 0; k < merged.length; k++) merged[k] = j >= sb.length || (i < sa.length && sa[i] <= sb[j]) ? sa[i++] : sb[j++];
  let distance = 0;
  let ia = 0, ib = 0;
  for (let k = 0; k + 1 < merged.length; k++) {
    // F_a and F_b are constant on [merged[k], merged[k+1]): count the values ≤ merged[k] in each.
    while (ia < sa.length && sa[ia] <= merged[k]) ia++;
    while (ib < sb.length && sb[ib] <= merged[k]) ib++;
    distance += Math.abs(ia / sa.length - ib / sb.length) * (merged[k + 1] - merged[k]);
  }
  return distance;
}

/**
 * Autocorrelation at lags 1..maxLag, pooled over series:
 *   ρ(k) = Σ_s Σ_t (x_t − x̄)(x_{t+k} − x̄) / Σ_s Σ_t (x_t − x̄)²
 * with x̄ and the denominator over all values (the standard estimator, per series when there is one).
 */
export function autocorrelation(series: Series | Series[], maxLag: number): number[] {
  // One series (numbers) or several (arrays of numbers).
  const list = typeof (series as ArrayLike<unknown>)[0] === 'number' ? [series as Series] : (series as Series[]);
  const all = pooled(list);
  const m = mean(all);
  let denominator = 0;
  for (const v of all) denominator += (v - m) ** 2;
  // Series outer, lags inner, so a series stays in cache across its lags; each lag's sum still runs
  // over the series in order and within each in time order.
  const numerators = new Float64Array(maxLag + 4);
  for (const s of list) {
    const d = mapToFloat64(s, (v) => v - m), n = d.length;
    // Four lags at a time: four independent sums, so the core does not wait on one addition chain.
    for (let k = 1; k <= maxLag; k += 4) {
      let n0 = numerators[k], n1 = numerators[k + 1], n2 = numerators[k + 2], n3 = numerators[k + 3];
      let t = 0;
      for (; t + k + 3 < n; t++) {
        const x = d[t];
        n0 += x * d[t + k];
        n1 += x * d[t + k + 1];
        n2 += x * d[t + k + 2];
        n3 += x * d[t + k + 3];
      }
      // The last few t of the shorter lags, still in time order.
      for (let u = t; u + k < n; u++) n0 += d[u] * d[u + k];
      for (let u = t; u + k + 1 < n; u++) n1 += d[u] * d[u + k + 1];
      for (let u = t; u + k + 2 < n; u++) n2 += d[u] * d[u + k + 2];
      numerators[k] = n0; numerators[k + 1] = n1; numerators[k + 2] = n2; numerators[k + 3] = n3;
    }
  }
  return Array.from({ length: maxLag }, (_, i) => numerators[i + 1] / denominator);
}

/** |x|, elementwise, for each series. */
export function absolute(series: Series[]): Float64Array[] {
  return series.map((s) => mapToFloat64(s, Math.abs));
}

/**
 * Leverage effect: L(k) = corr(r_t, r²_{t+k}) for k = 1..maxLag, pooled within series: falling prices
 * raise later volatility, so real equity returns show L(k) < 0.
 */
export function leverage(series: Series[], maxLag: number): number[] {
  // Per lag k the sums of x = r_t, y = r²_{t+k} and their products; series outer (as in autocorrelation),
  // each sum in the same order as a loop over k outside.
  const n = new Float64Array(maxLag + 1), sx = new Float64Array(maxLag + 1), sy = new Float64Array(maxLag + 1);
  const sxx = new Float64Array(maxLag + 1), syy = new Float64Array(maxLag + 1), sxy = new Float64Array(maxLag + 1);
  for (const s of series) {
    const r = mapToFloat64(s, (v) => v), squared = mapToFloat64(s, (v) => v ** 2);
    for (let k = 1; k <= maxLag; k++) {
      let cn = n[k], cx = sx[k], cy = sy[k], cxx = sxx[k], cyy = syy[k], cxy = sxy[k];
      for (let t = 0; t + k < r.length; t++) {
        const x = r[t], y = squared[t + k];
        cn++; cx += x; cy += y; cxx += x * x; cyy += y * y; cxy += x * y;
      }
      n[k] = cn; sx[k] = cx; sy[k] = cy; sxx[k] = cxx; syy[k] = cyy; sxy[k] = cxy;
    }
  }
  const out: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    const cov = sxy[k] / n[k] - (sx[k] / n[k]) * (sy[k] / n[k]);
    out.push(cov / Math.sqrt((sxx[k] / n[k] - (sx[k] / n[k]) ** 2) * (syy[k] / n[k] - (sy[k] / n[k]) ** 2)));
  }
  return out;
}

/** Mean absolute difference of two equally long sequences (ACF errors). */
export function meanAbsoluteError(a: number[], b: number[]): number {
  return a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;
}

/** Every statistic of one return sample, as `gangrad eval` prints it. */
export interface StylizedFacts {
  mean: number;
  std: number;
  skewness: number;
  excessKurtosis: number;
  quantiles: Record<string, number>;
  acfReturns: number[];
  acfAbsReturns: number[];
  leverage: number[];
}

/** The tail probabilities at which {@link stylizedFacts} reports quantiles: 0.5%, 1% and 5% in each tail. */
export const QUANTILES = [0.005, 0.01, 0.05, 0.95, 0.99, 0.995];

/**
 * Every statistic of {@link StylizedFacts} for a sample of one or more series: the moments and quantiles
 * of all values pooled, the autocorrelations and leverage within each series.
 */
export function stylizedFacts(series: Series[]): StylizedFacts {
  const all = pooled(series);
  const s = std(all);
  const m = mean(all);
  const sorted = sortedCopy(all);
  return {
    mean: m,
    std: s,
    skewness: skewness(all),
    excessKurtosis: excessKurtosis(all),
    // Quantiles in units of the sample's own standard deviation, as a risk manager compares tails.
    quantiles: Object.fromEntries(QUANTILES.map((q) => [String(q), (sortedQuantile(sorted, q) - m) / s])),
    acfReturns: autocorrelation(series, 20),
    acfAbsReturns: autocorrelation(absolute(series), 50),
    leverage: leverage(series, 20),
  };
}
