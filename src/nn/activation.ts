import { leakyRelu, relu, sigmoid, tanh, type Tensor } from '../tensor/index.js';
import type { Module } from './module.js';

export type ActivationName = 'leakyRelu' | 'relu' | 'sigmoid' | 'tanh' | 'linear';

/** An activation function as a parameter-free layer, so it can sit in a `Sequential`. */
export class Activation implements Module {
  constructor(readonly kind: ActivationName, readonly alpha = 0.2) {}

  forward(x: Tensor): Tensor {
    switch (this.kind) {
      case 'leakyRelu': return leakyRelu(x, this.alpha);
      case 'relu': return relu(x);
      case 'sigmoid': return sigmoid(x);
      case 'tanh': return tanh(x);
      case 'linear': return x;
    }
  }

  parameters(): Tensor[] {
    return [];
  }

  namedParameters(): [string, Tensor][] {
    return [];
  }
}
