import type { FloatArray } from '../backend.js';

/** Elementwise kernels of the CPU reference: one plain loop each, written to read like the math. */

export function add(a: FloatArray, b: FloatArray, out: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) out[i] = a[i] + b[i];
}
/** out = a − b, element by element. */
export function sub(a: FloatArray, b: FloatArray, out: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) out[i] = a[i] - b[i];
}
/** out = a ⊙ b (element-wise product). */
export function mul(a: FloatArray, b: FloatArray, out: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) out[i] = a[i] * b[i];
}
/** out = factor · a. */
export function scale(a: FloatArray, out: FloatArray, size: number, factor: number): void {
  for (let i = 0; i < size; i++) out[i] = a[i] * factor;
}
/** out[r, c] = a[r, c] + bias[c]: a bias row added to every row. */
export function addRowBroadcast(a: FloatArray, bias: FloatArray, out: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) out[o + c] = a[o + c] + bias[c];
  }
}
/** out[r, c] = row[c] for every r: one row repeated (the gradient of a sum over rows). */
export function tileRows(row: FloatArray, out: FloatArray, rows: number, cols: number): void {
  // A scalar tiled over a whole tensor (the gradient of a sum) is a fill, not a `set` per element.
  if (cols === 1) out.fill(row[0], 0, rows);
  else for (let r = 0; r < rows; r++) out.set(row.subarray(0, cols), r * cols);
}
/** out = x where x > 0, else alpha · x. */
export function leakyRelu(x: FloatArray, out: FloatArray, size: number, alpha: number): void {
  for (let i = 0; i < size; i++) { const v = x[i]; out[i] = v > 0 ? v : alpha * v; }
}
/** out = dy where x > 0, else alpha · dy: leaky ReLU's derivative times the upstream gradient. */
export function leakyReluGrad(x: FloatArray, dy: FloatArray, out: FloatArray, size: number, alpha: number): void {
  for (let i = 0; i < size; i++) out[i] = x[i] > 0 ? dy[i] : alpha * dy[i];
}

/** Stable logistic: never evaluates e^x for large positive x. */
export function stableSigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
/** out = σ(x) = 1 / (1 + e^(−x)), by {@link stableSigmoid}. */
export function sigmoid(x: FloatArray, out: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) out[i] = stableSigmoid(x[i]);
}
/** out = dy · y(1 − y), from the forward output y = σ(x). */
export function sigmoidGrad(y: FloatArray, dy: FloatArray, out: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) out[i] = dy[i] * y[i] * (1 - y[i]);
}
/** out = tanh(x). */
export function tanh(x: FloatArray, out: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) out[i] = Math.tanh(x[i]);
}
/** out = dy · (1 − y²), from the forward output y = tanh(x). */
export function tanhGrad(y: FloatArray, dy: FloatArray, out: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) out[i] = dy[i] * (1 - y[i] * y[i]);
}
/** out = e^x. */
export function exp(x: FloatArray, out: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) out[i] = Math.exp(x[i]);
}
/**
 * Binary cross-entropy of logits x against labels z, per element: max(x, 0) − x·z + log(1 + e^(−|x|)),
 * which equals −z·log σ(x) − (1 − z)·log(1 − σ(x)) and never exponentiates a large positive number.
 */
export function sigmoidCrossEntropyWithLogits(logits: FloatArray, labels: FloatArray, out: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) {
    const x = logits[i];
    out[i] = Math.max(x, 0) - x * labels[i] + Math.log1p(Math.exp(-Math.abs(x)));
  }
}
/** Its gradient with respect to the logits: dy · (σ(x) − z). */
export function sigmoidCrossEntropyWithLogitsGrad(
  logits: FloatArray, labels: FloatArray, dy: FloatArray, out: FloatArray, size: number,
): void {
  for (let i = 0; i < size; i++) out[i] = dy[i] * (stableSigmoid(logits[i]) - labels[i]);
}
