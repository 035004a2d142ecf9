/** Pearson correlation matrices of several assets' returns, over all days or a chosen subset of them. */
import type { AssetMatrix } from '../data/asset-matrix.js';

/**
 * The d × d Pearson correlation matrix (row-major) of the columns of m, over the rows listed in `rows`
 * (all rows when omitted); `transform` applies to each value first (Math.abs: the correlation of |r|).
 */
export function correlationMatrix(m: AssetMatrix, rows?: ArrayLike<number>, transform: (v: number) => number = (v) => v): Float64Array {
  const d = m.assets, n = rows ? rows.length : m.days;
  const meanOf = new Float64Array(d), cov = new Float64Array(d * d);
  const at = (i: number) => (rows ? rows[i] : i);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) meanOf[j] += transform(m.values[at(i) * d + j]) / n;
  const x = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) x[j] = transform(m.values[at(i) * d + j]) - meanOf[j];
    for (let j = 0; j < d; j++) for (let k = j; k < d; k++) cov[j * d + k] += x[j] * x[k];
  }
  const out = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    for (let k = j; k < d; k++) out[j * d + k] = out[k * d + j] = j === k ? 1 : cov[j * d + k] / Math.sqrt(cov[j * d + j] * cov[k * d + k]);
  }
  return out;
}

/** The entries above the diagonal of a d × d matrix, pair by pair: (0,1), (0,2), …, (1,2), … */
export function upperTriangle(matrix: Float64Array, d: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < d; j++) for (let k = j + 1; k < d; k++) out.push(matrix[j * d + k]);
  return out;
}

/** Mean absolute difference of two correlation matrices over their off-diagonal pairs. */
export function correlationMae(a: Float64Array, b: Float64Array, d: number): number {
  const x = upperTriangle(a, d), y = upperTriangle(b, d);
  return x.reduce((s, v, i) => s + Math.abs(v - y[i]), 0) / x.length;
}

/** The average pairwise correlation of the columns of m over the given rows. */
export function averageCorrelation(m: AssetMatrix, rows?: ArrayLike<number>): number {
  const pairs = upperTriangle(correlationMatrix(m, rows), m.assets);
  return pairs.reduce((s, v) => s + v, 0) / pairs.length;
}
