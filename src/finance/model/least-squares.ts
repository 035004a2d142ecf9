/** Ordinary least squares for the small regressions of the finance model (a handful of regressors). */

/**
 * Solve the small system A x = b by Gaussian elimination with partial pivoting; null when A is
 * singular (a pivot below 1e-12), so each caller can say which regression failed and why.
 */
export function solveLinear(a: readonly (readonly number[])[], b: readonly number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    if (!(Math.abs(m[col][col]) >= 1e-12)) return null;
    for (let r = col + 1; r < n; r++) {
      const f = m[r][col] / m[col][col];
      for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let c = r + 1; c < n; c++) s -= m[r][c] * x[c];
    x[r] = s / m[r][r];
  }
  return x;
}

/**
 * The least-squares coefficients of y on [1, x…] (intercept first), from the normal equations with a
 * tiny ridge on the slopes (nearly collinear regressors stay solvable); null when still singular.
 */
export function leastSquares(x: readonly (readonly number[])[], y: readonly number[]): number[] | null {
  const p = (x[0]?.length ?? 0) + 1;
  const xtx = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const xty = new Array<number>(p).fill(0);
  x.forEach((row, n) => {
    const z = [1, ...row];
    for (let i = 0; i < p; i++) {
      xty[i] += z[i] * y[n];
      for (let j = 0; j < p; j++) xtx[i][j] += z[i] * z[j];
    }
  });
  for (let i = 1; i < p; i++) xtx[i][i] *= 1 + 1e-6;
  return solveLinear(xtx, xty);
}
