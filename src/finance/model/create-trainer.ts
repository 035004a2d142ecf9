/** The return GAN's trainer: its optimisers, and the sampler of training windows and their conditions. */
import { GanTrainer, rowSampler } from '../../gan/index.js';
import { Adam } from '../../optim/index.js';
import { type Rng, tensor } from '../../tensor/index.js';
import { conditionDim, type ReturnGanConfig } from './config.js';
import type { ReturnGanNetworks } from './networks.js';

/** Columns of a training row: `features` generated values, then `conditions` condition columns. */
export interface RowLayout {
  features: number;
  conditions: number;
}

/**
 * A trainer for the return GAN with the configuration's optimisers and a sampler over training windows.
 * `layout` defaults to one asset's window and {@link conditionDim}; the joint model passes its own
 * (d·W values, 2d conditions).
 */
export function createTrainer(
  config: ReturnGanConfig, networks: ReturnGanNetworks, windows: Float32Array, windowCount: number,
  layout: RowLayout = { features: config.window, conditions: conditionDim(config) },
): { trainer: GanTrainer; batchRng: Rng } {
  const c = layout.conditions;
  const width = layout.features + c;
  const sampler = rowSampler(windows, windowCount, width, config.seed * 7 + 3);
  // Generator-step conditions: those of randomly drawn training windows (the empirical distribution),
  // from the same generator as the batches, so a checkpoint's one RNG state covers both.
  let conditions = new Float32Array(0);
  const sampleCondition = (batch: number) => {
    if (conditions.length !== batch * c) conditions = new Float32Array(batch * c);
    for (let i = 0; i < batch; i++) {
      const row = sampler.rng.int(windowCount) * width;
      for (let j = 0; j < c; j++) conditions[i * c + j] = windows[row + layout.features + j];
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
