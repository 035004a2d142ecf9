import type { FloatArray } from '../backend.js';

/**
 * Row-wise softmax kernels of the CPU reference. Each row's maximum is subtracted before
 * exponentiating, so logits of any size give finite results (e^0 = 1 is the largest term).
 */

/** The boundaries [0, cols] of one span covering the whole row: the row kernels are the span kernels' one-span case. */
const wholeRow = new Float64Array(2);
const whole = (cols: number) => ((wholeRow[1] = cols), wholeRow);

/** Row-wise softmax of a [rows, cols] matrix. */
export function softmax(x: FloatArray, out: FloatArray, rows: number, cols: number): void {
  softmaxSpans(x, whole(cols), out, rows, cols, 1);
}

/** Its gradient from the forward output y: dx = y ⊙ (dy − Σ_c dy·y) per row. */
export function softmaxGrad(y: FloatArray, dy: FloatArray, out: FloatArray, rows: number, cols: number): void {
  softmaxSpansGrad(y, dy, whole(cols), out, rows, cols, 1);
}

/** log Σ e^x of one row, shifted by its maximum. */
function logSumExp(x: FloatArray, o: number, cols: number): number {
  let max = -Infinity;
  for (let c = 0; c < cols; c++) max = Math.max(max, x[o + c]);
  let total = 0;
  for (let c = 0; c < cols; c++) total += Math.exp(x[o + c] - max);
  return max + Math.log(total);
}

/** Per row, the cross-entropy −Σ_c z_c · log softmax(x)_c of logits x against label rows z. */
export function softmaxCrossEntropyWithLogits(logits: FloatArray, labels: FloatArray, out: FloatArray, rows: number, cols: number): void {
  softmaxCrossEntropySpans(logits, labels, whole(cols), out, rows, cols, 1);
}

/** Its gradient with respect to the logits: dy_row · (softmax(x) − z). */
export function softmaxCrossEntropyWithLogitsGrad(
  logits: FloatArray, labels: FloatArray, dy: FloatArray, out: FloatArray, rows: number, cols: number,
): void {
  softmaxCrossEntropySpansGrad(logits, labels, whole(cols), dy, out, rows, cols, 1);
}

/*
 * The four kernels within column spans: `spans` holds the spanCount + 1 ascending column boundaries
 * (0 = b₀ < b₁ < … < b_S = cols), and each row's columns [bₛ, bₛ₊₁) are one softmax, with the
 * arithmetic of a whole row: one call over all spans gives the same bits as a softmax of each span's
 * sliced columns, and the row kernels above are the one-span case.
 */

/** Scratch for softmaxSpans: one span's exponentials. */
let exps = new Float64Array(64);

/**
 * Softmax within each span of a row (one categorical column of a table each; `spans` holds the
 * spanCount + 1 boundaries).
 */
export function softmaxSpans(x: FloatArray, spans: FloatArray, out: FloatArray, rows: number, cols: number, spanCount: number): void {
  for (let r = 0; r < rows; r++) {
    for (let s = 0; s < spanCount; s++) {
      const begin = r * cols + spans[s], end = r * cols + spans[s + 1];
      let max = -Infinity;
      for (let i = begin; i < end; i++) max = Math.max(max, x[i]);
      // Each e^(x − max) once, kept unrounded (a float32 `out` would round it before the division).
      if (exps.length < end - begin) exps = new Float64Array(2 * (end - begin));
      let total = 0;
      for (let i = begin; i < end; i++) total += exps[i - begin] = Math.exp(x[i] - max);
      for (let i = begin; i < end; i++) out[i] = exps[i - begin] / total;
    }
  }
}

/** Its gradient from the forward output y, span by span. */
export function softmaxSpansGrad(y: FloatArray, dy: FloatArray, spans: FloatArray, out: FloatArray, rows: number, cols: number, spanCount: number): void {
  for (let r = 0; r < rows; r++) {
    for (let s = 0; s < spanCount; s++) {
      const begin = r * cols + spans[s], end = r * cols + spans[s + 1];
      let dot = 0;
      for (let i = begin; i < end; i++) dot += dy[i] * y[i];
      for (let i = begin; i < end; i++) out[i] = y[i] * (dy[i] - dot);
    }
  }
}

/** Σ over spans of each span's cross-entropy, per row (out is [rows]). */
export function softmaxCrossEntropySpans(
  logits: FloatArray, labels: FloatArray, spans: FloatArray, out: FloatArray, rows: number, cols: number, spanCount: number,
): void {
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let s = 0; s < spanCount; s++) {
      const begin = r * cols + spans[s], width = spans[s + 1] - spans[s];
      const lse = logSumExp(logits, begin, width);
      let loss = 0;
      for (let c = 0; c < width; c++) loss += labels[begin + c] * (lse - logits[begin + c]);
      sum += loss;
    }
    out[r] = sum;
  }
}

/** Its gradient with respect to the logits: dy_row · (softmax(x) − z) in each span. */
export function softmaxCrossEntropySpansGrad(
  logits: FloatArray, labels: FloatArray, spans: FloatArray, dy: FloatArray, out: FloatArray, rows: number, cols: number, spanCount: number,
): void {
  for (let r = 0; r < rows; r++) {
    for (let s = 0; s < spanCount; s++) {
      const begin = r * cols + spans[s], width = spans[s + 1] - spans[s];
      const lse = logSumExp(logits, begin, width);
      let mass = 0;
      for (let c = 0; c < width; c++) mass += labels[begin + c];
      for (let c = 0; c < width; c++) out[begin + c] = dy[r] * (Math.exp(logits[begin + c] - lse) * mass - labels[begin + c]);
    }
  }
}
