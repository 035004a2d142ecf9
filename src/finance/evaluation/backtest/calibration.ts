/**
 * Calibration of the whole forecast distribution, not only its tail: the probability integral
 * transform (PIT) of each realised return under its forecast, and Berkowitz's test of the PITs.
 *
 * If the forecasts are right, the PITs are independent and uniform on (0, 1), so z = Φ⁻¹(PIT) is
 * independent N(0, 1). Berkowitz (2001, J. Business & Economic Statistics 19:465) fits
 * z_t − μ = ρ(z_{t−1} − μ) + ε_t, ε_t ~ N(0, σ²) and tests μ = 0, σ = 1, ρ = 0 together by a
 * likelihood ratio on 3 degrees of freedom. A forecast too narrow gives σ > 1 (PITs piled at both
 * ends), one too wide σ < 1 (piled in the middle), a biased one μ ≠ 0, a slow one ρ > 0. The
 * coverage tests look at one quantile each; this looks at every quantile at once.
 */
import { normalQuantile } from '../../../stats/normal.js';
import { sortedCountBelow } from '../../forecaster.js';
import { chiSquareSurvival } from './chi-square.js';

/**
 * The PIT of `realised` under a sample forecast (ascending samples): its mid-rank among the samples,
 * (#{x < y} + ½·#{x = y} + ½) / (n + 1). When y is drawn from the samples' own law its rank is uniform
 * on 0 … n, so the PIT is uniform on the n + 1 bins' midpoints; it never reaches 0 or 1, so Φ⁻¹ of
 * it is finite. A return beyond every sample gets ½/(n + 1): with 500 samples z stops at −3.09, so
 * a miss far beyond the forecast counts no more than one just beyond it (the ES test weighs those).
 */
export function pitFromSorted(sorted: ArrayLike<number>, realised: number): number {
  const n = sorted.length;
  if (n === 0) throw new Error('gangrad: pitFromSorted: a forecast without samples');
  if (!Number.isFinite(realised)) throw new Error(`gangrad: pitFromSorted: the realised return is ${realised}`);
  const below = sortedCountBelow(sorted, realised);
  let equal = 0; // ties are rare (a day of no change under historical simulation): counted one by one
  while (below + equal < n && sorted[below + equal] === realised) equal++;
  return (below + equal / 2 + 0.5) / (n + 1);
}

/** Berkowitz's test and what it estimated. */
export interface BerkowitzTest {
  /** The likelihood ratio 2(L(μ̂, σ̂, ρ̂) − L(0, 1, 0)). */
  statistic: number;
  /** P(χ²(3) > statistic). */
  pValue: number;
  /** Mean of z = Φ⁻¹(PIT): 0 if unbiased; negative when the returns fall below the forecasts' middle. */
  mean: number;
  /** Standard deviation of z: 1 if the width is right, above 1 if the forecasts are too narrow. */
  sd: number;
  /** First-order autocorrelation ρ̂ of z: 0 if the forecasts use what the last day said. */
  autocorrelation: number;
}

/**
 * The fewest PITs the calibration tests are run on. The AR(1) has three parameters: with three PITs
 * its two pairs are fitted exactly (the residual variance 0, the statistic unbounded whatever the
 * forecasts), and a handful more still leave it all but determined. Below this, a backtest reports
 * the calibration as not available.
 */
export const MIN_CALIBRATION_PITS = 10;

/**
 * Berkowitz's likelihood-ratio test of PITs (in time order; at least {@link MIN_CALIBRATION_PITS}). The AR(1) is fitted by
 * conditional maximum likelihood — least squares of z_t on (1, z_{t−1}), σ̂² the mean squared
 * residual — which is what Berkowitz's exact likelihood becomes once the first day is conditioned on
 * (asymptotically the same test). With m = n − 1 pairs:
 *   LR = Σ_{t≥2} z_t² − m·ln σ̂² − m.
 */
export function berkowitzTest(pits: readonly number[]): BerkowitzTest {
  const n = pits.length;
  if (n < MIN_CALIBRATION_PITS) throw new Error(`gangrad: berkowitzTest: needs at least ${MIN_CALIBRATION_PITS} PITs, got ${n}`);
  const z = pits.map((u, i) => {
    if (!(u > 0 && u < 1)) throw new Error(`gangrad: berkowitzTest: PIT ${i} is ${u}; every PIT must lie strictly between 0 and 1`);
    return normalQuantile(u);
  });
  const m = n - 1;
  let sx = 0, sy = 0;
  for (let t = 1; t < n; t++) { sx += z[t - 1]; sy += z[t]; }
  const mx = sx / m, my = sy / m;
  let sxx = 0, sxy = 0, syy = 0;
  for (let t = 1; t < n; t++) {
    const dx = z[t - 1] - mx, dy = z[t] - my;
    sxx += dx * dx; sxy += dx * dy; syy += dy * dy;
  }
  const rho = sxx > 0 ? sxy / sxx : 0;
  // Residual variance of the least-squares fit; a floor keeps ln finite when the z are all equal.
  const variance = Math.max((syy - rho * sxy) / m, 1e-300);
  let sumSquares = 0;
  for (let t = 1; t < n; t++) sumSquares += z[t] * z[t];
  const statistic = Math.max(0, sumSquares - m * Math.log(variance) - m);
  const mean = z.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(z.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  return { statistic, pValue: chiSquareSurvival(statistic, 3), mean, sd, autocorrelation: rho };
}

/** Counts of PITs in `bins` equal bins of (0, 1): flat if calibrated, a U if too narrow, a hump if too wide. */
export function pitHistogram(pits: readonly number[], bins = 10): number[] {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`gangrad: pitHistogram: bins must be a positive integer, got ${bins}`);
  const counts = new Array<number>(bins).fill(0);
  for (const u of pits) counts[Math.min(bins - 1, Math.max(0, Math.floor(u * bins)))]++;
  return counts;
}

/**
 * Pearson's χ² test that histogram counts are equal (uniform PITs), on bins − 1 degrees of freedom. It
 * sees the shape Berkowitz's test does not (that one fits a normal's mean and spread to z): a forecast
 * too light in one tail and too heavy in the other, or a skew, with the right mean and sd.
 */
export function uniformityTest(histogram: readonly number[]): { statistic: number; pValue: number } {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (histogram.length < 2 || !(total > 0)) throw new Error(`gangrad: uniformityTest: needs at least 2 bins and a count, got ${histogram.length} bins of ${total}`);
  const expected = total / histogram.length;
  const statistic = histogram.reduce((s, k) => s + (k - expected) ** 2 / expected, 0);
  return { statistic, pValue: chiSquareSurvival(statistic, histogram.length - 1) };
}

/** The calibration of one forecaster at one horizon: Berkowitz's test, the PITs' decile counts and their uniformity test. */
export interface CalibrationResult {
  berkowitz: BerkowitzTest;
  /** PIT counts in ten equal bins of (0, 1). */
  histogram: number[];
  /** Pearson's χ²(9) test of equal decile counts ({@link uniformityTest}). */
  deciles: { statistic: number; pValue: number };
}

/** {@link berkowitzTest}, {@link pitHistogram} (ten bins) and its {@link uniformityTest}, of one backtest entry's PITs. */
export function calibration(pits: readonly number[]): CalibrationResult {
  const histogram = pitHistogram(pits, 10);
  return { berkowitz: berkowitzTest(pits), histogram, deciles: uniformityTest(histogram) };
}
