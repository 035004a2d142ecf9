/**
 * The joint volatility levels of consecutive windows: a small VAR-HAR at window scale, the multi-asset
 * form of level-process.ts. Each asset's level is regressed on every asset's averaged levels:
 *
 *   L_{k,i} = c_i + Σ_h Σ_j B_{h,i,j} · mean(L_{k−1,j}, …, L_{k−h,j}) + e_{k,i},     horizons h = (1, 4)
 *
 * so a turbulent quarter in one market can raise the next quarter's level in another. The residuals are
 * drawn as whole *rows* (one vector e_k per draw) from the empirical residual rows: their
 * cross-correlation — markets jumping to turbulence together — is kept as it was, without a copula.
 *
 * Fitted by least squares (least-squares.ts) on every rolling window, the regressors taken W, 2W, …
 * days earlier, as the single-asset process. Stationarity: the companion matrix's spectral radius is
 * held at or below {@link MAX_PERSISTENCE} by shrinking the slopes (mean levels kept); simulated levels
 * are clipped per asset to the training range widened by half a standard deviation.
 *
 * Cost in d: d regressions of 1 + 2d regressors each (horizons 1 and 4), d × 2d slopes, and at most
 * {@link MAX_RESIDUAL_ROWS} × d stored residuals; a simulated window costs O(d² · 5).
 */
import { Rng } from '../../../tensor/index.js';
import type { AssetMatrix } from '../../data/asset-matrix.js';
import { leastSquares, solveLinear } from '../least-squares.js';
import { BURN_IN_WINDOWS, MAX_PERSISTENCE } from '../level-process.js';

/** The fitted process, stored as JSON in the joint model file. */
export interface VectorLevelProcessState {
  /** Window length W in days: the lag step of the regression. */
  window: number;
  assets: number;
  /** Horizons h of the averaged terms, in windows (ascending). */
  horizons: number[];
  /** c_i, one per asset. */
  intercepts: number[];
  /** One row per asset equation i: B_{h,i,j} at index h_index · assets + j. */
  coefficients: number[][];
  /** Empirical residual vectors (rows of `assets` values), drawn whole. */
  residualRows: number[][];
  /** Per-asset bounds of the simulated levels. */
  min: number[];
  max: number[];
  /**
   * Adjustments chosen after training by matching generated paths to the data
   * (training/joint-level-calibration.ts); absent on a process as fitted, whose numbers above are kept
   * as they are. Unconditional paths use them; forecasts use the process as fitted (conditional.ts).
   */
  calibration?: VectorLevelCalibration;
}

/**
 * Per-asset scales of a fitted process, as level-process.ts's `LevelCalibration` for one asset:
 * `persistence[i]` multiplies the slopes of asset i's equation (the companion matrix's spectral radius
 * still held at {@link MAX_PERSISTENCE}: past it, every equation's slopes shrink by the same factor), `spread[i]` the deviations of asset i's residuals from their
 * mean, `scale[i]` asset i's generated returns' deviations from their mean. The stationary mean levels are kept.
 */
export interface VectorLevelCalibration {
  persistence: number[];
  spread: number[];
  scale: number[];
}

/** Regression rows each averaged term beyond the first needs (as level-process.ts, in windows). */
const MIN_ROWS_PER_TERM = 40;
/**
 * Residual rows kept in the model file, evenly spaced over the fit's rows. Rolling rows a day apart
 * share all but one day, so their residuals are nearly equal: 1,000 spaced rows carry almost all the
 * information of 6,000 and bound the file at 1,000 · d numbers.
 */
export const MAX_RESIDUAL_ROWS = 1000;

/** The averages of every asset's levels 1…h windows before row t, h over `horizons` (horizon-major). */
function regressors(levels: AssetMatrix, t: number, window: number, horizons: readonly number[]): number[] {
  const d = levels.assets, x: number[] = [];
  for (const h of horizons) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 1; k <= h; k++) s += levels.values[(t - k * window) * d + j];
      x.push(s / h);
    }
  }
  return x;
}

/**
 * The lag matrices A_1 … A_P (P = longest horizon) of the process as a plain VAR(P): a horizon-h term
 * spreads B_h / h over lags 1 … h.
 */
function lagMatrices(coefficients: readonly number[][], horizons: readonly number[], d: number): number[][][] {
  const lags = horizons[horizons.length - 1];
  const a = Array.from({ length: lags }, () => Array.from({ length: d }, () => new Array<number>(d).fill(0)));
  horizons.forEach((h, hi) => {
    for (let l = 0; l < h; l++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[l][i][j] += coefficients[i][hi * d + j] / h;
  });
  return a;
}

/**
 * Spectral radius of the VAR's companion matrix, as ‖C^n‖^(1/n) for n = 2^12 by repeated squaring
 * (rescaled each time, so nothing overflows): no eigen-solver for a non-symmetric matrix needed. The norm
 * (largest entry) is within a factor of the matrix size of the spectral norm: at most 0.1 % on the 4096th root
 * at size 40 (d = 10, 4 lags).
 */
export function spectralRadius(coefficients: readonly number[][], horizons: readonly number[], d: number): number {
  const a = lagMatrices(coefficients, horizons, d);
  const n = a.length * d;
  // Flat row-major n × n matrices (entry r, c at r * n + c): the same sums in the same order as nested arrays, a few times faster.
  let m = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) m[r * n + c] = r < d ? a[Math.floor(c / d)][r][c % d] : c === r - d ? 1 : 0;
  let logScale = 0;
  for (let k = 0; k < 12; k++) {
    const next = new Float64Array(n * n);
    for (let r = 0; r < n; r++) for (let i = 0; i < n; i++) {
      const v = m[r * n + i];
      if (v !== 0) for (let c = 0; c < n; c++) next[r * n + c] += v * m[i * n + c];
    }
    let largest = 0;
    for (const v of next) largest = Math.max(largest, Math.abs(v));
    if (largest === 0) return 0; // nilpotent: every path forgets its start in P steps
    for (let e = 0; e < next.length; e++) next[e] /= largest;
    m = next;
    logScale = 2 * logScale + Math.log(largest);
  }
  return Math.exp(logScale / 4096);
}

/** Residual of each equation on row t. */
function residualRow(levels: AssetMatrix, t: number, x: readonly number[], intercepts: readonly number[], coefficients: readonly number[][]): number[] {
  return intercepts.map((c, i) => levels.values[t * levels.assets + i] - c - x.reduce((s, v, k) => s + v * coefficients[i][k], 0));
}

/**
 * Fit the process on rolling window levels (row t: every asset's standardised level of the window
 * starting at day t). Horizons beyond the first that the data cannot support are dropped, as in
 * level-process.ts.
 */
export function fitVectorLevelProcess(levels: AssetMatrix, window: number, horizons: readonly number[] = [1, 4]): VectorLevelProcessState {
  const d = levels.assets, n = levels.days;
  if (n - window < 8 * window) throw new Error(`gangrad: ${n} rows of window levels are too few to fit the vector level process (need ${9 * window})`);
  const usable = horizons.filter((h, j) => j === 0 || n - h * window >= MIN_ROWS_PER_TERM * window);
  const start = usable[usable.length - 1] * window;
  const x: number[][] = [];
  for (let t = start; t < n; t++) x.push(regressors(levels, t, window, usable));
  const mean = new Array<number>(d).fill(0), min = new Array<number>(d).fill(Infinity), max = new Array<number>(d).fill(-Infinity);
  for (let t = 0; t < n; t++) for (let j = 0; j < d; j++) {
    const v = levels.values[t * d + j];
    mean[j] += v / n;
    min[j] = Math.min(min[j], v);
    max[j] = Math.max(max[j], v);
  }
  let coefficients = mean.map((_, i) => {
    const beta = leastSquares(x, x.map((_, r) => levels.values[(start + r) * d + i]));
    if (!beta) throw new Error(`gangrad: the vector level process regression of asset ${i} is singular (too few, constant or collinear windows)`);
    return beta;
  });
  let intercepts = coefficients.map((b) => b[0]);
  const fitted = coefficients.map((b) => b.slice(1));
  coefficients = stationarySlopes(fitted, usable, d);
  if (coefficients !== fitted) intercepts = interceptsKeeping(mean, coefficients, usable, d);
  const rows = x.map((xr, r) => residualRow(levels, start + r, xr, intercepts, coefficients));
  const keep = Math.min(MAX_RESIDUAL_ROWS, rows.length);
  const residualRows = Array.from({ length: keep }, (_, k) => rows[Math.floor((k * rows.length) / keep)]);
  const sd = mean.map((m, j) => {
    let s = 0;
    for (let t = 0; t < n; t++) s += (levels.values[t * d + j] - m) ** 2;
    return Math.sqrt(s / n);
  });
  return {
    window, assets: d, horizons: usable, intercepts, coefficients, residualRows,
    min: min.map((v, j) => v - 0.5 * sd[j]), max: max.map((v, j) => v + 0.5 * sd[j]),
  };
}

/**
 * The slopes, shrunk all by the same factor until the companion matrix's spectral radius is at most
 * {@link MAX_PERSISTENCE} (ρ is not linear in the scale for P > 1, so iterate); the same array when it already is.
 */
function stationarySlopes(coefficients: number[][], horizons: readonly number[], d: number): number[][] {
  let radius = spectralRadius(coefficients, horizons, d);
  for (let i = 0; i < 50 && radius > MAX_PERSISTENCE; i++) {
    coefficients = coefficients.map((row) => row.map((b) => (b * MAX_PERSISTENCE) / radius));
    radius = spectralRadius(coefficients, horizons, d);
  }
  return coefficients;
}

/** The intercepts that keep the mean levels μ with these slopes: c = (I − Σ_h B_h) μ. */
function interceptsKeeping(mu: readonly number[], coefficients: readonly number[][], horizons: readonly number[], d: number): number[] {
  return mu.map((m, i) => m - horizons.reduce((s, _, hi) => s + mu.reduce((t, mj, j) => t + coefficients[i][hi * d + j] * mj, 0), 0));
}

/** The process's stationary mean levels μ = (I − Σ_h B_h)⁻¹ c. */
function meanLevels(p: Pick<VectorLevelProcessState, 'assets' | 'horizons' | 'intercepts' | 'coefficients'>): number[] {
  const d = p.assets;
  const system = p.intercepts.map((_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0) - p.horizons.reduce((s, _, hi) => s + p.coefficients[i][hi * d + j], 0)));
  const mu = solveLinear(system, p.intercepts);
  if (!mu) throw new Error('gangrad: the vector level process has no stationary mean (I − ΣB is singular): not a fitted, stationary process');
  return mu;
}

/** The stationary mean levels clipped to the bounds: the start of every simulation. */
function stationaryMeans(p: VectorLevelProcessState): number[] {
  return meanLevels(p).map((m, i) => Math.max(p.min[i], Math.min(p.max[i], m)));
}

/**
 * The process with its calibration folded into the slopes, intercepts, residual rows and bounds (the
 * process itself, without its `calibration` field, when it has none): what unconditional paths simulate.
 * The bounds widen with a spread above 1, so the wider swings are not clipped.
 */
export function calibratedVectorProcess(p: VectorLevelProcessState): VectorLevelProcessState {
  const { calibration, ...fitted } = p;
  if (!calibration) return fitted;
  const d = p.assets, mu = meanLevels(p);
  const coefficients = stationarySlopes(p.coefficients.map((row, i) => row.map((b) => b * calibration.persistence[i])), p.horizons, d);
  const intercepts = interceptsKeeping(mu, coefficients, p.horizons, d);
  const centre = Array.from({ length: d }, (_, j) => p.residualRows.reduce((s, e) => s + e[j], 0) / p.residualRows.length);
  const residualRows = p.residualRows.map((e) => e.map((v, j) => centre[j] + (v - centre[j]) * calibration.spread[j]));
  const widen = calibration.spread.map((s) => Math.max(1, s));
  return {
    ...fitted, coefficients, intercepts, residualRows,
    min: p.min.map((v, j) => mu[j] + (v - mu[j]) * widen[j]), max: p.max.map((v, j) => mu[j] + (v - mu[j]) * widen[j]),
  };
}

/**
 * Simulate `count` consecutive windows' levels of every asset. Returns (count + 1) × assets values,
 * row-major: row 0 is the window before the path (the generator's previous levels for the first
 * window), rows 1 … count one per window. The process starts at its mean and runs
 * {@link BURN_IN_WINDOWS} windows first, so row 0 is a draw from the stationary process. A calibrated
 * process runs with its calibration (fold it once with {@link calibratedVectorProcess} to simulate many paths).
 */
export function simulateVectorLevels(process: VectorLevelProcessState, count: number, rng: Rng): Float64Array {
  const p = calibratedVectorProcess(process);
  const d = p.assets, longest = p.horizons[p.horizons.length - 1];
  const total = BURN_IN_WINDOWS + longest + count + 1;
  const levels = new Float64Array(total * d);
  const mu = stationaryMeans(p);
  for (let k = 0; k < longest; k++) levels.set(mu, k * d);
  for (let k = longest; k < total; k++) nextVectorLevels(p, levels, k, p.residualRows[rng.int(p.residualRows.length)]);
  return levels.slice((total - count - 1) * d);
}

/**
 * One step of the process: row k of `levels` (rows × assets, row-major; the rows before k are the
 * history) set to every asset's regression on the averaged rows before it plus the residual row `e`,
 * clipped to the asset's range.
 */
export function nextVectorLevels(p: VectorLevelProcessState, levels: Float64Array, k: number, e: readonly number[]): void {
  const d = p.assets, horizons = p.horizons;
  // Each horizon's sums of the rows before k are the same for every asset's equation: formed once a
  // step (in the same order as before, so the same bits), not once per equation.
  const sums = new Float64Array(horizons.length * d);
  for (let hi = 0; hi < horizons.length; hi++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let l = 1; l <= horizons[hi]; l++) s += levels[(k - l) * d + j];
      sums[hi * d + j] = s;
    }
  }
  for (let i = 0; i < d; i++) {
    const slopes = p.coefficients[i];
    let v = p.intercepts[i] + e[i];
    for (let hi = 0; hi < horizons.length; hi++) {
      const h = horizons[hi];
      for (let j = 0; j < d; j++) v += (slopes[hi * d + j] * sums[hi * d + j]) / h;
    }
    levels[k * d + i] = Math.max(p.min[i], Math.min(p.max[i], v));
  }
}
