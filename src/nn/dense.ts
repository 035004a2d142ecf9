import { add, biasLeakyRelu, keep, leakyRelu, matmul, Rng, tensor, zeros, type Tensor } from '../tensor/index.js';
import { initialWeights, type Initializer } from './init.js';
import type { Module } from './module.js';

export interface DenseOptions {
  /** Weight initialisation; default `glorot`. */
  init?: Initializer;
  /** Seed or generator for the initial weights. */
  rng?: Rng | number;
  /** Whether to add a bias; default true. */
  bias?: boolean;
}

/** A fully connected layer: y = x·W + b, with W stored [inputs, outputs] so no transpose is needed. */
export class Dense implements Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(readonly inputs: number, readonly outputs: number, options: DenseOptions = {}) {
    if (!Number.isInteger(inputs) || !Number.isInteger(outputs) || inputs < 1 || outputs < 1) {
      throw new Error(`gangrad: Dense(${inputs}, ${outputs}) needs positive integer sizes`);
    }
    const rng = options.rng instanceof Rng ? options.rng : new Rng(options.rng ?? 0);
    this.weight = keep(tensor(initialWeights(options.init ?? 'glorot', inputs, outputs, rng), [inputs, outputs]));
    this.weight.requiresGrad = true;
    this.bias = options.bias === false ? null : keep(zeros([outputs]));
    if (this.bias) this.bias.requiresGrad = true;
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== 2 || x.shape[1] !== this.inputs) {
      throw new Error(`gangrad: Dense(${this.inputs} → ${this.outputs}) got input of shape [${x.shape.join(', ')}]`);
    }
    const y = matmul(x, this.weight);
    return this.bias ? add(y, this.bias) : y;
  }

  /**
   * leakyRelu(x·W + b, alpha) with the bias add and activation fused into one kernel each way (what
   * `Sequential` calls for a Dense followed by a leaky ReLU or ReLU); without a bias, the unfused ops.
   */
  forwardLeakyRelu(x: Tensor, alpha: number): Tensor {
    if (!this.bias) return leakyRelu(this.forward(x), alpha);
    if (x.rank !== 2 || x.shape[1] !== this.inputs) {
      throw new Error(`gangrad: Dense(${this.inputs} → ${this.outputs}) got input of shape [${x.shape.join(', ')}]`);
    }
    return biasLeakyRelu(matmul(x, this.weight), this.bias, alpha);
  }

  parameters(): Tensor[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }

  namedParameters(prefix = ''): [string, Tensor][] {
    const named: [string, Tensor][] = [[`${prefix}weight`, this.weight]];
    if (this.bias) named.push([`${prefix}bias`, this.bias]);
    return named;
  }
}
