/**
 * Small dense d × d correlation matrices (row-major Float64Array), for a copula: the Cholesky factor it
 * samples and evaluates with, and the repair of an estimate that is not positive definite.
 */

/** The lower Cholesky factor L (R = L Lᵀ) of a symmetric d × d matrix, or null if it is not positive definite. */
export function cholesky(r: Float64Array, d: number): Float64Array | null {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = r[i * d + j];
      for (let k = 0; k < j; k++) s -= l[i * d + k] * l[j * d + k];
      if (i === j) {
        if (!(s > 0)) return null;
        l[i * d + i] = Math.sqrt(s);
      } else l[i * d + j] = s / l[j * d + j];
    }
  }
  return l;
}

/** Eigenvalues and eigenvectors (columns of `vectors`) of a symmetric matrix, by cyclic Jacobi rotations. */
export function symmetricEigen(r: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(r);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (apq === 0) continue;
        // The rotation that zeroes a[p][q] (Golub & Van Loan, the symmetric Schur decomposition).
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p], akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k], aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p], vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: d }, (_, i) => a[i * d + i]), vectors: v };
}

/** The smallest eigenvalue a repaired correlation matrix keeps (before its diagonal is rescaled to 1). */
export const MIN_EIGENVALUE = 1e-4;

/**
 * A correlation matrix that is positive definite: `r` itself when it is, else its eigenvalues raised to
 * {@link MIN_EIGENVALUE} and the result rescaled to a unit diagonal (the usual repair of an
 * element-wise estimate such as one from Kendall's tau, which need not be positive definite for d ≥ 3).
 */
export function positiveDefiniteCorrelation(r: Float64Array, d: number): { matrix: Float64Array; repaired: boolean } {
  if (cholesky(r, d)) return { matrix: Float64Array.from(r), repaired: false };
  const { values, vectors } = symmetricEigen(r, d);
  const m = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += vectors[i * d + k] * Math.max(values[k], MIN_EIGENVALUE) * vectors[j * d + k];
      m[i * d + j] = s;
    }
  }
  const scale = Float64Array.from({ length: d }, (_, i) => 1 / Math.sqrt(m[i * d + i]));
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) m[i * d + j] = i === j ? 1 : m[i * d + j] * scale[i] * scale[j];
  return { matrix: m, repaired: true };
}
