import type { FloatArray } from '../backend.js';

/**
 * Row-wise RMS normalisation of the CPU reference: each row of [rows, cols] divided by its root mean
 * square (with `eps` under the root, so with eps > 0 an all-zero row gives zeros, not NaN; eps = 0
 * gives 0/0 there). The gradient recomputes the row's RMS from x instead of storing it: one more pass
 * over a row, no extra tensor.
 */

function rowRms(x: FloatArray, o: number, cols: number, eps: number): number {
  let squares = 0;
  for (let c = 0; c < cols; c++) squares += x[o + c] * x[o + c];
  return Math.sqrt(squares / cols + eps);
}

/** out[r, :] = x[r, :] / √(mean(x[r, :]²) + eps). */
export function rmsNormalize(x: FloatArray, out: FloatArray, rows: number, cols: number, eps: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const rms = rowRms(x, o, cols, eps);
    for (let c = 0; c < cols; c++) out[o + c] = x[o + c] / rms;
  }
}

/** dx = (dy − y · mean(dy ⊙ y)) / rms with y = x / rms: the row's scale-invariance removes dy's component along y. */
export function rmsNormalizeGrad(x: FloatArray, dy: FloatArray, out: FloatArray, rows: number, cols: number, eps: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const rms = rowRms(x, o, cols, eps);
    let dot = 0;
    for (let c = 0; c < cols; c++) dot += dy[o + c] * x[o + c];
    const along = dot / (cols * rms); // mean(dy ⊙ y)
    for (let c = 0; c < cols; c++) out[o + c] = (dy[o + c] - (x[o + c] / rms) * along) / rms;
  }
}
