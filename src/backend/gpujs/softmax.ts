/**
 * The gpu.js backend's softmax kernels, within column spans of each row; the whole-row kernels are the
 * one-span case. One thread per output element (softmax and its gradient) or per row (the
 * cross-entropy); every loop has its own variable name because gpu.js
 * hoists them into one scope; each thread re-reads its row, which costs O(cols) per
 * element, fine for the narrow categorical heads these serve.
 */
import type { DataHandle, Kernels } from '../backend.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- gpu.js kernel bodies are translated source */
type This = { thread: { x: number } };
type Make = (fn: (this: This, ...args: any[]) => number) => unknown;
type Run = (k: any, out: DataHandle, length: number, ...args: unknown[]) => void;

type SoftmaxKernels = Pick<Kernels, 'softmax' | 'softmaxGrad' | 'softmaxCrossEntropyWithLogits' | 'softmaxCrossEntropyWithLogitsGrad'
  | 'softmaxSpans' | 'softmaxSpansGrad' | 'softmaxCrossEntropySpans' | 'softmaxCrossEntropySpansGrad'>;

/** The boundaries [0, cols] of one span covering the whole row. */
const wholeRow = (cols: number) => Float32Array.of(0, cols);

/** The softmax and softmax cross-entropy kernels, by row and by span, as gpu.js kernels. */
export function gpujsSoftmaxKernels(make: Make, run: Run, h: (x: DataHandle) => Float32Array): SoftmaxKernels {
  // Within column spans (boundaries in `spans`): an element's thread first finds its span's [begin, end).
  const kSoftmaxSpans = make(function (x: number[], spans: number[], cols: number, spanCount: number) {
    const r = Math.floor(this.thread.x / cols);
    const c = this.thread.x - r * cols;
    let begin = 0;
    let end = cols;
    for (let s0 = 0; s0 < spanCount; s0++) {
      if (spans[s0] <= c && c < spans[s0 + 1]) { begin = spans[s0]; end = spans[s0 + 1]; }
    }
    const o = r * cols + begin;
    let max = x[o];
    for (let j8 = 1; j8 < end - begin; j8++) max = Math.max(max, x[o + j8]);
    let total = 0;
    for (let j9 = 0; j9 < end - begin; j9++) total += Math.exp(x[o + j9] - max);
    return Math.exp(x[this.thread.x] - max) / total;
  });
  const kSoftmaxSpansGrad = make(function (y: number[], dy: number[], spans: number[], cols: number, spanCount: number) {
    const r = Math.floor(this.thread.x / cols);
    const c = this.thread.x - r * cols;
    let begin = 0;
    let end = cols;
    for (let s1 = 0; s1 < spanCount; s1++) {
      if (spans[s1] <= c && c < spans[s1 + 1]) { begin = spans[s1]; end = spans[s1 + 1]; }
    }
    const o = r * cols + begin;
    let dot = 0;
    for (let j10 = 0; j10 < end - begin; j10++) dot += dy[o + j10] * y[o + j10];
    return y[this.thread.x] * (dy[this.thread.x] - dot);
  });
  const kCeSpans = make(function (x: number[], z: number[], spans: number[], cols: number, spanCount: number) {
    let sum = 0;
    for (let s2 = 0; s2 < spanCount; s2++) {
      const o = this.thread.x * cols + spans[s2];
      const width = spans[s2 + 1] - spans[s2];
      let max = x[o];
      for (let j11 = 1; j11 < width; j11++) max = Math.max(max, x[o + j11]);
      let total = 0;
      for (let j12 = 0; j12 < width; j12++) total += Math.exp(x[o + j12] - max);
      const lse = max + Math.log(total);
      let loss = 0;
      for (let j13 = 0; j13 < width; j13++) loss += z[o + j13] * (lse - x[o + j13]);
      sum += loss;
    }
    return sum;
  });
  const kCeSpansGrad = make(function (x: number[], z: number[], spans: number[], dy: number[], cols: number, spanCount: number) {
    const r = Math.floor(this.thread.x / cols);
    const c = this.thread.x - r * cols;
    let begin = 0;
    let end = cols;
    for (let s3 = 0; s3 < spanCount; s3++) {
      if (spans[s3] <= c && c < spans[s3 + 1]) { begin = spans[s3]; end = spans[s3 + 1]; }
    }
    const o = r * cols + begin;
    let max = x[o];
    for (let j14 = 1; j14 < end - begin; j14++) max = Math.max(max, x[o + j14]);
    let total = 0;
    let mass = 0;
    for (let j15 = 0; j15 < end - begin; j15++) {
      total += Math.exp(x[o + j15] - max);
      mass += z[o + j15];
    }
    return dy[r] * ((Math.exp(x[this.thread.x] - max) / total) * mass - z[this.thread.x]);
  });
  return {
    softmaxSpans: (x, spans, out, rows, cols, n) => run(kSoftmaxSpans, out, rows * cols, h(x), h(spans), cols, n),
    softmaxSpansGrad: (y, dy, spans, out, rows, cols, n) => run(kSoftmaxSpansGrad, out, rows * cols, h(y), h(dy), h(spans), cols, n),
    softmaxCrossEntropySpans: (x, z, spans, out, rows, cols, n) => run(kCeSpans, out, rows, h(x), h(z), h(spans), cols, n),
    softmaxCrossEntropySpansGrad: (x, z, spans, dy, out, rows, cols, n) => run(kCeSpansGrad, out, rows * cols, h(x), h(z), h(spans), h(dy), cols, n),
    // The row kernels are the span kernels' one-span case, as on the CPU backend (cpu/softmax.ts).
    softmax: (x, out, rows, cols) => run(kSoftmaxSpans, out, rows * cols, h(x), wholeRow(cols), cols, 1),
    softmaxGrad: (y, dy, out, rows, cols) => run(kSoftmaxSpansGrad, out, rows * cols, h(y), h(dy), wholeRow(cols), cols, 1),
    softmaxCrossEntropyWithLogits: (x, z, out, rows, cols) => run(kCeSpans, out, rows, h(x), h(z), wholeRow(cols), cols, 1),
    softmaxCrossEntropyWithLogitsGrad: (x, z, dy, out, rows, cols) => run(kCeSpansGrad, out, rows * cols, h(x), h(z), wholeRow(cols), h(dy), cols, 1),
  };
}
