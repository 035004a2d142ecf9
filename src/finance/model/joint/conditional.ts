/**
 * Joint scenarios that start from an observed history: the joint GAN's paths conditioned on every
 * asset's market as it stands at the close of day t — the multi-asset form of ../conditional.ts.
 *
 * The vector level process is run from the *observed* levels of each asset's non-overlapping W-day
 * windows ending at t, t − W, … (the regressors it was fitted on) instead of its stationary start. So the
 * first window's levels are the process's forecast from today's joint state plus one residual row (all
 * assets' innovations drawn together, as in training), its "previous levels" are the real levels of the
 * last W days (and, with correlation conditions, its previous correlations the last W days' realised
 * ones), and the generator makes the d window shapes together at those levels. A horizon beyond
 * one window continues window by window, each path from its own simulated levels.
 *
 * As for one asset, each asset's first-window level can be moved by a near-term correction (the
 * `levelShifts`, short-term.ts): it scales that asset's generated window rather than moving the
 * generator's condition, and the generator's drift by window position can be taken out of each asset's
 * windows (position-drift.ts).
 */
import { eventLoopTurns, LatentSampler } from '../../../gan/index.js';
import { Rng } from '../../../tensor/index.js';
import { assetMatrix, type AssetMatrix } from '../../data/asset-matrix.js';
import { modelToWindow, windowToModel } from '../../data/transforms.js';
import { stratifiedUniforms } from '../conditional.js';
import { forward } from '../generate.js';
import { POSITION_DRIFT_MIN_PATHS, removePositionDrift } from '../position-drift.js';
import { carryCorrelations, conditionPairs, type JointGenerator } from './generate.js';
import { nextVectorLevels } from './vector-level-process.js';
import { pairCount, windowCorrelations } from './window-correlation.js';

/** Options of {@link jointConditionalPaths}. */
export interface JointConditionalOptions {
  /** Days after t in each path (≥ 1). */
  horizon: number;
  /** Number of paths (≥ 1). */
  paths: number;
  /** Seed of the paths' noise and level innovations. */
  seed: number;
  /** Per asset, added to its first window's level (the near-term correction); default all 0. */
  levelShifts?: readonly number[];
  /** Take the generator's drift by window position out of each asset's windows (default false). */
  removePositionDrift?: boolean;
}

/** Generator rows per forward pass: memory stays bounded for any number of paths. */
const BATCH = 4096;

/** Days of history a joint forecast needs: the windows behind the level process's longest averaged term. */
export function jointRequiredHistory(model: Pick<JointGenerator, 'levelProcess'>): number {
  const p = model.levelProcess;
  return p.window * p.horizons[p.horizons.length - 1];
}

/**
 * Every asset's standardised level of the non-overlapping W-day windows ending at the last day of
 * `history`, t − W, …: (longest horizon) rows × assets, oldest first, the last row today's.
 */
export function jointMarketLevels(history: AssetMatrix, model: Pick<JointGenerator, 'levelProcess' | 'transforms'>): Float64Array {
  const { levelProcess: p, transforms } = model;
  const d = transforms.length, w = p.window, count = p.horizons[p.horizons.length - 1];
  if (history.assets !== d) throw new Error(`gangrad: the history has ${history.assets} assets, the joint model ${d}`);
  const need = jointRequiredHistory(model);
  if (history.days < need) throw new Error(`gangrad: a joint forecast needs ${need} days of returns before its start (${count} windows of ${w}); got ${history.days}`);
  const levels = new Float64Array(count * d);
  for (let k = 0; k < count; k++) {
    const start = history.days - (count - k) * w;
    for (let j = 0; j < d; j++) levels[k * d + j] = windowToModel(assetWindow(history, j, start, w), transforms[j]).condition;
  }
  return levels;
}

/** Asset j's returns on days start … start + w − 1. */
function assetWindow(history: AssetMatrix, j: number, start: number, w: number): Float64Array {
  return Float64Array.from({ length: w }, (_, t) => history.values[(start + t) * history.assets + j]);
}

/**
 * `paths` joint scenario paths of `horizon` days × d assets of daily log returns (real units), starting
 * after the last day of `history`.
 */
export async function jointConditionalPaths(model: JointGenerator, history: AssetMatrix, options: JointConditionalOptions): Promise<AssetMatrix[]> {
  const { horizon, paths, seed } = options;
  if (!Number.isInteger(horizon) || horizon < 1) throw new Error(`gangrad: the forecast horizon must be a positive whole number of days, got ${horizon}`);
  if (!Number.isInteger(paths) || paths < 1) throw new Error(`gangrad: the number of paths must be a positive integer, got ${paths}`);
  const { levelProcess: p, transforms, window: w } = model;
  const d = transforms.length;
  const shifts = options.levelShifts ?? new Array<number>(d).fill(0);
  if (shifts.length !== d) throw new Error(`gangrad: ${shifts.length} level shifts for ${d} assets`);
  const observed = jointMarketLevels(history, model);
  const observedCorrelations = new Float64Array(pairCount(d));
  if (model.correlationConditions) {
    windowCorrelations(transforms.map((s, j) => windowToModel(assetWindow(history, j, history.days - w, w), s).values), observedCorrelations);
  }
  const known = observed.length / d;
  const windows = Math.ceil(horizon / w);
  const sampler = new LatentSampler(model.latentDim, seed);
  const innovations = new Rng(seed ^ 0x9e3779b9);
  const out = Array.from({ length: paths }, () => assetMatrix(horizon, d));
  const batches = Math.ceil(paths / BATCH);
  const turns = eventLoopTurns();
  for (let b = 0, first = 0; b < batches; b++) {
    const n = Math.floor(((b + 1) * paths) / batches) - first;
    // Each path's level history: the observed rows, then its own simulated ones.
    const levels = Array.from({ length: n }, () => {
      const a = new Float64Array((known + windows) * d);
      a.set(observed);
      return a;
    });
    const pairs = conditionPairs(model), width = 2 * d + pairs;
    const conditions = new Float32Array(n * width);
    // With correlation conditions, the first window's previous correlations are the last W real days'.
    if (pairs > 0) for (let i = 0; i < n; i++) conditions.set(observedCorrelations, i * width + 2 * d);
    for (let k = 0; k < windows; k++) {
      const row = known + k;
      const scales = new Float64Array(n * d);
      // Residual rows drawn evenly over the stored rows (stratified), each path one row for all assets.
      const u = stratifiedUniforms(n, innovations);
      for (let i = 0; i < n; i++) {
        const lv = levels[i];
        nextVectorLevels(p, lv, row, p.residualRows[Math.min(p.residualRows.length - 1, Math.floor(u[i] * p.residualRows.length))]);
        for (let j = 0; j < d; j++) {
          const drawn = lv[row * d + j];
          conditions[i * width + j] = drawn;
          conditions[i * width + d + j] = lv[(row - 1) * d + j];
          scales[i * d + j] = drawn + (k === 0 ? shifts[j] : 0);
          // The next window's conditions stay in the range the generator was trained on.
          lv[row * d + j] = Math.max(p.min[j], Math.min(p.max[j], scales[i * d + j]));
        }
      }
      // With the drift removed, a batch below the estimate's minimum is padded with rows at the same conditions.
      const rows = options.removePositionDrift ? Math.max(n, POSITION_DRIFT_MIN_PATHS) : n;
      const padded = rows === n ? conditions : Float32Array.from({ length: rows * width }, (_, x) => conditions[(Math.floor(x / width) % n) * width + (x % width)]);
      const values = await forward(model.generator, sampler, rows, padded);
      if (pairs > 0) carryCorrelations(values, n, d, w, conditions);
      const count = Math.min(w, horizon - k * w);
      for (let j = 0; j < d; j++) {
        const windowsOut = Array.from({ length: rows }, (_, i) => {
          const start = (i * d + j) * w;
          return modelToWindow(values.subarray(start, start + w), scales[(i % n) * d + j], transforms[j]);
        });
        if (options.removePositionDrift) removePositionDrift(windowsOut, w);
        for (let i = 0; i < n; i++) {
          const target = out[first + i].values;
          for (let t = 0; t < count; t++) target[(k * w + t) * d + j] = windowsOut[i][t];
        }
      }
      await turns(); // a large forecast takes seconds: let a signal (Ctrl-C) or a page's drawing in
    }
    first += n;
  }
  return out;
}
