/**
 * Scenarios that start from an observed history: the GAN's paths conditioned on the market as it
 * stands at the close of day t.
 *
 * The model makes a path window by window: a level process (level-process.ts) gives each W-day window
 * its volatility level from the levels of the windows before it, and the generator makes the window's
 * shape from noise, that level and the previous window's level. Unconditional paths run the level
 * process from its stationary distribution. Here its history is the *observed* one instead: the levels
 * of the real windows ending at t, t − W, t − 2W, … (the regressors the process was fitted on), so the
 * first window's level is the process's forecast from today's state plus a draw of its innovation, and
 * its "previous level" is the real level of the last W days. A calm start thus gives calm near-term
 * paths, a start right after a crash wide ones; later windows follow the process from there.
 *
 * The fitted process is used as fitted (least squares on every rolling window of the training part),
 * not with the calibration chosen for long unconditional paths (level-calibration.ts): one step ahead,
 * the least-squares fit is the predictor that the data chose.
 */
import { eventLoopTurns, LatentSampler } from '../../gan/index.js';
import type { Module } from '../../nn/index.js';
import { Rng } from '../../tensor/index.js';
import { modelToWindow, windowLogVolatility, type TransformState } from '../data/transforms.js';
import { forward } from './generate.js';
import { regimeAt, type LevelProcessState } from './level-process.js';
import { dailyState, DAILY_STATE_DAYS } from '../data/daily-state.js';
import { POSITION_DRIFT_MIN_PATHS, removePositionDrift } from './position-drift.js';
import { applyShapeMap } from './shape-map.js';

/** Options of {@link conditionalPaths}. */
export interface ConditionalPathOptions {
  /** Days after t in each path (≥ 1). */
  horizon: number;
  /** Number of paths (≥ 1). */
  paths: number;
  /** Seed of the paths' noise and level innovations. */
  seed: number;
  /**
   * Added to the first window's level (the near-term correction of short-term.ts); default 0. It scales
   * the generated window rather than moving the generator's level condition: the generator's first
   * days follow that condition only partly (its windows ramp from the previous window's level), so a
   * shifted condition moved the first day by 0.6–1.0 of the shift. docs/forecasting.md has the figures.
   */
  levelShift?: number;
  /**
   * Take the generator's drift by window position out of the paths (position-drift.ts); default false.
   * Each window's position means are estimated over the generator batch, which is then at least
   * {@link POSITION_DRIFT_MIN_PATHS} rows: with fewer paths, extra rows are drawn at the same conditions
   * for the estimate only. Paths beyond 4,096 are made in equal batches, each with its own estimate.
   */
  removePositionDrift?: boolean;
}

/** The state of the market at the close of day t, as the level process sees it. */
export interface MarketState {
  /** Standardised levels of the non-overlapping W-day windows ending at t − (k−1)·W, oldest first (the last is today's). */
  levels: number[];
  /** The level process's expected level of the next window (before its innovation). */
  expectedNextLevel: number;
}

/** Generator rows per forward pass: memory stays bounded for any number of paths. */
const BATCH = 4096;

/** A level within the process's range (the training part's extremes ± half a residual spread). */
const clampLevel = (level: number, p: LevelProcessState) => Math.max(p.min, Math.min(p.max, level));

/** Days of history a forecast needs: the windows behind the level process's longest averaged term. */
export function requiredHistory(transforms: TransformState): number {
  const p = transforms.levelProcess;
  if (!p || !transforms.regime) return Infinity;
  return p.window * p.horizons[p.horizons.length - 1];
}

/** The level process's forecast of the next window's level from the levels before it (most recent last). */
function expectedLevel(p: LevelProcessState, levels: ArrayLike<number>, end: number): number {
  let v = p.intercept;
  p.horizons.forEach((h, j) => {
    let s = 0;
    for (let i = 1; i <= h; i++) s += levels[end - i];
    v += (p.coefficients[j] * s) / h;
  });
  return v;
}

/**
 * The market state at the last day of `history` (daily log returns, nothing after day t). Throws when
 * the model has no level process (files before conditioning) or the history is too short.
 */
export function marketState(history: ArrayLike<number>, transforms: TransformState): MarketState {
  const p = transforms.levelProcess;
  const regime = transforms.regime;
  if (!p || !regime) {
    throw new Error("gangrad: this model has no level process, so it cannot start paths from an observed history; train one with the default generator ('window-ar-level', conditioning 'volatility')");
  }
  const need = requiredHistory(transforms);
  if (history.length < need) throw new Error(`gangrad: a forecast needs ${need} days of returns before its start (${p.horizons[p.horizons.length - 1]} windows of ${p.window}); got ${history.length}`);
  const count = p.horizons[p.horizons.length - 1];
  const levels: number[] = [];
  for (let k = count; k >= 1; k--) {
    const end = history.length - (k - 1) * p.window;
    const u = new Float64Array(p.window);
    for (let i = 0; i < p.window; i++) u[i] = (history[end - p.window + i] - transforms.mean) / transforms.std;
    levels.push((windowLogVolatility(u) - regime.mean) / regime.std);
  }
  return { levels, expectedNextLevel: expectedLevel(p, levels, levels.length) };
}

/**
 * `paths` scenario paths of `horizon` daily log returns (real units) starting after the last day of
 * `history`. Each path's windows get levels from the level process run on from the observed levels,
 * and shapes from the generator; a horizon beyond one window continues window by window.
 */
export async function conditionalPaths(generator: Module, latentDim: number, transforms: TransformState, history: ArrayLike<number>, options: ConditionalPathOptions): Promise<Float64Array[]> {
  const { horizon, paths, seed } = options;
  if (!Number.isInteger(horizon) || horizon < 1) throw new Error(`gangrad: the forecast horizon must be a positive whole number of days, got ${horizon}`);
  if (!Number.isInteger(paths) || paths < 1) throw new Error(`gangrad: the number of paths must be a positive integer, got ${paths}`);
  const state = marketState(history, transforms);
  const p = transforms.levelProcess!;
  const window = p.window;
  const windows = Math.ceil(horizon / window);
  const sampler = new LatentSampler(latentDim, seed);
  const innovations = new Rng(seed ^ 0x9e3779b9);
  const out = Array.from({ length: paths }, () => new Float64Array(horizon));
  const daily = transforms.dailyCondition === true;
  const c = daily ? 3 : 2;
  // With the daily condition: the real days the first window's daily state reads; later windows read the path's own days after them.
  const tail = daily ? Float64Array.from(Array.prototype.slice.call(history, -DAILY_STATE_DAYS) as number[]) : null;
  // Equal batches (none much smaller than the rest: position means are estimated per batch).
  const batches = Math.ceil(paths / BATCH);
  const turns = eventLoopTurns();
  for (let b = 0, first = 0; b < batches; b++) {
    const n = Math.floor(((b + 1) * paths) / batches) - first;
    // Each path's level history: the observed levels, then its own simulated ones.
    const levels = Array.from({ length: n }, () => [...state.levels]);
    // With the daily condition: each path's days, the real tail then its generated windows in full.
    const days = tail ? Array.from({ length: n }, () => { const a = new Float64Array(tail.length + windows * window); a.set(tail); return a; }) : null;
    for (let w = 0; w < windows; w++) {
      const conditions = new Float32Array(n * c);
      const shift = w === 0 ? options.levelShift ?? 0 : 0;
      // The window's level: the generator is asked for the process's draw, kept in the range it was trained
      // on, and its returns are scaled by the shift on top. The scale is not bounded by that range: the
      // observed state sets it, so a crash larger than any in training still widens the near term.
      const level = new Float64Array(n);
      const u = stratifiedUniforms(n, innovations);
      for (let i = 0; i < n; i++) {
        const history = levels[i];
        const drawn = clampLevel(expectedLevel(p, history, history.length) + regimeAt(p.residualQuantiles, u[i]), p);
        conditions[i * c] = drawn;
        conditions[i * c + 1] = history[history.length - 1];
        if (days) conditions[i * c + 2] = dailyState(days[i], tail!.length + w * window, transforms);
        level[i] = drawn + shift;
        history.push(clampLevel(level[i], p)); // the next window's conditions stay in range
      }
      // With the drift removed, a batch below the estimate's minimum is padded with rows at the same conditions.
      const rows = options.removePositionDrift ? Math.max(n, POSITION_DRIFT_MIN_PATHS) : n;
      const values = await forward(generator, sampler, rows, rows === n ? conditions : padRows(conditions, n, rows));
      const map = transforms.shapeMap;
      if (map) for (let i = 0; i < rows; i++) applyShapeMap(map, values.subarray(i * window, (i + 1) * window), conditions[(i % n) * c] - conditions[(i % n) * c + 1]);
      const windowsOut = Array.from({ length: rows }, (_, i) => modelToWindow(values.subarray(i * window, (i + 1) * window), level[i % n], transforms));
      if (options.removePositionDrift) removePositionDrift(windowsOut, window);
      const count = Math.min(window, horizon - w * window);
      for (let i = 0; i < n; i++) {
        if (days) days[i].set(windowsOut[i], tail!.length + w * window);
        out[first + i].set(windowsOut[i].subarray(0, count), w * window);
      }
      await turns(); // a large forecast takes seconds: let a signal or a page's drawing in
    }
    first += n;
  }
  return out;
}

/**
 * n uniforms, one in each of the n equal strata of [0, 1), in random order (Latin hypercube sampling):
 * each is uniform on its own, so every path's level innovation keeps its distribution, but together the
 * batch covers the innovation distribution evenly. The forecast's quantiles then carry less sampling
 * noise from the level draw at the same number of paths (docs/forecasting.md has the figures).
 */
export function stratifiedUniforms(n: number, rng: Rng): Float64Array {
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return Float64Array.from(order, (stratum) => (stratum + rng.uniform()) / n);
}

/** `conditions` ([n, c]) repeated row by row to `rows` rows. */
function padRows(conditions: Float32Array, n: number, rows: number): Float32Array {
  const c = conditions.length / n;
  const out = new Float32Array(rows * c);
  for (let i = 0; i < rows; i++) out.set(conditions.subarray((i % n) * c, (i % n + 1) * c), i * c);
  return out;
}
