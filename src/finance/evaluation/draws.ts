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
import type { LongHorizonComparison } from './long-horizon.js';

/** Default number of independent draws of N paths per model. */
export const LONG_HORIZON_DRAWS = 10;

/** Default number of windows each model generates per draw for the test-part figures (`gangrad eval --count`). */
export const TEST_PART_WINDOWS = 2000;

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

/**
 * The mean of the draws' comparisons (statistics, errors and shares), with their standard deviations.
 * Every draw must have the same number of paths (the explosive share is then the share over all paths).
 */
export function averageComparisons(draws: LongHorizonComparison[]): AveragedComparison {
  if (draws.length === 0) throw new Error('gangrad: averaging long-horizon comparisons needs at least one draw');
  // Path counts, lengths and horizons are the same in every draw, so their mean is themselves.
  const sd = spreadOfDraws(draws);
  return {
    ...meanOfDraws(draws),
    draws: draws.length,
    spread: {
      acfAbsError: sd.acfAbsError, acfSquaredError: sd.acfSquaredError,
      aggregatedW1: draws[0].aggregatedW1.map(({ horizon }, i) => ({ horizon, w1: sd.aggregatedW1[i].w1 })),
      tailErrors: sd.tailErrors, leverageLag1: sd.stats.leverage[0], explosiveShare: sd.explosiveShare,
    },
  };
}
