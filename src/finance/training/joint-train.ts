/**
 * A training run of the joint GAN: a d-asset return matrix → its chronological split → per-asset
 * transforms and the vector level process fitted on the training part → GAN steps through the shared
 * run (gan/run.ts), the weights with the best validation score kept. With `out`, the run writes a model
 * directory the way `gangrad train` does (DIR.partial under DIR.lock, published by rename:
 * io/model-dir.ts): model.safetensors, config.json, training-log.csv.
 *
 * Not implemented (yet): checkpoints and --resume, and the after-training calibration of the level
 * process that the single-asset run does.
 */
import { runTraining, TrainingLog, type RunProgress, type RunSummary, type StepMetrics } from '../../gan/index.js';
import { disposeModule } from '../../nn/index.js';
import { writeFileAtomic } from '../../io/index.js';
import { modelDirFiles, runInModelDir } from '../../io/model-dir.js';
import { nodeModules } from '../../io/node.js';
import { checkJointTraining } from '../baselines/joint-model.js';
import type { AssetMatrix } from '../data/asset-matrix.js';
import { splitMultiAssetReturns, type MultiAssetSplit } from '../data/multi-asset-returns.js';
import { jointSelectionScore, type JointSelectionScore } from '../evaluation/joint-margins.js';
import { createTrainer } from '../model/create-trainer.js';
import { checkJointConfig, DEFAULT_JOINT_CONFIG, jointLayout, type JointGanConfig } from '../model/joint/config.js';
import { generateJointPaths } from '../model/joint/generate.js';
import { decodeJointModel, encodeJointModel, JOINT_FORMAT, jointGenerator, type JointDataInputs, type JointGanModel, type JointModelMetadata } from '../model/joint/model-file.js';
import { buildJointNetworks } from '../model/joint/networks.js';
import { prepareJointTraining } from '../model/joint/training-data.js';
import { VALIDATION_PATH_DAYS, VALIDATION_SEED } from './train.js';

/** A joint run's progress after each step (see gan/run.ts). */
export type JointTrainProgress = RunProgress<JointSelectionScore>;

/** Options of {@link trainJointGan}. */
export interface JointTrainOptions {
  /** Daily log returns, days × assets (multiAssetLogReturns of aligned prices). */
  returns: AssetMatrix;
  /** Asset names in column order (default `asset 1`, `asset 2`, …). */
  assets?: readonly string[];
  /** The split to fit on (default: `returns` split by the config's test and validation fractions). */
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
  /** Paths of {@link VALIDATION_PATH_DAYS} days generated for each validation score (default 32). */
  validationPaths?: number;
  /** Where the returns came from, recorded in the model file. */
  source?: string;
  /** The price files read, recorded in the model file (see {@link JointDataInputs}). */
  inputs?: JointDataInputs;
  runId?: string;
  signal?: AbortSignal;
  onProgress?: (p: JointTrainProgress) => void;
}

/** A finished (or interrupted) joint run: how it ended, and the model with its best weights. */
export interface JointFit extends RunSummary {
  model: JointGanModel;
}

const LOG_COLUMNS = ['val_score', 'val_corr_mae', 'val_abs_corr_mae', 'val_margin_w1'];

function logCells(_: StepMetrics | null, v: JointSelectionScore | null): string[] {
  if (!v) return ['', '', '', ''];
  const w1 = v.scaledMarginW1.reduce((s, x) => s + x, 0) / v.scaledMarginW1.length;
  return [v.score, v.correlationMae, v.absCorrelationMae, w1].map((x) => x.toPrecision(5));
}

/**
 * Fit the joint GAN on the training part of `options.returns`, choosing the weights by
 * {@link jointSelectionScore} on the validation part (every `evalEvery` steps and at the end; without a
 * validation part, the last weights).
 */
export async function trainJointGan(options: JointTrainOptions): Promise<JointFit> {
  const config: JointGanConfig = {
    ...DEFAULT_JOINT_CONFIG, ...options.config,
    ...(options.steps !== undefined ? { steps: options.steps } : {}), ...(options.seed !== undefined ? { seed: options.seed } : {}),
  };
  checkJointConfig(config);
  const split = options.split ?? splitMultiAssetReturns(options.returns, config.testFraction, config.validationFraction);
  const assets = [...checkJointTraining('the joint GAN', split.train, options.assets, 10 * config.window)];
  const fit = (dir: string | null) => fitJoint(options, config, split, assets, dir);
  return options.out ? runInModelDir(options.out, { force: options.force, command: 'joint train' }, fit) : fit(null);
}

async function fitJoint(options: JointTrainOptions, config: JointGanConfig, split: MultiAssetSplit, assets: string[], dir: string | null): Promise<JointFit> {
  const data = prepareJointTraining(split.train, config);
  const networks = buildJointNetworks(config, data.transforms);
  const { trainer } = createTrainer(config, networks, data.rows, data.count, jointLayout(config, assets.length));
  const metadata = (step: number, validationScore: number | null): JointModelMetadata => ({
    format: JOINT_FORMAT, config, assets, transforms: data.transforms, levelProcess: data.levelProcess,
    data: { days: options.returns.days, split: split.split, ...(options.source ? { source: options.source } : {}), ...(options.inputs ? { inputs: options.inputs } : {}) },
    step, validationScore, ...(options.runId ? { runId: options.runId } : {}),
  });
  const files = dir ? modelDirFiles(dir) : null;
  let log: TrainingLog | null = null;
  if (dir && files) {
    nodeModules('trainJointGan').fs.mkdirSync(dir, { recursive: true });
    writeFileAtomic(files.config, JSON.stringify({ ...metadata(0, null), format: undefined, step: undefined, validationScore: undefined }, null, 2) + '\n');
    log = new TrainingLog(files.log, LOG_COLUMNS);
    log.begin();
  }
  // The best weights so far, as model-file bytes: in memory they outlive the training networks.
  let best: Uint8Array | null = null;
  const keep = async (step: number, score: number | null) => {
    best = await encodeJointModel({ metadata: metadata(step, score), networks });
    if (files) writeFileAtomic(files.model, best);
  };
  const scales = data.transforms.map((s) => s.std);
  const paths = options.validationPaths ?? 32;
  const validate = split.validation.days >= 2;
  let run: RunSummary;
  try {
    run = await runTraining<JointSelectionScore>({
      trainer, steps: config.steps, signal: options.signal, onProgress: options.onProgress,
      evaluation: validate ? {
        every: config.evalEvery,
        score: async () => jointSelectionScore(split.validation, await generateJointPaths(jointGenerator({ metadata: metadata(0, null), networks }), paths, VALIDATION_PATH_DAYS, VALIDATION_SEED), scales),
        onBest: (b) => keep(b.step, b.score),
      } : undefined,
      ...(log ? { log: { file: log, cells: logCells } } : {}),
    });
    if (!validate) await keep(trainer.stepCount, null);
  } finally {
    trainer.dispose();
    disposeModule(networks.generator);
    disposeModule(networks.discriminator);
  }
  return { ...run, model: decodeJointModel(best!, 'the best weights of the joint run') };
}
