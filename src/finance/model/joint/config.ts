/**
 * The joint GAN's configuration: the single-asset return GAN's settings (config.ts), held to the one
 * variant the joint model implements — volatility-conditional, unit-RMS shapes, window-by-window
 * levels, a critic that also sees |x| — and the layout of its rows for d assets.
 */
import { DEFAULT_CONFIG, type ReturnGanConfig } from '../config.js';
import { pairCount } from './window-correlation.js';

/** The joint model's settings: those of {@link ReturnGanConfig}, with the variant fields fixed (see {@link checkJointConfig}). */
export interface JointGanConfig extends ReturnGanConfig {
  /**
   * The critic also sees each pair of assets' realised correlations in the window, of returns and of
   * their sizes (networks.ts, WithCoMovements). Model files written before this setting existed load with false.
   */
  criticCoMovements: boolean;
  /**
   * The generator is also conditioned on the previous window's realised correlation of each pair of
   * assets (window-correlation.ts), so co-movement, like volatility, carries from window to window and a
   * forecast starts from today's. Model files written before this setting existed load with false.
   */
  correlationConditions: boolean;
}

/**
 * The reference settings: the single-asset model's (window 64, hidden [256, 256], …) but 1,000 steps, not
 * 10,000. The joint model's validation score peaks early (at step 375–2,250 of 3,000-step runs, never
 * improved on afterwards; docs/portfolio.md), and every measured figure is of 1,000-step models.
 */
export const DEFAULT_JOINT_CONFIG: JointGanConfig = { ...DEFAULT_CONFIG, steps: 1_000, criticCoMovements: true, correlationConditions: true };

/** The variant fields and the only value each may take in a joint model. */
const FIXED: Partial<Record<keyof JointGanConfig, unknown>> = {
  conditioning: 'volatility', generatorOutput: 'unit-rms-shape', generator: 'window-ar-level', discriminatorInput: 'returns+abs',
};

/** Throws naming the first variant field a joint model does not implement. */
export function checkJointConfig(config: JointGanConfig): void {
  for (const [key, value] of Object.entries(FIXED)) {
    const got = (config as unknown as Record<string, unknown>)[key];
    if (got !== value) throw new Error(`gangrad: the joint model implements config.${key} ${JSON.stringify(value)} only, got ${JSON.stringify(got)}`);
  }
}

/**
 * Where things sit in a training row of d assets × W days: the d window shapes side by side (asset j at
 * columns jW … jW + W − 1), then the d window levels, the d previous-window levels and, with
 * correlation conditions, the previous window's d(d − 1)/2 pair correlations.
 */
export interface JointLayout {
  assets: number;
  window: number;
  /** d·W: the generator's output, the critic's data columns. */
  features: number;
  /** 2d condition columns, + d(d − 1)/2 with correlation conditions. */
  conditions: number;
  /** Pair correlations among the conditions (0 without correlation conditions). */
  pairs: number;
}

/** The row layout of d assets under `config`. */
export function jointLayout(config: Pick<JointGanConfig, 'window' | 'correlationConditions'>, assets: number): JointLayout {
  if (!Number.isInteger(assets) || assets < 1) throw new Error(`gangrad: a joint model needs a whole number of assets ≥ 1, got ${assets}`);
  const pairs = config.correlationConditions ? pairCount(assets) : 0;
  return { assets, window: config.window, features: assets * config.window, conditions: 2 * assets + pairs, pairs };
}
