/**
 * A persistent process for the volatility level of consecutive windows: what lets a path of windows
 * keep volatility memory far beyond one window.
 *
 * Let L_k be the standardised log RMS of window k (days kW … kW+W−1). Real levels are strongly
 * persistent (a turbulent quarter is usually followed by another) and their memory decays slowly, like
 * a long-memory process. A heterogeneous autoregression (HAR, Corsi 2009), written here at window scale,
 * mimics that with a few averages over different horizons:
 *
 *   L_k = c + Σ_j b_j · mean(L_{k−1}, …, L_{k−h_j}) + e_k,      horizons h = (1, 4) windows
 *
 * i.e. the last window and the last four windows (about a year). The sum of two such terms behaves
 * like a sum of AR(1) components with a short and a long time constant, whose autocorrelation falls off
 * more slowly than one AR(1)'s exponential decay over the lags that matter here (64–250 days).
 * The innovations e_k are drawn from their own empirical distribution (right-skewed: volatility jumps
 * up faster than it calms down), not from a Gaussian.
 *
 * The fit is ordinary least squares on every rolling window (each start day t, with the averages taken
 * over the windows ending W, 2W, … days before it), which uses all the data rather than only W-aligned
 * windows. To keep generated paths from exploding, the coefficients are shrunk until Σ b_j ≤ 0.995
 * (stationarity) and the simulated level is clipped to the training range widened by half a standard
 * deviation.
 */
import { Rng } from '../../tensor/index.js';
import { solveLinear } from './least-squares.js';

/** Draw from a distribution stored as quantiles at evenly spaced probabilities, by inverse CDF (u uniform in [0, 1)). */
export function regimeAt(quantiles: readonly number[], u: number): number {
  const pos = u * (quantiles.length - 1);
  const i = Math.floor(pos);
  return i + 1 < quantiles.length ? quantiles[i] + (quantiles[i + 1] - quantiles[i]) * (pos - i) : quantiles[i];
}

/** The fitted process, stored as JSON in the model file. */
export interface LevelProcessState {
  /** Window length W, in days. */
  window: number;
  /** Horizons h_j of the averaged terms, in windows (ascending). */
  horizons: number[];
  intercept: number;
  coefficients: number[];
  /** Empirical innovation distribution: 257 quantiles at evenly spaced probabilities. */
  residualQuantiles: number[];
  /** Bounds of the simulated level (standardised units). */
  min: number;
  max: number;
  /**
   * Adjustments chosen after training by matching generated paths to the data (level-calibration.ts);
   * absent on a process as fitted. The fitted numbers above are kept as they are, so calibrating again
   * starts from the fit, not from an earlier calibration.
   */
  calibration?: LevelCalibration;
}

/**
 * Scales of a fitted level process: `persistence` multiplies the sum of the autoregressive coefficients
 * (capped at 0.995; > 1 = longer memory), `spread` the innovations (> 1 = wider swings between calm and
 * turbulent windows). The stationary mean level is kept. `scale` (absent on files before it: 1)
 * multiplies the generated returns' deviations from the mean, so that the unconditional windows have the
 * training part's standard deviation: the generator's windows and the level process's mixture of calm
 * and turbulent windows each move it by a few per cent, and eval's standardised W1 cannot see that.
 */
export interface LevelCalibration {
  persistence: number;
  spread: number;
  scale?: number;
}

/** Largest sum of the autoregressive coefficients the process may have (stationarity with a margin). */
export const MAX_PERSISTENCE = 0.995;

/** The stationary mean level of the fitted process. */
function stationaryMean(p: LevelProcessState): number {
  return p.intercept / (1 - p.coefficients.reduce((a, b) => a + b, 0));
}

/**
 * The process with its calibration folded into the coefficients, innovations and bounds (the process
 * itself when it has none). The bounds widen with the spread so the wider swings are not clipped.
 */
export function calibratedProcess(p: LevelProcessState): LevelProcessState {
  if (!p.calibration) return p;
  const { persistence, spread } = p.calibration;
  const mu = stationaryMean(p);
  const sum = p.coefficients.reduce((a, b) => a + b, 0);
  const scale = Math.min(persistence, MAX_PERSISTENCE / sum);
  const coefficients = p.coefficients.map((b) => b * scale);
  const intercept = mu * (1 - sum * scale);
  const centre = p.residualQuantiles.reduce((a, b) => a + b, 0) / p.residualQuantiles.length;
  const residualQuantiles = p.residualQuantiles.map((e) => centre + (e - centre) * spread);
  const widen = Math.max(1, spread);
  return {
    window: p.window, horizons: p.horizons, intercept, coefficients, residualQuantiles,
    min: mu + (p.min - mu) * widen, max: mu + (p.max - mu) * widen,
  };
}

/** Log RMS of every window of `window` days (start t = 0 … n − window), by a running sum of squares. */
export function rollingLogLevels(u: ArrayLike<number>, window: number): Float64Array {
  const count = u.length - window + 1;
  if (count < 1) throw new Error(`gangrad: a series of ${u.length} values is shorter than one window of ${window}`);
  const out = new Float64Array(count);
  let sum = 0;
  for (let i = 0; i < window; i++) sum += u[i] * u[i];
  for (let t = 0; t < count; t++) {
    if (t > 0) sum += u[t + window - 1] ** 2 - u[t - 1] ** 2;
    // Same definition as windowLogVolatility (log of RMS + 1e-6); max(0, ·) absorbs rounding drift.
    out[t] = Math.log(Math.sqrt(Math.max(0, sum) / window) + 1e-6);
  }
  return out;
}

/** The regressors of level t: the averages of the levels 1…h_j windows (h_j·W days) before t. */
function regressors(levels: ArrayLike<number>, t: number, window: number, horizons: readonly number[]): number[] {
  return horizons.map((h) => {
    let s = 0;
    for (let j = 1; j <= h; j++) s += levels[t - j * window];
    return s / h;
  });
}

/**
 * Regression rows (in windows) that each averaged term beyond the first needs. Measured on the four
 * markets (levels simulated from the fit, real window shapes): with horizons (1, 4), the ACF of |r| at
 * lags 101–250 came 2–3× closer to the data than with a plain AR(1) on the full histories, but on the
 * S&P 500 cut to its last 4,000 returns (39 windows of rows) the fitted (1, 4) model made lags 1–100
 * worse (MAE 0.087 against 0.027). A third horizon (16 windows) made the S&P 500 worse (lags 1–100: 0.051 against 0.015).
 */
const MIN_ROWS_PER_TERM = 40;

/**
 * Fit the process on a sequence of rolling window levels (already standardised). Horizons beyond the
 * first that the data cannot support are dropped (see MIN_ROWS_PER_TERM), so a short history falls
 * back to a plain AR(1) at window scale.
 */
export function fitLevelProcess(levels: ArrayLike<number>, window: number, horizons: readonly number[] = [1, 4]): LevelProcessState {
  const usable = horizons.filter((h, j) => j === 0 || levels.length - h * window >= MIN_ROWS_PER_TERM * window);
  if (levels.length - window < 8 * window) throw new Error(`gangrad: ${levels.length} window levels are too few to fit a level process (need ${9 * window})`);
  const start = usable[usable.length - 1] * window;
  const p = usable.length + 1;
  const xtx = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const xty = new Array<number>(p).fill(0);
  for (let t = start; t < levels.length; t++) {
    const x = [1, ...regressors(levels, t, window, usable)];
    for (let i = 0; i < p; i++) {
      xty[i] += x[i] * levels[t];
      for (let j = 0; j < p; j++) xtx[i][j] += x[i] * x[j];
    }
  }
  // A tiny ridge keeps the system solvable when two averages are nearly collinear (short histories).
  for (let i = 1; i < p; i++) xtx[i][i] *= 1 + 1e-6;
  const beta = solveLinear(xtx, xty);
  if (!beta) throw new Error('gangrad: the level process regression is singular (too few or constant windows)');
  let intercept = beta[0];
  let coefficients = beta.slice(1);
  let mean = 0, min = Infinity, max = -Infinity;
  for (let t = 0; t < levels.length; t++) {
    mean += levels[t];
    min = Math.min(min, levels[t]);
    max = Math.max(max, levels[t]);
  }
  mean /= levels.length;
  const persistence = coefficients.reduce((a, b) => a + b, 0);
  if (persistence > MAX_PERSISTENCE) {
    // Shrink to a stationary process with the same mean level.
    coefficients = coefficients.map((b) => (b * MAX_PERSISTENCE) / persistence);
    intercept = mean * (1 - MAX_PERSISTENCE);
  }
  const residuals: number[] = [];
  for (let t = start; t < levels.length; t++) {
    const x = regressors(levels, t, window, usable);
    residuals.push(levels[t] - intercept - x.reduce((s, v, j) => s + v * coefficients[j], 0));
  }
  residuals.sort((a, b) => a - b);
  const residualQuantiles = Array.from({ length: 257 }, (_, i) => residuals[Math.round((i / 256) * (residuals.length - 1))]);
  let sd = 0;
  for (let t = 0; t < levels.length; t++) sd += (levels[t] - mean) ** 2;
  sd = Math.sqrt(sd / levels.length);
  return { window, horizons: usable, intercept, coefficients, residualQuantiles, min: min - 0.5 * sd, max: max + 0.5 * sd };
}

/** Windows simulated and discarded before a path starts, so its first level is a draw from the stationary process. */
export const BURN_IN_WINDOWS = 64;

/**
 * Simulate `count` consecutive window levels. The process is run at window scale (one value per
 * window); the history holds the last max(h) levels. Returns `count + 1` values: the level of the
 * window before the path (the generator's "previous level" for the first window) and then one per window.
 */
export function simulateLevels(process: LevelProcessState, count: number, rng: Rng): Float64Array {
  const p = calibratedProcess(process);
  const longest = p.horizons[p.horizons.length - 1];
  const total = BURN_IN_WINDOWS + longest + count + 1;
  const levels = new Float64Array(total);
  levels.fill(Math.max(p.min, Math.min(p.max, stationaryMean(p))), 0, longest);
  for (let k = longest; k < total; k++) {
    let v = p.intercept + regimeAt(p.residualQuantiles, rng.uniform());
    for (let j = 0; j < p.horizons.length; j++) {
      let s = 0;
      for (let i = 1; i <= p.horizons[j]; i++) s += levels[k - i];
      v += (p.coefficients[j] * s) / p.horizons[j];
    }
    levels[k] = Math.max(p.min, Math.min(p.max, v));
  }
  return levels.slice(total - count - 1);
}
