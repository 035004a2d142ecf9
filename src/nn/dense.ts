import { add, biasLeakyRelu, keep, leakyRelu, matmul, oneHotMatmul, Rng, sliceColumns, sliceRows, tensor, zeros, type Tensor } from '../tensor/index.js';
import { checkTensor } from '../tensor/tensor.js';
import { initialWeights, type Initializer } from './init.js';
import type { Module } from './module.js';
import { checkOptionNames } from '../backend/option-names.js';

/** Options for a {@link Dense} layer. */
export interface DenseOptions {
  /** Weight initialisation; default `glorot`. */
  init?: Initializer;
  /** Seed or generator for the initial weights. */
  rng?: Rng | number;
  /** Whether to add a bias; default true. */
  bias?: boolean;
  /**
   * How many of the last input columns are one-hot (a conditional GAN's condition): they are
   * multiplied by a gather of their weight rows ({@link oneHotMatmul}) instead of a dense product.
   * The same layer and weights, summed in another order; default 0.
   */
  oneHotInputs?: number;
}

/** A fully connected layer: y = x·W + b, with W stored [inputs, outputs] so no transpose is needed. */
export class Dense implements Module {
  /** W, shape [inputs, outputs]: row i holds input i's contribution to every output. */
  readonly weight: Tensor;
  /** b, shape [outputs], zero at first; null for a layer made with `bias: false`. */
  readonly bias: Tensor | null;
  /** How many of the last input columns are one-hot and gathered rather than multiplied; 0 for none. */
  readonly oneHotInputs: number;

  /**
   * @param inputs Columns of the input (features per sample): W's rows.
   * @param outputs Columns of the output (units of the layer): W's columns and b's length.
   */
  constructor(readonly inputs: number, readonly outputs: number, options: DenseOptions = {}) {
    if (!Number.isInteger(inputs) || !Number.isInteger(outputs) || inputs < 1 || outputs < 1) {
      throw new Error(`gangrad: Dense(${inputs}, ${outputs}) needs positive integer sizes`);
    }
    checkOptionNames(options, 'init rng bias oneHotInputs', 'gangrad: Dense');
    this.oneHotInputs = options.oneHotInputs ?? 0;
    if (!Number.isInteger(this.oneHotInputs) || this.oneHotInputs < 0 || this.oneHotInputs > inputs) {
      throw new Error(`gangrad: Dense(${inputs}, ${outputs}) cannot take ${this.oneHotInputs} one-hot inputs`);
    }
    const rng = options.rng instanceof Rng ? options.rng : new Rng(options.rng ?? 0);
    this.weight = keep(tensor(initialWeights(options.init ?? 'glorot', inputs, outputs, rng), [inputs, outputs]));
    this.weight.requiresGrad = true;
    this.bias = options.bias === false ? null : keep(zeros([outputs]));
    if (this.bias) this.bias.requiresGrad = true;
  }

  /** y = x·W + b: a [batch, inputs] input gives [batch, outputs]; any other input shape throws, naming it. */
  forward(x: Tensor): Tensor {
    const y = this.product(x);
    return this.bias ? add(y, this.bias) : y;
  }

  /** x·W (x checked against the layer's size), with the one-hot input columns (if any) gathered rather than multiplied. */
  private product(x: Tensor): Tensor {
    const where = `Dense(${this.inputs} → ${this.outputs})`;
    checkTensor(where, x); // a number or array from plain JavaScript would fail on x.shape below
    if (x.rank !== 2 || x.shape[1] !== this.inputs) throw new Error(`gangrad: ${where} got input of shape [${x.shape.join(', ')}]`);
    const hot = this.oneHotInputs;
    if (hot === 0) return matmul(x, this.weight);
    if (hot === this.inputs) return oneHotMatmul(x, this.weight);
    const dense = this.inputs - hot;
    return add(
      matmul(sliceColumns(x, 0, dense), sliceRows(this.weight, 0, dense)),
      oneHotMatmul(sliceColumns(x, dense, hot), sliceRows(this.weight, dense, hot)),
    );
  }

  /**
   * leakyRelu(x·W + b, alpha) with the bias add and activation fused into one kernel each way (what
   * `Sequential` calls for a Dense followed by a leaky ReLU or ReLU); without a bias, the unfused ops.
   */
  forwardLeakyRelu(x: Tensor, alpha: number): Tensor {
    if (!this.bias) return leakyRelu(this.forward(x), alpha);
    return biasLeakyRelu(this.product(x), this.bias, alpha);
  }

  /** [W, b], or [W] without a bias: the order optimisers and model files rely on. */
  parameters(): Tensor[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }

  /** `weight` and `bias` after `prefix` (a Sequential passes `0.`, `2.`, …). */
  namedParameters(prefix = ''): [string, Tensor][] {
    const named: [string, Tensor][] = [[`${prefix}weight`, this.weight]];
    if (this.bias) named.push([`${prefix}bias`, this.bias]);
    return named;
  }
}
