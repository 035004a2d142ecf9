/**
 * Comparisons repeated over independent draws, averaged: the long-horizon ones (N paths of L days) and,
 * through {@link meanOfDraws}, any record of numbers such as the test-part comparison of windows.
 *
 * One set of 100 paths of 1,000 days is a noisy sample of a persistent process: on AAPL, the same
 * trained model scored an ACF(|r|) error over lags 1–100 of 0.016 to 0.023 on four sampling seeds, and
 * GJR-GARCH-t 0.012 to 0.018, so a comparison of two single draws could go either way by the seed alone.
 * Each draw keeps the size the criteria are defined on (N paths of L days, with the estimator's own
 * noise at that size); what is averaged is the criterion's value over R such draws, and the standard
 * deviation over the draws is reported beside it, so a reader can see how far apart two columns must be
 * to differ.
 */
import type { LagBandErrors } from './acf.js';
import type { LongHorizonComparison, LongHorizonStats } from './long-horizon.js';

/** Default number of independent draws of N paths per model. */
export const LONG_HORIZON_DRAWS = 10;

/** Standard deviations over the draws of the values the criteria read (0 for one draw). */
export interface LongHorizonSpread {
  acfAbsError: LagBandErrors;
  acfSquaredError: LagBandErrors;
  aggregatedW1: { horizon: number; w1: number }[];
  tailErrors: { q005: number; q995: number };
  /** corr(r_t, r²_{t+1}). */
  leverageLag1: number;
  explosiveShare: number;
}

/** A comparison averaged over draws: each field the mean over the draws, plus their count and spread. */
export interface AveragedComparison extends LongHorizonComparison {
  draws: number;
  spread: LongHorizonSpread;
}

function meanAndSd(values: number[]): [number, number] {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  // Sample standard deviation (n − 1); one draw has no spread.
  const sd = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1)) : 0;
  return [m, sd];
}

const mean = (values: number[]) => meanAndSd(values)[0];

/** A record of numbers, arrays and nested records (null allowed), of one shape across the draws. */
type Numeric = number | null | readonly Numeric[] | { readonly [key: string]: Numeric };

function deep(list: Numeric[], reduce: (values: number[]) => number): Numeric {
  const first = list[0];
  if (first === null || list.some((v) => v === null)) return null;
  if (typeof first === 'number') return reduce(list as number[]);
  if (Array.isArray(first)) {
    const n = Math.min(...list.map((v) => (v as Numeric[]).length));
    return Array.from({ length: n }, (_, i) => deep(list.map((v) => (v as Numeric[])[i]), reduce));
  }
  return Object.fromEntries(Object.keys(first).map((k) => [k, deep(list.map((v) => (v as Record<string, Numeric>)[k]), reduce)]));
}

/**
 * Field-by-field mean of the draws' records (arrays elementwise, over the indices all have; null where
 * any draw has null). Every field must be a measured number: identifiers would be averaged too.
 */
export function meanOfDraws<T>(draws: T[]): T {
  if (draws.length === 0) throw new Error('gangrad: averaging over draws needs at least one draw');
  return deep(draws as Numeric[], (v) => meanAndSd(v)[0]) as T;
}

/** Field-by-field sample standard deviation of the draws' records (0 for one draw), the shape of {@link meanOfDraws}. */
export function spreadOfDraws<T>(draws: T[]): T {
  if (draws.length === 0) throw new Error('gangrad: a spread over draws needs at least one draw');
  return deep(draws as Numeric[], (v) => meanAndSd(v)[1]) as T;
}

/** Elementwise mean of arrays, over the indices every array has. */
function meanArray(arrays: number[][]): number[] {
  const n = Math.min(...arrays.map((a) => a.length));
  return Array.from({ length: n }, (_, i) => mean(arrays.map((a) => a[i])));
}

function bands(list: LagBandErrors[]): [LagBandErrors, LagBandErrors] {
  const m = {} as Record<keyof LagBandErrors, number | null>, s = {} as Record<keyof LagBandErrors, number | null>;
  for (const key of Object.keys(list[0]) as (keyof LagBandErrors)[]) {
    const values = list.map((b) => b[key]);
    if (values.some((v) => v === null)) { m[key] = null; s[key] = null; continue; }
    [m[key], s[key]] = meanAndSd(values as number[]);
  }
  return [m, s];
}

function meanStats(list: LongHorizonStats[]): LongHorizonStats {
  return {
    acfAbs: meanArray(list.map((s) => s.acfAbs)),
    acfSquared: meanArray(list.map((s) => s.acfSquared)),
    leverage: meanArray(list.map((s) => s.leverage)),
    aggregated: list[0].aggregated.map(({ horizon }) => ({
      horizon, excessKurtosis: mean(list.map((s) => s.aggregated.find((a) => a.horizon === horizon)!.excessKurtosis)),
    })),
  };
}

/**
 * The mean of the draws' comparisons (statistics, errors and shares), with their standard deviations.
 * Every draw must have the same number of paths (the explosive share is then the share over all paths).
 */
export function averageComparisons(draws: LongHorizonComparison[]): AveragedComparison {
  if (draws.length === 0) throw new Error('gangrad: averaging long-horizon comparisons needs at least one draw');
  const [acfAbsError, acfAbsSpread] = bands(draws.map((d) => d.acfAbsError));
  const [acfSquaredError, acfSquaredSpread] = bands(draws.map((d) => d.acfSquaredError));
  const horizons = draws[0].aggregatedW1.map((a) => a.horizon);
  const w1 = horizons.map((h) => meanAndSd(draws.map((d) => d.aggregatedW1.find((a) => a.horizon === h)!.w1)));
  const [q005, q005Sd] = meanAndSd(draws.map((d) => d.tailErrors.q005));
  const [q995, q995Sd] = meanAndSd(draws.map((d) => d.tailErrors.q995));
  const [, leverageSd] = meanAndSd(draws.map((d) => d.stats.leverage[0]));
  const [explosiveShare, explosiveSd] = meanAndSd(draws.map((d) => d.explosiveShare));
  return {
    paths: draws[0].paths, length: draws[0].length, draws: draws.length,
    stats: meanStats(draws.map((d) => d.stats)),
    acfAbsError, acfSquaredError,
    aggregatedW1: horizons.map((horizon, i) => ({ horizon, w1: w1[i][0] })),
    explosiveShare,
    tailErrors: { q005, q995 },
    spread: {
      acfAbsError: acfAbsSpread, acfSquaredError: acfSquaredSpread,
      aggregatedW1: horizons.map((horizon, i) => ({ horizon, w1: w1[i][1] })),
      tailErrors: { q005: q005Sd, q995: q995Sd },
      leverageLag1: leverageSd, explosiveShare: explosiveSd,
    },
  };
}
