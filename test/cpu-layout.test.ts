import { describe, expect, it } from 'vitest';
import { tileRows } from '../src/backend/cpu/elementwise.js';
import { concatColumns, sliceColumns } from '../src/backend/cpu/layout.js';

// The CPU reference copies short rows element by element and long ones with `set`; both paths,
// and widths either side of the switch, against the definition written out index by index.
describe('CPU column concatenation and slicing', () => {
  const rows = 5;
  const matrix = (cols: number, base: number) => Float32Array.from({ length: rows * cols }, (_, i) => base + i);
  for (const [colsA, colsB] of [[1, 1], [47, 1], [48, 3], [3, 48], [100, 201]]) {
    it(`concatColumns ${rows}×(${colsA}+${colsB})`, () => {
      const a = matrix(colsA, 0), b = matrix(colsB, 10_000), out = new Float32Array(rows * (colsA + colsB)).fill(NaN);
      concatColumns(a, b, out, rows, colsA, colsB);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < colsA + colsB; c++) {
          expect(out[r * (colsA + colsB) + c]).toBe(c < colsA ? a[r * colsA + c] : b[r * colsB + c - colsA]);
        }
      }
    });
  }
  for (const [cols, start, width] of [[3, 1, 1], [201, 64, 64], [201, 150, 47], [201, 0, 48], [60, 59, 1]]) {
    it(`sliceColumns ${rows}×${cols}[${start}:+${width}]`, () => {
      const x = matrix(cols, 0), out = new Float32Array(rows * width).fill(NaN);
      sliceColumns(x, out, rows, cols, start, width);
      for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) expect(out[r * width + c]).toBe(x[r * cols + start + c]);
    });
  }
  for (const cols of [1, 3, 64]) {
    it(`tileRows: a row of ${cols} repeated over ${rows} rows (a scalar filled when it is one wide)`, () => {
      const row = matrix(cols, 0).subarray(0, cols), out = new Float32Array(rows * cols).fill(NaN);
      tileRows(row, out, rows, cols);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) expect(out[r * cols + c]).toBe(row[c]);
    });
  }
});
