import type { FloatArray } from '../backend.js';

/** Reductions and data movement of the CPU reference. */

export function sumAll(x: FloatArray, out: FloatArray, size: number): void {
  // Pairwise-free but in float64: a JS number accumulator keeps the sum exact enough for any size here.
  let s = 0;
  for (let i = 0; i < size; i++) s += x[i];
  out[0] = s;
}
export function sumAxis0(x: FloatArray, out: FloatArray, rows: number, cols: number): void {
  out.fill(0, 0, cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) out[c] += x[o + c];
  }
}
export function concatColumns(a: FloatArray, b: FloatArray, out: FloatArray, rows: number, colsA: number, colsB: number): void {
  const cols = colsA + colsB;
  for (let r = 0; r < rows; r++) {
    out.set(a.subarray(r * colsA, (r + 1) * colsA), r * cols);
    out.set(b.subarray(r * colsB, (r + 1) * colsB), r * cols + colsA);
  }
}
export function sliceColumns(x: FloatArray, out: FloatArray, rows: number, cols: number, start: number, width: number): void {
  for (let r = 0; r < rows; r++) out.set(x.subarray(r * cols + start, r * cols + start + width), r * width);
}
