/**
 * The class-conditional tabular GAN: configuration, networks, trainer and model files.
 *
 * A model directory holds `model.safetensors` (weights to sample from), `checkpoint.safetensors` (the
 * full training state, for --resume), `config.json` and `training-log.csv`. Each safetensors file carries
 * the configuration, the fitted column transforms, the data file's SHA-256 and the held-out test rows in
 * its metadata, so one file is enough to sample from and to evaluate on data it never saw.
 */
import { GanTrainer, type GanSettings, loadModuleArrays, moduleArrays, optimizerArrays, type TrainerCounters } from '../../gan/index.js';
import { encodeSafetensors, metadataJson, readSafetensorsFile, writeFileAtomic, type NamedArray } from '../../io/index.js';
import { modelDirFiles } from '../../io/model-dir.js';
import { nodeModules } from '../../io/node.js';
import { mlp } from '../../nn/index.js';
import { Adam } from '../../optim/index.js';
import { mean, Rng, scale, sliceColumns, softmaxCrossEntropySpans, tensor, type Tensor } from '../../tensor/index.js';
import { ConditionSampler } from './conditions.js';
import { PackedDiscriminator } from './discriminator.js';
import { TabularGenerator } from './generator.js';
import { validateTabularMetadata } from './metadata-schema.js';
import { layout, type TableTransform } from '../data/transforms.js';
import type { ColumnKind } from '../data/table.js';

/** Everything that defines a tabular GAN run, stored in its model files. */
export interface TabularGanConfig extends GanSettings {
  /** The class column the GAN is conditioned on. */
  target: string;
  /** Column kinds forced over the inferred ones (`--type NAME=numeric|categorical`). */
  columnTypes: Record<string, ColumnKind>;
  /** Gumbel-softmax temperature of the categorical heads. */
  temperature: number;
  /**
   * Straight-through categorical heads: exact one-hot rows forward, soft gradients (generator.ts).
   * Absent in model files from before it, whose runs had soft heads (and resume with them).
   */
  hardHeads?: boolean;
  /** Weight of CTGAN's conditional penalty in the generator loss. */
  penaltyWeight: number;
  /** PacGAN pack size: rows the discriminator judges together (1: no packing; must divide the batch). */
  pac: number;
  /** Share of rows held out (stratified by class) and never used for fitting. */
  testFraction: number;
  /** Metrics read back and logged every N steps. */
  logEvery: number;
  /** Full checkpoint every N steps (with a model directory). */
  checkpointEvery: number;
}

/** The default settings of `gangrad tabular train`; spread it and override fields for `trainTabularGan`. */
export const DEFAULT_TABULAR_CONFIG: TabularGanConfig = {
  target: 'Class', columnTypes: {}, latentDim: 64, hidden: [128, 128], alpha: 0.2, lr: 2e-4, beta1: 0.5, beta2: 0.9,
  batch: 256, steps: 1500, seed: 1, discriminatorSteps: 1, temperature: 0.2, hardHeads: true, penaltyWeight: 1, pac: 1,
  testFraction: 0.3, logEvery: 50, checkpointEvery: 500,
};

/** The tabular GAN's generator and (PacGAN-packed) discriminator. */
export interface TabularNetworks {
  generator: TabularGenerator;
  discriminator: PackedDiscriminator;
}

/**
 * The two networks for a configuration and fitted column transforms, with fresh weights: G maps
 * [z, condition] to an encoded row, D judges `pac` rows with their conditions at once.
 */
export function buildTabularNetworks(config: TabularGanConfig, transform: TableTransform): TabularNetworks {
  const { width, numericWidth, spans, categoricalWidth } = layout(transform);
  const conditionWidth = transform.target.levels.length + categoricalWidth;
  // The condition (class and one level: two ones) ends G's input [z, c] and, unpacked, D's [x, c]: its
  // weight rows are gathered, not multiplied (issue #25). Packed rows interleave it, so D keeps the product.
  return {
    generator: new TabularGenerator(config.latentDim + conditionWidth, config.hidden, numericWidth, spans, config.alpha, config.seed * 2 + 1, { temperature: config.temperature, hard: config.hardHeads === true }, conditionWidth),
    discriminator: new PackedDiscriminator(mlp([config.pac * (width + conditionWidth), ...config.hidden, 1], {
      activation: 'leakyRelu', alpha: config.alpha, seed: config.seed * 2 + 2, oneHotInputs: config.pac === 1 ? conditionWidth : 0,
    }), config.pac),
  };
}

/** The trainer over encoded training rows, with training-by-sampling and the conditional penalty. */
export function createTabularTrainer(
  config: TabularGanConfig, transform: TableTransform, networks: TabularNetworks,
  encoded: { rows: Float32Array; classes: Int32Array; codes: Int32Array[] },
): { trainer: GanTrainer; batchRng: Rng; conditions: ConditionSampler } {
  const { width, spans, categoricalWidth } = layout(transform);
  if (config.batch % config.pac !== 0) throw new Error(`gangrad: a batch of ${config.batch} rows does not split into PacGAN packs of ${config.pac} (--pac must divide --batch)`);
  const classCount = transform.target.levels.length;
  const conditions = new ConditionSampler(encoded.classes, encoded.codes, classCount, spans);
  const cw = conditions.conditionWidth;
  const batchRng = new Rng(config.seed * 7 + 3);
  let real = new Float32Array(0), cond = new Float32Array(0);
  const sampleReal = (batch: number): Tensor => {
    if (real.length !== batch * (width + cw)) real = new Float32Array(batch * (width + cw));
    for (let i = 0; i < batch; i++) {
      const r = conditions.draw(real, i * (width + cw) + width, null, batchRng, 'log');
      real.set(encoded.rows.subarray(r * width, (r + 1) * width), i * (width + cw));
    }
    return tensor(real, [batch, width + cw]);
  };
  const sampleCondition = (batch: number): Tensor => {
    if (cond.length !== batch * cw) cond = new Float32Array(batch * cw);
    for (let i = 0; i < batch; i++) conditions.draw(cond, i * cw, null, batchRng, 'log');
    return tensor(cond, [batch, cw]);
  };
  // CTGAN's penalty: each span's cross-entropy against its part of the condition, all spans in one op;
  // spans not chosen have all-zero labels there and add nothing.
  const penalty = (condition: Tensor | null): Tensor => {
    const chosen = sliceColumns(condition!, classCount, categoricalWidth);
    return scale(mean(softmaxCrossEntropySpans(networks.generator.lastLogits!, chosen, spans)), config.penaltyWeight);
  };
  const adam = { lr: config.lr, beta1: config.beta1, beta2: config.beta2 };
  const trainer = new GanTrainer({
    generator: networks.generator, discriminator: networks.discriminator, latentDim: config.latentDim,
    sampleReal, sampleCondition, conditionDim: cw, batchSize: config.batch, seed: config.seed,
    metricsEvery: config.logEvery, discriminatorSteps: config.discriminatorSteps,
    generatorPenalty: spans.length > 0 && config.penaltyWeight > 0 ? penalty : undefined,
    generatorOptimizer: new Adam(networks.generator.parameters(), adam),
    discriminatorOptimizer: new Adam(networks.discriminator.parameters(), adam),
  });
  return { trainer, batchRng, conditions };
}

/** The table a tabular model was trained on: file, SHA-256, row count and the held-out test rows. */
export interface TabularDataInfo {
  file: string;
  sha256: string;
  rows: number;
  /** Row indices (0-based, in file order) of the held-out test part. */
  testRows: number[];
}

/** The metadata every tabular model file carries: enough to sample from it and evaluate it alone. */
export interface TabularMetadata {
  format: 'gangrad-tabular-gan-1';
  config: TabularGanConfig;
  transform: TableTransform;
  data: TabularDataInfo;
  /** Class frequencies of the training rows (unconditional sampling draws classes from them). */
  classWeights: number[];
  /** Level counts per (class, generated categorical column): sampling draws conditions from them. */
  levelCounts: number[][][];
  /** Training steps behind the weights. */
  step: number;
  /** The training run that wrote the file: a model and a checkpoint belong together only when these match. */
  runId?: string;
}

/** Training state beyond the weights, needed to resume bit-identically. */
export interface TabularResumeState extends TrainerCounters {
  batchRngState: number[];
  gumbelRngState: number[];
  elapsedSeconds: number;
}

/** Write weights (and, for checkpoints, optimiser state) with metadata to a safetensors file, atomically. */
export async function saveTabularModel(
  file: string, networks: TabularNetworks, metadata: TabularMetadata, training?: { trainer: GanTrainer; resume: TabularResumeState },
): Promise<void> {
  const arrays = [...await moduleArrays(networks.generator, 'generator.'), ...await moduleArrays(networks.discriminator, 'discriminator.')];
  const meta: Record<string, string> = {
    format: metadata.format, config: JSON.stringify(metadata.config), transform: JSON.stringify(metadata.transform),
    data: JSON.stringify(metadata.data), data_sha256: metadata.data.sha256, class_weights: JSON.stringify(metadata.classWeights),
    level_counts: JSON.stringify(metadata.levelCounts), step: String(metadata.step),
  };
  if (metadata.runId) meta.run_id = metadata.runId;
  if (training) {
    arrays.push(...await optimizerArrays(training.trainer));
    meta.resume = JSON.stringify(training.resume);
  }
  writeFileAtomic(file, encodeSafetensors(arrays, meta));
}

/** A tabular model file read back by {@link loadTabularModel}, networks built and loaded. */
export interface LoadedTabularModel {
  metadata: TabularMetadata;
  /** The networks, on the current backend, with the file's weights. */
  networks: TabularNetworks;
  /** The state to resume training from (checkpoints only; null otherwise). */
  resume: TabularResumeState | null;
  /** Every array in the file by name, optimiser moments (`adam.…`) included. */
  arrays: Map<string, NamedArray>;
}

/** Read a tabular model file (or the model file of a directory `tabular train` wrote) and build its networks on the current backend. */
export function loadTabularModel(path: string): LoadedTabularModel {
  // A model directory (as `tabular train --out` writes) stands for its model file.
  const file = nodeModules('loadTabularModel').fs.statSync(path, { throwIfNoEntry: false })?.isDirectory() ? modelDirFiles(path).model : path;
  const { tensors, metadata: raw } = readSafetensorsFile(file);
  if (raw.format !== 'gangrad-tabular-gan-1') {
    const hint = raw.format === 'gangrad-return-gan-1' ? ': a market model, for gangrad sample, eval, forecast and backtest' : raw.format === 'gangrad-joint-gan-1' ? ': a portfolio model, for the gangrad portfolio commands' : '';
    throw new Error(`${file}: not a gangrad tabular-GAN model (format ${JSON.stringify(raw.format)})${hint}`);
  }
  const field = (key: string) => metadataJson(file, raw, key);
  const metadata = {
    format: 'gangrad-tabular-gan-1',
    config: { ...DEFAULT_TABULAR_CONFIG, ...(field('config') as object) },
    transform: field('transform'),
    data: field('data'),
    classWeights: field('class_weights'),
    levelCounts: field('level_counts'),
    step: field('step'),
    ...(raw.run_id !== undefined ? { runId: raw.run_id } : {}),
  } as TabularMetadata;
  validateTabularMetadata(file, metadata);
  const networks = buildTabularNetworks(metadata.config, metadata.transform);
  loadModuleArrays(networks.generator, 'generator.', tensors, file);
  loadModuleArrays(networks.discriminator, 'discriminator.', tensors, file);
  return { metadata, networks, resume: metadataJson(file, raw, 'resume', { missing: null }) as TabularResumeState | null, arrays: tensors };
}

/** The files of a tabular model directory (io/model-dir.ts). */
export const tabularModelPaths = modelDirFiles;
