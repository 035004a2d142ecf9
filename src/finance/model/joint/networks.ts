/**
 * The joint GAN's two networks. Generator: an MLP from latent + 2d conditions to d·W values, then each
 * asset's W columns through that asset's unit-RMS shape head (shape-head.ts, with its own fitted
 * tails). Critic: [x, |x|] of the whole row (shapes and conditions) → MLP → 1, as the single-asset
 * critic.
 *
 * Cost in d: only the generator's output layer (hidden · d·W weights) and the critic's input layer
 * (hidden · 2(d·W + 2d)) grow, linearly; the hidden layers do not. At W = 64 and hidden 256, d = 3 has
 * 1.3× the single-asset generator's multiply-adds and 1.7× its critic's; d = 10, 2.5× and 4.1×.
 */
import { mlp, Sequential, type Module } from '../../../nn/index.js';
import { concatColumns, sliceColumns, type Tensor } from '../../../tensor/index.js';
import type { TransformState } from '../../data/transforms.js';
import { WithAbsoluteValues, type ReturnGanNetworks } from '../networks.js';
import { UnitRmsShapeHead } from '../shape-head.js';
import { jointLayout, type JointGanConfig } from './config.js';

/** Each asset's W columns through its own unit-RMS shape head, side by side again. */
export class JointShapeHead implements Module {
  private readonly heads: UnitRmsShapeHead[];

  constructor(transforms: readonly TransformState[], private readonly window: number) {
    this.heads = transforms.map((s, j) => {
      if (s.shapeDomain !== 'unit-rms') throw new Error(`gangrad: asset ${j}'s transforms are not fitted for unit-RMS shapes`);
      return new UnitRmsShapeHead(s);
    });
  }

  forward(x: Tensor): Tensor {
    const d = this.heads.length;
    if (x.shape[1] !== d * this.window) throw new Error(`gangrad: the joint shape head expects [n, ${d * this.window}] (${d} assets × ${this.window} days), got [${x.shape.join(', ')}]`);
    let out = this.heads[0].forward(d === 1 ? x : sliceColumns(x, 0, this.window));
    for (let j = 1; j < d; j++) out = concatColumns(out, this.heads[j].forward(sliceColumns(x, j * this.window, this.window)));
    return out;
  }

  parameters(): Tensor[] {
    return [];
  }

  namedParameters(): [string, Tensor][] {
    return [];
  }
}

/** The joint networks of `config` for assets with these fitted `transforms`, with fresh weights. */
export function buildJointNetworks(config: JointGanConfig, transforms: readonly TransformState[]): ReturnGanNetworks {
  const { features, conditions } = jointLayout(config, transforms.length);
  const layers = { activation: 'leakyRelu' as const, alpha: config.alpha };
  const generator = mlp([config.latentDim + conditions, ...config.hidden, features], { ...layers, seed: config.seed * 2 + 1 });
  const critic = mlp([2 * (features + conditions), ...config.hidden, 1], { ...layers, seed: config.seed * 2 + 2 });
  return {
    // The head has no parameters, so the weights keep the plain MLP's names.
    generator: new Sequential([...generator.layers, new JointShapeHead(transforms, config.window)]),
    discriminator: new Sequential([new WithAbsoluteValues(), ...critic.layers]),
  };
}
