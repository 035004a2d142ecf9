/**
 * The tabular generator: an MLP trunk and one linear output layer whose columns are read as the
 * encoded row: numeric scores as they are, and each categorical span through a Gumbel-softmax head
 * (τ = 0.2, as in CTGAN). By default the heads are straight-through: each span is an exact one-hot
 * draw forward (the discriminator sees rows like real ones) and soft backward; measured on the fraud
 * table against soft heads, it made synthetic rows harder to tell from real ones (docs/fraud.md).
 */
import { Dense, mlp, type Module, type Sequential } from '../../nn/index.js';
import { add, concatColumns, gumbelSoftmax, Rng, sliceColumns, type Tensor } from '../../tensor/index.js';

/** How the categorical heads draw: the Gumbel-softmax temperature, and whether rows are hard one-hot forward. */
export interface CategoricalHeads {
  temperature: number;
  /** Straight-through one-hot draws (see the top of this file); false: the soft sample itself. */
  hard: boolean;
}

/** A block of the encoded row's columns: where it starts and how wide it is. */
export interface Span {
  start: number;
  width: number;
}

/**
 * The tabular GAN's generator (see the top of this file): noise and a condition in, an encoded row out,
 * numeric scores first and then one near-one-hot span per categorical column, as `encode` lays rows out.
 */
export class TabularGenerator implements Module {
  readonly trunk: Sequential;
  readonly head: Dense;
  /** Host noise of the Gumbel heads; its state is part of a checkpoint. */
  readonly gumbel: Rng;
  /** The categorical block's logits of the latest forward pass (read by the conditional penalty). */
  lastLogits: Tensor | null = null;
  /**
   * Added to the categorical logits before the heads draw, when set: 0 for a level the training rows
   * have and a large negative number for one they do not (a level only held-out rows have is still in
   * the encoding, so that they can be encoded). Sampling sets it (sample.ts); training leaves it unset.
   */
  levelMask: Tensor | null = null;

  /** @param oneHotInputs the condition's width at the end of the input, gathered rather than multiplied (see Dense). */
  constructor(inputs: number, hidden: number[], readonly numericWidth: number, readonly spans: Span[], alpha: number, seed: number, readonly heads: CategoricalHeads = { temperature: 0.2, hard: true }, oneHotInputs = 0) {
    this.trunk = mlp([inputs, ...hidden], { activation: 'leakyRelu', alpha, seed, outputActivation: 'leakyRelu', oneHotInputs });
    const width = numericWidth + spans.reduce((s, p) => s + p.width, 0);
    this.head = new Dense(hidden[hidden.length - 1], width, { rng: new Rng(seed + 1) });
    this.gumbel = new Rng(seed + 2);
  }

  forward(x: Tensor): Tensor {
    const out = this.head.forward(this.trunk.forward(x));
    const categoricalWidth = out.shape[1] - this.numericWidth;
    if (categoricalWidth === 0) return out;
    const logits = this.numericWidth > 0 ? sliceColumns(out, this.numericWidth, categoricalWidth) : out;
    this.lastLogits = logits;
    // Every head in one op: the same numbers as a Gumbel-softmax of each span's slice, concatenated.
    const heads = gumbelSoftmax(this.levelMask ? add(logits, this.levelMask) : logits, this.heads.temperature, this.gumbel, this.spans, { hard: this.heads.hard });
    return this.numericWidth > 0 ? concatColumns(sliceColumns(out, 0, this.numericWidth), heads) : heads;
  }

  parameters(): Tensor[] {
    return [...this.trunk.parameters(), ...this.head.parameters()];
  }

  namedParameters(prefix = ''): [string, Tensor][] {
    return [...this.trunk.namedParameters(`${prefix}trunk.`), ...this.head.namedParameters(`${prefix}head.`)];
  }
}
