/**
 * The equal-weight portfolio of several assets, rebalanced to equal weights every day: its daily log
 * return is ln(Σ_j e^{r_j} / d), since a day's simple return is the average of the assets' simple
 * returns e^{r_j} − 1.
 */
import { assetMatrix, type AssetMatrix } from '../data/asset-matrix.js';

/** The equal-weight portfolio's daily log returns, one per row. */
export function portfolioReturns(m: AssetMatrix): Float64Array {
  const out = new Float64Array(m.days);
  for (let t = 0; t < m.days; t++) {
    let s = 0;
    for (let j = 0; j < m.assets; j++) s += Math.exp(m.values[t * m.assets + j]);
    out[t] = Math.log(s / m.assets);
  }
  return out;
}

/** Several matrices' rows stacked into one (paths pooled for cross-sectional statistics). */
export function stackDays(sets: readonly AssetMatrix[]): AssetMatrix {
  if (sets.length === 0) throw new Error('gangrad: no return matrices to evaluate');
  const d = sets[0].assets;
  const bad = sets.find((s) => s.assets !== d);
  if (bad) throw new Error(`gangrad: return matrices of ${d} and ${bad.assets} assets cannot be evaluated together`);
  const out = assetMatrix(sets.reduce((n, s) => n + s.days, 0), d);
  let at = 0;
  for (const s of sets) { out.values.set(s.values, at); at += s.values.length; }
  return out;
}
