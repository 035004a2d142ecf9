/**
 * The gpu.js backend's row-wise RMS normalisation. One thread per output element, each re-reading its
 * row (O(cols) per element, fine for the 64-day windows this serves); loop variables have distinct
 * names because gpu.js hoists them into one scope.
 */
import type { DataHandle, Kernels } from '../backend.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- gpu.js kernel bodies are translated source */
type This = { thread: { x: number } };
type Make = (fn: (this: This, ...args: any[]) => number) => unknown;
type Run = (k: any, out: DataHandle, length: number, ...args: unknown[]) => void;

type NormalizeKernels = Pick<Kernels, 'rmsNormalize' | 'rmsNormalizeGrad'>;

/** Row-wise RMS normalisation and its gradient as gpu.js kernels. */
export function gpujsNormalizeKernels(make: Make, run: Run, h: (x: DataHandle) => Float32Array): NormalizeKernels {
  const kRms = make(function (x: number[], cols: number, eps: number) {
    const o = Math.floor(this.thread.x / cols) * cols;
    let squares = 0;
    for (let n0 = 0; n0 < cols; n0++) squares += x[o + n0] * x[o + n0];
    return x[this.thread.x] / Math.sqrt(squares / cols + eps);
  });
  const kRmsGrad = make(function (x: number[], dy: number[], cols: number, eps: number) {
    const o = Math.floor(this.thread.x / cols) * cols;
    let squares = 0;
    let dot = 0;
    for (let n1 = 0; n1 < cols; n1++) {
      squares += x[o + n1] * x[o + n1];
      dot += dy[o + n1] * x[o + n1];
    }
    const rms = Math.sqrt(squares / cols + eps);
    const along = dot / (cols * rms);
    return (dy[this.thread.x] - (x[this.thread.x] / rms) * along) / rms;
  });
  return {
    rmsNormalize: (x, out, rows, cols, eps) => run(kRms, out, rows * cols, h(x), cols, eps),
    rmsNormalizeGrad: (x, dy, out, rows, cols, eps) => run(kRmsGrad, out, rows * cols, h(x), h(dy), cols, eps),
  };
}
