import type { FloatArray } from '../backend.js';

/** Reductions and data movement of the CPU reference. */

export function sumAll(x: FloatArray, out: FloatArray, size: number): void {
  // Pairwise-free but in float64: a JS number accumulator keeps the sum exact enough for any size here.
  let s = 0;
  for (let i = 0; i < size; i++) s += x[i];
  out[0] = s;
}
/** out[c] = Σ_r x[r, c]: column sums of a [rows, cols] matrix. */
export function sumAxis0(x: FloatArray, out: FloatArray, rows: number, cols: number): void {
  out.fill(0, 0, cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) out[c] += x[o + c];
  }
}
/**
 * Rows narrower than this are copied element by element: a `subarray` + `set` per row costs tens of
 * nanoseconds, more than the copy of a few floats (a critic's pair columns, a condition column).
 */
const SHORT_ROW = 48;

function copyRows(src: FloatArray, srcStride: number, srcStart: number, dst: FloatArray, dstStride: number, dstStart: number, rows: number, width: number): void {
  if (width < SHORT_ROW) {
    for (let r = 0; r < rows; r++) {
      const s = r * srcStride + srcStart, d = r * dstStride + dstStart;
      for (let c = 0; c < width; c++) dst[d + c] = src[s + c];
    }
  } else {
    for (let r = 0; r < rows; r++) dst.set(src.subarray(r * srcStride + srcStart, r * srcStride + srcStart + width), r * dstStride + dstStart);
  }
}
/** out = [a | b]: the columns of b placed after those of a, row by row. */
export function concatColumns(a: FloatArray, b: FloatArray, out: FloatArray, rows: number, colsA: number, colsB: number): void {
  const cols = colsA + colsB;
  copyRows(a, colsA, 0, out, cols, 0, rows, colsA);
  copyRows(b, colsB, 0, out, cols, colsA, rows, colsB);
}
/** out = x[:, start … start + width): a block of columns. */
export function sliceColumns(x: FloatArray, out: FloatArray, rows: number, cols: number, start: number, width: number): void {
  copyRows(x, cols, start, out, width, 0, rows, width);
}
