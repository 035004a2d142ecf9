import type { FloatArray } from '../backend.js';

/**
 * Row-wise softmax kernels of the CPU reference. Each row's maximum is subtracted before
 * exponentiating, so logits of any size give finite results (e^0 = 1 is the largest term).
 */

export function softmax(x: FloatArray, out: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let max = -Infinity;
    for (let c = 0; c < cols; c++) max = Math.max(max, x[o + c]);
    let total = 0;
    for (let c = 0; c < cols; c++) total += Math.exp(x[o + c] - max);
    for (let c = 0; c < cols; c++) out[o + c] = Math.exp(x[o + c] - max) / total;
  }
}

export function softmaxGrad(y: FloatArray, dy: FloatArray, out: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let dot = 0;
    for (let c = 0; c < cols; c++) dot += dy[o + c] * y[o + c];
    for (let c = 0; c < cols; c++) out[o + c] = y[o + c] * (dy[o + c] - dot);
  }
}

/** log Σ e^x of one row, shifted by its maximum. */
function logSumExp(x: FloatArray, o: number, cols: number): number {
  let max = -Infinity;
  for (let c = 0; c < cols; c++) max = Math.max(max, x[o + c]);
  let total = 0;
  for (let c = 0; c < cols; c++) total += Math.exp(x[o + c] - max);
  return max + Math.log(total);
}

export function softmaxCrossEntropyWithLogits(logits: FloatArray, labels: FloatArray, out: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const lse = logSumExp(logits, o, cols);
    let loss = 0;
    for (let c = 0; c < cols; c++) loss += labels[o + c] * (lse - logits[o + c]);
    out[r] = loss;
  }
}

export function softmaxCrossEntropyWithLogitsGrad(
  logits: FloatArray, labels: FloatArray, dy: FloatArray, out: FloatArray, rows: number, cols: number,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const lse = logSumExp(logits, o, cols);
    let mass = 0;
    for (let c = 0; c < cols; c++) mass += labels[o + c];
    for (let c = 0; c < cols; c++) out[o + c] = dy[r] * (Math.exp(logits[o + c] - lse) * mass - labels[o + c]);
  }
}
