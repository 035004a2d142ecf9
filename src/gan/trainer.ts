/**
 * The GAN trainer: one discriminator step and one generator step, and the same two steps cut into
 * phases for the lab's step-through view. Longer than most files here on purpose: the D step, the G
 * step, their phases and the instance noise they share read best side by side in one file, the way a
 * student follows one training step from noise to weight update.
 */
import {
  add, backward, checkSeed, concatColumns, fill, keep, mean, mul, noGrad, scale, sigmoid, sigmoidCrossEntropyWithLogits, sliceColumns, tidy, Tensor,
} from '../tensor/index.js';
import type { Backend } from '../backend/backend.js';
import { checkOptionNames } from '../backend/option-names.js';
import { showValue } from '../backend/show-value.js';
import { setTrainable, type Module } from '../nn/index.js';
import { Adam, type Optimizer } from '../optim/index.js';
import { LatentSampler } from './latent.js';
import type { RealSampler } from './real-data.js';

/** What one training step reports (read back from the backend only on steps where metrics are due). */
export interface StepMetrics {
  /** Steps completed, counting this one: 1 for the first step (so a step's metrics and the trainer's stepCount agree). */
  step: number;
  /** Discriminator loss: BCE(D(x), real label) + BCE(D(G(z)), 0). */
  dLoss: number;
  /** Generator loss, non-saturating: BCE(D(G(z)), 1), plus the `generatorPenalty` when one is given (the divergence bound sees the sum). */
  gLoss: number;
  /** Mean probability D assigns to real samples being real. */
  dReal: number;
  /** Mean probability D assigns to generated samples being real. */
  dFake: number;
  /** Root mean square of the generated batch (watched against the divergence bound). */
  generatedRms?: number;
  /** Instance-noise σ the step ran with (only with instance noise on). */
  noiseLevel?: number;
}

/** When training counts as diverged although every number is still finite. */
export interface DivergenceBounds {
  /** A D or G loss above this (default 50: D or G wrong by a factor e^50)… */
  maxLoss?: number;
  /** …on this many metric reads in a row (default 3) ends the run. */
  patience?: number;
  /** A generated batch with a root mean square above this (default 1e6) ends the run at once. */
  maxGenerated?: number;
}

/** What a {@link GanTrainer} trains and how: the two networks, the data, and the training settings. */
export interface GanTrainerOptions {
  /** G: maps a [batch, latentDim] noise batch (conditions appended as columns when conditional) to a batch of samples. */
  generator: Module;
  /** D: maps a batch of samples (conditions appended likewise) to [batch, 1] logits, real against generated. */
  discriminator: Module;
  /** Dimension of the generator's input noise. */
  latentDim: number;
  /** Returns a batch of real samples. */
  sampleReal: RealSampler;
  /** Samples per batch; default 64. */
  batchSize?: number;
  /** Discriminator updates per generator update (k in Goodfellow et al. 2014); default 1. */
  discriminatorSteps?: number;
  /** One-sided label smoothing: real samples are labelled 1 − s (Salimans et al. 2016); default 0. */
  labelSmoothing?: number;
  /** Default: Adam(lr 2e-4, β1 0.5, β2 0.999), the DCGAN settings. */
  generatorOptimizer?: Optimizer;
  /** Default: Adam(lr 2e-4, β1 0.5, β2 0.999), as for the generator. */
  discriminatorOptimizer?: Optimizer;
  /** Seed of the latent noise stream; default 0. */
  seed?: number;
  /**
   * Conditional GAN (Mirza & Osindero 2014): rows from `sampleReal` end with `conditionDim` condition
   * columns; the generator gets [z, c] and the discriminator [x, c]. Default 0 (unconditional).
   */
  conditionDim?: number;
  /** Conditions for the generator step, [batch, conditionDim], drawn from the data's distribution of conditions. */
  sampleCondition?: (batchSize: number) => Tensor;
  /** Read metrics back on the first step and every N-th (N, 2N, …); device backends then skip the readback in between. Default 1. */
  metricsEvery?: number;
  /** Bounds beyond which a finite but runaway run raises {@link TrainingDivergedError}, as NaN does. */
  divergence?: DivergenceBounds;
  /**
   * Called at each phase of a step, in order, with the tensors of that phase (for the browser lab's
   * step-through view). They belong to the step's scope: `keep(clone(t))` what must outlive the call.
   * When absent, the trainer builds nothing for it.
   */
  onPhase?: PhaseHook;
  /** Adaptive instance noise on what the discriminator sees; off when absent. See {@link InstanceNoiseOptions}. */
  instanceNoise?: InstanceNoiseOptions;
  /**
   * An extra generator loss, added to the adversarial one in each generator step: called after D has
   * scored G's batch, with that step's conditions (CTGAN's penalty tying categorical outputs to them).
   * It must return a tensor of shape [1], the shape of `mean`'s result.
   */
  generatorPenalty?: (condition: Tensor | null) => Tensor;
}

/**
 * Instance noise (Sønderby et al. 2016, Arjovsky & Bottou 2017): Gaussian noise of standard deviation σ
 * added to every sample the discriminator judges, real and generated alike (not to condition columns).
 * Both distributions are blurred by the same kernel, so they still match only when G is right, but
 * they overlap, so D cannot separate them perfectly and G keeps getting useful gradients. σ is not a
 * fixed schedule but adapted to how the run goes, as in ADA (Karras et al. 2020): at each metrics read,
 * if D's mean probability on real samples is above `target` (D is winning), σ grows by `rate` per step
 * since the last read, else it shrinks as fast (never below 0 or above `max`), so how often metrics
 * are read changes the pace only through the reads. On data where D does not win, σ stays near 0.
 */
export interface InstanceNoiseOptions {
  /** Mean D(x) on real samples to hold D at; default 0.6 (0.5 is a D that cannot tell). */
  target?: number;
  /** Change of σ per training step; default 2e-4 (0.01 per 50 steps: from 0 to 1 in 5,000 steps). */
  rate?: number;
  /** Largest σ, in the units of the samples; default 1. */
  max?: number;
}

/** σ, the offset of the noise stream and the step of the last metrics read (σ's last update). */
export interface InstanceNoiseState {
  /** Current instance-noise σ, in the units of the samples. */
  level: number;
  /** Position in the instance-noise stream (numbers drawn so far), so a resumed run draws the same noise. */
  offset: number;
  /** Step of the last metrics read; σ's next change is proportional to the steps since. */
  lastReadStep: number;
}

/**
 * The phases of one training step in the order the trainer runs them (the first six once per
 * discriminator update).
 */
export const TRAINING_PHASES = [
  'sample-z', 'generator-forward', 'discriminator-forward', 'discriminator-loss', 'discriminator-backward', 'discriminator-adam',
  'fresh-z', 'generator-loss', 'generator-backward', 'generator-adam',
] as const;

/** One phase of a training step; see {@link TRAINING_PHASES}. */
export type TrainingPhase = typeof TRAINING_PHASES[number];

/** Receives each phase of a step with its tensors by name (parameters and gradients by parameter name). */
export type PhaseHook = (phase: TrainingPhase, tensors: Record<string, Tensor>) => void;

/** A module's parameters (or, with `grads`, their gradients) by name, for the phase hook. */
function namedTensors(module: Module, grads = false): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [name, p] of module.namedParameters()) {
    const t = grads ? p.grad : p;
    if (t) out[name] = t;
  }
  return out;
}

/** Raised when a loss turns NaN or infinite, or runs past a divergence bound: the step says when. */
export class TrainingDivergedError extends Error {
  /**
   * @param metrics The diverged step's metrics (NaN or runaway values included), for the caller to report.
   * @param reason Which check failed, shown in parentheses after the losses.
   */
  constructor(readonly metrics: StepMetrics, reason = '') {
    super(`gangrad: training diverged at step ${metrics.step}: D loss ${metrics.dLoss}, G loss ${metrics.gLoss}${reason ? ` (${reason})` : ''}`);
  }
}

/** Updates applied by the generator's and the discriminator's optimisers. */
export interface OptimizerSteps {
  /** Updates the generator's optimiser has applied (Adam's t, which its bias correction needs). */
  generator: number;
  /** Updates the discriminator's optimiser has applied (k per training step with `discriminatorSteps` k). */
  discriminator: number;
}

/** Adam counts its updates (its bias correction needs them); SGD keeps velocities but no count, so it has none to restore. */
const updatesOf = (optimizer: Optimizer): number => (optimizer instanceof Adam ? optimizer.stepCount : 0);

/** Options of {@link GanTrainer.generate}. */
export interface GenerateOptions {
  /** The [count, conditionDim] conditions of a conditional GAN; default: drawn by `sampleCondition`. */
  condition?: Tensor;
  /** Record autograd through the samples (for a loss on G's output); default false: inference. */
  record?: boolean;
}

/**
 * The GAN training loop of Goodfellow et al. (2014), one step at a time:
 *
 * 1. Discriminator step (k times): real samples labelled 1 (or 1 − s), generated samples labelled 0.
 *    The generator's output is computed under `noGrad`, so no gradient reaches G here.
 * 2. Generator step: D frozen, G updated to make D label its samples 1. This is the non-saturating loss
 *    −log D(G(z)), which gives strong gradients exactly when D confidently rejects G's samples.
 *
 * Every temporary tensor of a step lives in a scope that closes with the step, so a long run holds a
 * constant number of tensors.
 */
export class GanTrainer {
  /** G: maps [batch, latentDim] noise (plus condition columns) to a batch of samples. Owned by the caller. */
  readonly generator: Module;
  /** D: maps a batch of samples (plus condition columns) to [batch, 1] logits. Owned by the caller. */
  readonly discriminator: Module;
  /** G's input noise stream; its (seed, offset) is what a checkpoint saves to resume the same noise. */
  readonly latent: LatentSampler;
  /** Updates G's parameters once per step; Adam(lr 2e-4, β1 0.5) unless one was given. */
  readonly generatorOptimizer: Optimizer;
  /** Updates D's parameters `discriminatorSteps` times per step; Adam(lr 2e-4, β1 0.5) unless one was given. */
  readonly discriminatorOptimizer: Optimizer;
  /** Samples per batch, real and generated alike; default 64. */
  readonly batchSize: number;
  /** D updates per G update (k in Goodfellow et al. 2014); default 1. */
  readonly discriminatorSteps: number;
  /** s in the real label 1 − s (one-sided smoothing, so D is never pushed to certainty); default 0. */
  readonly labelSmoothing: number;
  /** Metrics are read back on step 1 and every N-th step; reading less often spares device backends a sync. */
  readonly metricsEvery: number;
  /** Condition columns at the end of each real row, appended to G's and D's inputs; 0 for an unconditional GAN. */
  readonly conditionDim: number;
  /** Completed training steps. */
  stepCount = 0;
  private readonly sampleReal: RealSampler;
  private readonly sampleCondition: ((batchSize: number) => Tensor) | null;
  private readonly onPhase: PhaseHook | null;
  private readonly generatorPenalty: ((condition: Tensor | null) => Tensor) | null;
  private labels: { real: Tensor; fake: Tensor; generator: Tensor } | null = null;
  /** The backend the networks live on, found once (flushed after each step without metrics). */
  private readonly backend: Backend | null;
  private readonly bounds: Required<DivergenceBounds>;
  /** Consecutive metric reads with a loss above the bound. */
  private lossesAboveBound = 0;
  /** Instance noise settings (null: off) and its stream (seed, offset, like the latent noise). */
  private readonly instanceNoise: Required<InstanceNoiseOptions> | null;
  private noise: LatentSampler | null = null;
  /** Current instance-noise standard deviation σ (part of a checkpoint's state). */
  noiseLevel = 0;
  private pendingNoiseOffset = 0;
  /** Step of the last metrics read (σ moves in proportion to the steps since). */
  private lastReadStep = 0;
  /** Set by {@link dispose}: training afterwards is refused by name. */
  private disposed = false;

  constructor(options: GanTrainerOptions) {
    checkOptions(options);
    this.generator = options.generator;
    this.discriminator = options.discriminator;
    this.sampleReal = options.sampleReal;
    this.batchSize = options.batchSize ?? 64;
    this.discriminatorSteps = options.discriminatorSteps ?? 1;
    this.labelSmoothing = options.labelSmoothing ?? 0;
    this.metricsEvery = options.metricsEvery ?? 1;
    this.conditionDim = options.conditionDim ?? 0;
    this.sampleCondition = options.sampleCondition ?? null;
    this.bounds = { maxLoss: 50, patience: 3, maxGenerated: 1e6, ...options.divergence };
    const { maxLoss, patience, maxGenerated } = this.bounds;
    if (!(maxLoss >= 0 && patience >= 1 && maxGenerated > 0)) throw new Error(`gangrad: divergence bounds: ${JSON.stringify(options.divergence)}`);
    this.onPhase = options.onPhase ?? null;
    this.generatorPenalty = options.generatorPenalty ?? null;
    if (this.conditionDim > 0 && !this.sampleCondition) throw new Error('gangrad: a conditional GAN (conditionDim > 0) needs sampleCondition');
    this.latent = new LatentSampler(options.latentDim, options.seed ?? 0);
    this.instanceNoise = options.instanceNoise ? { target: 0.6, rate: 2e-4, max: 1, ...options.instanceNoise } : null;
    if (this.instanceNoise) {
      const { target, rate, max } = this.instanceNoise;
      if (!(target > 0.5 && target < 1) || !(rate > 0) || !(max > 0)) throw new Error(`gangrad: instance noise needs 0.5 < target < 1, rate > 0 and max > 0, got ${JSON.stringify(this.instanceNoise)}`);
    }
    this.backend = this.generator.parameters()[0]?.backend ?? null;
    const gan = { lr: 2e-4, beta1: 0.5, beta2: 0.999 };
    this.generatorOptimizer = options.generatorOptimizer ?? new Adam(this.generator.parameters(), gan);
    this.discriminatorOptimizer = options.discriminatorOptimizer ?? new Adam(this.discriminator.parameters(), gan);
  }

  private labelTensors(): { real: Tensor; fake: Tensor; generator: Tensor } {
    if (!this.labels) {
      const shape = [this.batchSize, 1];
      this.labels = {
        real: keep(fill(shape, 1 - this.labelSmoothing)),
        fake: keep(fill(shape, 0)),
        generator: keep(fill(shape, 1)),
      };
    }
    return this.labels;
  }

  /** One discriminator update; returns metric tensors when asked to. */
  private discriminatorStep(wantMetrics: boolean): Tensor[] {
    const labels = this.labelTensors();
    return tidy(() => {
      const real = returnedTensor('sampleReal', this.sampleReal(this.batchSize), this.batchSize);
      // Conditional: fakes are made for the real batch's conditions, and D judges [x, c] pairs.
      const condition = this.conditionDim > 0 ? sliceColumns(real, real.shape[1] - this.conditionDim, this.conditionDim) : null;
      const fake = noGrad(() => this.fakeBatch(condition, 'sample-z'));
      this.onPhase?.('generator-forward', { fake });
      // Noise goes on the samples, not on their condition columns; without noise the batch goes in as it is.
      const realInput = this.instanceNoise && condition ? concatColumns(this.noisy(sliceColumns(real, 0, fake.shape[1])), condition) : this.noisy(real);
      const logitsReal = this.discriminator.forward(realInput);
      const logitsFake = this.discriminator.forward(this.withCondition(this.noisy(fake), condition));
      this.onPhase?.('discriminator-forward', { real, fake, logitsReal, logitsFake });
      const loss = add(
        mean(sigmoidCrossEntropyWithLogits(logitsReal, labels.real)),
        mean(sigmoidCrossEntropyWithLogits(logitsFake, labels.fake)),
      );
      this.onPhase?.('discriminator-loss', { logitsReal, logitsFake, labelsReal: labels.real, labelsFake: labels.fake, loss });
      backward(loss);
      this.onPhase?.('discriminator-backward', namedTensors(this.discriminator, true));
      this.discriminatorOptimizer.step();
      this.onPhase?.('discriminator-adam', namedTensors(this.discriminator));
      if (!wantMetrics) return [];
      return noGrad(() => [loss, mean(sigmoid(logitsReal)), mean(sigmoid(logitsFake)), mean(mul(fake, fake))]);
    });
  }

  /** One generator update through a frozen discriminator. */
  private generatorStep(wantMetrics: boolean): Tensor[] {
    const labels = this.labelTensors();
    setTrainable(this.discriminator, false);
    try {
      return tidy(() => {
        const condition = this.conditionDim > 0 ? returnedTensor('sampleCondition', this.sampleCondition!(this.batchSize), this.batchSize) : null;
        const fake = this.fakeBatch(condition, 'fresh-z');
        const logitsFake = this.discriminator.forward(this.withCondition(this.noisy(fake), condition));
        let loss = mean(sigmoidCrossEntropyWithLogits(logitsFake, labels.generator));
        if (this.generatorPenalty) loss = add(loss, penaltyTensor(this.generatorPenalty(condition)));
        this.onPhase?.('generator-loss', { fake, logitsFake, labels: labels.generator, loss });
        backward(loss);
        this.onPhase?.('generator-backward', namedTensors(this.generator, true));
        this.generatorOptimizer.step();
        this.onPhase?.('generator-adam', namedTensors(this.generator));
        return wantMetrics ? [loss] : [];
      });
    } finally {
      setTrainable(this.discriminator, true);
    }
  }

  /**
   * One full training step (k discriminator updates, one generator update). Returns the metrics when
   * they are due (on step 1 and every `metricsEvery`-th step), else null. Throws
   * {@link TrainingDivergedError} when a value read back (a loss, D's mean outputs, the generated
   * RMS) is not finite, when the generated RMS passes `maxGenerated`, or when a loss stays above
   * `maxLoss` on `patience` metric reads in a row.
   */
  async step(): Promise<StepMetrics | null> {
    this.checkLive('step');
    const due = this.stepCount === 0 || (this.stepCount + 1) % this.metricsEvery === 0;
    let dMetrics: Tensor[] = [];
    for (let i = 0; i < this.discriminatorSteps; i++) {
      const last = i === this.discriminatorSteps - 1;
      dMetrics = this.discriminatorStep(due && last);
    }
    let gMetrics: Tensor[];
    try {
      gMetrics = this.generatorStep(due);
    } catch (error) {
      for (const t of dMetrics) t.dispose(); // D's metrics outlive its step's scope, for the read below
      throw error;
    }
    this.stepCount++;
    if (!due) {
      this.backend?.flush();
      return null;
    }
    const [dLoss, dReal, dFake, meanSquare, gLoss] = await Promise.all([...dMetrics, ...gMetrics].map((t) => t.item()));
    for (const t of [...dMetrics, ...gMetrics]) t.dispose();
    const metrics: StepMetrics = { step: this.stepCount, dLoss, gLoss, dReal, dFake, generatedRms: Math.sqrt(meanSquare), ...(this.instanceNoise ? { noiseLevel: this.noiseLevel } : {}) };
    if (![dLoss, gLoss, dReal, dFake, meanSquare].every(Number.isFinite)) throw new TrainingDivergedError(metrics, 'a value is not finite');
    const { maxLoss, patience, maxGenerated } = this.bounds;
    if (metrics.generatedRms! > maxGenerated) throw new TrainingDivergedError(metrics, `generated values of RMS ${metrics.generatedRms!.toPrecision(3)}, above the bound ${maxGenerated}`);
    this.adaptNoise(dReal, this.stepCount - this.lastReadStep);
    this.lastReadStep = this.stepCount;
    this.lossesAboveBound = dLoss > maxLoss || gLoss > maxLoss ? this.lossesAboveBound + 1 : 0;
    if (this.lossesAboveBound >= patience) throw new TrainingDivergedError(metrics, `a loss above ${maxLoss} on ${patience} metric reads in a row; try a smaller learning rate`);
    return metrics;
  }

  /**
   * Run `steps` training steps, calling `onMetrics` whenever metrics are read back.
   * Returns the last metrics read.
   */
  async train(steps: number, onMetrics?: (m: StepMetrics) => void): Promise<StepMetrics | null> {
    this.checkLive('train');
    if (!Number.isInteger(steps) || steps < 0) throw new Error(`gangrad: GanTrainer.train: steps must be a whole number ≥ 0, got ${showValue(steps)}`);
    let last: StepMetrics | null = null;
    for (let i = 0; i < steps; i++) {
      const m = await this.step();
      if (m) {
        last = m;
        onMetrics?.(m);
      }
    }
    return last;
  }

  /** Samples with their condition columns appended (the discriminator judges [x, c] pairs). */
  private withCondition(x: Tensor, condition: Tensor | null): Tensor {
    return condition ? concatColumns(x, condition) : x;
  }

  /** x plus instance noise of the current σ (x itself when instance noise is off). */
  private noisy(x: Tensor): Tensor {
    if (!this.instanceNoise) return x;
    // Made at the first batch, when the sample width is known.
    this.noise ??= new LatentSampler(x.shape[1], (this.latent.seed ^ 0x6e6f6973) >>> 0, this.pendingNoiseOffset);
    const noise = this.noise.sample(x.shape[0]);
    return add(x, scale(noise, this.noiseLevel));
  }

  /** The instance-noise state a checkpoint must keep to resume bit-identically. */
  noiseState(): InstanceNoiseState {
    return { level: this.noiseLevel, offset: this.noise?.offset ?? this.pendingNoiseOffset, lastReadStep: this.lastReadStep };
  }

  /** Set the instance-noise state of a checkpoint (see {@link noiseState}). */
  restoreNoise(state: InstanceNoiseState): void {
    this.noiseLevel = state.level;
    this.pendingNoiseOffset = state.offset;
    this.lastReadStep = state.lastReadStep;
    this.noise = null;
  }

  /** Move σ towards holding D's mean probability on real samples at the target (see {@link InstanceNoiseOptions}). */
  private adaptNoise(dReal: number, steps: number): void {
    if (!this.instanceNoise) return;
    const { target, rate, max } = this.instanceNoise;
    this.noiseLevel = Math.min(max, Math.max(0, this.noiseLevel + (dReal > target ? rate : -rate) * steps));
  }

  /** G(z) on a training batch of fresh noise z (conditioned on `condition` if given). */
  private fakeBatch(condition: Tensor | null, phase: 'sample-z' | 'fresh-z'): Tensor {
    const z = this.latent.sample(this.batchSize);
    this.onPhase?.(phase, { z });
    return this.generator.forward(condition ? concatColumns(z, condition) : z);
  }

  /**
   * `count` generated samples from the training noise stream, as a [count, features] tensor owned by
   * the caller. A conditional GAN takes the [count, conditionDim] `condition` (drawn by `sampleCondition`
   * if omitted). With `record`, autograd is recorded (for a loss through G's output); by default not.
   */
  generate(count: number, options: GenerateOptions = {}): Tensor {
    // Before 2026-12-07 the condition was the second argument: say what replaced it.
    if (options === null || options instanceof Tensor) throw new Error('gangrad: generate takes an options object: generate(count, { condition, record })');
    checkOptionNames(options, 'condition record', 'gangrad: generate');
    if (!(Number.isInteger(count) && count > 0)) throw new Error(`gangrad: generate: count must be a positive integer, got ${showValue(count)}`);
    const run = () => {
      const z = this.latent.sample(count);
      const c = this.conditionDim > 0 ? (options.condition ?? this.sampleCondition!(count)) : null;
      return this.generator.forward(c ? concatColumns(z, c) : z);
    };
    return options.record ? run() : noGrad(() => tidy(run));
  }

  /** Updates each optimiser has applied (Adam's t; 0 for a stateless optimiser), for checkpoints. */
  optimizerSteps(): OptimizerSteps {
    return { generator: updatesOf(this.generatorOptimizer), discriminator: updatesOf(this.discriminatorOptimizer) };
  }

  /** Set the optimisers' update counts of a checkpoint (see {@link optimizerSteps}); their moments are restored separately. */
  restoreOptimizerSteps(steps: OptimizerSteps): void {
    if (this.generatorOptimizer instanceof Adam) this.generatorOptimizer.stepCount = steps.generator;
    if (this.discriminatorOptimizer instanceof Adam) this.discriminatorOptimizer.stepCount = steps.discriminator;
  }

  /** Free the trainer's own tensors (labels and optimiser state; the networks belong to the caller). */
  dispose(): void {
    this.disposed = true;
    if (this.labels) for (const t of Object.values(this.labels)) t.dispose();
    this.labels = null;
    this.generatorOptimizer.dispose();
    this.discriminatorOptimizer.dispose();
  }

  /** Refuse to train after {@link dispose}: the optimiser state is gone, and the error should say so, not name a freed tensor. */
  private checkLive(method: string): void {
    if (this.disposed) throw new Error(`gangrad: GanTrainer.${method}: this trainer was disposed; make a new GanTrainer to train again`);
  }
}

/** What each kind of code option must hold: a function, or an object with this method, as the error describes it. */
const CODE_KINDS = {
  module: ['parameters', 'a module (mlp(…))'],
  optimizer: ['step', 'an optimizer'],
  function: ['', 'a function'],
} as const;

/** The options that hold code, each with its kind, and whether it is required. */
const CODE_OPTIONS: readonly [keyof GanTrainerOptions, keyof typeof CODE_KINDS, boolean?][] = [
  ['generator', 'module', true],
  ['discriminator', 'module', true],
  ['sampleReal', 'function', true],
  ['generatorOptimizer', 'optimizer'],
  ['discriminatorOptimizer', 'optimizer'],
  ['onPhase', 'function'],
  ['generatorPenalty', 'function'],
  ['sampleCondition', 'function'],
];

/** Throw on a bad option, naming it, before the trainer allocates anything. */
function checkOptions(options: GanTrainerOptions): void {
  checkOptionNames(options, 'generator discriminator latentDim sampleReal batchSize discriminatorSteps labelSmoothing generatorOptimizer discriminatorOptimizer seed conditionDim sampleCondition metricsEvery divergence onPhase instanceNoise generatorPenalty', 'gangrad: GanTrainer');
  // The required ones (generator, discriminator, sampleReal) failed inside the engine from plain JavaScript when missing
  // ('this.generator.parameters is not a function'), and a wrong optional one ({ onPhase: 5 }) at the first step.
  for (const [name, kind, required] of CODE_OPTIONS) {
    const value = options[name] as Record<string, unknown> | undefined;
    const [method, what] = CODE_KINDS[kind];
    if ((required || value != null) && typeof (method ? value?.[method] : value) != 'function') {
      throw new Error(`gangrad: GanTrainer option '${name}' must be ${what}, got ${showValue(value)}`);
    }
  }
  // { instanceNoise: 5 } or { targte: 0.7 } ran with the defaults in silence; so did { divergence: 5 }.
  if (options.instanceNoise) checkOptionNames(options.instanceNoise, 'target rate max', "gangrad: GanTrainer option 'instanceNoise'");
  if (options.divergence) checkOptionNames(options.divergence, 'maxLoss patience maxGenerated', "gangrad: GanTrainer option 'divergence'");
  const positiveInteger = (name: keyof GanTrainerOptions) => {
    const value = options[name];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 1)) throw new Error(`gangrad: GanTrainer option '${name}' must be a positive integer, got ${showValue(value)}`);
  };
  positiveInteger('batchSize');
  positiveInteger('discriminatorSteps');
  positiveInteger('metricsEvery');
  if (options.conditionDim !== 0) positiveInteger('conditionDim'); // 0: no condition, as when omitted
  const smoothing = options.labelSmoothing ?? 0;
  if (!(typeof smoothing === 'number' && smoothing >= 0 && smoothing < 0.5)) throw new Error(`gangrad: GanTrainer option 'labelSmoothing' must lie in [0, 0.5), got ${showValue(smoothing)}`);
  checkSeed(options.seed ?? 0, 'gangrad: GanTrainer');
}

/** What a sampler callback returned, if it is a Tensor; a Promise or a host array is named in the error. */
function returnedTensor(callback: string, value: unknown, rows: number): Tensor {
  if (value instanceof Tensor) {
    // A wrong row count would surface later as a shape mismatch inside a loss, naming neither.
    if (value.shape[0] !== rows) throw new Error(`gangrad: ${callback}(${rows}) returned [${value.shape}]`);
    return value;
  }
  throw new Error(`gangrad: ${callback} must return a Tensor synchronously (e.g. tensor(values, [batchSize, columns])), got ${shown(value)}`);
}

/** The generator penalty, if it has the loss's shape [1]: another shape failed inside `add`, naming neither the option nor the shape. */
function penaltyTensor(value: unknown): Tensor {
  if (value instanceof Tensor && value.rank === 1 && value.shape[0] === 1) return value;
  throw new Error(`gangrad: generatorPenalty must return a Tensor of shape [1] (as mean() does), got ${value instanceof Tensor ? `[${value.shape}]` : shown(value)}`);
}

/** A callback's wrong return value as an error shows it: a Promise or a host array by its class, else its value. */
const shown = (value: unknown): string => (value !== null && typeof value === 'object' ? `a ${value.constructor?.name ?? 'object'}` : showValue(value));
