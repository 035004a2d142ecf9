/**
 * Scores of a forecast against what happened, lower is better: the pinball (quantile) loss of a VaR,
 * the Fissler–Ziegel FZ0 joint VaR–ES score, and the CRPS of a sample forecast.
 */

/** Pinball loss of the p-quantile forecast q for the outcome y: (1[y < q] − p)(q − y). */
export function pinballLoss(realised: number, quantile: number, probability: number): number {
  return ((realised < quantile ? 1 : 0) - probability) * (quantile - realised);
}

/**
 * FZ0 score (Patton, Ziegel & Chen 2019, eq. 6) of a VaR and ES at level a (tail probability α = 1 − a)
 * for the return y, with the quantile v = −VaR and the tail mean e = −ES (both negative):
 *   L = −1[y ≤ v](v − y)/(α e) + v/e + ln(−e) − 1.
 * Defined only for ES > 0 (a tail mean below zero); NaN otherwise.
 */
export function fz0Score(realised: number, valueAtRisk: number, expectedShortfall: number, level: number): number {
  if (!(expectedShortfall > 0)) return NaN;
  const alpha = 1 - level, v = -valueAtRisk, e = -expectedShortfall;
  return (realised <= v ? -(v - realised) / (alpha * e) : 0) + v / e + Math.log(-e) - 1;
}

/**
 * CRPS of the empirical distribution of ascending samples x_(1) ≤ … ≤ x_(n) for the outcome y:
 * E|X − y| − ½E|X − X'| with E|X − X'| = (2/n²) Σ_i (2i − n − 1) x_(i) — O(n) once sorted, so
 * O(n log n) in all.
 */
export function crpsSorted(sorted: ArrayLike<number>, realised: number): number {
  const n = sorted.length;
  let absolute = 0, spread = 0;
  for (let i = 0; i < n; i++) {
    absolute += Math.abs(sorted[i] - realised);
    spread += (2 * (i + 1) - n - 1) * sorted[i];
  }
  return absolute / n - spread / (n * n);
}

/** CRPS of a sample forecast (any order) for the outcome y; see {@link crpsSorted}. */
export function crpsSamples(samples: ArrayLike<number>, realised: number): number {
  if (samples.length === 0) throw new Error('gangrad: crpsSamples: a forecast without samples');
  return crpsSorted(Float64Array.from(samples).sort(), realised);
}
