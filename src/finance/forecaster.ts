/**
 * The forecasting contract: a model that, given every daily log return up to day t, returns samples of
 * the h-day log return r_{t+1} + … + r_{t+h}. The GAN's conditional generator and the classical
 * baselines (historical simulation, EWMA, GJR-GARCH-t, FHS) all implement it, so one backtest judges
 * them side by side. Also the pure helpers that turn a sample forecast into quantiles, VaR and ES.
 */

/**
 * The longest horizon a forecast takes (`gangrad forecast`, `ReturnGan.forecast`): a trading year.
 * Beyond it a "forecast" is a long scenario path, which sampling makes; the first window's
 * conditioning has long faded by then.
 */
export const MAX_FORECAST_HORIZON = 250;

/**
 * The most daily values (paths × horizon) a forecast holds: 200 MB of float64. Beyond it the paths are
 * bulk scenario data, which gangrad sample streams to a file in bounded memory.
 */
export const MAX_FORECAST_VALUES = 25_000_000;

/** The fewest scenario paths a forecast takes (as a backtest's samples): quantiles need some. */
export const MIN_FORECAST_PATHS = 20;

/** Options of one forecast. */
export interface ForecastOptions {
  /** Monte Carlo samples (or quantile-grid points). */
  samples: number;
  /** Seed of the forecast's own noise. */
  seed: number;
}

/** A model that forecasts the distribution of the h-day log return r_{t+1}+…+r_{t+h} from the log returns up to day t. */
export interface Forecaster {
  readonly name: string;
  /** The fewest daily returns of history it forecasts from (HS: its window), where it has such a bound. */
  readonly minHistory?: number;
  /** `history`: every daily log return up to and including day t, nothing after. Returns samples of the h-day log return (any order). */
  forecast(history: Float64Array, horizon: number, options: ForecastOptions): Promise<Float64Array>;
}

/** VaR and ES of a forecast at one confidence level, both as positive losses in log-return units. */
export interface RiskAtLevel {
  /** Confidence level a, e.g. 0.99. */
  level: number;
  /** VaR_a = −(the (1 − a)-quantile of the forecast). */
  valueAtRisk: number;
  /** ES_a = −(the mean of the samples at or below that quantile). */
  expectedShortfall: number;
}

/** A sample forecast summarised. */
export interface ForecastSummary {
  samples: number;
  mean: number;
  median: number;
  /** The forecast's quantiles at the requested probabilities. */
  quantiles: { probability: number; value: number }[];
  /** VaR and ES at each requested level. */
  risk: RiskAtLevel[];
  /** P(h-day log return < threshold) for each requested threshold. */
  fallBelow: { threshold: number; probability: number }[];
}

/** Quantile probabilities reported when none are asked for. */
export const DEFAULT_QUANTILES: readonly number[] = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

/** Rejects confidence levels outside (0, 1), naming where they came from. */
export function checkLevels(levels: readonly number[], where: string): void {
  if (levels.length === 0) throw new Error(`gangrad: ${where}: no confidence levels given`);
  for (const a of levels) {
    if (!(a > 0 && a < 1)) throw new Error(`gangrad: ${where}: a confidence level must lie strictly between 0 and 1, got ${a}`);
  }
}

/**
 * Rejects a bad forecast request with a message naming the model and the numbers: a horizon or a sample
 * count that is not a positive integer, a history shorter than `minHistory` or with a non-finite value.
 */
export function checkForecastRequest(model: string, history: ArrayLike<number>, horizon: number, options: ForecastOptions, minHistory: number): void {
  if (typeof options !== 'object' || options === null) throw new Error(`gangrad: ${model}: options { samples, seed } are required, got ${options === null ? 'null' : typeof options}`);
  // A whole number ≥ 0 (a pool of models derives its members' seeds beyond 2^32 from it, so no upper bound here).
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) throw new Error(`gangrad: ${model}: seed must be a whole number ≥ 0, got ${typeof options.seed === 'number' ? String(options.seed) : JSON.stringify(options.seed) ?? String(options.seed)}`);
  if (!Number.isInteger(horizon) || horizon < 1) throw new Error(`gangrad: ${model}: the horizon must be a positive integer number of days, got ${horizon}`);
  if (!Number.isInteger(options.samples) || options.samples < 1) throw new Error(`gangrad: ${model}: samples must be a positive integer, got ${options.samples}`);
  if (history.length < minHistory) {
    throw new Error(`gangrad: ${model} needs at least ${minHistory} daily returns of history, got ${history.length}`);
  }
  for (let i = 0; i < history.length; i++) {
    if (!Number.isFinite(history[i])) throw new Error(`gangrad: ${model}: history return ${i} is not a finite number (${history[i]})`);
  }
}

/**
 * The h-day log return of each scenario path: its daily log returns summed from the first day on (the
 * order is kept so forecasts stay the same to the last bit).
 */
export function pathReturns(paths: readonly Float64Array[]): Float64Array {
  return Float64Array.from(paths, (p) => p.reduce((a, b) => a + b, 0));
}

/** The p-quantile of ascending `sorted` samples, linear between order statistics (type 7, numpy's default). */
export function sortedQuantile(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1) || sorted.length === 0) throw new Error(`gangrad: sortedQuantile needs a probability in [0, 1] and at least one value, got p = ${p} and ${sorted.length} values`);
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** VaR and ES at level a from ascending samples (see {@link RiskAtLevel}). */
export function riskFromSorted(sorted: ArrayLike<number>, level: number): RiskAtLevel {
  const q = sortedQuantile(sorted, 1 - level);
  // The minimum is always at or below q, so the tail is never empty.
  let sum = 0, count = 0;
  for (let i = 0; i < sorted.length && sorted[i] <= q; i++, count++) sum += sorted[i];
  return { level, valueAtRisk: -q, expectedShortfall: -sum / count };
}

/** How many ascending samples lie strictly below x (a binary search). */
export function sortedCountBelow(sorted: ArrayLike<number>, x: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The share of ascending samples strictly below x. */
export function sortedShareBelow(sorted: ArrayLike<number>, x: number): number {
  return sortedCountBelow(sorted, x) / sorted.length;
}

/**
 * Quantiles, VaR and ES at each level, and the probability of a fall below each threshold, from the
 * samples of one forecast. VaR and ES are positive losses (see {@link RiskAtLevel}).
 */
export function forecastSummary(
  samples: ArrayLike<number>, levels: readonly number[],
  options: { quantiles?: readonly number[]; fallBelow?: readonly number[] } = {},
): ForecastSummary {
  if (samples.length === 0) throw new Error('gangrad: forecastSummary: a forecast without samples');
  checkLevels(levels, 'forecastSummary');
  const probabilities = options.quantiles ?? DEFAULT_QUANTILES;
  checkLevels(probabilities, 'forecastSummary quantiles');
  for (const x of options.fallBelow ?? []) if (!Number.isFinite(x)) throw new Error(`gangrad: forecastSummary: fallBelow must hold finite log returns, got ${x}`);
  const sorted = Float64Array.from(samples).sort();
  let total = 0;
  for (const v of sorted) total += v;
  if (!Number.isFinite(total)) throw new Error('gangrad: forecastSummary: the forecast has non-finite samples');
  return {
    samples: sorted.length,
    mean: total / sorted.length,
    median: sortedQuantile(sorted, 0.5),
    quantiles: probabilities.map((probability) => ({ probability, value: sortedQuantile(sorted, probability) })),
    risk: levels.map((a) => riskFromSorted(sorted, a)),
    fallBelow: (options.fallBelow ?? []).map((threshold) => ({ threshold, probability: sortedShareBelow(sorted, threshold) })),
  };
}
