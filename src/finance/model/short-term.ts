/**
 * The near-term correction of a forecast's first window level.
 *
 * The level process forecasts the level of the next W-day window (64 days) from window-scale levels.
 * The next few days, though, follow today's volatility more closely than the next quarter's average:
 * right after a shock volatility is still high and decays through the window; after a calm week it is
 * lower than the quarter ahead will be on average. For an h-day forecast the first window's level is
 * therefore moved by
 *
 *   δ = β₅·(s₅ − ℓ) + β₂₀·(s₂₀ − ℓ) − c
 *
 *
 * where ℓ is the level process's expected level, s₅ and s₂₀ the log RMS of the last 5 and 20 days (in the
 * same standardised units), β fitted by least squares of the realised log RMS of the next h days on them
 * (minus ℓ) over the history, and c the mean of the first two terms over that history, so the correction
 * averages zero and leaves the model's level as it is: only the state-dependent part moves. The fit uses
 * the returns handed to the forecast (nothing after day t), all of them, re-estimated every 250 days.
 */
import type { TransformState } from '../data/transforms.js';
import type { LevelProcessState } from './level-process.js';

/** The fitted correction for one horizon. */
export interface ShortTermFit {
  horizon: number;
  beta5: number;
  beta20: number;
  centre: number;
}

/** Days of the two short levels. */
const SHORT = [5, 20] as const;
/** Floor on a standardised RMS before its log: a day of exactly zero return would be an outlier of −14. */
const RMS_FLOOR = 0.05;

/** Standardised log RMS of u[from … to − 1]. */
function level(u: Float64Array, from: number, to: number, t: TransformState): number {
  let s = 0;
  for (let i = from; i < to; i++) s += u[i] * u[i];
  return (Math.log(Math.max(RMS_FLOOR, Math.sqrt(s / (to - from)))) - t.regime!.mean) / t.regime!.std;
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

/** The regressors (s₅ − ℓ, s₂₀ − ℓ) at day s, and ℓ. */
function state(u: Float64Array, s: number, t: TransformState): { x: [number, number]; expectedLevel: number } {
  const l = expected(t.levelProcess!, u, s, t);
  return { x: [level(u, s + 1 - SHORT[0], s + 1, t) - l, level(u, s + 1 - SHORT[1], s + 1, t) - l], expectedLevel: l };
}

const standardised = (history: ArrayLike<number>, t: TransformState) => Float64Array.from(history, (r) => (r - t.mean) / t.std);

/** Days of history the correction needs at day t: the level process's look-back, and the longer short level. */
export function shortTermHistory(t: TransformState): number {
  const p = t.levelProcess!;
  return Math.max(p.window * p.horizons[p.horizons.length - 1], SHORT[1]);
}

/** The first day that has a full look-back. */
const firstRow = (t: TransformState) => shortTermHistory(t) - 1;

/**
 * Fit the correction for `horizon` on a history of daily log returns. Rows are every 5th day (the
 * regressors barely change from one day to the next, and the fit stays fast on long histories).
 */
export function fitShortTerm(history: ArrayLike<number>, transforms: TransformState, horizon: number): ShortTermFit {
  const u = standardised(history, transforms);
  const rows: { x: [number, number]; y: number }[] = [];
  for (let s = firstRow(transforms); s + horizon < u.length; s += 5) {
    const { x, expectedLevel } = state(u, s, transforms);
    rows.push({ x, y: level(u, s + 1, s + 1 + horizon, transforms) - expectedLevel });
  }
  const none = { horizon, beta5: 0, beta20: 0, centre: 0 };
  if (rows.length < 20) return none;
  // Least squares of y on [1, x₅, x₂₀]: the 3×3 normal equations, solved by Cramer's rule.
  const m = [[0, 0, 0], [0, 0, 0], [0, 0, 0]], v = [0, 0, 0];
  for (const { x, y } of rows) {
    const z = [1, x[0], x[1]];
    for (let i = 0; i < 3; i++) {
      v[i] += z[i] * y;
      for (let j = 0; j < 3; j++) m[i][j] += z[i] * z[j];
    }
  }
  const det = (a: number[][]) => a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
  const d = det(m);
  if (!(Math.abs(d) > 1e-12)) return none;
  const column = (k: number) => det(m.map((row, i) => row.map((c, j) => (j === k ? v[i] : c))));
  const beta5 = column(1) / d, beta20 = column(2) / d;
  const centre = rows.reduce((s, { x }) => s + beta5 * x[0] + beta20 * x[1], 0) / rows.length;
  return { horizon, beta5, beta20, centre };
}

/** The correction δ of the first window's level for a forecast from the last day of `history`. */
export function shortTermShift(fit: ShortTermFit, history: ArrayLike<number>, transforms: TransformState): number {
  if (history.length < shortTermHistory(transforms)) throw new Error(`gangrad: the near-term correction needs ${shortTermHistory(transforms)} days of history, got ${history.length}`);
  // Only the look-back enters the state: standardising the whole history would cost O(n) a forecast.
  const need = shortTermHistory(transforms);
  const u = standardised(Array.from({ length: need }, (_, i) => history[history.length - need + i]), transforms);
  const { x } = state(u, u.length - 1, transforms);
  return fit.beta5 * x[0] + fit.beta20 * x[1] - fit.centre;
}
