/**
 * The gpu.js backend's fused dense-layer kernels (biasLeakyRelu and its gradient, and the one-hot
 * product of a table's condition with its gradient). gpu.js kernels have
 * one output each, so the gradient is two kernels: dz elementwise, and the bias column sums, which
 * recompute dz from y and dy rather than wait for the first kernel's output.
 */
import type { DataHandle, Kernels } from '../backend.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- gpu.js kernel bodies are translated source: `this` is gpu.js's thread context */
type This = { thread: { x: number } };
type Make = (fn: (this: This, ...args: any[]) => number) => unknown;
type Run = (k: any, out: DataHandle, length: number, ...args: unknown[]) => void;

/**
 * The fused dense kernels (bias + leaky ReLU and its gradient) and the one-hot products as gpu.js
 * kernels.
 */
export function gpuJsDenseKernels(make: Make, run: Run, h: (x: DataHandle) => Float32Array): Pick<Kernels, 'biasLeakyRelu' | 'biasLeakyReluGrad' | 'oneHotMatmul' | 'oneHotMatmulGrad'> {
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
  // x·w for one-hot rows x, and its weight gradient: one thread per output element, skipping x's zeros.
  const kOneHot = make(function (x: number[], w: number[], k: number, n: number) {
    const r = Math.floor(this.thread.x / n);
    const c = this.thread.x - r * n;
    let s = 0;
    for (let j = 0; j < k; j++) {
      const v = x[r * k + j];
      if (v !== 0) s += v * w[j * n + c];
    }
    return s;
  });
  const kOneHotGrad = make(function (x: number[], dy: number[], rows: number, k: number, n: number) {
    const j = Math.floor(this.thread.x / n);
    const c = this.thread.x - j * n;
    let s = 0;
    for (let r = 0; r < rows; r++) {
      const v = x[r * k + j];
      if (v !== 0) s += v * dy[r * n + c];
    }
    return s;
  });
  return {
    oneHotMatmul: (x, w, out, rows, k, n) => run(kOneHot, out, rows * n, h(x), h(w), k, n),
    oneHotMatmulGrad: (x, dy, dw, rows, k, n) => run(kOneHotGrad, dw, k * n, h(x), h(dy), rows, k, n),
    biasLeakyRelu: (a, bias, out, rows, cols, alpha) => run(kForward, out, rows * cols, h(a), h(bias), cols, alpha),
    biasLeakyReluGrad: (y, dy, dz, dbias, rows, cols, alpha) => {
      run(kDz, dz, rows * cols, h(y), h(dy), alpha);
      run(kBiasSum, dbias, cols, h(y), h(dy), rows, cols, alpha);
    },
  };
}
