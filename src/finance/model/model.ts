/**
 * The return-series GAN: its configuration, its networks, and its model files.
 *
 * A model directory holds `model.safetensors` (the best weights by validation score),
 * `checkpoint.safetensors` (the latest full training state, for --resume), `config.json` and
 * `training-log.csv`. Every safetensors file carries the configuration, the fitted transforms, the data
 * file's SHA-256 and the training step in its metadata, so one file is enough to sample from.
 */
import { GanTrainer, type GanSettings, type InstanceNoiseState, loadModuleArrays, moduleArrays, optimizerArrays, rowSampler, type TrainerCounters } from '../../gan/index.js';
import { modelDirFiles } from '../../io/model-dir.js';
import { nodeModules } from '../../io/node.js';
import { Activation, Dense, mlp, Sequential, type Module } from '../../nn/index.js';
import { Adam } from '../../optim/index.js';
import { absolute, add, concatColumns, fill, mul, Rng, scale, sigmoid, sliceColumns, tensor, type Tensor } from '../../tensor/index.js';
import { decodeSafetensors, encodeSafetensors, readSafetensorsFile, writeFileAtomic, type NamedArray, type SafetensorsContent } from '../../io/index.js';
import type { TransformState } from '../data/transforms.js';
import { validateModelMetadata } from './model-schema.js';
import { UnitRmsShapeHead } from './shape-head.js';

/** Everything that defines a training run. Defaults are the reference model. */
export interface ReturnGanConfig extends GanSettings {
  /** Days per generated window (L). */
  window: number;
  /** Days between the starts of consecutive training windows. */
  stride: number;
  /** Use the inverse Lambert-W transform for heavy tails. */
  tails: boolean;
  labelSmoothing: number;
  /**
   * Discriminator updates per generator update. 2 by default: with 1, the generator's windows kept a
   * lag-1 autocorrelation that a held-out classifier spotted (discriminative score 0.89 on the S&P 500
   * test part); with 2 it fell to 0.61.
   */
  discriminatorSteps: number;
  /**
   * Adaptive instance noise on the discriminator's inputs (trainer.ts, `InstanceNoiseOptions`): the
   * mean D(x) on real windows it holds D at, or 0 for none. Files written before the key have none.
   */
  instanceNoise: number;
  testFraction: number;
  validationFraction: number;
  /** Validation scoring (and best-checkpoint selection) every N steps. */
  evalEvery: number;
  /** Full checkpoint every N steps. */
  checkpointEvery: number;
  /** Metrics read back and logged every N steps. */
  logEvery: number;
  /**
   * What the discriminator sees: the window (`returns`), or the window and its absolute values
   * (`returns+abs`), which makes missing volatility clustering visible to its first layer, or also the
   * products of neighbouring days r_t·r_{t+1} (`returns+abs+lag1`), whose mean is the window's lag-1
   * autocovariance: a sum a first layer can form, where a product of two inputs is beyond it.
   */
  discriminatorInput: 'returns' | 'returns+abs' | 'returns+abs+lag1';
  /**
   * What the generator outputs: the window directly (`returns`; for the conditional model its shape in
   * the Gaussianised domain), a volatility path and a shock path whose product is the window
   * (`volatility×shock`), the structure of stochastic-volatility models, or (conditional model only) a
   * window shape with unit RMS in standardised-return units (`unit-rms-shape`, shape-head.ts), the
   * constraint every real shape has, which the discriminator then sees too.
   */
  generatorOutput: GeneratorOutput;
  /**
   * `volatility`: a conditional GAN on each window's volatility level (its standardised log RMS). The
   * generator then needs to learn only the shape of a window at a given level, and sampling draws levels
   * from the training windows' own distribution, so calm and turbulent regimes appear as often as in
   * the data. `none`: unconditional.
   */
  conditioning: 'none' | 'volatility';
  /**
   * How paths longer than one window are made (recorded in the model file's metadata):
   * `window-ar-level`: window by window, each window's volatility level drawn from a persistent process
   * fitted on the training windows' levels (level-process.ts), the generator conditioned on this and
   * the previous window's level; `independent-windows` (model files before it): independent windows,
   * levels drawn i.i.d., joined end to end.
   */
  generator: GeneratorKind;
}

/** The generator output layers (see {@link ReturnGanConfig.generatorOutput}). */
export type GeneratorOutput = 'returns' | 'volatility×shock' | 'unit-rms-shape';

/** The path generators a model file may hold. */
export type GeneratorKind = 'window-ar-level' | 'independent-windows';
/** Every {@link GeneratorKind}, for validating a model file's `generator` key. */
export const GENERATOR_KINDS: readonly GeneratorKind[] = ['window-ar-level', 'independent-windows'];

export const DEFAULT_CONFIG: ReturnGanConfig = {
  window: 64, stride: 1, latentDim: 64, hidden: [256, 256], alpha: 0.2,
  lr: 2e-4, beta1: 0.5, beta2: 0.999, batch: 256, steps: 10_000, seed: 1, tails: true,
  labelSmoothing: 0, discriminatorSteps: 2, instanceNoise: 0.6, testFraction: 0.2, validationFraction: 0.1,
  evalEvery: 500, checkpointEvery: 1000, logEvery: 50, discriminatorInput: 'returns+abs', generatorOutput: 'unit-rms-shape', conditioning: 'volatility',
  generator: 'window-ar-level',
};

/**
 * A generator whose last hidden layer feeds two heads: a volatility path σ = 0.05 + 2·sigmoid(a) (positive,
 * bounded, in units of the data's scale) and a shock path ε; it outputs σ ⊙ ε. Clustering then needs
 * only a slowly varying σ, which the network finds far more easily than a joint distribution of raw values.
 */
export class VolatilityShockGenerator implements Module {
  readonly trunk: Sequential;
  readonly volatilityHead: Dense;
  readonly shockHead: Dense;

  constructor(latentDim: number, hidden: number[], window: number, alpha: number, seed: number) {
    const rng = new Rng(seed);
    const layers: Module[] = [];
    let width = latentDim;
    for (const h of hidden) {
      layers.push(new Dense(width, h, { init: 'he', rng }), new Activation('leakyRelu', alpha));
      width = h;
    }
    this.trunk = new Sequential(layers);
    this.volatilityHead = new Dense(width, window, { rng });
    this.shockHead = new Dense(width, window, { rng });
  }

  forward(z: Tensor): Tensor {
    const h = this.trunk.forward(z);
    const volatility = add(scale(sigmoid(this.volatilityHead.forward(h)), 2), fill([z.shape[0], this.shockHead.outputs], 0.05, z.backend));
    return mul(volatility, this.shockHead.forward(h));
  }

  parameters(): Tensor[] {
    return [...this.trunk.parameters(), ...this.volatilityHead.parameters(), ...this.shockHead.parameters()];
  }

  namedParameters(prefix = ''): [string, Tensor][] {
    return [...this.trunk.namedParameters(`${prefix}trunk.`), ...this.volatilityHead.namedParameters(`${prefix}volatility.`), ...this.shockHead.namedParameters(`${prefix}shock.`)];
  }
}

/**
 * A parameter-free first layer: x ↦ [x, |x|], and with `lagProductsOf` = W also the products of the
 * neighbouring days of the window's W return columns, x_t·x_{t+1} (t = 1 … W−1; conditions excluded).
 */
export class WithAbsoluteValues implements Module {
  constructor(private readonly lagProductsOf = 0) {}
  forward(x: Tensor): Tensor {
    const withAbs = concatColumns(x, absolute(x));
    const w = this.lagProductsOf;
    return w > 1 ? concatColumns(withAbs, mul(sliceColumns(x, 0, w - 1), sliceColumns(x, 1, w - 1))) : withAbs;
  }
  parameters(): Tensor[] {
    return [];
  }
  namedParameters(): [string, Tensor][] {
    return [];
  }
}

/** Where the training data came from, recorded in every model file. */
export interface DataInfo {
  file: string;
  column: string;
  sha256: string;
  firstDate: string;
  lastDate: string;
  /** Start of the test part (first test return's date). */
  testStartDate: string;
}

export interface ReturnGanNetworks {
  generator: Module;
  discriminator: Sequential;
}

/**
 * Condition columns of the model: for the volatility-conditional GAN the window's level, and with the
 * `window-ar-level` generator also the previous window's level (so the shape can carry the transition
 * across the border); 0 for the unconditional GAN.
 */
export const conditionDim = (config: ReturnGanConfig) => (config.conditioning !== 'volatility' ? 0 : config.generator === 'window-ar-level' ? 2 : 1);

/** Throws when the configuration asks for unit-RMS shapes without the volatility-conditional model that has shapes. */
export function checkGeneratorOutput(config: ReturnGanConfig): void {
  if (config.generatorOutput === 'unit-rms-shape' && config.conditioning !== 'volatility') {
    throw new Error("gangrad: generator output 'unit-rms-shape' needs conditioning 'volatility' (it makes window shapes); use generatorOutput 'returns' for the unconditional model");
  }
}

/**
 * The two networks of a configuration, with fresh weights. The `unit-rms-shape` generator's head uses
 * the fitted tail transform, so it needs the model's `transforms`.
 */
export function buildNetworks(config: ReturnGanConfig, transforms?: TransformState): ReturnGanNetworks {
  const withAbs = config.discriminatorInput !== 'returns';
  const lagProducts = config.discriminatorInput === 'returns+abs+lag1' ? config.window - 1 : 0;
  const c = conditionDim(config);
  const critic = mlp([(withAbs ? 2 : 1) * (config.window + c) + lagProducts, ...config.hidden, 1], { activation: 'leakyRelu', alpha: config.alpha, seed: config.seed * 2 + 2 });
  const generatorMlp = () => mlp([config.latentDim + c, ...config.hidden, config.window], { activation: 'leakyRelu', alpha: config.alpha, seed: config.seed * 2 + 1 });
  let generator: Module;
  if (config.generatorOutput === 'volatility×shock') {
    generator = new VolatilityShockGenerator(config.latentDim + c, config.hidden, config.window, config.alpha, config.seed * 2 + 1);
  } else if (config.generatorOutput === 'unit-rms-shape') {
    checkGeneratorOutput(config);
    if (transforms?.shapeDomain !== 'unit-rms') throw new Error("gangrad: generator output 'unit-rms-shape' needs transforms fitted for unit-RMS shapes");
    // The head has no parameters, so the weights keep the plain generator's names.
    generator = new Sequential([...generatorMlp().layers, new UnitRmsShapeHead(transforms)]);
  } else {
    generator = generatorMlp();
  }
  return {
    generator,
    discriminator: withAbs ? new Sequential([new WithAbsoluteValues(lagProducts ? config.window : 0), ...critic.layers]) : critic,
  };
}

/** The metadata every model file carries. */
export interface ModelMetadata {
  format: 'gangrad-return-gan-1';
  /** Which path generator the file holds (files without the key hold `independent-windows`). */
  generator: GeneratorKind;
  config: ReturnGanConfig;
  transforms: TransformState;
  data: DataInfo;
  step: number;
  /** Validation score of these weights (W1 + ACF(|r|) error; lower is better), if evaluated. */
  validationScore: number | null;
  /** The training run that wrote the file: a model and a checkpoint belong together only when these match. */
  runId?: string;
}

/** Training state beyond the weights, needed to resume bit-identically. */
export interface ResumeState extends TrainerCounters {
  /** Instance-noise state (runs with instance noise only). */
  instanceNoise?: InstanceNoiseState;
  batchRngState: number[];
  bestScore: number | null;
  bestStep: number | null;
  elapsedSeconds: number;
}

/** Write weights (and, for checkpoints, optimiser state) with metadata, atomically. */
export async function saveModelFile(
  file: string, networks: ReturnGanNetworks, metadata: ModelMetadata,
  training?: { trainer: GanTrainer; resume: ResumeState },
): Promise<void> {
  writeFileAtomic(file, await encodeModel(networks, metadata, training));
}

/** A model file's bytes (safetensors), in memory: what {@link saveModelFile} writes. */
export async function encodeModel(
  networks: ReturnGanNetworks, metadata: ModelMetadata,
  training?: { trainer: GanTrainer; resume: ResumeState },
): Promise<Uint8Array> {
  const arrays = [...await moduleArrays(networks.generator, 'generator.'), ...await moduleArrays(networks.discriminator, 'discriminator.')];
  const meta: Record<string, string> = {
    format: metadata.format,
    generator: metadata.generator,
    config: JSON.stringify(metadata.config),
    transforms: JSON.stringify(metadata.transforms),
    data: JSON.stringify(metadata.data),
    data_sha256: metadata.data.sha256,
    step: String(metadata.step),
    validation_score: JSON.stringify(metadata.validationScore),
  };
  if (metadata.runId) meta.run_id = metadata.runId;
  if (training) {
    arrays.push(...await optimizerArrays(training.trainer));
    meta.resume = JSON.stringify(training.resume);
  }
  return encodeSafetensors(arrays, meta);
}

export interface LoadedModel {
  metadata: ModelMetadata;
  networks: ReturnGanNetworks;
  resume: ResumeState | null;
  /** Optimiser moments by name (checkpoints only). */
  optimizerArrays: Map<string, NamedArray>;
}

/** Read a model file, check it against its own configuration, and build its networks on the current backend. */
export function loadModelFile(file: string): LoadedModel {
  return modelFromContent(readSafetensorsFile(file), file);
}

/** {@link loadModelFile} for a model's bytes in memory; `file` names them in error messages. */
export function decodeModel(bytes: Uint8Array, file: string): LoadedModel {
  return modelFromContent(decodeSafetensors(bytes, file), file);
}

function modelFromContent({ tensors, metadata: raw }: SafetensorsContent, file: string): LoadedModel {
  if (raw.format !== 'gangrad-return-gan-1') throw new Error(`${file}: not a gangrad return-GAN model (format ${JSON.stringify(raw.format)})`);
  // Files written before the key existed hold the independent-windows generator.
  const generator = (raw.generator ?? 'independent-windows') as GeneratorKind;
  if (!GENERATOR_KINDS.includes(generator)) {
    throw new Error(`${file}: holds generator ${JSON.stringify(raw.generator)}, which this version of gangrad does not know (it knows ${GENERATOR_KINDS.join(', ')}); use a newer gangrad`);
  }
  let metadata: ModelMetadata;
  let resume: ResumeState | null;
  try {
    metadata = {
      format: 'gangrad-return-gan-1',
      generator,
      // Files written before the unit-RMS shape generator hold the Gaussianised-shape output.
      config: { ...DEFAULT_CONFIG, generatorOutput: 'returns', ...JSON.parse(raw.config), generator },
      transforms: JSON.parse(raw.transforms),
      data: JSON.parse(raw.data),
      step: Number(raw.step),
      validationScore: JSON.parse(raw.validation_score ?? 'null'),
      ...(raw.run_id !== undefined ? { runId: raw.run_id } : {}),
    };
    resume = raw.resume ? JSON.parse(raw.resume) : null;
  } catch (e) {
    throw new Error(`${file}: model metadata is not valid JSON (${(e as Error).message})`);
  }
  if (generator === 'window-ar-level' && !metadata.transforms.levelProcess) throw new Error(`${file}: generator window-ar-level without a fitted level process in its transforms`);
  validateModelMetadata(file, metadata, resume);
  const networks = buildNetworks(metadata.config, metadata.transforms);
  loadModuleArrays(networks.generator, 'generator.', tensors, file);
  loadModuleArrays(networks.discriminator, 'discriminator.', tensors, file);
  const optimizerArrays = new Map([...tensors].filter(([name]) => name.startsWith('adam.')));
  return { metadata, networks, resume, optimizerArrays };
}

/** The files of a model directory (io/model-dir.ts), and a test of whether one exists. */
export function modelPaths(dir: string) {
  return { ...modelDirFiles(dir), exists: (f: string) => nodeModules('modelPaths').fs.existsSync(f) };
}

/** A trainer for the return GAN with the configuration's optimisers and a sampler over training windows. */
export function createTrainer(config: ReturnGanConfig, networks: ReturnGanNetworks, windows: Float32Array, windowCount: number): { trainer: GanTrainer; batchRng: Rng } {
  const c = conditionDim(config);
  const width = config.window + c;
  const sampler = rowSampler(windows, windowCount, width, config.seed * 7 + 3);
  // Generator-step conditions: those of randomly drawn training windows (the empirical distribution),
  // from the same generator as the batches, so a checkpoint's one RNG state covers both.
  let conditions = new Float32Array(0);
  const sampleCondition = (batch: number) => {
    if (conditions.length !== batch * c) conditions = new Float32Array(batch * c);
    for (let i = 0; i < batch; i++) {
      const row = sampler.rng.int(windowCount) * width;
      for (let j = 0; j < c; j++) conditions[i * c + j] = windows[row + config.window + j];
    }
    return tensor(conditions, [batch, c]);
  };
  const adam = { lr: config.lr, beta1: config.beta1, beta2: config.beta2 };
  const trainer = new GanTrainer({
    generator: networks.generator, discriminator: networks.discriminator, latentDim: config.latentDim,
    sampleReal: sampler.sample, batchSize: config.batch, seed: config.seed, metricsEvery: config.logEvery,
    labelSmoothing: config.labelSmoothing, discriminatorSteps: config.discriminatorSteps,
    ...(config.instanceNoise > 0 ? { instanceNoise: { target: config.instanceNoise } } : {}),
    conditionDim: c, sampleCondition: c > 0 ? sampleCondition : undefined,
    generatorOptimizer: new Adam(networks.generator.parameters(), adam),
    discriminatorOptimizer: new Adam(networks.discriminator.parameters(), adam),
  });
  return { trainer, batchRng: sampler.rng };
}

