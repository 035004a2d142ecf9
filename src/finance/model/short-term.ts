/**
 * The near-term correction of a forecast's first window level: daily filters with leverage.
 *
 * The level process forecasts the level of the next W-day window (64 days) from window-scale levels.
 * The next few days, though, follow today's volatility more closely than the next quarter's average:
 * right after a shock volatility is still high and decays through the window; after a calm week it is
 * lower than the quarter ahead will be on average; and falls raise volatility more than rises of the
 * same size (the leverage effect that GJR-GARCH's γ models). For an h-day forecast the first window's
 * level is therefore moved by
 *
 *   δ = b₀ + b_ℓ·ℓ + b_v·v + b_n·n + b_g·g − ℓ − c
 *
 * where, in the level process's standardised log-RMS units, ℓ is the process's expected level, v the
 * log RMS of an exponentially weighted average of squared returns (λ = 0.9, a daily filter), n the same
 * of the squared falls only (leverage), and g the log of tomorrow's volatility by a GJR-GARCH(1,1)-t
 * filter fitted on the history's last 2,500 days. g answers a crash in proportion to r², where the
 * log-space filters answer in proportion to log |r|: after the largest falls it is the one that reaches
 * far enough. The b are the least-squares fit of the realised log RMS of the next h days on them over
 * the history, and c the mean of the first terms minus ℓ over that history, so the correction averages
 * zero and leaves the model's level as it is: only the state-dependent part moves. The fit uses the
 * returns handed to the forecast (nothing after day t), all of them, re-estimated every 250 days.
 * docs/forecasting.md has the regressors that were measured and not adopted.
 */
import type { TransformState } from '../data/transforms.js';
import type { LevelProcessState } from './level-process.js';
import { leastSquares } from './least-squares.js';
import { DAILY_DECAY, DAILY_STATE_DAYS, levelOfMeanSquare } from '../data/daily-state.js';
import { fitGjrGarchT, type GarchParameters } from '../baselines/garch.js';
import { GJR_FIT_WINDOW, GJR_MIN_HISTORY } from '../baselines/gjr-filter.js';
import { mapToFloat64 } from '../data/map.js';

/** The GJR-GARCH(1,1)-t filter behind the regressor g, in standardised return units. */
export interface ShortTermGjr {
  parameters: GarchParameters;
  /** The variance the filter starts from: the fit data's mean squared deviation from μ. */
  backcast: number;
}

/** The fitted correction for one horizon. */
export interface ShortTermFit {
  horizon: number;
  /** Intercept, then the coefficients of ℓ, v, n and g ([0, 1, 0, 0] when the history was too short). */
  coefficients: number[];
  /** c: the mean of (prediction − ℓ) over the fit's rows. */
  centre: number;
  /** The filter of g; null when the history was too short for a GJR fit (the correction then has no g). */
  gjr: ShortTermGjr | null;
}

/** Standardised log RMS of u[from … to − 1]. */
function level(u: Float64Array, from: number, to: number, t: TransformState): number {
  let s = 0;
  for (let i = from; i < to; i++) s += u[i] * u[i];
  return levelOfMeanSquare(s / (to - from), t);
}

/** The level process's expected next-window level at day s (history u[0 … s]). */
function expected(p: LevelProcessState, u: Float64Array, s: number, t: TransformState): number {
  let v = p.intercept;
  p.horizons.forEach((h, j) => {
    let sum = 0;
    for (let i = 1; i <= h; i++) {
      const end = s + 1 - (i - 1) * p.window;
      sum += level(u, end - p.window, end, t);
    }
    v += (p.coefficients[j] * sum) / h;
  });
  return v;
}

/**
 * g at day s: GJR's variance of day s + 1, filtered over the correction's look-back u[s + 1 − L … s]
 * from the backcast (β^L is negligible for L ≥ 256), as a standardised level.
 */
function gjrLevel(u: Float64Array, s: number, gjr: ShortTermGjr, t: TransformState): number {
  const q = gjr.parameters;
  let h = gjr.backcast;
  for (let i = s + 1 - shortTermHistory(t); i <= s; i++) {
    const e = u[i] - q.mu;
    h = q.omega + (q.alpha + (e < 0 ? q.gamma : 0)) * e * e + q.beta * h;
  }
  return levelOfMeanSquare(h, t);
}

/** The GJR-t filter on the last {@link GJR_FIT_WINDOW} days of u, as the GJR baseline fits it; null when too short or not converged. */
function fitGjr(u: Float64Array): ShortTermGjr | null {
  if (u.length < GJR_MIN_HISTORY) return null;
  const data = u.subarray(Math.max(0, u.length - GJR_FIT_WINDOW));
  let parameters: GarchParameters;
  try {
    parameters = fitGjrGarchT(data).parameters;
  } catch {
    return null; // a fit that does not converge leaves the correction to the daily filters
  }
  let backcast = 0;
  for (const v of data) backcast += (v - parameters.mu) ** 2;
  return { parameters, backcast: backcast / data.length };
}

/** The regressors [ℓ, v, n] at day s (history u[0 … s], at least {@link shortTermHistory} days), and g with a GJR filter. */
function regressors(u: Float64Array, s: number, t: TransformState, gjr: ShortTermGjr | null): number[] {
  let all = 1, falls = 1; // the standardised unconditional mean square: forgotten after DAILY_STATE_DAYS
  for (let i = s + 1 - DAILY_STATE_DAYS; i <= s; i++) {
    const sq = u[i] * u[i];
    all = DAILY_DECAY * all + (1 - DAILY_DECAY) * sq;
    falls = DAILY_DECAY * falls + (1 - DAILY_DECAY) * (u[i] < 0 ? sq : 0);
  }
  const row = [expected(t.levelProcess!, u, s, t), levelOfMeanSquare(all, t), levelOfMeanSquare(falls, t)];
  return gjr ? [...row, gjrLevel(u, s, gjr, t)] : row;
}

const standardised = (history: ArrayLike<number>, t: TransformState) => mapToFloat64(history, (r) => (r - t.mean) / t.std);

/** Days of history the correction needs at day t: the level process's look-back, and the filters'. */
export function shortTermHistory(t: TransformState): number {
  const p = t.levelProcess!;
  return Math.max(p.window * p.horizons[p.horizons.length - 1], DAILY_STATE_DAYS);
}

/** Rows of history a fit needs at least; fewer leave the correction at zero. */
const MIN_ROWS = 40;

/**
 * Fit the correction for `horizon` on a history of daily log returns, one row per day: at h = 1 the
 * target (one day's log |r|) is noisy, and every 5th day (as before) left four fifths of it unused.
 */
export function fitShortTerm(history: ArrayLike<number>, transforms: TransformState, horizon: number): ShortTermFit {
  const u = standardised(history, transforms);
  const gjr = fitGjr(u);
  const x: number[][] = [], y: number[] = [];
  for (let s = shortTermHistory(transforms) - 1; s + horizon < u.length; s++) {
    x.push(regressors(u, s, transforms, gjr));
    y.push(level(u, s + 1, s + 1 + horizon, transforms));
  }
  const none = { horizon, coefficients: [0, 1, 0, 0], centre: 0, gjr: null };
  const b = x.length >= MIN_ROWS ? leastSquares(x, y) : null;
  if (!b) return none;
  const centre = x.reduce((sum, row) => sum + predict(b, row) - row[0], 0) / x.length;
  return { horizon, coefficients: b, centre, gjr };
}

const predict = (b: number[], row: number[]) => row.reduce((sum, v, j) => sum + b[j + 1] * v, b[0]);

/** The correction δ of the first window's level for a forecast from the last day of `history`. */
export function shortTermShift(fit: ShortTermFit, history: ArrayLike<number>, transforms: TransformState): number {
  const need = shortTermHistory(transforms);
  if (history.length < need) throw new Error(`gangrad: the near-term correction needs ${need} days of history, got ${history.length}`);
  // Only the look-back enters the state: standardising the whole history would cost O(n) a forecast.
  const u = standardised(Array.from({ length: need }, (_, i) => history[history.length - need + i]), transforms);
  const row = regressors(u, u.length - 1, transforms, fit.gjr);
  return predict(fit.coefficients, row) - row[0] - fit.centre;
}
