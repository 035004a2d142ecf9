/**
 * The gpu.js backend's fused dense-layer kernels (biasLeakyRelu and its gradient). gpu.js kernels have
 * one output each, so the gradient is two kernels: dz elementwise, and the bias column sums, which
 * recompute dz from y and dy rather than wait for the first kernel's output.
 */
import type { DataHandle, Kernels } from '../backend.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- gpu.js kernel bodies are translated source: `this` is gpu.js's thread context */
type This = { thread: { x: number } };
type Make = (fn: (this: This, ...args: any[]) => number) => unknown;
type Run = (k: any, out: DataHandle, length: number, ...args: unknown[]) => void;

export function gpuJsDenseKernels(make: Make, run: Run, h: (x: DataHandle) => Float32Array): Pick<Kernels, 'biasLeakyRelu' | 'biasLeakyReluGrad'> {
  const kForward = make(function (a: number[], bias: number[], cols: number, alpha: number) {
    const z = a[this.thread.x] + bias[this.thread.x % cols];
    return z > 0 ? z : alpha * z;
  });
  const kDz = make(function (y: number[], dy: number[], alpha: number) {
    return y[this.thread.x] > 0 ? dy[this.thread.x] : alpha * dy[this.thread.x];
  });
  const kBiasSum = make(function (y: number[], dy: number[], rows: number, cols: number, alpha: number) {
    let s = 0;
    for (let r = 0; r < rows; r++) {
      const i = r * cols + this.thread.x;
      s += y[i] > 0 ? dy[i] : alpha * dy[i];
    }
    return s;
  });
  return {
    biasLeakyRelu: (a, bias, out, rows, cols, alpha) => run(kForward, out, rows * cols, h(a), h(bias), cols, alpha),
    biasLeakyReluGrad: (y, dy, dz, dbias, rows, cols, alpha) => {
      run(kDz, dz, rows * cols, h(y), h(dy), alpha);
      run(kBiasSum, dbias, cols, h(y), h(dy), rows, cols, alpha);
    },
  };
}
