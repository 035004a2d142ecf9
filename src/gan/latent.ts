import { randomNormal, type Tensor } from '../tensor/index.js';
import type { Backend } from '../backend/backend.js';

/**
 * The generator's input noise z ~ N(0, I), made on the backend by the counter-based generator.
 * Its whole state is (seed, offset): saving those two numbers is enough to resume bit-identically.
 */
export class LatentSampler {
  /**
   * @param dim Columns of each noise row: the generator's latent dimension.
   * @param seed Seed of the noise stream; with `offset`, all a checkpoint needs to draw the same noise again.
   * @param offset Numbers drawn so far (wraps at 2^32); each `sample(rows)` advances it by rows × dim.
   */
  constructor(readonly dim: number, readonly seed: number, public offset = 0) {
    if (!Number.isInteger(dim) || dim < 1) throw new Error(`gangrad: latent dimension must be a positive integer, got ${dim}`);
  }

  /** A [rows, dim] batch of fresh noise. */
  sample(rows: number, backend?: Backend): Tensor {
    const z = randomNormal([rows, this.dim], { seed: this.seed, offset: this.offset }, backend);
    this.offset = (this.offset + rows * this.dim) % 4294967296;
    return z;
  }
}
