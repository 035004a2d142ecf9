import { leakyRelu, relu, sigmoid, tanh, type Tensor } from '../tensor/index.js';
import type { Module } from './module.js';

/** The activations a layer can apply. */
export type ActivationName = 'leakyRelu' | 'relu' | 'sigmoid' | 'tanh' | 'linear';

/** Every {@link ActivationName}, for checking a name that came from outside the type system (JSON, JS callers). */
export const ACTIVATION_NAMES: readonly ActivationName[] = ['leakyRelu', 'relu', 'sigmoid', 'tanh', 'linear'];

/** An activation function as a parameter-free layer, so it can sit in a `Sequential`. */
export class Activation implements Module {
  /**
   * @param kind Which function to apply; an unknown name throws, listing the known ones.
   * @param alpha Leaky ReLU's slope for x < 0 (ignored by the other kinds); default 0.2.
   */
  constructor(readonly kind: ActivationName, readonly alpha = 0.2) {
    if (!ACTIVATION_NAMES.includes(kind)) throw new Error(`gangrad: unknown activation '${kind}' (one of ${ACTIVATION_NAMES.join(', ')})`);
  }

  /** The activation applied element-wise: the output has x's shape. */
  forward(x: Tensor): Tensor {
    switch (this.kind) {
      case 'leakyRelu': return leakyRelu(x, this.alpha);
      case 'relu': return relu(x);
      case 'sigmoid': return sigmoid(x);
      case 'tanh': return tanh(x);
      case 'linear': return x;
    }
  }

  /** The slope below zero when this is a leaky ReLU or ReLU that a preceding Dense may fuse (alpha ≥ 0), else null. */
  get fusableSlope(): number | null {
    if (this.kind === 'relu') return 0;
    return this.kind === 'leakyRelu' && this.alpha >= 0 ? this.alpha : null;
  }

  /** None: an activation has nothing to train. */
  parameters(): Tensor[] {
    return [];
  }

  /** None, so an activation takes an index in a Sequential but adds no names. */
  namedParameters(): [string, Tensor][] {
    return [];
  }
}
