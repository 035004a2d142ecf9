/**
 * Calibrating the joint model's vector level process to its trained generator, by simulated moments:
 * level-calibration.ts's method, with a choice for each asset.
 *
 * As for one asset, the ACF of |r| of a generated path is the level process's volatility memory plus
 * the clustering the generator puts inside each window, so a process that is right on its own can give
 * paths whose memory is too strong or too weak — and by different amounts for different assets. Each
 * point of level-calibration.ts's grid (persistence × spread) is tried on every asset's equation at
 * once, and each asset keeps the point that brings its own ACF of |r| over lags 1–100 closest to its
 * real series (the training and validation parts; the test part is never seen); the choices are then
 * combined. An asset's memory depends mostly on its own equation, so this costs 72 candidate sets
 * whatever d, against 72·d for a search of one asset at a time (which chose nearby points on the S&P
 * 500, AAPL and JPM: docs/portfolio.md). All candidates are scored on the same noise (common random
 * numbers). Last, each asset's windows are scaled so that their standard deviation is its training part's.
 */
import { eventLoopTurn, type AbortSignalLike } from '../../gan/index.js';
import { assetColumn, assetColumns, type AssetMatrix } from '../data/asset-matrix.js';
import { absolute, autocorrelation, meanAbsoluteError, pooled, standardise, std, wasserstein1 } from '../evaluation/stylized.js';
import { generateJointPaths, type JointGenerator } from '../model/joint/generate.js';
import type { VectorLevelCalibration } from '../model/joint/vector-level-process.js';
import { CALIBRATION_DAYS, CALIBRATION_PATHS, CALIBRATION_SEED, MAX_LAG, PERSISTENCE_GRID, SCALE_SEED, SPREAD_GRID } from './level-calibration.js';

/** Paths of one window generated to measure each asset's standard deviation (each path's window is a stationary draw). */
const SCALE_PATHS = 8192;


/** One asset's distance from its real series (lower is better). */
export interface AssetCalibrationScore {
  /** ACF(|r|) mean absolute error over lags 1–100: what is minimised. */
  acfAbsError: number;
  /** W1 between standardised 1-day returns (reported, not minimised). */
  w1Daily: number;
}

/** What {@link calibrateVectorLevelProcess} chose and how much it helped, per asset. */
export interface JointCalibrationResult {
  calibration: VectorLevelCalibration;
  /** Each asset's generated standard deviation over its training part's, before the scale (after it: 1, up to the returns' clip). */
  stdRatioBeforeScale: number[];
  /** Each asset's score with the process as fitted, and with the chosen calibration. */
  before: AssetCalibrationScore[];
  after: AssetCalibrationScore[];
}

/** The series a joint calibration is matched to (days × assets, the model's asset order). */
export interface JointCalibrationTarget {
  /** The training and validation returns (never the test part). */
  real: AssetMatrix;
  /** The training part, whose per-asset standard deviations the scales match. */
  trainingPart: AssetMatrix;
}

/** Options of {@link calibrateVectorLevelProcess}. */
export interface JointCalibrationOptions {
  /** Aborting (e.g. on Ctrl-C) stops the search between candidate sets: the result is then null. */
  signal?: AbortSignalLike;
}

/**
 * Choose each asset's persistence and spread on level-calibration.ts's grid, then the scales that give the combined process's windows each asset's training standard deviation.
 * The model is not changed; the caller stores the result in its level process. Null when `signal` aborted it.
 *
 * The combination is not searched as a whole: an asset's equation reads the others' levels, so the
 * combined process can leave an asset's error where the process as fitted had it (`after` ≥ `before`),
 * as it did for AAPL beside the S&P 500 and JPM (docs/portfolio.md).
 */
export async function calibrateVectorLevelProcess(model: JointGenerator, target: JointCalibrationTarget, options: JointCalibrationOptions = {}): Promise<JointCalibrationResult | null> {
  const d = model.transforms.length;
  if (target.real.assets !== d || target.trainingPart.assets !== d) throw new Error(`gangrad: joint calibration needs series of the model's ${d} assets, got ${target.real.assets} and ${target.trainingPart.assets}`);
  const realAcf = Array.from({ length: d }, (_, j) => autocorrelation(absolute([assetColumn(target.real, j)])[0], MAX_LAG));
  const { levelProcess } = model;
  const withCalibration = (calibration: VectorLevelCalibration): JointGenerator => ({ ...model, levelProcess: { ...levelProcess, calibration } });
  const ones = () => new Array<number>(d).fill(1);
  const pathsOf = async (calibration: VectorLevelCalibration) => (await generateJointPaths(withCalibration(calibration), CALIBRATION_PATHS, CALIBRATION_DAYS, CALIBRATION_SEED)).map(assetColumns);
  const acfError = (columns: Float64Array[][], j: number) => meanAbsoluteError(realAcf[j], autocorrelation(absolute(columns.map((c) => c[j])), MAX_LAG));
  // Every asset tries each grid point at once and keeps its own best: 72 candidate sets whatever d.
  const persistence = ones(), spread = ones(), bestError = new Array<number>(d).fill(Infinity);
  for (const p of PERSISTENCE_GRID) {
    for (const s of SPREAD_GRID) {
      await eventLoopTurn(); // the generation never waits on the event loop: let a signal (Ctrl-C) in
      if (options.signal?.aborted) return null;
      const columns = await pathsOf({ persistence: new Array<number>(d).fill(p), spread: new Array<number>(d).fill(s), scale: ones() });
      for (let j = 0; j < d; j++) {
        const error = acfError(columns, j);
        if (error < bestError[j]) [bestError[j], persistence[j], spread[j]] = [error, p, s];
      }
    }
  }
  const scores = (columns: Float64Array[][]): AssetCalibrationScore[] => Array.from({ length: d }, (_, j) => ({
    acfAbsError: acfError(columns, j),
    w1Daily: wasserstein1(standardise(assetColumn(target.real, j)), standardise(pooled(columns.map((c) => c[j])))),
  }));
  const chosen = { persistence, spread, scale: ones() };
  const stdRatios = async (scale: number[]) => {
    const windows = (await generateJointPaths(withCalibration({ ...chosen, scale }), SCALE_PATHS, model.window, SCALE_SEED)).map(assetColumns);
    const values = Array.from({ length: d }, (_, j) => pooled(windows.map((c) => c[j])));
    // A constant output's standard deviation comes out tiny rather than 0 (rounding): test for it directly.
    const ratios = values.map((v, j) => (v.every((x) => x === v[0]) ? 0 : std(v) / std(assetColumn(target.trainingPart, j))));
    const bad = ratios.findIndex((r) => !Number.isFinite(r) || r <= 0);
    if (bad >= 0) throw new Error(`gangrad: asset ${bad + 1}'s generated windows have ${ratios[bad]} times its training part's standard deviation; the generator's output is not usable (NaN or constant)`);
    return ratios;
  };
  const stdRatioBeforeScale = await stdRatios(ones());
  // The returns' clip makes the scale's effect less than proportional where the generator makes very
  // large values: look at the scaled windows again and correct, until each is within 0.2 % (three looks
  // at most; a correction after the third is kept without a fourth look).
  let scale = stdRatioBeforeScale.map((r) => 1 / r);
  for (let look = 0; look < 3; look++) {
    const ratios = await stdRatios(scale);
    if (ratios.every((r) => Math.abs(r - 1) < 0.002)) break;
    scale = scale.map((s, j) => s / ratios[j]);
  }
  return {
    calibration: { ...chosen, scale },
    stdRatioBeforeScale,
    before: scores(await pathsOf({ persistence: ones(), spread: ones(), scale: ones() })),
    after: scores(await pathsOf(chosen)),
  };
}
