/**
 * The tabular generator: an MLP trunk and one linear output layer whose columns are read as the
 * encoded row: numeric scores as they are, and each categorical span through a Gumbel-softmax head
 * (τ = 0.2, as in CTGAN), so categorical outputs are nearly one-hot draws the discriminator cannot
 * tell apart from real one-hot rows by their softness alone.
 */
import { Dense, mlp, type Module, type Sequential } from '../../nn/index.js';
import { concatColumns, gumbelSoftmax, Rng, sliceColumns, type Tensor } from '../../tensor/index.js';

export interface Span {
  start: number;
  width: number;
}

export class TabularGenerator implements Module {
  readonly trunk: Sequential;
  readonly head: Dense;
  /** Host noise of the Gumbel heads; its state is part of a checkpoint. */
  readonly gumbel: Rng;
  /** The categorical block's logits of the latest forward pass (read by the conditional penalty). */
  lastLogits: Tensor | null = null;

  constructor(inputs: number, hidden: number[], readonly numericWidth: number, readonly spans: Span[], alpha: number, seed: number, readonly temperature = 0.2) {
    this.trunk = mlp([inputs, ...hidden], { activation: 'leakyRelu', alpha, seed, outputActivation: 'leakyRelu' });
    const width = numericWidth + spans.reduce((s, p) => s + p.width, 0);
    this.head = new Dense(hidden[hidden.length - 1], width, { rng: new Rng(seed + 1) });
    this.gumbel = new Rng(seed + 2);
  }

  forward(x: Tensor): Tensor {
    const out = this.head.forward(this.trunk.forward(x));
    const categoricalWidth = out.shape[1] - this.numericWidth;
    if (categoricalWidth === 0) return out;
    const logits = sliceColumns(out, this.numericWidth, categoricalWidth);
    this.lastLogits = logits;
    let row: Tensor | null = this.numericWidth > 0 ? sliceColumns(out, 0, this.numericWidth) : null;
    for (const s of this.spans) {
      const head = gumbelSoftmax(sliceColumns(logits, s.start, s.width), this.temperature, this.gumbel);
      row = row ? concatColumns(row, head) : head;
    }
    return row!;
  }

  parameters(): Tensor[] {
    return [...this.trunk.parameters(), ...this.head.parameters()];
  }

  namedParameters(prefix = ''): [string, Tensor][] {
    return [...this.trunk.namedParameters(`${prefix}trunk.`), ...this.head.namedParameters(`${prefix}head.`)];
  }
}
