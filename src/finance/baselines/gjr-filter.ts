/**
 * The GJR-GARCH(1,1)-t filter that the GJR and FHS forecasters share: parameters re-fitted every N days
 * (default 40) on the last {@link GJR_FIT_WINDOW} returns up to the refit day (a rolling estimation
 * window: a fit on all of the S&P 500's 19,000+ returns takes seconds, on 10 years a few tenths), the
 * variance filtered every day from the fit window's first day through t with those parameters, and
 * h-day paths simulated from tomorrow's filtered variance.
 */
import { Rng } from '../../tensor/index.js';
import { checkOptionNames } from '../../backend/option-names.js';
import { checkForecastRequest, type Forecaster } from '../forecaster.js';
import { fitGjrGarchT, garchVariances, type GarchParameters } from './garch.js';
import { periodicRefit } from './periodic-refit.js';

/** Days of history a GJR-based forecaster needs at least (and at least one refit interval). */
export const GJR_MIN_HISTORY = 250;
/** Returns a fit uses at most, by default: about 10 years of trading days. */
export const GJR_FIT_WINDOW = 2500;
/** Days between re-fits, by default. */
export const DEFAULT_REFIT_EVERY = 40;

/** The refit schedule of a {@link GjrFilter}. */
export interface GjrFilterOptions {
  /** Days between re-fits (default {@link DEFAULT_REFIT_EVERY}). */
  refitEvery?: number;
  /** Fit on at most this many of the returns up to the refit day (default {@link GJR_FIT_WINDOW}; Infinity: all). */
  fitWindow?: number;
}

/** The filter's state at the close of day t. */
export interface GjrState {
  parameters: GarchParameters;
  /** σ²_{t+1}: tomorrow's conditional variance, known at the close of t. */
  nextVariance: number;
  /** First day of the filtered stretch (the first day of the last fit's data). */
  start: number;
  /** σ²_s for s = start … t. */
  variances: Float64Array;
}

/** A GJR filter: the state at the end of a history. Share one between forecasters so each refit runs once. */
export interface GjrFilter {
  readonly refitEvery: number;
  /** Least history this filter accepts. */
  readonly minHistory: number;
  state(history: Float64Array): GjrState;
}

/** The variance recursion's start: the mean squared deviation of the data from μ (the fit's backcast). */
function backcast(x: ArrayLike<number>, mu: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - mu) ** 2;
  return s / x.length;
}

/** A GJR-GARCH(1,1)-t filter re-fitted on a fixed calendar (see {@link GjrFilterOptions}). */
export function createGjrFilter(options: GjrFilterOptions = {}): GjrFilter {
  checkOptionNames(options, 'refitEvery fitWindow', 'createGjrFilter');
  const refitEvery = options.refitEvery ?? DEFAULT_REFIT_EVERY;
  const fitWindow = options.fitWindow ?? GJR_FIT_WINDOW;
  const fit = periodicRefit(refitEvery, fitWindow, (data) => ({ parameters: fitGjrGarchT(data).parameters, days: data.length }));
  return {
    refitEvery,
    minHistory: Math.max(GJR_MIN_HISTORY, refitEvery),
    state(history) {
      const { parameters: q, days } = fit(history);
      const end = Math.floor(history.length / refitEvery) * refitEvery;
      const start = end - days;
      const x = history.subarray(start);
      const variances = garchVariances(x, q, backcast(history.subarray(start, end), q.mu));
      const e = x[x.length - 1] - q.mu;
      const nextVariance = q.omega + (q.alpha + (e < 0 ? q.gamma : 0)) * e * e + q.beta * variances[variances.length - 1];
      return { parameters: q, nextVariance, start, variances };
    },
  };
}

/**
 * Sums of `horizon`-day GJR paths started from the variance `startVariance`, one per sample, with
 * innovations z from `innovation` (a standardised t draw, or a bootstrapped residual for FHS):
 * r = μ + √h·z, then h ← ω + (α + γ·1[ε < 0])ε² + βh.
 */
export function sumGarchPaths(q: GarchParameters, startVariance: number, horizon: number, samples: number, innovation: (rng: Rng) => number, rng: Rng): Float64Array {
  const out = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    let h = startVariance, sum = 0;
    for (let k = 0; k < horizon; k++) {
      const e = Math.sqrt(h) * innovation(rng);
      sum += q.mu + e;
      h = q.omega + (q.alpha + (e < 0 ? q.gamma : 0)) * e * e + q.beta * h;
    }
    out[i] = sum;
  }
  return out;
}

/**
 * A forecaster that simulates h-day GJR paths from tomorrow's filtered variance on `filter` (or a new
 * filter with these options), with the innovations `innovations` draws for that day's state.
 */
export function gjrPathForecaster(
  name: string, options: GjrFilterOptions & { filter?: GjrFilter },
  innovations: (state: GjrState, history: Float64Array) => (rng: Rng) => number,
): Forecaster {
  const filter = options.filter ?? createGjrFilter({ refitEvery: options.refitEvery, fitWindow: options.fitWindow });
  return {
    name,
    minHistory: filter.minHistory,
    async forecast(history, horizon, { samples, seed }) {
      checkForecastRequest(name, history, horizon, { samples, seed }, filter.minHistory);
      const state = filter.state(history);
      return sumGarchPaths(state.parameters, state.nextVariance, horizon, samples, innovations(state, history), new Rng(seed));
    },
  };
}
