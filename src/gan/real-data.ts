import { Rng, tensor, type Tensor } from '../tensor/index.js';

/** Where a GAN's real samples come from: a function that returns a [batchSize, features] tensor. */
export type RealSampler = (batchSize: number) => Tensor;

/**
 * Uniform sampling with replacement from the rows of a host matrix (e.g. windows of returns).
 * One upload per batch: the only host→device transfer of a training step.
 */
export function rowSampler(rows: Float32Array, rowCount: number, features: number, seed: number): { sample: RealSampler; rng: Rng } {
  if (rows.length !== rowCount * features) {
    throw new Error(`gangrad: rowSampler got ${rows.length} values for ${rowCount} rows of ${features}`);
  }
  if (rowCount < 1) throw new Error('gangrad: rowSampler needs at least one row');
  // Checked once here: a NaN drawn into a batch would only surface, steps later, as "training diverged".
  const bad = rows.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new Error(`gangrad: rowSampler: the data holds ${rows[bad]} at row ${Math.floor(bad / features)}, column ${bad % features} (counting from 0); remove or fill such rows before training`);
  }
  const rng = new Rng(seed);
  let batch = new Float32Array(0);
  const sample = (batchSize: number): Tensor => {
    if (batch.length !== batchSize * features) batch = new Float32Array(batchSize * features);
    for (let i = 0; i < batchSize; i++) {
      const r = rng.int(rowCount);
      batch.set(rows.subarray(r * features, (r + 1) * features), i * features);
    }
    return tensor(batch, [batchSize, features]);
  };
  return { sample, rng };
}
