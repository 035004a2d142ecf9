/**
 * A complete training run of the return GAN: data → transforms → windows → GAN steps, with a training
 * log, validation scoring and best-checkpoint selection, periodic checkpoints, clean interruption and
 * bit-identical resumption.
 */
import { runTraining, TrainingLog, type AbortSignalLike, type ConvergenceDiagnosis, type RunProgress, type RunState, type RunSummary, type StepMetrics } from '../../gan/index.js';
import { disposeModule, type Module } from '../../nn/index.js';
import { writeFileAtomic } from '../../io/index.js';
import { refuseModelInOut } from '../../io/model-dir.js';
import { nodeModules } from '../../io/node.js';
import type { PriceCsvOptions } from '../data/csv.js';
import { prepareDataset, type ReturnDataset } from '../data/dataset.js';
import { discriminativeScore, realWindowsForScore, type DiscriminativeScorer } from '../evaluation/discriminative.js';
import { generatePaths, generateWindows } from '../model/generate.js';
import type { TransformState } from '../data/transforms.js';
import type { DataInfo } from '../model/config.js';
import { calibratedMetadata, type CalibrationResult } from './level-calibration.js';
import {
  buildNetworks, createTrainer, loadModelFile, modelPaths, saveModelFile,
  type ModelMetadata, type ResumeState, type ReturnGanConfig,
} from '../model/model.js';
import { restoreRun, resumeState } from './resume.js';
import { diagnoseRun } from './training-log.js';
import { scoreFromTerms, validationTerms, type ValidationScore } from '../evaluation/validation.js';

/** A finance run's progress after each step (see gan/run.ts). */
export type TrainProgress = RunProgress<ValidationScore>;

/** Options for {@link trainReturnGan}: where the data is, where the model goes, and the run's settings. */
export interface TrainRunOptions {
  /** Price CSV to train on (ignored when resuming: the checkpoint names its data). */
  data: string;
  /** Price column of the CSV; default: an adjusted close if present, else `close`. */
  column?: string;
  /** Model directory the run writes: `model.safetensors` (the best weights), checkpoint, `config.json`, training log. */
  out: string;
  /** Every setting of the run, e.g. `{ ...DEFAULT_CONFIG, steps: 2000 }`. */
  config: ReturnGanConfig;
  /** Continue from `out/checkpoint.safetensors` (config and data come from it; `steps` may be raised). */
  resume?: boolean;
  /** Called after every step with the run's progress (metrics and validation scores when read). */
  onProgress?: (p: TrainProgress) => void;
  /** Called once the data is read: which file and column, its dates and where its test part starts. */
  onData?: (info: DataInfo) => void;
  /**
   * Aborting (e.g. on Ctrl-C) ends the run after the current step with a checkpoint written; during
   * the level process's calibration, between its candidates, leaving the run interrupted for `resume`
   * to calibrate.
   */
  signal?: AbortSignalLike;
  /** Called when the steps are done and the level process's calibration begins (a few seconds). */
  onCalibrating?: () => void;
  /** Windows' worth of days generated for each validation score (as paths of {@link VALIDATION_PATH_DAYS} days). */
  validationSamples?: number;
  /** Recorded in every file the run writes (a resumed run keeps its checkpoint's), so files of different runs are told apart. */
  runId?: string;
  /** Data-sanity options of the price loader (jump bound, --allow-outliers). */
  csv?: PriceCsvOptions;
  /**
   * What computes the validation score's classifier term (default `discriminativeScore` on this
   * thread); the CLI passes worker threads running its folds side by side (the same scores).
   */
  discriminativeScorer?: DiscriminativeScorer;
}

/** How a finance run ended (see gan/run.ts), with the calibration and convergence of its result. */
export interface TrainSummary extends RunSummary {
  /** The level process's calibration to the best weights (null: interrupted, or no level process). */
  calibration: CalibrationResult | null;
  /** Whether the run converged, from its whole log (resumed runs included). */
  convergence: ConvergenceDiagnosis | null;
}

/** The finance log's columns after the common ones (gan/training-log.ts). */
const LOG_COLUMNS = ['val_w1', 'val_acf_abs_error', 'val_acf_error', 'val_acf_abs_long_error', 'val_leverage_error', 'noise_level', 'val_discriminative'];
/** Noise seed of the windows generated for validation scores (fixed, so scores compare across steps). */
export const VALIDATION_SEED = 0x5eed;
/** Length of the validation paths: long enough for the lag-100 term, 16 windows of 64. */
export const VALIDATION_PATH_DAYS = 1024;

/** Fewest real validation windows for which the classifier term is measured (else it is left out). */
const MIN_DISCRIMINATIVE_WINDOWS = 40;

/**
 * The score that picks the best weights (lower is better): paths of {@link VALIDATION_PATH_DAYS} days,
 * `validationSamples` windows' worth (default 512), from a fixed noise seed, against the validation part
 * (distribution and short-lag ACFs) and the training + validation parts (the long-lag ACF of |r|); and
 * as many generated windows as the validation part has (every 4th day), told apart from them by the
 * discriminative score's classifier (a validation part of under 40 such windows leaves this term out).
 * `scorer` computes that classifier term (default: `discriminativeScore` on this thread).
 */
export async function scoreForSelection(generator: Module, config: ReturnGanConfig, dataset: ReturnDataset, validationSamples = 512, scorer: DiscriminativeScorer = discriminativeScore): Promise<ValidationScore> {
  const pathCount = Math.max(1, Math.ceil((validationSamples * config.window) / VALIDATION_PATH_DAYS));
  const samples = await generatePaths(generator, config.latentDim, dataset.transforms, config.window, pathCount, VALIDATION_PATH_DAYS, VALIDATION_SEED);
  const longReference = dataset.returns.slice(0, dataset.split.validation[1]);
  const validation = dataset.part('validation');
  // The classifier starts first: on worker threads it trains while this thread computes the other terms.
  const { accuracy } = await startDetectability(generator, config, dataset.transforms, validation, scorer);
  accuracy.catch(() => {}); // awaited below; if the terms throw first, not reported as unhandled
  const terms = validationTerms(validation, samples, longReference);
  return scoreFromTerms(terms, await accuracy);
}

/**
 * Generate windows and start the discriminative score of them against the validation part's windows
 * (undefined when the part is too short); returns the pending accuracy (wrapped, so awaiting this does
 * not wait for it).
 */
async function startDetectability(generator: Module, config: ReturnGanConfig, transforms: TransformState, validation: Float64Array, scorer: DiscriminativeScorer): Promise<{ accuracy: Promise<number | undefined> }> {
  if (validation.length < config.window) return { accuracy: Promise.resolve(undefined) };
  const { windows: real, purge } = realWindowsForScore(validation, config.window);
  if (real.length < MIN_DISCRIMINATIVE_WINDOWS) return { accuracy: Promise.resolve(undefined) };
  const generated = await generateWindows(generator, config.latentDim, transforms, real.length, VALIDATION_SEED + 1);
  return { accuracy: scorer(real, generated, { seed: VALIDATION_SEED, purge }) };
}

/**
 * Train the return GAN into `options.out` (or resume it there): the training run with best-weights
 * selection by {@link scoreForSelection}, periodic checkpoints and the training log, then the level
 * process calibrated to the best weights.
 */
export async function trainReturnGan(options: TrainRunOptions): Promise<TrainSummary> {
  const { existsSync, mkdirSync } = nodeModules('trainReturnGan').fs;
  const paths = modelPaths(options.out);
  let config = options.config;
  let resume: ResumeState | null = null;
  let loaded: ReturnType<typeof loadModelFile> | null = null;
  if (options.resume) {
    if (!existsSync(paths.checkpoint)) throw new Error(`${paths.checkpoint}: no checkpoint to resume from`);
    loaded = loadModelFile(paths.checkpoint);
    resume = loaded.resume;
    if (!resume) throw new Error(`${paths.checkpoint}: holds weights but no training state`);
    config = { ...loaded.metadata.config, steps: Math.max(options.config.steps, loaded.metadata.step) };
  } else refuseModelInOut(options.out, 'trainReturnGan');
  const dataset = prepareDataset(loaded?.metadata.data.file ?? options.data, config, loaded?.metadata.data.column ?? options.column, loaded?.metadata.transforms, options.csv);
  if (loaded && dataset.info.sha256 !== loaded.metadata.data.sha256) {
    throw new Error(`${dataset.info.file}: the data changed since the checkpoint was written (SHA-256 differs); cannot resume`);
  }
  options.onData?.(dataset.info);
  mkdirSync(options.out, { recursive: true });
  const networks = loaded?.networks ?? buildNetworks(config, dataset.transforms);
  const { trainer, batchRng } = createTrainer(config, networks, dataset.windows, dataset.windowCount);
  const log = new TrainingLog(paths.log, LOG_COLUMNS);
  let resumed: RunState | undefined;
  if (loaded && resume) {
    resumed = restoreRun(trainer, batchRng, { resume, optimizerArrays: loaded.optimizerArrays, step: loaded.metadata.step, file: paths.checkpoint });
    log.keepUpTo(loaded.metadata.step);
  } else {
    log.begin();
  }
  // Written on --resume too: --steps may have changed the run's target, and config.json must give the
  // target the checkpoint and model record, not the first run's.
  writeFileAtomic(paths.config, JSON.stringify({ ...config, data: dataset.info, transforms: dataset.transforms }, null, 2) + '\n');

  const metadata = (step: number, validationScoreValue: number | null): ModelMetadata => ({
    format: 'gangrad-return-gan-1', generator: config.generator, config, transforms: dataset.transforms, data: dataset.info, step, validationScore: validationScoreValue,
    runId: loaded?.metadata.runId ?? options.runId,
  });
  const run = await runTraining<ValidationScore>({
    trainer, steps: config.steps, signal: options.signal, onProgress: options.onProgress,
    resumed,
    evaluation: {
      every: config.evalEvery,
      score: () => scoreForSelection(networks.generator, config, dataset, options.validationSamples, options.discriminativeScorer),
      onBest: (best) => saveModelFile(paths.model, networks, metadata(best.step, best.score)),
    },
    checkpoint: { every: config.checkpointEvery, save: (state) => saveModelFile(paths.checkpoint, networks, metadata(trainer.stepCount, null), { trainer, resume: resumeState(trainer, batchRng, config, state) }) },
    log: { file: log, cells: logCells },
  });
  trainer.dispose();
  disposeModule(networks.generator);
  disposeModule(networks.discriminator);
  // An interrupted run is calibrated when it is resumed and finishes; so is one stopped during the calibration.
  if (!run.interrupted) options.onCalibrating?.();
  const calibration = run.interrupted ? null : await calibrateModelFile(paths.model, dataset, options.signal);
  const convergence = diagnoseRun(paths.log, run.best?.step ?? null, config.steps);
  if (calibration === 'aborted') return { ...run, interrupted: true, calibration: null, convergence };
  return { ...run, calibration, convergence };
}

/** The finance log's own cells: the validation score's terms, the instance-noise level, the classifier term. */
function logCells(metrics: StepMetrics | null, validation: ValidationScore | null): string[] {
  const v = validation ? [validation.w1, validation.acfAbsError, validation.acfError, validation.acfAbsLongError, validation.leverageError].map((x) => x.toPrecision(5)) : ['', '', '', '', ''];
  const noise = metrics?.noiseLevel !== undefined ? metrics.noiseLevel.toPrecision(4) : '';
  const detect = validation?.discriminative != null ? validation.discriminative.toPrecision(4) : '';
  return [...v, noise, detect];
}

/**
 * Calibrate the level process of the model file `file` (the best weights) to its generator, against
 * the training and validation returns, and write it back (atomically).
 */
async function calibrateModelFile(file: string, dataset: ReturnDataset, signal?: AbortSignalLike): Promise<CalibrationResult | null | 'aborted'> {
  const model = loadModelFile(file);
  try {
    const calibrated = await calibratedMetadata(model.networks.generator, model.metadata, { real: dataset.returns.slice(0, dataset.split.validation[1]), trainingPart: dataset.part('train'), trainingWindows: { rows: dataset.windows, count: dataset.windowCount } }, { signal });
    if (!calibrated || calibrated === 'aborted') return calibrated;
    await saveModelFile(file, model.networks, calibrated.metadata);
    return calibrated.result;
  } finally {
    disposeModule(model.networks.generator);
    disposeModule(model.networks.discriminator);
  }
}
