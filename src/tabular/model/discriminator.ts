/**
 * PacGAN packing (Lin et al. 2018, used by CTGAN): the discriminator judges `pac` rows at once, read as
 * one long row, so a generator that collapses onto a few typical rows is caught by their sameness.
 */
import type { Module, Sequential } from '../../nn/index.js';
import { concatColumns, reshape, type Tensor } from '../../tensor/index.js';

/**
 * A critic that judges packs of rows together (PacGAN, Lin et al. 2018), so a generator repeating one
 * row is seen.
 */
export class PackedDiscriminator implements Module {
  constructor(readonly net: Sequential, readonly pac: number) {
    if (!Number.isInteger(pac) || pac < 1) throw new Error(`gangrad: the pack size must be a positive integer, got ${pac}`);
  }

  /**
   * Logits [batch, 1] for rows [batch, width]: rows i·pac … i·pac + pac − 1 form pack i, and each row
   * gets its pack's logit, so the trainer's per-row losses average to the per-pack ones.
   */
  forward(x: Tensor): Tensor {
    if (this.pac === 1) return this.net.forward(x);
    const [batch, width] = x.shape;
    if (batch % this.pac !== 0) throw new Error(`gangrad: a batch of ${batch} rows does not split into packs of ${this.pac}`);
    const logits = this.net.forward(reshape(x, [batch / this.pac, this.pac * width]));
    let repeated = logits;
    for (let k = 1; k < this.pac; k++) repeated = concatColumns(repeated, logits);
    return reshape(repeated, [batch, 1]);
  }

  parameters(): Tensor[] {
    return this.net.parameters();
  }

  /** The inner network's names, so model files read the same with or without packing. */
  namedParameters(prefix = ''): [string, Tensor][] {
    return this.net.namedParameters(prefix);
  }
}
