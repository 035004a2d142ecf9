/**
 * Calibrating the level process to the trained generator, by simulated moments.
 *
 * The level process is fitted on real window levels before training, but the paths it drives pass
 * through the generator, whose windows add their own volatility clustering inside each window (more on
 * some markets, less on others). The ACF of |r| of a generated path is the sum of both, so a process
 * that is right on its own can give paths whose volatility memory is too strong or too weak. After
 * training, we therefore scale the process's persistence and innovation spread (level-process.ts,
 * `LevelCalibration`) so that paths of the trained generator match the real series on the statistic
 * that the level process governs: the ACF of |r| over lags 1–100. (Matching the shape of 1- and
 * 20-day returns too, by their W1, was measured and traded the short histories' ACF targets for W1;
 * the W1s are still reported for the fitted and the chosen process.) The real series here is the
 * training and validation parts; the test part is never seen. All candidates are scored on the same
 * noise (common random numbers), so their differences are not sampling noise.
 *
 * Last, the level: the chosen process's windows are scaled so that their standard deviation is the
 * training part's (the part the generator and the level process were fitted on). Measured on the four
 * shared markets, the windows ran 3–5 % too calm or 6 % too volatile without it (docs/results.md).
 */
import { eventLoopTurn, type AbortSignalLike } from '../../gan/index.js';
import type { Module } from '../../nn/index.js';
import { aggregateReturns } from '../evaluation/aggregation.js';
import { generatePaths, generateWindows } from '../model/generate.js';
import type { LevelCalibration } from '../model/level-process.js';
import type { ModelMetadata } from '../model/model.js';
import { fitShapeMap } from '../model/shape-map.js';
import { absolute, autocorrelation, meanAbsoluteError, pooled, standardise, std, wasserstein1, type Series } from '../evaluation/stylized.js';
import type { TransformState } from '../data/transforms.js';

/** Candidate persistence scales (multiplying Σ b_j, capped at the stationarity bound). */
export const PERSISTENCE_GRID = [0.85, 0.9, 0.95, 1, 1.03, 1.06, 1.1, 1.15];
/** Candidate innovation spreads. */
export const SPREAD_GRID = [0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.25, 1.4, 1.6];

/** Paths generated to score each candidate (64 paths of 1,024 days: 65,536 days). */
export const CALIBRATION_PATHS = 64;
/** Days of each of those paths. */
export const CALIBRATION_DAYS = 1024;
/** Noise seed of the candidates' paths (fixed: common random numbers). */
export const CALIBRATION_SEED = 0xca1b;
/**
 * Independent windows generated to measure the standard deviation the scale corrects: 2^15, 16 times
 * eval's 2,000, so about a quarter of the 1–2 % spread eval's draws show.
 */
const SCALE_WINDOWS = 32_768;
/** Noise seed of those windows. */
export const SCALE_SEED = 0x5ca1e;
/** Longest ACF lag matched, and the aggregation horizon of the reported W1. */
export const MAX_LAG = 100;
const HORIZON = 20;

/** Distance of generated paths from the real series (lower is better); `score` is what is minimised. */
export interface CalibrationScore {
  /** ACF(|r|) mean absolute error over lags 1–100. */
  acfAbsError: number;
  /** W1 between standardised 1-day returns (reported, not minimised). */
  w1Daily: number;
  /** W1 between standardised overlapping 20-day returns, within each path (reported, not minimised). */
  w1Aggregated: number;
  score: number;
}

/** The real series' statistics, computed once. */
interface Reference {
  acfAbs: number[];
  daily: Float64Array;
  aggregated: Float64Array;
}

function reference(real: Series): Reference {
  return {
    acfAbs: autocorrelation(absolute([real])[0], MAX_LAG),
    daily: standardise(real),
    aggregated: standardise(aggregateReturns([real], HORIZON)),
  };
}

/** The minimised term, computed for every candidate. */
const acfAbsError = (paths: Float64Array[], ref: Reference) => meanAbsoluteError(ref.acfAbs, autocorrelation(absolute(paths), MAX_LAG));

/** The full score with the reported W1s (two sorts of all days: only for the fitted and the chosen process). */
function scorePaths(paths: Float64Array[], ref: Reference, acf: number): CalibrationScore {
  const all = pooled(paths);
  const w1Daily = wasserstein1(ref.daily, standardise(all));
  const w1Aggregated = wasserstein1(ref.aggregated, standardise(aggregateReturns(paths, HORIZON)));
  return { acfAbsError: acf, w1Daily, w1Aggregated, score: acf };
}

/** What {@link calibrateLevelProcess} chose and how much it helped. */
export interface CalibrationResult {
  calibration: Required<LevelCalibration>;
  /** Standard deviation of the chosen process's windows over the training part's, before the scale (after it: 1 by construction). */
  stdRatioBeforeScale: number;
  /** Score of the process as fitted (persistence 1, spread 1). */
  before: CalibrationScore;
  /** Score of the chosen calibration (≤ before: the fitted process is one of the candidates). */
  after: CalibrationScore;
}

/** The series a calibration is matched to: ACF and W1 against `real`, the level against `trainingPart`. */
export interface CalibrationTarget {
  /** The training and validation returns (never the test part). */
  real: Series;
  /** The training part's returns, whose standard deviation the scale matches. */
  trainingPart: Series;
  /** The training windows as the GAN saw them (dataset.ts rows), for the forecasts' shape map (shape-map.ts). */
  trainingWindows?: { rows: Float32Array; count: number };
}

/** Options of {@link calibrateLevelProcess} and {@link calibratedMetadata}. */
export interface CalibrationOptions {
  /** Aborting (e.g. on Ctrl-C) stops the search between candidates: the result is then null. */
  signal?: AbortSignalLike;
}

/**
 * Choose the persistence and spread of `transforms.levelProcess` on the grid above whose paths from
 * `generator` come closest to `target.real`, then the scale that gives its windows the training part's
 * standard deviation. The transforms are not changed; the caller stores the result in the model.
 * Null when `options.signal` aborted it.
 */
export async function calibrateLevelProcess(generator: Module, latentDim: number, transforms: TransformState, window: number, target: CalibrationTarget, options: CalibrationOptions = {}): Promise<CalibrationResult | null> {
  const process = transforms.levelProcess;
  if (!process) throw new Error('gangrad: calibration needs a model with a level process (generator window-ar-level)');
  const ref = reference(target.real);
  type Candidate = { calibration: LevelCalibration; paths: Float64Array[]; acf: number };
  let fitted: Candidate | null = null, best: Candidate | null = null;
  for (const persistence of PERSISTENCE_GRID) {
    for (const spread of SPREAD_GRID) {
      await eventLoopTurn(); // the generation never waits on the event loop: let a signal (Ctrl-C) in
      if (options.signal?.aborted) return null;
      const calibration = { persistence, spread };
      const paths = await generatePaths(generator, latentDim, { ...transforms, levelProcess: { ...process, calibration } }, window, CALIBRATION_PATHS, CALIBRATION_DAYS, CALIBRATION_SEED);
      const candidate = { calibration, paths, acf: acfAbsError(paths, ref) };
      if (persistence === 1 && spread === 1) fitted = candidate;
      if (!best || candidate.acf < best.acf) best = candidate;
    }
  }
  const chosen = { ...transforms, levelProcess: { ...process, calibration: best!.calibration } };
  const windows = await generateWindows(generator, latentDim, chosen, SCALE_WINDOWS, SCALE_SEED);
  const stdRatioBeforeScale = std(pooled(windows)) / std(target.trainingPart);
  if (!Number.isFinite(stdRatioBeforeScale) || stdRatioBeforeScale <= 0) throw new Error(`gangrad: the generated windows' standard deviation is ${stdRatioBeforeScale} times the training part's; the generator's output is not usable (NaN or constant)`);
  return {
    calibration: { ...best!.calibration, scale: 1 / stdRatioBeforeScale },
    stdRatioBeforeScale,
    before: scorePaths(fitted!.paths, ref, fitted!.acf),
    after: scorePaths(best!.paths, ref, best!.acf),
  };
}


/**
 * The metadata of a trained model with its level process calibrated against `target` (see
 * {@link calibrateLevelProcess}) and, given the training windows, the forecasts' shape map fitted
 * (model/shape-map.ts); null when the model has no level process (independent windows), 'aborted'
 * when `options.signal` stopped the calibration.
 */
export async function calibratedMetadata(generator: Module, metadata: ModelMetadata, target: CalibrationTarget, options: CalibrationOptions = {}): Promise<{ metadata: ModelMetadata; result: CalibrationResult } | null | 'aborted'> {
  const process = metadata.transforms.levelProcess;
  if (!process) return null;
  const result = await calibrateLevelProcess(generator, metadata.config.latentDim, metadata.transforms, metadata.config.window, target, options);
  if (!result) return 'aborted';
  const transforms: TransformState = { ...metadata.transforms, levelProcess: { ...process, calibration: result.calibration } };
  // The forecasts' map of the generator's shapes onto the market's, by level change (a model with shapes and a previous level).
  if (target.trainingWindows && metadata.transforms.shapeDomain === 'unit-rms') {
    transforms.shapeMap = await fitShapeMap(generator, metadata.config.latentDim, metadata.config.window, target.trainingWindows.rows, target.trainingWindows.count);
  }
  return { metadata: { ...metadata, transforms }, result };
}
