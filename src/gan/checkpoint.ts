/**
 * Moving a GAN's training state to and from named host arrays (what a safetensors file holds): the
 * networks' parameters and both optimisers' moments. Application model files (tabular, and any other)
 * add their own metadata around these.
 */
import type { Module } from '../nn/index.js';
import type { Tensor } from '../tensor/index.js';
import type { GanTrainer, OptimizerSteps } from './trainer.js';

/** A host copy of one tensor. */
export interface HostArray {
  /** The tensor's shape, e.g. [rows, cols] for a weight matrix; the product of its entries is data.length. */
  shape: number[];
  /** The values in row-major order (the last index varies fastest). */
  data: Float32Array;
}

async function copies(entries: [string, Tensor][], prefix: string): Promise<[string, HostArray][]> {
  return Promise.all(entries.map(async ([name, t]) => [`${prefix}${name}`, { shape: [...t.shape], data: Float32Array.from(await t.data()) }] as [string, HostArray]));
}

/** A module's parameters as named host arrays (`prefix` + the module's own names). */
export function moduleArrays(module: Module, prefix: string): Promise<[string, HostArray][]> {
  return copies(module.namedParameters(), prefix);
}

/** Both optimisers' state (Adam moments) as named host arrays, under `adam.generator.` and `adam.discriminator.`. */
export async function optimizerArrays(trainer: GanTrainer): Promise<[string, HostArray][]> {
  return [
    ...await copies(trainer.generatorOptimizer.stateTensors(), 'adam.generator.'),
    ...await copies(trainer.discriminatorOptimizer.stateTensors(), 'adam.discriminator.'),
  ];
}

/** Write stored arrays into a module's parameters, checking every name and shape (errors name `file`). */
export function loadModuleArrays(module: Module, prefix: string, arrays: Map<string, HostArray>, file: string): void {
  for (const [name, t] of module.namedParameters(prefix)) {
    const stored = arrays.get(name);
    if (!stored) throw new Error(`${file}: tensor '${name}' is missing`);
    if (stored.shape.join('×') !== t.shape.join('×')) {
      throw new Error(`${file}: tensor '${name}' has shape [${stored.shape.join(', ')}], the configuration needs [${t.shape.join(', ')}]`);
    }
    t.backend.write(t.handle, stored.data);
  }
}

/** Restore both Adam optimisers' moments and step counts from stored arrays. */
export function loadOptimizerArrays(trainer: GanTrainer, arrays: Map<string, HostArray>, steps: OptimizerSteps, file: string): void {
  for (const [prefix, optimizer] of [['adam.generator.', trainer.generatorOptimizer], ['adam.discriminator.', trainer.discriminatorOptimizer]] as const) {
    for (const [name, t] of optimizer.stateTensors()) {
      const stored = arrays.get(prefix + name);
      if (!stored || stored.data.length !== t.size) throw new Error(`${file}: optimiser state '${prefix + name}' is missing or has the wrong size`);
      t.backend.write(t.handle, stored.data);
    }
  }
  trainer.restoreOptimizerSteps(steps);
}

/** The trainer's counters a checkpoint keeps (the key names are those of existing model files). */
export interface TrainerCounters {
  /** Updates the generator's Adam has applied (its t), restored so its bias correction continues. */
  generatorAdamStep: number;
  /** Updates the discriminator's Adam has applied (its t). */
  discriminatorAdamStep: number;
  /** Position of the latent noise stream (numbers drawn), so a resumed run draws the noise it would have. */
  latentOffset: number;
}

/** The trainer's optimiser step counts and latent-noise position, for a checkpoint's resume state. */
export function trainerCounters(trainer: GanTrainer): TrainerCounters {
  const steps = trainer.optimizerSteps();
  return { generatorAdamStep: steps.generator, discriminatorAdamStep: steps.discriminator, latentOffset: trainer.latent.offset };
}

/**
 * Put a trainer back where a checkpoint left it: the optimisers' moments and step counts, the step and
 * the latent-noise position (the application restores its own samplers' RNGs).
 */
export function restoreTrainer(
  trainer: GanTrainer, checkpoint: { arrays: Map<string, HostArray>; step: number; counters: TrainerCounters; file: string },
): void {
  const { arrays, step, counters, file } = checkpoint;
  loadOptimizerArrays(trainer, arrays, { generator: counters.generatorAdamStep, discriminator: counters.discriminatorAdamStep }, file);
  trainer.stepCount = step;
  trainer.latent.offset = counters.latentOffset;
}
