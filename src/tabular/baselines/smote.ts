/**
 * SMOTE (Chawla et al. 2002), the classical oversampler: a synthetic minority row is a random point on
 * the segment between a minority row and one of its k nearest minority neighbours (Euclidean distance
 * in the standardised feature space). A model like the GAN: fit on rows, then sample.
 */
import { Rng } from '../../tensor/index.js';
import { nearestNeighbours } from './neighbours.js';

/** SMOTE on numeric rows ([rows, width] values): `new Smote(k).fit(x, rows, width).sample(count, seed)`. */
export class Smote {
  private data: Float32Array<ArrayBufferLike> = new Float32Array(0);
  private neighbours: Int32Array[] = [];
  private width = 0;

  constructor(readonly k = 5) {
    if (!Number.isInteger(k) || k < 1) throw new Error(`gangrad: SMOTE needs k ≥ 1, got ${k}`);
  }

  /** Fit on the minority rows ([rows, width]): find each row's k nearest other rows. */
  fit(x: Float32Array, rows: number, width: number): this {
    if (x.length !== rows * width) throw new Error(`gangrad: SMOTE got ${x.length} values for ${rows} rows of ${width}`);
    if (rows < 2) throw new Error(`gangrad: SMOTE needs at least 2 minority rows, got ${rows}`);
    this.data = x;
    this.width = width;
    const k = Math.min(this.k, rows - 1);
    this.neighbours = nearestNeighbours(rows, k, (i, j) => {
      let s = 0;
      for (let c = 0; c < width; c++) s += (x[i * width + c] - x[j * width + c]) ** 2;
      return s;
    });
    return this;
  }

  /** `count` synthetic rows ([count, width]); each from a uniformly chosen row, neighbour and gap. */
  sample(count: number, seed = 1): Float32Array {
    if (this.neighbours.length === 0) throw new Error('gangrad: SMOTE.sample before fit');
    const rng = new Rng(seed);
    const w = this.width, out = new Float32Array(count * w);
    for (let s = 0; s < count; s++) {
      const i = rng.int(this.neighbours.length);
      const nb = this.neighbours[i];
      const j = nb[rng.int(nb.length)];
      const gap = rng.uniform();
      for (let c = 0; c < w; c++) out[s * w + c] = this.data[i * w + c] + gap * (this.data[j * w + c] - this.data[i * w + c]);
    }
    return out;
  }
}
