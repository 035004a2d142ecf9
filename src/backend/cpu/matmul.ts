import type { FloatArray } from '../backend.js';

/** Columns of C per block: four rows of a block stay in L1 while p sweeps k. */
const COLUMN_BLOCK = 512;

/**
 * C[m,n] = op(A)·op(B) in scalar TypeScript.
 *
 * Loop order, chosen by measurement (bench/matmul): four rows of C at a time, so each element of B
 * loaded from memory feeds four multiply-adds, with the innermost loop running along contiguous rows
 * of B and C (i-k-j order, which JIT-compiled typed-array code handles far better than the
 * textbook i-j-k dot product). Columns are blocked so the four C rows stay in L1 while p sweeps k.
 *
 * op(B) stored transposed is packed into a scratch buffer first: packing costs O(n·k) against the
 * product's O(m·n·k), as BLAS packs panels, and keeps one fast inner loop for every flag combination.
 */
export function matmulInto(
  A: FloatArray, B: FloatArray, C: FloatArray,
  m: number, k: number, n: number,
  transposeA: boolean, transposeB: boolean,
  scratch: (length: number) => FloatArray,
): void {
  let Bn = B;
  if (transposeB) {
    Bn = scratch(k * n);
    for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) Bn[p * n + j] = B[j * k + p];
  }
  C.fill(0, 0, m * n);
  // Strides of op(A): element (i, p) sits at A[i*rowStride + p*colStride].
  const rowStride = transposeA ? 1 : k;
  const colStride = transposeA ? m : 1;
  for (let j0 = 0; j0 < n; j0 += COLUMN_BLOCK) {
    const j1 = Math.min(n, j0 + COLUMN_BLOCK);
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      const c0 = i * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
      for (let p = 0; p < k; p++) {
        const ap = i * rowStride + p * colStride;
        const a0 = A[ap], a1 = A[ap + rowStride], a2 = A[ap + 2 * rowStride], a3 = A[ap + 3 * rowStride];
        const b = p * n;
        for (let j = j0; j < j1; j++) {
          const bv = Bn[b + j];
          C[c0 + j] += a0 * bv;
          C[c1 + j] += a1 * bv;
          C[c2 + j] += a2 * bv;
          C[c3 + j] += a3 * bv;
        }
      }
    }
    for (; i < m; i++) {
      const c0 = i * n;
      for (let p = 0; p < k; p++) {
        const a0 = A[i * rowStride + p * colStride];
        const b = p * n;
        for (let j = j0; j < j1; j++) C[c0 + j] += a0 * Bn[b + j];
      }
    }
  }
}

/**
 * out[r,:] = Σ_j x[r,j]·w[j,:] over the nonzero x[r,j] only, j ascending: for one-hot rows, a gather of
 * the weight rows each row selects (an embedding lookup) instead of a dense product (issue #25).
 */
export function oneHotMatmul(x: FloatArray, w: FloatArray, out: FloatArray, rows: number, k: number, n: number): void {
  oneHotProduct(x, w, out, rows, k, n, false);
}

/**
 * dw[j,:] = Σ_r x[r,j]·dy[r,:] over the nonzero x[r,j]. Batch rows are visited in order (x read along
 * its rows), so each weight row's sum runs over r ascending: one fixed order, as a loop per weight row
 * over the batch would give.
 */
export function oneHotMatmulGrad(x: FloatArray, dy: FloatArray, dw: FloatArray, rows: number, k: number, n: number): void {
  oneHotProduct(x, dy, dw, rows, k, n, true);
}

/** For each nonzero x[r,j], in row order: dst[r,:] += x[r,j]·src[j,:] (forward), or dst[j,:] += x[r,j]·src[r,:] (gradient). */
function oneHotProduct(x: FloatArray, src: FloatArray, dst: FloatArray, rows: number, k: number, n: number, gradient: boolean): void {
  dst.fill(0, 0, (gradient ? k : rows) * n);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let j = 0; j < k; j++, i++) {
      const v = x[i];
      if (v === 0) continue;
      const d = (gradient ? j : r) * n, s = (gradient ? r : j) * n;
      for (let c = 0; c < n; c++) dst[d + c] += v * src[s + c];
    }
  }
}
