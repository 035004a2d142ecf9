/**
 * The gpu.js backend's row-wise softmax kernels. One thread per output element (softmax and its
 * gradient) or per row (the cross-entropy); every loop has its own variable name because gpu.js
 * hoists them into one scope; each thread re-reads its row, which costs O(cols) per
 * element, fine for the narrow categorical heads these serve.
 */
import type { DataHandle, Kernels } from '../backend.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- gpu.js kernel bodies are translated source */
type This = { thread: { x: number } };
type Make = (fn: (this: This, ...args: any[]) => number) => unknown;
type Run = (k: any, out: DataHandle, length: number, ...args: unknown[]) => void;

type SoftmaxKernels = Pick<Kernels, 'softmax' | 'softmaxGrad' | 'softmaxCrossEntropyWithLogits' | 'softmaxCrossEntropyWithLogitsGrad'>;

export function gpujsSoftmaxKernels(make: Make, run: Run, h: (x: DataHandle) => Float32Array): SoftmaxKernels {
  const kSoftmax = make(function (x: number[], cols: number) {
    const r = Math.floor(this.thread.x / cols);
    let max = x[r * cols];
    for (let j0 = 1; j0 < cols; j0++) max = Math.max(max, x[r * cols + j0]);
    let total = 0;
    for (let j1 = 0; j1 < cols; j1++) total += Math.exp(x[r * cols + j1] - max);
    return Math.exp(x[this.thread.x] - max) / total;
  });
  const kSoftmaxGrad = make(function (y: number[], dy: number[], cols: number) {
    const r = Math.floor(this.thread.x / cols);
    let dot = 0;
    for (let j2 = 0; j2 < cols; j2++) dot += dy[r * cols + j2] * y[r * cols + j2];
    return y[this.thread.x] * (dy[this.thread.x] - dot);
  });
  const kCe = make(function (x: number[], z: number[], cols: number) {
    const o = this.thread.x * cols;
    let max = x[o];
    for (let j3 = 1; j3 < cols; j3++) max = Math.max(max, x[o + j3]);
    let total = 0;
    for (let j4 = 0; j4 < cols; j4++) total += Math.exp(x[o + j4] - max);
    const lse = max + Math.log(total);
    let loss = 0;
    for (let j5 = 0; j5 < cols; j5++) loss += z[o + j5] * (lse - x[o + j5]);
    return loss;
  });
  const kCeGrad = make(function (x: number[], z: number[], dy: number[], cols: number) {
    const r = Math.floor(this.thread.x / cols);
    const o = r * cols;
    let max = x[o];
    for (let j6 = 1; j6 < cols; j6++) max = Math.max(max, x[o + j6]);
    let total = 0;
    let mass = 0;
    for (let j7 = 0; j7 < cols; j7++) {
      total += Math.exp(x[o + j7] - max);
      mass += z[o + j7];
    }
    return dy[r] * ((Math.exp(x[this.thread.x] - max) / total) * mass - z[this.thread.x]);
  });
  return {
    softmax: (x, out, rows, cols) => run(kSoftmax, out, rows * cols, h(x), cols),
    softmaxGrad: (y, dy, out, rows, cols) => run(kSoftmaxGrad, out, rows * cols, h(y), h(dy), cols),
    softmaxCrossEntropyWithLogits: (x, z, out, rows, cols) => run(kCe, out, rows, h(x), h(z), cols),
    softmaxCrossEntropyWithLogitsGrad: (x, z, dy, out, rows, cols) => run(kCeGrad, out, rows * cols, h(x), h(z), h(dy), cols),
  };
}
