import type { Tensor } from '../tensor/index.js';
import { Activation, type ActivationName } from './activation.js';
import { Dense } from './dense.js';
import type { Module } from './module.js';
import { Rng } from '../tensor/index.js';
import { checkOptionNames } from '../backend/option-names.js';
import { showValue } from '../backend/show-value.js';

/** Modules applied one after another. */
export class Sequential implements Module {
  /** @param layers The modules in the order they are applied; their indices name their parameters. */
  constructor(readonly layers: Module[]) {
    // Sequential(5) would be the identity in silence, Sequential([5]) fail at the first forward.
    if (!(Array.isArray(layers) && layers.every((m) => typeof m?.forward === 'function'))) throw new Error(`gangrad: Sequential needs an array of modules, got ${showValue(layers)}`);
  }

  /** Each layer's output is the next one's input; a Dense followed by a (leaky) ReLU runs as one fused op, same result. */
  forward(x: Tensor): Tensor {
    let y = x;
    for (let i = 0; i < this.layers.length; i++) {
      const layer = this.layers[i];
      const next = this.layers[i + 1];
      // Dense then leaky ReLU: one fused kernel for bias + activation (and one for their gradients).
      const slope = layer instanceof Dense && next instanceof Activation ? next.fusableSlope : null;
      if (slope !== null) {
        y = (layer as Dense).forwardLeakyRelu(y, slope);
        i++;
      } else {
        y = layer.forward(y);
      }
    }
    return y;
  }

  /** Every layer's parameters, layer by layer in order. */
  parameters(): Tensor[] {
    return this.layers.flatMap((l) => l.parameters());
  }

  /** Every layer's parameters named by the layer's index: `0.weight`, `0.bias`, `2.weight`, …. */
  namedParameters(prefix = ''): [string, Tensor][] {
    return this.layers.flatMap((l, i) => l.namedParameters(`${prefix}${i}.`));
  }
}

/** Options for {@link mlp}. */
export interface MlpOptions {
  /** Hidden-layer activation; default `leakyRelu`. */
  activation?: ActivationName;
  /** Slope for x < 0 of leaky ReLU; default 0.2. */
  alpha?: number;
  /** Activation after the last layer; default `linear` (logits, or unbounded returns). */
  outputActivation?: ActivationName;
  /** Seed for the initial weights. */
  seed?: number;
  /** One-hot columns at the end of the first layer's input (see {@link DenseOptions.oneHotInputs}); default 0. */
  oneHotInputs?: number;
}

/**
 * A multilayer perceptron from layer sizes: `mlp([64, 256, 256, 64])` is 64 → 256 → 256 → 64 with
 * the activation between layers. ReLU-like hidden layers get He initialisation, others Glorot.
 */
export function mlp(sizes: number[], options: MlpOptions = {}): Sequential {
  // mlp(5) (plain JavaScript) made an empty network, the identity, in silence: refused like mlp([5]).
  if (!(sizes?.length >= 2)) throw new Error(`gangrad: mlp needs at least an input and an output size, got ${showValue(sizes)}`);
  checkOptionNames(options, 'activation alpha outputActivation seed oneHotInputs', 'gangrad: mlp'); // activaton: would be leaky ReLU in silence
  const activation = options.activation ?? 'leakyRelu';
  const rng = new Rng(options.seed ?? 0);
  const reluLike = activation === 'relu' || activation === 'leakyRelu';
  const layers: Module[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const last = i + 2 === sizes.length;
    layers.push(new Dense(sizes[i], sizes[i + 1], { init: reluLike && !last ? 'he' : 'glorot', rng, oneHotInputs: i === 0 ? options.oneHotInputs : 0 }));
    const act = last ? (options.outputActivation ?? 'linear') : activation;
    if (act !== 'linear') layers.push(new Activation(act, options.alpha ?? 0.2));
  }
  return new Sequential(layers);
}
