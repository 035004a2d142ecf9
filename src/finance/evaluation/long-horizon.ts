/**
 * Long-horizon criteria: does a model's N paths of L days keep the real series' volatility memory out to
 * a year, its leverage effect, the shape of its 1- to 100-day returns, and stay in range?
 *
 * The real side is computed once ({@link longHorizonReference}) and every model's paths are compared
 * with it ({@link compareLongHorizon}), so one evaluation with several baselines computes it once.
 */
import { excessKurtosis, leverage, sortedCopy, sortedQuantileError, sortedWasserstein1, standardise, type Series } from './stylized.js';
import { acfAbs, acfSquared, lagBandErrors, type LagBandErrors } from './acf.js';
import { aggregateReturns } from './aggregation.js';
import { explosiveShare, explosiveThreshold } from './explosive.js';

/** Which lags and horizons the long-horizon statistics cover; the defaults are what `gangrad eval` uses. */
export interface LongHorizonOptions {
  /** Longest ACF lag (default 250, about a trading year). */
  maxLag?: number;
  /** Leverage corr(r_t, r²_{t+k}) for k = 1..leverageLags (default 20). */
  leverageLags?: number;
  /** Aggregation horizons in days (default 1, 5, 20, 100). */
  horizons?: number[];
}

/** Default number of paths per model. */
export const LONG_HORIZON_PATHS = 100;
/** Default days per path. */
export const LONG_HORIZON_LENGTH = 1000;

const defaults = (o: LongHorizonOptions = {}): Required<LongHorizonOptions> => ({
  maxLag: o.maxLag ?? 250, leverageLags: o.leverageLags ?? 20, horizons: o.horizons ?? [1, 5, 20, 100],
});

/** The long-horizon statistics of one set of series (the real one, or a model's paths). */
export interface LongHorizonStats {
  /** ACF of |r| and of r², index 0 = lag 1, up to maxLag (fewer when the series are shorter). */
  acfAbs: number[];
  acfSquared: number[];
  /** corr(r_t, r²_{t+k}), index 0 = k = 1. */
  leverage: number[];
  /** Excess kurtosis of overlapping h-day returns, for each horizon no longer than the series. */
  aggregated: { horizon: number; excessKurtosis: number }[];
}

/** The real series' statistics, its standardised h-day returns, and the explosive threshold. */
export interface LongHorizonReference {
  options: Required<LongHorizonOptions>;
  stats: LongHorizonStats;
  /** The standardised h-day returns by horizon, sorted ascending (only their distribution is compared). */
  aggregated: Map<number, Float64Array>;
  /** 2 × the largest |r| of the training part. */
  explosiveThreshold: number;
}

/** How one model's paths compare with the reference. */
export interface LongHorizonComparison {
  paths: number;
  length: number;
  stats: LongHorizonStats;
  /** Mean absolute ACF errors against the real series per lag band (1–20, 21–100, 101–250, 1–100). */
  acfAbsError: LagBandErrors;
  acfSquaredError: LagBandErrors;
  /** W1 between the standardised h-day returns of the model and of the real series. */
  aggregatedW1: { horizon: number; w1: number }[];
  /** Share of paths with any |r| > 2 × max |r| of the training part (or a non-finite value). */
  explosiveShare: number;
  /**
   * Relative errors of the 0.5% and 99.5% quantiles of daily returns, each standardised by its own
   * mean and standard deviation (as the test-part tail criteria): |q_model − q_real| / |q_real|.
   */
  tailErrors: { q005: number; q995: number };
}

/** Relative error of the p-quantile of standardised `sample` against that of standardised `real`. */
export function quantileError(real: Float64Array, sample: Float64Array, p: number): number {
  return sortedQuantileError(sortedCopy(real), sortedCopy(sample), p);
}

function statsWithSums(series: Series[], o: Required<LongHorizonOptions>): { stats: LongHorizonStats; sums: Map<number, Float64Array> } {
  const longest = series.reduce((n, s) => Math.max(n, s.length), 0);
  const maxLag = Math.min(o.maxLag, longest - 1);
  const sums = new Map<number, Float64Array>();
  for (const h of o.horizons) if (h <= longest) sums.set(h, standardise(aggregateReturns(series, h)));
  const stats: LongHorizonStats = {
    acfAbs: acfAbs(series, maxLag),
    acfSquared: acfSquared(series, maxLag),
    leverage: leverage(series, Math.min(o.leverageLags, longest - 1)),
    aggregated: [...sums].map(([horizon, values]) => ({ horizon, excessKurtosis: excessKurtosis(values) })),
  };
  return { stats, sums };
}

/** The statistics of a set of series (no comparison): real or simulated. */
export function longHorizonStats(series: Series[], options?: LongHorizonOptions): LongHorizonStats {
  return statsWithSums(series, defaults(options)).stats;
}

/**
 * The real side: statistics of the whole real series (one series, all of it), and the explosive
 * threshold from the training part only.
 */
export function longHorizonReference(real: Series, trainReturns: Series, options?: LongHorizonOptions): LongHorizonReference {
  const o = defaults(options);
  if (real.length < 3) throw new Error(`gangrad: long-horizon statistics need a real series of at least 3 returns, got ${real.length}`);
  const { stats, sums } = statsWithSums([real], o);
  const sorted = new Map([...sums].map(([h, values]) => [h, sortedCopy(values)]));
  return { options: o, stats, aggregated: sorted, explosiveThreshold: explosiveThreshold(trainReturns) };
}

/** A model's N paths of L days against the reference. */
export function compareLongHorizon(reference: LongHorizonReference, paths: Series[]): LongHorizonComparison {
  if (paths.length === 0) throw new Error('gangrad: long-horizon comparison needs at least one path');
  const { stats, sums: unsorted } = statsWithSums(paths, reference.options);
  const sums = new Map([...unsorted].map(([h, values]) => [h, sortedCopy(values)]));
  const aggregatedW1: { horizon: number; w1: number }[] = [];
  for (const [horizon, values] of sums) {
    const real = reference.aggregated.get(horizon);
    if (real) aggregatedW1.push({ horizon, w1: sortedWasserstein1(real, values) });
  }
  return {
    paths: paths.length,
    length: paths.reduce((n, p) => Math.max(n, p.length), 0),
    stats,
    acfAbsError: lagBandErrors(reference.stats.acfAbs, stats.acfAbs),
    acfSquaredError: lagBandErrors(reference.stats.acfSquared, stats.acfSquared),
    aggregatedW1,
    explosiveShare: explosiveShare(paths, reference.explosiveThreshold),
    tailErrors: tailErrorsOf(reference, sums),
  };
}

/**
 * The daily tail errors, from the standardised 1-day "sums" both sides already hold, sorted (NaN when
 * the horizons asked for leave out 1 day: the criterion then cannot be met).
 */
function tailErrorsOf(reference: LongHorizonReference, sorted: Map<number, Float64Array>): { q005: number; q995: number } {
  const real = reference.aggregated.get(1), model = sorted.get(1);
  if (!real || !model) return { q005: NaN, q995: NaN };
  return { q005: sortedQuantileError(real, model, 0.005), q995: sortedQuantileError(real, model, 0.995) };
}
