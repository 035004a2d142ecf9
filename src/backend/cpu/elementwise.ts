import type { FloatArray } from '../backend.js';

/** Elementwise kernels of the CPU reference: one plain loop each, written to read like the math. */

export function add(a: FloatArray, b: FloatArray, out: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) out[i] = a[i] + b[i];
}
export function sub(a: FloatArray, b: FloatArray, out: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) out[i] = a[i] - b[i];
}
export function mul(a: FloatArray, b: FloatArray, out: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) out[i] = a[i] * b[i];
}
export function scale(a: FloatArray, out: FloatArray, size: number, factor: number): void {
  for (let i = 0; i < size; i++) out[i] = a[i] * factor;
}
export function addRowBroadcast(a: FloatArray, bias: FloatArray, out: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) out[o + c] = a[o + c] + bias[c];
  }
}
export function tileRows(row: FloatArray, out: FloatArray, rows: number, cols: number): void {
  // A scalar tiled over a whole tensor (the gradient of a sum) is a fill, not a `set` per element.
  if (cols === 1) out.fill(row[0], 0, rows);
  else for (let r = 0; r < rows; r++) out.set(row.subarray(0, cols), r * cols);
}
export function leakyRelu(x: FloatArray, out: FloatArray, size: number, alpha: number): void {
  for (let i = 0; i < size; i++) { const v = x[i]; out[i] = v > 0 ? v : alpha * v; }
}
export function leakyReluGrad(x: FloatArray, dy: FloatArray, out: FloatArray, size: number, alpha: number): void {
  for (let i = 0; i < size; i++) out[i] = x[i] > 0 ? dy[i] : alpha * dy[i];
}

/** Stable logistic: never evaluates e^x for large positive x. */
export function stableSigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
export function sigmoid(x: FloatArray, out: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) out[i] = stableSigmoid(x[i]);
}
export function sigmoidGrad(y: FloatArray, dy: FloatArray, out: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) out[i] = dy[i] * y[i] * (1 - y[i]);
}
export function tanh(x: FloatArray, out: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) out[i] = Math.tanh(x[i]);
}
export function tanhGrad(y: FloatArray, dy: FloatArray, out: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) out[i] = dy[i] * (1 - y[i] * y[i]);
}
export function exp(x: FloatArray, out: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) out[i] = Math.exp(x[i]);
}
export function sigmoidCrossEntropyWithLogits(logits: FloatArray, labels: FloatArray, out: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) {
    const x = logits[i];
    out[i] = Math.max(x, 0) - x * labels[i] + Math.log1p(Math.exp(-Math.abs(x)));
  }
}
export function sigmoidCrossEntropyWithLogitsGrad(
  logits: FloatArray, labels: FloatArray, dy: FloatArray, out: FloatArray, size: number,
): void {
  for (let i = 0; i < size; i++) out[i] = dy[i] * (stableSigmoid(logits[i]) - labels[i]);
}
