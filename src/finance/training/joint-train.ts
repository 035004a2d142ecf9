/**
 * A training run of the joint GAN: a d-asset return matrix → its chronological split → per-asset
 * transforms and the vector level process fitted on the training part → GAN steps through the shared
 * run (gan/run.ts), the weights with the best validation score kept. With `out`, the run writes a model
 * directory the way `gangrad train` does (DIR.partial under DIR.lock, published by rename:
 * gan/model-dir.ts): model.safetensors, checkpoint.safetensors (every `config.checkpointEvery` steps
 * and when `signal` stops the run), config.json, training-log.csv. `resume` continues such a run
 * bit-identically from its checkpoint, which supplies the config, assets, split and data (the price
 * files it records are read again and must be unchanged). After the steps, as the single-asset run
 * does, the level process is calibrated to the best weights' generator (joint-level-calibration.ts)
 * and the model file written again with it.
 */
import { runTraining, TrainingLog, type AbortSignalLike, type RunProgress, type RunState, type RunSummary, type StepMetrics } from '../../gan/index.js';
import { trainInModelDir } from '../../gan/model-dir.js';
import { disposeModule } from '../../nn/index.js';
import { writeFileAtomic } from '../../io/index.js';
import { modelDirFiles } from '../../io/model-dir.js';
import { nodeModules } from '../../io/node.js';
import { TooLittleDataError } from '../../io/too-little-data.js';
import { checkJointTraining } from '../baselines/joint-model.js';
import type { AssetMatrix } from '../data/asset-matrix.js';
import { stackDays } from '../evaluation/portfolio.js';
import { loadJointInputs } from '../data/multi-asset-inputs.js';
import { fewestReturnsForTraining } from '../data/returns.js';
import { multiAssetLogReturns, splitAt, splitMultiAssetReturns, type MultiAssetSplit } from '../data/multi-asset-returns.js';
import { jointSelectionScore, type JointSelectionScore } from '../evaluation/joint-margins.js';
import { createTrainer } from '../model/create-trainer.js';
import { checkJointConfig, DEFAULT_JOINT_CONFIG, jointLayout, type JointGanConfig } from '../model/joint/config.js';
import { generateJointPaths } from '../model/joint/generate.js';
import {
  decodeJointModel, encodeJointModel, JOINT_FORMAT, jointGenerator, loadJointCheckpoint, saveJointModel,
  type JointCheckpoint, type JointDataInfo, type JointDataInputs, type JointGanModel, type JointModelMetadata,
} from '../model/joint/model-file.js';
import { buildJointNetworks } from '../model/joint/networks.js';
import { checkConfig, optionField } from '../model/model-schema.js';
import { checkSeed } from '../../tensor/index.js';
import { prepareJointTraining } from '../model/joint/training-data.js';
import { calibrateVectorLevelProcess, type JointCalibrationResult } from './joint-level-calibration.js';
import { restoreRun, resumeState } from './resume.js';
import { VALIDATION_PATH_DAYS, VALIDATION_SEED } from './train.js';

/** A joint run's progress after each step (see gan/run.ts). */
export type JointTrainProgress = RunProgress<JointSelectionScore>;

/** Options of {@link trainJointGan}. */
export interface JointTrainOptions {
  /**
   * Daily log returns, days × assets (multiAssetLogReturns of aligned prices). A resumed run whose
   * checkpoint records its price files reads them again instead; one trained on a matrix in memory needs it again here.
   */
  returns?: AssetMatrix;
  /** Asset names in column order (default `asset 1`, `asset 2`, …); each non-empty and distinct. */
  assets?: readonly string[];
  /**
   * The split to fit on (default: `returns` split by the config's test and validation fractions): day
   * ranges inside `returns`, train then validation then test without overlap (only validation may be
   * empty), each matrix as long as its range (splitAt makes them).
   */
  split?: MultiAssetSplit;
  /** Settings over {@link DEFAULT_JOINT_CONFIG}. */
  config?: Partial<JointGanConfig>;
  /** Shorthands for config.steps and config.seed. */
  steps?: number;
  seed?: number;
  /** Model directory to write (omit: train in memory). */
  out?: string;
  /** Replace an existing model directory `out` (it stays intact until the new run completes). */
  force?: boolean;
  /**
   * Continue the run in `out` from its checkpoint (the unfinished run in `out`.partial, else the published
   * one, to raise `steps`): config, assets, split and data come from it; only `steps` may change.
   */
  resume?: boolean;
  /** Paths of {@link VALIDATION_PATH_DAYS} days generated for each validation score (default 32; a resumed run needs the same). */
  validationPaths?: number;
  /** Where the returns came from, recorded in the model file. */
  source?: string;
  /** The price files read, recorded in the model file (see {@link JointDataInputs}). */
  inputs?: JointDataInputs;
  /** Recorded in every file the run writes (a resumed run keeps its checkpoint's). */
  runId?: string;
  /**
   * Aborting (e.g. on Ctrl-C) ends the run after the current step, with a checkpoint written when
   * `out` is given; during the level process's calibration, between its candidate sets, leaving the
   * run unpublished (interrupted) for `resume` to calibrate.
   */
  signal?: AbortSignalLike;
  onProgress?: (p: JointTrainProgress) => void;
  /** Called when the steps are done and the level process's calibration begins (seconds at d = 3, tens at d = 10). */
  onCalibrating?: () => void;
}

/** A finished (or interrupted) joint run: how it ended, and the model with its best weights. */
export interface JointFit extends RunSummary {
  model: JointGanModel;
  /** The level process's calibration to the best weights (null: the run was interrupted). */
  calibration: JointCalibrationResult | null;
}

const LOG_COLUMNS = ['val_score', 'val_corr_mae', 'val_abs_corr_mae', 'val_margin_w1'];

function logCells(_: StepMetrics | null, v: JointSelectionScore | null): string[] {
  if (!v) return ['', '', '', ''];
  const w1 = v.scaledMarginW1.reduce((s, x) => s + x, 0) / v.scaledMarginW1.length;
  return [v.score, v.correlationMae, v.absCorrelationMae, w1].map((x) => x.toPrecision(5));
}

/** What a run fits on, fresh from the options or read back from a checkpoint. */
interface JointRunPlan {
  config: JointGanConfig;
  split: MultiAssetSplit;
  assets: string[];
  data: JointDataInfo;
  runId?: string;
  /** The checkpoint a resumed run continues, and its file. */
  checkpoint: (JointCheckpoint & { file: string }) | null;
}

/**
 * Fit the joint GAN on the training part of `options.returns`, choosing the weights by
 * {@link jointSelectionScore} on the validation part (every `evalEvery` steps and at the end; without a
 * validation part, the last weights). With `resume`, continue the run in `out` from its checkpoint.
 */
export async function trainJointGan(options: JointTrainOptions): Promise<JointFit> {
  for (const key of Object.keys(options)) if (!JOINT_TRAIN_OPTIONS.has(key)) throw new Error(`trainJointGan: unknown option '${key}' (options: ${[...JOINT_TRAIN_OPTIONS].join(', ')})`);
  if (options.steps !== undefined && (!Number.isInteger(options.steps) || options.steps < 1)) throw new Error(`trainJointGan: option 'steps' must be a positive integer, got ${JSON.stringify(options.steps) ?? String(options.steps)}`);
  if (options.resume && !options.out) throw new Error('gangrad: resume needs out, the model directory whose run to continue');
  if (options.resume && options.force) throw new Error('gangrad: resume and force exclude each other: continue the run, or replace it');
  // A fresh run's settings and data are checked before the directory is touched; a resumed run's come from its checkpoint.
  const fresh = options.resume ? null : freshPlan(options);
  if (!options.out) return fitJoint(options, fresh!, null);
  return trainInModelDir(options.out, { resume: options.resume, force: options.force, command: 'portfolio train' }, (dir) => fitJoint(options, fresh ?? resumedPlan(options, dir), dir));
}

/** The options {@link trainJointGan} takes: a misspelt one is an error, not a default silently used. */
const JOINT_TRAIN_OPTIONS = new Set(['returns', 'assets', 'split', 'config', 'steps', 'seed', 'out', 'force', 'resume', 'validationPaths', 'source', 'inputs', 'runId', 'signal', 'onProgress', 'onCalibrating']);

/** Every setting checked before a step is taken (the model file's own checks among them), each error naming the option. */
function checkJointOptions(options: JointTrainOptions, config: JointGanConfig): void {
  const where = 'trainJointGan';
  for (const key of Object.keys(options.config ?? {})) if (!(key in DEFAULT_JOINT_CONFIG)) throw new Error(`${where}: unknown config field '${key}'`);
  checkConfig(where, config as unknown as Record<string, unknown>, optionField);
  checkSeed(config.seed, where);
  const paths = options.validationPaths;
  if (paths !== undefined && (!Number.isInteger(paths) || paths < 1)) throw new Error(`${where}: option 'validationPaths' must be a positive integer, got ${JSON.stringify(paths) ?? String(paths)}`);
}

/** Refuses empty and repeated asset names: the model file, its reports and name-matched files need each asset told apart. */
function checkAssetNames(assets: readonly string[] | undefined): void {
  if (assets === undefined) return;
  const show = (v: unknown) => JSON.stringify(v) ?? String(v);
  assets.forEach((name, j) => {
    if (typeof name !== 'string' || name.trim() === '') throw new Error(`trainJointGan: option 'assets' must name every asset, got ${show(name)} for asset ${j + 1}`);
    const first = assets.indexOf(name);
    if (first < j) throw new Error(`trainJointGan: option 'assets' names assets ${first + 1} and ${j + 1} both '${name}'; give each asset its own name`);
  });
}

/**
 * Refuses a split the model file would record wrongly: each part a range [start, end) of whole days
 * inside the returns, train and test not empty, the parts in order (train, validation, test) without
 * overlap, and each part's matrix as long as its range.
 */
function checkSplitOption(split: MultiAssetSplit, returns: AssetMatrix): void {
  const bad = (what: string) => new Error(`trainJointGan: option 'split': ${what}`);
  const ranges = split.split;
  if (typeof ranges !== 'object' || ranges === null) throw bad(`'split.split' must hold the day ranges (train, validation, test), got ${JSON.stringify(ranges)}`);
  const parts = ['train', 'validation', 'test'] as const;
  for (const part of parts) {
    const r = ranges[part];
    const show = JSON.stringify(r) ?? String(r);
    if (!Array.isArray(r) || r.length !== 2 || !r.every((v) => Number.isInteger(v))) throw bad(`${part} must be a day range [start, end) of whole numbers, got ${show}`);
    if (r[0] < 0 || r[1] > returns.days) throw bad(`${part} ${show} lies outside the ${returns.days} days of returns [0, ${returns.days})`);
    if (r[0] > r[1] || (r[0] === r[1] && part !== 'validation')) throw bad(`${part} ${show} is ${r[0] > r[1] ? 'reversed' : 'empty'}: need start < end${part === 'validation' ? ' (or start = end for no validation part)' : ''}`);
  }
  // An empty validation part has no place in time to be out of: only train and test must then follow each other.
  const noValidation = ranges.validation[0] === ranges.validation[1];
  if (noValidation ? ranges.train[1] > ranges.test[0] : ranges.train[1] > ranges.validation[0] || ranges.validation[1] > ranges.test[0]) {
    throw bad(`the parts overlap or are out of order (train ${JSON.stringify(ranges.train)}, validation ${JSON.stringify(ranges.validation)}, test ${JSON.stringify(ranges.test)}): they must follow each other in time, train first`);
  }
  for (const part of parts) {
    const m = split[part], [start, end] = ranges[part];
    if (!m || m.days !== end - start || m.assets !== returns.assets) throw bad(`${part}'s matrix has ${m ? `${m.days} days × ${m.assets} assets` : 'no value'}, its range ${JSON.stringify(ranges[part])} needs ${end - start} days × ${returns.assets} assets (splitAt(returns, ranges) makes them)`);
  }
}

/**
 * Too few returns for the default split's training part: an error that says how many returns (prices
 * per asset) are needed in all, which 'training days' alone leaves the user to work out from the fractions.
 */
function refuseShortDefaultSplit(trainDays: number, days: number, config: JointGanConfig, source = 'gangrad'): void {
  const minDays = 10 * config.window, share = 1 - config.testFraction - config.validationFraction;
  if (trainDays >= minDays) return;
  const need = jointMinimumReturns(config);
  throw new TooLittleDataError(`${source}: the joint GAN needs at least ${minDays} training days, got ${trainDays}: the first ${+(100 * share).toFixed(1)} % of ${days} daily returns; give at least ${need} daily returns (${need + 1} common days of prices)`);
}

/**
 * The fewest daily returns whose chronological split (the config's fractions) leaves the joint GAN its
 * 10 windows of training days: a price file needs one more row (915 and 916 with the defaults).
 */
export function jointMinimumReturns(config: Pick<JointGanConfig, 'window' | 'testFraction' | 'validationFraction'>): number {
  return fewestReturnsForTraining(10 * config.window, config.testFraction, config.validationFraction);
}

function freshPlan(options: JointTrainOptions): JointRunPlan {
  const config: JointGanConfig = {
    ...DEFAULT_JOINT_CONFIG, ...options.config,
    ...(options.steps !== undefined ? { steps: options.steps } : {}), ...(options.seed !== undefined ? { seed: options.seed } : {}),
  };
  checkJointOptions(options, config);
  checkJointConfig(config);
  if (!options.returns) throw new Error('gangrad: trainJointGan needs returns (a days × assets matrix)');
  const { values, assets: width } = options.returns;
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`trainJointGan: returns hold ${values[bad]} at day ${Math.floor(bad / width) + 1}, asset ${(bad % width) + 1}${options.assets?.[bad % width] ? ` (${options.assets[bad % width]})` : ''}: every daily return must be a finite number`);
  checkAssetNames(options.assets);
  if (options.split) checkSplitOption(options.split, options.returns);
  const split = options.split ?? splitMultiAssetReturns(options.returns, config.testFraction, config.validationFraction);
  if (!options.split) refuseShortDefaultSplit(split.train.days, options.returns.days, config, options.source);
  const assets = [...checkJointTraining('the joint GAN', split.train, options.assets, 10 * config.window)];
  const data: JointDataInfo = {
    // Hashed only for a run in a directory, which can be resumed (a page trains in memory, without Node's crypto).
    days: options.returns.days, split: split.split, ...(options.out ? { returnsSha256: returnsSha256(options.returns) } : {}),
    ...(options.source ? { source: options.source } : {}), ...(options.inputs ? { inputs: options.inputs } : {}),
  };
  return { config, split, assets, data, runId: options.runId, checkpoint: null };
}

/** The plan of a resumed run: everything from `dir`'s checkpoint, the returns read again and checked. */
function resumedPlan(options: JointTrainOptions, dir: string): JointRunPlan {
  const file = modelDirFiles(dir).checkpoint;
  if (!nodeModules('trainJointGan').fs.existsSync(file)) throw new Error(`${file}: no checkpoint to resume from`);
  const checkpoint = loadJointCheckpoint(file);
  const { metadata } = checkpoint.model;
  if (!checkpoint.resume) throw new Error(`${file}: holds weights but no training state; cannot resume`);
  const returns = checkedReturns(metadata.data, options.returns, file);
  const steps = Math.max(options.steps ?? options.config?.steps ?? metadata.config.steps, metadata.step);
  return {
    config: { ...metadata.config, steps }, split: splitAt(returns, metadata.data.split), assets: metadata.assets, data: metadata.data,
    runId: metadata.runId ?? options.runId, checkpoint: { ...checkpoint, file },
  };
}

/**
 * The returns a checkpoint was trained on: its recorded price files read again (each must be unchanged:
 * SHA-256), else the matrix the caller passes; either must match the recorded size and SHA-256.
 */
function checkedReturns(data: JointDataInfo, given: AssetMatrix | undefined, file: string): AssetMatrix {
  const returns = data.inputs ? multiAssetLogReturns(loadJointInputs(data.inputs, file).prices) : given;
  if (!returns) throw new Error(`${file}: records no price files; pass the returns it was trained on to resume it`);
  const source = data.inputs ? `the price files ${file} records` : 'the returns given';
  if (returns.days !== data.days) throw new Error(`${file}: trained on ${data.days} days of returns, ${source} give ${returns.days}; cannot resume`);
  if (data.returnsSha256 !== undefined && returnsSha256(returns) !== data.returnsSha256) {
    throw new Error(`${file}: ${source} differ from the returns it was trained on (SHA-256); cannot resume`);
  }
  return returns;
}

/** SHA-256 of a return matrix's float64 bytes: what a joint model records of the returns it was fitted on. */
export function returnsSha256(returns: AssetMatrix): string {
  const { values } = returns;
  return nodeModules('trainJointGan').crypto.createHash('sha256').update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)).digest('hex');
}

async function fitJoint(options: JointTrainOptions, plan: JointRunPlan, dir: string | null): Promise<JointFit> {
  const { config, split, assets, checkpoint } = plan;
  const data = prepareJointTraining(split.train, config, assets, plan.data.inputs);
  const networks = checkpoint?.model.networks ?? buildJointNetworks(config, data.transforms);
  const { trainer, batchRng } = createTrainer(config, networks, data.rows, data.count, jointLayout(config, assets.length));
  const metadata = (step: number, validationScore: number | null): JointModelMetadata => ({
    format: JOINT_FORMAT, config, assets, transforms: data.transforms, levelProcess: data.levelProcess, data: plan.data,
    step, validationScore, ...(plan.runId ? { runId: plan.runId } : {}),
  });
  const files = dir ? modelDirFiles(dir) : null;
  let log: TrainingLog | null = null;
  let resumed: RunState | undefined;
  // The best weights so far, as model-file bytes: in memory they outlive the training networks.
  let best: Uint8Array | null = null;
  if (files) {
    log = new TrainingLog(files.log, LOG_COLUMNS);
    if (checkpoint?.resume) {
      resumed = restoreRun(trainer, batchRng, { resume: checkpoint.resume, optimizerArrays: checkpoint.optimizerArrays, step: checkpoint.model.metadata.step, file: checkpoint.file });
      log.keepUpTo(checkpoint.model.metadata.step);
      // The best so far is the published model file's (checkResumable made sure it belongs to this run).
      if (resumed.best) best = nodeModules('trainJointGan').fs.readFileSync(files.model);
    } else {
      nodeModules('trainJointGan').fs.mkdirSync(dir!, { recursive: true });
      log.begin();
    }
    // Written on --resume too: --steps may have changed the run's target, and config.json must give the
    // target the checkpoint and model record, not the first run's.
    writeFileAtomic(files.config, JSON.stringify({ ...metadata(0, null), format: undefined, step: undefined, validationScore: undefined }, null, 2) + '\n');
  }
  const keep = async (step: number, score: number | null) => {
    best = await encodeJointModel({ metadata: metadata(step, score), networks });
    if (files) writeFileAtomic(files.model, best);
  };
  const save = async (state: RunState) => {
    await saveJointModel(files!.checkpoint, { metadata: metadata(trainer.stepCount, null), networks }, { trainer, resume: resumeState(trainer, batchRng, config, state) });
  };
  const scales = data.transforms.map((s) => s.std);
  const paths = options.validationPaths ?? 32;
  const validate = split.validation.days >= 2;
  let run: RunSummary;
  try {
    run = await runTraining<JointSelectionScore>({
      trainer, steps: config.steps, signal: options.signal, onProgress: options.onProgress, resumed,
      evaluation: validate ? {
        every: config.evalEvery,
        score: async () => jointSelectionScore(split.validation, await generateJointPaths(jointGenerator({ metadata: metadata(0, null), networks }), paths, VALIDATION_PATH_DAYS, VALIDATION_SEED), scales),
        onBest: (b) => keep(b.step, b.score),
      } : undefined,
      ...(files ? { checkpoint: { every: config.checkpointEvery, save } } : {}),
      ...(log ? { log: { file: log, cells: logCells } } : {}),
    });
    if (!validate) await keep(trainer.stepCount, null);
  } finally {
    trainer.dispose();
    disposeModule(networks.generator);
    disposeModule(networks.discriminator);
  }
  const model = decodeJointModel(best!, 'the best weights of the joint run');
  if (run.interrupted) return { ...run, model, calibration: null };
  options.onCalibrating?.();
  const calibration = await calibrateVectorLevelProcess(jointGenerator(model), { real: stackDays([split.train, split.validation]), trainingPart: split.train }, { signal: options.signal });
  if (!calibration) return { ...run, interrupted: true, model, calibration: null };
  const calibrated: JointGanModel = { ...model, metadata: { ...model.metadata, levelProcess: { ...model.metadata.levelProcess, calibration: calibration.calibration } } };
  if (files) writeFileAtomic(files.model, await encodeJointModel(calibrated));
  return { ...run, model: calibrated, calibration };
}

