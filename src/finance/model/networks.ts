/** The return GAN's two networks, built from a configuration (and, for unit-RMS shapes, its fitted transforms). */
import { mlp, Sequential, type Module } from '../../nn/index.js';
import { absolute, concatColumns, type Tensor } from '../../tensor/index.js';
import type { TransformState } from '../data/transforms.js';
import { checkGeneratorOutput, conditionDim, type ReturnGanConfig } from './config.js';
import { UnitRmsShapeHead } from './shape-head.js';

/** A parameter-free first layer: x ↦ [x, |x|]. */
export class WithAbsoluteValues implements Module {
  forward(x: Tensor): Tensor {
    return concatColumns(x, absolute(x));
  }
  parameters(): Tensor[] {
    return [];
  }
  namedParameters(): [string, Tensor][] {
    return [];
  }
}

/** The return GAN's generator and discriminator, as {@link buildNetworks} makes them. */
export interface ReturnGanNetworks {
  /** Noise (and window conditions) to a window of `config.window` values. */
  generator: Module;
  /** A window (and its conditions) to one logit; with `returns+abs` input, led by {@link WithAbsoluteValues}. */
  discriminator: Sequential;
}

/**
 * The two networks of a configuration, with fresh weights. The `unit-rms-shape` generator's head uses
 * the fitted tail transform, so it needs the model's `transforms`.
 */
export function buildNetworks(config: ReturnGanConfig, transforms?: TransformState): ReturnGanNetworks {
  const withAbs = config.discriminatorInput !== 'returns';
  const c = conditionDim(config);
  const critic = mlp([(withAbs ? 2 : 1) * (config.window + c), ...config.hidden, 1], { activation: 'leakyRelu', alpha: config.alpha, seed: config.seed * 2 + 2 });
  const generatorMlp = () => mlp([config.latentDim + c, ...config.hidden, config.window], { activation: 'leakyRelu', alpha: config.alpha, seed: config.seed * 2 + 1 });
  let generator: Module;
  if (config.generatorOutput === 'unit-rms-shape') {
    checkGeneratorOutput(config);
    if (transforms?.shapeDomain !== 'unit-rms') throw new Error("gangrad: generator output 'unit-rms-shape' needs transforms fitted for unit-RMS shapes");
    // The head has no parameters, so the weights keep the plain generator's names.
    generator = new Sequential([...generatorMlp().layers, new UnitRmsShapeHead(transforms)]);
  } else {
    generator = generatorMlp();
  }
  return {
    generator,
    discriminator: withAbs ? new Sequential([new WithAbsoluteValues(), ...critic.layers]) : critic,
  };
}
