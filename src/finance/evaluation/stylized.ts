/**
 * The stylized facts of daily returns, as statistics. Each takes one series or several (windows): where
 * a statistic pairs values across time (autocorrelations, leverage), pairs are formed within a series
 * only, never across the border between two independent windows.
 */
import { mapToFloat64 } from '../data/map.js';

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

/** Central moment m_k = (1/n) Σ (x_i − x̄)^k */
function centralMoment(x: Series, k: number): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** k;
  return s / x.length;
}

/** Skewness (moment estimator): m₃ / m₂^{3/2}; negative for markets that fall faster than they rise. */
export function skewness(x: Series): number {
  return centralMoment(x, 3) / centralMoment(x, 2) ** 1.5;
}

/** Excess kurtosis (moment estimator): m₄ / m₂² − 3; 0 for a Gaussian, 10–60 for daily returns. */
export function excessKurtosis(x: Series): number {
  return centralMoment(x, 4) / centralMoment(x, 2) ** 2 - 3;
}

/** The q-quantile with linear interpolation between order statistics (type 7, as numpy's default). */
export function quantile(x: Series, q: number): number {
  const s = Float64Array.from(x).sort();
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
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
  const sa = Float64Array.from(a).sort(), sb = Float64Array.from(b).sort();
  const merged = Float64Array.from([...sa, ...sb]).sort();
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
  const acf: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    let num = 0;
    for (const s of list) for (let t = 0; t + k < s.length; t++) num += (s[t] - m) * (s[t + k] - m);
    acf.push(num / denominator);
  }
  return acf;
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
  const out: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    let n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (const s of series) {
      for (let t = 0; t + k < s.length; t++) {
        const x = s[t], y = s[t + k] ** 2;
        n++; sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y;
      }
    }
    const cov = sxy / n - (sx / n) * (sy / n);
    out.push(cov / Math.sqrt((sxx / n - (sx / n) ** 2) * (syy / n - (sy / n) ** 2)));
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

export const QUANTILES = [0.005, 0.01, 0.05, 0.95, 0.99, 0.995];

export function stylizedFacts(series: Series[]): StylizedFacts {
  const all = pooled(series);
  const s = std(all);
  const m = mean(all);
  return {
    mean: m,
    std: s,
    skewness: skewness(all),
    excessKurtosis: excessKurtosis(all),
    // Quantiles in units of the sample's own standard deviation, as a risk manager compares tails.
    quantiles: Object.fromEntries(QUANTILES.map((q) => [String(q), (quantile(all, q) - m) / s])),
    acfReturns: autocorrelation(series, 20),
    acfAbsReturns: autocorrelation(absolute(series), 50),
    leverage: leverage(series, 20),
  };
}
