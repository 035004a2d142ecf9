/**
 * A complete training run of the return GAN: data → transforms → windows → GAN steps, with a training
 * log, validation scoring and best-checkpoint selection, periodic checkpoints, clean interruption and
 * bit-identical resumption.
 */
import type { ConvergenceDiagnosis, StepMetrics } from '../../gan/index.js';
import { disposeModule, type Module } from '../../nn/index.js';
import { writeFileAtomic } from '../../io/index.js';
import { nodeModules } from '../../io/node.js';
import type { Adam } from '../../optim/index.js';
import type { PriceCsvOptions } from '../data/csv.js';
import { prepareDataset, type ReturnDataset } from '../data/dataset.js';
import { discriminativeScore, realWindowsForScore } from '../evaluation/discriminative.js';
import { generatePaths, generateWindows } from '../model/generate.js';
import type { TransformState } from '../data/transforms.js';
import { calibratedMetadata, type CalibrationResult } from './level-calibration.js';
import {
  buildNetworks, createTrainer, loadModelFile, modelPaths, restoreOptimizers, saveModelFile,
  type ModelMetadata, type ResumeState, type ReturnGanConfig,
} from '../model/model.js';
import { diagnoseRun } from './training-log.js';
import { validationScore, type ValidationScore } from '../evaluation/validation.js';

export interface TrainProgress {
  step: number;
  steps: number;
  elapsedSeconds: number;
  metrics: StepMetrics | null;
  validation: ValidationScore | null;
  best: { step: number; score: number } | null;
}

export interface TrainRunOptions {
  data: string;
  column?: string;
  out: string;
  config: ReturnGanConfig;
  /** Continue from `out/checkpoint.safetensors` (config and data come from it; `steps` may be raised). */
  resume?: boolean;
  onProgress?: (p: TrainProgress) => void;
  /** Set `.stop = true` (e.g. on Ctrl-C) to end after the current step with a checkpoint written. */
  interrupt?: { stop: boolean };
  /** Windows' worth of days generated for each validation score (as paths of {@link VALIDATION_PATH_DAYS} days). */
  validationSamples?: number;
  /** Recorded in every file the run writes (a resumed run keeps its checkpoint's), so files of different runs are told apart. */
  runId?: string;
  /** Data-sanity options of the price loader (jump bound, --allow-outliers). */
  csv?: PriceCsvOptions;
}

export interface TrainSummary {
  steps: number;
  interrupted: boolean;
  best: { step: number; score: number } | null;
  elapsedSeconds: number;
  /** The level process's calibration to the best weights (null: interrupted, or no level process). */
  calibration: CalibrationResult | null;
  /** Whether the run converged, from its whole log (resumed runs included). */
  convergence: ConvergenceDiagnosis | null;
}

const LOG_HEADER = 'step,d_loss,g_loss,d_real,d_fake,seconds,val_w1,val_acf_abs_error,val_acf_error,val_acf_abs_long_error,val_leverage_error,noise_level,val_discriminative\n';
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
 */
export async function scoreForSelection(generator: Module, config: ReturnGanConfig, dataset: ReturnDataset, validationSamples = 512): Promise<ValidationScore> {
  const pathCount = Math.max(1, Math.ceil((validationSamples * config.window) / VALIDATION_PATH_DAYS));
  const samples = await generatePaths(generator, config.latentDim, dataset.transforms, config.window, pathCount, VALIDATION_PATH_DAYS, VALIDATION_SEED);
  const longReference = dataset.returns.slice(0, dataset.split.validation[1]);
  const validation = dataset.part('validation');
  return validationScore(validation, samples, longReference, await detectability(generator, config, dataset.transforms, validation));
}

/** The discriminative score of generated windows against the validation part's (undefined when it is too short). */
async function detectability(generator: Module, config: ReturnGanConfig, transforms: TransformState, validation: Float64Array): Promise<number | undefined> {
  if (validation.length < config.window) return undefined;
  const { windows: real, purge } = realWindowsForScore(validation, config.window);
  if (real.length < MIN_DISCRIMINATIVE_WINDOWS) return undefined;
  const generated = await generateWindows(generator, config.latentDim, transforms, real.length, VALIDATION_SEED + 1);
  return discriminativeScore(real, generated, { seed: VALIDATION_SEED, purge });
}

export async function trainReturnGan(options: TrainRunOptions): Promise<TrainSummary> {
  const { appendFileSync, existsSync, mkdirSync, readFileSync } = nodeModules('trainReturnGan').fs;
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
  }
  const dataset = prepareDataset(loaded?.metadata.data.file ?? options.data, config, loaded?.metadata.data.column ?? options.column, loaded?.metadata.transforms, options.csv);
  if (loaded && dataset.info.sha256 !== loaded.metadata.data.sha256) {
    throw new Error(`${dataset.info.file}: the data changed since the checkpoint was written (SHA-256 differs); cannot resume`);
  }
  mkdirSync(options.out, { recursive: true });
  const networks = loaded?.networks ?? buildNetworks(config, dataset.transforms);
  const { trainer, batchRng } = createTrainer(config, networks, dataset.windows, dataset.windowCount);
  let best: { step: number; score: number } | null = null;
  let elapsedBefore = 0;
  if (loaded && resume) {
    restoreOptimizers(trainer, loaded.optimizerArrays, resume, paths.checkpoint);
    trainer.stepCount = loaded.metadata.step;
    trainer.latent.offset = resume.latentOffset;
    if (resume.instanceNoise) trainer.restoreNoise(resume.instanceNoise);
    batchRng.setState(resume.batchRngState);
    best = resume.bestStep !== null && resume.bestScore !== null ? { step: resume.bestStep, score: resume.bestScore } : null;
    elapsedBefore = resume.elapsedSeconds;
    // Keep the log up to the checkpoint: the steps after it will be logged again, identically.
    if (existsSync(paths.log)) {
      const rows = readFileSync(paths.log, 'utf8').trimEnd().split('\n');
      // The current header: a log begun by an older version gains the columns added since (empty in its rows).
      writeFileAtomic(paths.log, [LOG_HEADER.trimEnd(), ...rows.slice(1).filter((r) => Number(r.split(',')[0]) <= loaded!.metadata.step)].join('\n') + '\n');
    }
  } else {
    writeFileAtomic(paths.config, JSON.stringify({ ...config, data: dataset.info, transforms: dataset.transforms }, null, 2) + '\n');
    writeFileAtomic(paths.log, LOG_HEADER);
  }

  const metadata = (step: number, validationScoreValue: number | null): ModelMetadata => ({
    format: 'gangrad-return-gan-1', generator: config.generator, config, transforms: dataset.transforms, data: dataset.info, step, validationScore: validationScoreValue,
    runId: loaded?.metadata.runId ?? options.runId,
  });
  const resumeState = (): ResumeState => ({
    generatorAdamStep: (trainer.generatorOptimizer as Adam).stepCount,
    discriminatorAdamStep: (trainer.discriminatorOptimizer as Adam).stepCount,
    latentOffset: trainer.latent.offset,
    ...(config.instanceNoise > 0 ? { instanceNoise: trainer.noiseState() } : {}),
    batchRngState: batchRng.getState(),
    bestScore: best?.score ?? null,
    bestStep: best?.step ?? null,
    elapsedSeconds: elapsed(),
  });
  const started = performance.now();
  const elapsed = () => elapsedBefore + (performance.now() - started) / 1000;
  const checkpoint = () => saveModelFile(paths.checkpoint, networks, metadata(trainer.stepCount, null), { trainer, resume: resumeState() });
  const evaluate = async (): Promise<ValidationScore> => {
    const score = await scoreForSelection(networks.generator, config, dataset, options.validationSamples);
    if (!best || score.score < best.score) {
      best = { step: trainer.stepCount, score: score.score };
      await saveModelFile(paths.model, networks, metadata(trainer.stepCount, score.score));
    }
    return score;
  };

  let interrupted = false;
  let lastMetrics: StepMetrics | null = null;
  let lastYield = performance.now();
  while (trainer.stepCount < config.steps) {
    // On CPU backends a step awaits only already-resolved promises, so the event loop (and a Ctrl-C
    // handler) would never run: give it a turn every 100 ms.
    if (performance.now() - lastYield > 100) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
    if (options.interrupt?.stop) {
      interrupted = true;
      break;
    }
    const metrics = await trainer.step();
    const step = trainer.stepCount;
    const validation = step % config.evalEvery === 0 || step === config.steps ? await evaluate() : null;
    if (metrics) lastMetrics = metrics;
    if (metrics || validation) {
      const m = metrics ? [metrics.dLoss, metrics.gLoss, metrics.dReal, metrics.dFake].map((v) => v.toPrecision(6)) : ['', '', '', ''];
      const v = validation ? [validation.w1, validation.acfAbsError, validation.acfError, validation.acfAbsLongError, validation.leverageError].map((x) => x.toPrecision(5)) : ['', '', '', '', ''];
      const noise = metrics?.noiseLevel !== undefined ? metrics.noiseLevel.toPrecision(4) : '';
      const detect = validation?.discriminative != null ? validation.discriminative.toPrecision(4) : '';
      appendFileSync(paths.log, [step, ...m, elapsed().toFixed(2), ...v, noise, detect].join(',') + '\n');
    }
    if (step % config.checkpointEvery === 0) await checkpoint();
    options.onProgress?.({ step, steps: config.steps, elapsedSeconds: elapsed(), metrics: metrics ?? lastMetrics, validation, best });
  }
  await checkpoint();
  if (!best) await evaluate(); // a run stopped before its first validation still leaves a model
  trainer.dispose();
  disposeModule(networks.generator);
  disposeModule(networks.discriminator);
  // An interrupted run is calibrated when it is resumed and finishes.
  const calibration = interrupted ? null : await calibrateModelFile(paths.model, dataset);
  const convergence = diagnoseRun(paths.log, best?.step ?? null, config.steps);
  return { steps: trainer.stepCount, interrupted, best, elapsedSeconds: elapsed(), calibration, convergence };
}

/**
 * Calibrate the level process of the model file `file` (the best weights) to its generator, against
 * the training and validation returns, and write it back (atomically).
 */
async function calibrateModelFile(file: string, dataset: ReturnDataset): Promise<CalibrationResult | null> {
  const model = loadModelFile(file);
  try {
    const calibrated = await calibratedMetadata(model.networks.generator, model.metadata, dataset.returns.slice(0, dataset.split.validation[1]));
    if (!calibrated) return null;
    await saveModelFile(file, model.networks, calibrated.metadata);
    return calibrated.result;
  } finally {
    disposeModule(model.networks.generator);
    disposeModule(model.networks.discriminator);
  }
}
