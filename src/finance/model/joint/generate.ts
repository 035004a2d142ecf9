/**
 * Joint paths, window by window as generate.ts makes one asset's: the vector level process gives every
 * asset's level for the next window from all assets' levels before it, and the generator makes the d
 * window shapes together from noise, those levels and the previous window's. Paths come in chunks of
 * {@link PATH_CHUNK}, so memory is bounded by the chunk whatever the number of paths.
 */
import { eventLoopTurns, LatentSampler } from '../../../gan/index.js';
import type { Module } from '../../../nn/index.js';
import { checkSeed, Rng } from '../../../tensor/index.js';
import { assetMatrix, type AssetMatrix } from '../../data/asset-matrix.js';
import { modelToWindow, type TransformState } from '../../data/transforms.js';
import { forward, PATH_CHUNK } from '../generate.js';
import { calibratedVectorProcess, simulateVectorLevels, type VectorLevelProcessState } from './vector-level-process.js';
import { pairCount, windowCorrelations } from './window-correlation.js';

/** What generation needs of a joint model. */
export interface JointGenerator {
  generator: Module;
  latentDim: number;
  window: number;
  transforms: readonly TransformState[];
  levelProcess: VectorLevelProcessState;
  /** The generator also reads the previous window's pair correlations (config.correlationConditions). */
  correlationConditions?: boolean;
}

/** Pair correlations among a joint generator's conditions (0 without correlation conditions). */
export function conditionPairs(model: Pick<JointGenerator, 'transforms' | 'correlationConditions'>): number {
  return model.correlationConditions ? pairCount(model.transforms.length) : 0;
}

/**
 * Each row's pair correlations of the generated shapes in `values` ([n, d·W], asset j at columns jW …),
 * written into the correlation columns of `conditions` ([n, 2d + pairs]): the next window's condition.
 */
export function carryCorrelations(values: Float64Array, n: number, d: number, w: number, conditions: Float32Array): void {
  const width = 2 * d + pairCount(d);
  for (let i = 0; i < n; i++) {
    const shapes = Array.from({ length: d }, (_, j) => values.subarray((i * d + j) * w, (i * d + j + 1) * w));
    windowCorrelations(shapes, conditions, i * width + 2 * d);
  }
}

/**
 * `paths` paths of `length` days × d assets of daily log returns, `PATH_CHUNK` at a time: each chunk is
 * `{ first, paths }`, `first` the index of its first path. The same `seed` gives the same paths.
 */
export async function* generateJointPathChunks(model: JointGenerator, paths: number, length: number, seed: number): AsyncGenerator<{ first: number; paths: AssetMatrix[] }> {
  const { window: w, transforms } = model;
  const d = transforms.length;
  // Long paths run the process with its calibration, folded once (forecasts use it as fitted: conditional.ts).
  const levelProcess = calibratedVectorProcess(model.levelProcess);
  const scale = model.levelProcess.calibration?.scale ?? new Array<number>(d).fill(1);
  const shown = (v: unknown) => (typeof v === 'string' ? `'${v}'` : String(v));
  if (!Number.isInteger(paths) || paths < 0 || !Number.isInteger(length) || length < 1) throw new Error(`gangrad: joint paths need whole numbers of paths (≥ 0) and days (≥ 1), got ${shown(paths)} × ${shown(length)}`);
  // NaN or 2³² would be read as seed 0 by the generators: the same paths under another name.
  checkSeed(seed, 'gangrad: joint paths');
  const perPath = Math.ceil(length / w);
  const sampler = new LatentSampler(model.latentDim, seed);
  const levelRng = new Rng(seed ^ 0x9e3779b9);
  const turns = eventLoopTurns();
  for (let first = 0; first < paths; first += PATH_CHUNK) {
    const n = Math.min(PATH_CHUNK, paths - first);
    const out = Array.from({ length: n }, () => assetMatrix(length, d));
    // Level paths first (cheap): row w + 1 of levels[p] is window w's levels, row 0 the window before.
    const levels = Array.from({ length: n }, () => simulateVectorLevels(levelProcess, perPath, levelRng));
    const pairs = conditionPairs(model), width = 2 * d + pairs;
    const conditions = new Float32Array(n * width);
    const setLevels = (k: number) => {
      for (let p = 0; p < n; p++) {
        conditions.set(levels[p].subarray((k + 1) * d, (k + 2) * d), p * width);
        conditions.set(levels[p].subarray(k * d, (k + 1) * d), p * width + d);
      }
    };
    if (pairs > 0) {
      // The first window's previous correlations: those of a window made before it (at the window-0
      // levels, from zero correlations), so every path starts from the model's own co-movement.
      setLevels(0);
      carryCorrelations(await forward(model.generator, sampler, n, conditions), n, d, w, conditions);
    }
    for (let k = 0; k < perPath; k++) {
      setLevels(k);
      const values = await forward(model.generator, sampler, n, conditions);
      if (pairs > 0) carryCorrelations(values, n, d, w, conditions);
      const days = Math.min(w, length - k * w);
      for (let p = 0; p < n; p++) {
        for (let j = 0; j < d; j++) {
          const start = (p * d + j) * w;
          const returns = modelToWindow(values.subarray(start, start + w), conditions[p * width + j], transforms[j], { scale: scale[j] });
          for (let t = 0; t < days; t++) out[p].values[(k * w + t) * d + j] = returns[t];
        }
      }
      await turns(); // thousands of paths take seconds: let a signal (Ctrl-C) or a page's drawing in
    }
    yield { first, paths: out };
  }
}

/** All paths of {@link generateJointPathChunks} in one array (for evaluation; a writer should stream the chunks). */
export async function generateJointPaths(model: JointGenerator, paths: number, length: number, seed: number): Promise<AssetMatrix[]> {
  const all: AssetMatrix[] = [];
  for await (const chunk of generateJointPathChunks(model, paths, length, seed)) all.push(...chunk.paths);
  return all;
}
