/** The return GAN's configuration: every setting of a run, its defaults, and the data a model records. */
import type { GanSettings } from '../../gan/index.js';

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
   * (`returns+abs`), which makes missing volatility clustering visible to its first layer.
   */
  discriminatorInput: 'returns' | 'returns+abs';
  /**
   * What the generator outputs: the window directly (`returns`; for the conditional model its shape in
   * the Gaussianised domain), or (conditional model only) a window shape with unit RMS in
   * standardised-return units (`unit-rms-shape`, shape-head.ts), the constraint every real shape has,
   * which the discriminator then sees too.
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
  /**
   * A third generator condition: the daily state (data/daily-state.ts) just before the window's first
   * day, so a window's shape can follow the last weeks' volatility as well as the window levels
   * (window-ar-level generator only; docs/forecasting.md measures it). Absent or false: two conditions.
   */
  dailyCondition?: boolean;
}

/** The generator output layers (see {@link ReturnGanConfig.generatorOutput}). */
export type GeneratorOutput = 'returns' | 'unit-rms-shape';

/**
 * Variants that were measured and not adopted (docs/ keeps the measurements), removed from the code: a
 * model file that names one cannot be loaded.
 */
export const REMOVED_VARIANTS: Readonly<Record<string, string>> = { generatorOutput: 'volatility×shock', discriminatorInput: 'returns+abs+lag1' };

/** The path generators a model file may hold. */
export type GeneratorKind = 'window-ar-level' | 'independent-windows';
/** Every {@link GeneratorKind}, for validating a model file's `generator` key. */
export const GENERATOR_KINDS: readonly GeneratorKind[] = ['window-ar-level', 'independent-windows'];

/** The reference model's settings: what `ReturnGan.fit` and `gangrad train` use for any option not given. */
export const DEFAULT_CONFIG: ReturnGanConfig = {
  window: 64, stride: 1, latentDim: 64, hidden: [256, 256], alpha: 0.2,
  lr: 2e-4, beta1: 0.5, beta2: 0.999, batch: 256, steps: 10_000, seed: 1, tails: true,
  labelSmoothing: 0, discriminatorSteps: 2, instanceNoise: 0.6, testFraction: 0.2, validationFraction: 0.1,
  evalEvery: 500, checkpointEvery: 1000, logEvery: 50, discriminatorInput: 'returns+abs', generatorOutput: 'unit-rms-shape', conditioning: 'volatility',
  generator: 'window-ar-level',
};

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

/**
 * Condition columns of the model: for the volatility-conditional GAN the window's level, and with the
 * `window-ar-level` generator also the previous window's level (so the shape can carry the transition
 * across the border); 0 for the unconditional GAN.
 */
export const conditionDim = (config: ReturnGanConfig) => (config.conditioning !== 'volatility' ? 0 : config.generator === 'window-ar-level' ? (config.dailyCondition ? 3 : 2) : 1);

/**
 * Throws when the configuration asks for unit-RMS shapes, or the window-level generator, without the
 * volatility-conditional model that has shapes and levels, or for the daily condition without the
 * window-level generator whose windows it starts.
 */
export function checkGeneratorOutput(config: ReturnGanConfig): void {
  if (config.dailyCondition && (config.conditioning !== 'volatility' || config.generator !== 'window-ar-level')) {
    throw new Error(`gangrad: the daily condition needs conditioning 'volatility' and generator 'window-ar-level' (it conditions each window on the days before it); got conditioning '${config.conditioning}', generator '${config.generator}'`);
  }
  if (config.generator === 'window-ar-level' && config.conditioning !== 'volatility') {
    throw new Error("gangrad: generator 'window-ar-level' needs conditioning 'volatility' (its level process carries each window's volatility level); use generator 'independent-windows' for the unconditional model");
  }
  if (config.generatorOutput === 'unit-rms-shape' && config.conditioning !== 'volatility') {
    throw new Error("gangrad: generator output 'unit-rms-shape' needs conditioning 'volatility' (it makes window shapes); use generatorOutput 'returns' for the unconditional model");
  }
}
