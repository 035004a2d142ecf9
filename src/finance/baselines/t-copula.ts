/**
 * The Student-t copula with correlation matrix R and ν degrees of freedom: the dependence of a
 * multivariate t, with its tail dependence (assets crash together more often than a Gaussian copula
 * allows), apart from the margins.
 *
 * Fit (Demarta & McNeil 2005): R from Kendall's τ of each pair, ρ = sin(πτ/2), repaired to be positive
 * definite if needed; then ν by maximum likelihood with R held there, profiling over ν on a log grid of
 * {@link NU_RANGE} refined by golden-section search. Sampling: x = L g / √(W/ν), g standard normal,
 * W ~ χ²_ν, L the Cholesky factor of R; u_j = t_ν(x_j).
 */
import type { Rng } from '../../tensor/index.js';
import { assetColumns, type AssetMatrix } from '../data/asset-matrix.js';
import { cholesky, positiveDefiniteCorrelation } from './correlation-matrix.js';
import { kendallTau } from './kendall.js';
import { logGamma, sampleGamma } from './student-t.js';
import { studentTCdf, studentTQuantile } from './student-t-cdf.js';

/** The degrees of freedom searched: 1 (Cauchy-like joint crashes) to 200 (as good as a Gaussian copula). */
export const NU_RANGE = [1, 200] as const;
/** Uniforms are kept this far inside (0, 1), so a margin's most extreme day maps to a finite quantile. */
const U_MARGIN = 1e-12;

/** p moved to within [1e-12, 1 − 1e-12]. */
export const insideUnit = (p: number) => Math.min(Math.max(p, U_MARGIN), 1 - U_MARGIN);

/** A fitted t copula. */
export interface TCopula {
  readonly dimension: number;
  /** R, d × d row-major, unit diagonal. */
  readonly correlation: Float64Array;
  /** The lower Cholesky factor of R. */
  readonly cholesky: Float64Array;
  readonly nu: number;
  /** Whether the Kendall estimate of R had to be made positive definite. */
  readonly repaired: boolean;
  /** The copula log-likelihood of the data at (R, ν). */
  readonly logLikelihood: number;
}

/** R from Kendall's τ: ρ_jk = sin(π τ_jk / 2), repaired to be positive definite. */
export function kendallCorrelation(u: AssetMatrix): { matrix: Float64Array; repaired: boolean } {
  const d = u.assets, columns = assetColumns(u);
  const r = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    r[i * d + i] = 1;
    for (let j = i + 1; j < d; j++) r[i * d + j] = r[j * d + i] = Math.sin((Math.PI / 2) * kendallTau(columns[i], columns[j]));
  }
  return positiveDefiniteCorrelation(r, d);
}

/**
 * Σ_t ln c(u_t; R, ν), the t copula's log density: the multivariate t density of x = t_ν⁻¹(u) over
 * the product of its univariate t margins.
 */
export function tCopulaLogLikelihood(u: AssetMatrix, choleskyFactor: Float64Array, nu: number): number {
  const d = u.assets;
  let logDet = 0;
  for (let i = 0; i < d; i++) logDet += 2 * Math.log(choleskyFactor[i * d + i]);
  const constant = logGamma((nu + d) / 2) + (d - 1) * logGamma(nu / 2) - d * logGamma((nu + 1) / 2) - 0.5 * logDet;
  const x = new Float64Array(d), y = new Float64Array(d);
  let ll = 0;
  for (let t = 0; t < u.days; t++) {
    let margins = 0;
    for (let j = 0; j < d; j++) {
      x[j] = studentTQuantile(insideUnit(u.values[t * d + j]), nu);
      margins += Math.log1p((x[j] * x[j]) / nu);
    }
    // xᵀR⁻¹x = |y|² with L y = x.
    let quadratic = 0;
    for (let i = 0; i < d; i++) {
      let s = x[i];
      for (let k = 0; k < i; k++) s -= choleskyFactor[i * d + k] * y[k];
      y[i] = s / choleskyFactor[i * d + i];
      quadratic += y[i] * y[i];
    }
    ll += constant - ((nu + d) / 2) * Math.log1p(quadratic / nu) + ((nu + 1) / 2) * margins;
  }
  return ll;
}

/** The ν in NU_RANGE maximising f (a profile likelihood): a log grid, then golden sections around its best. */
function maximiseOverNu(f: (nu: number) => number): number {
  const [a, b] = NU_RANGE.map(Math.log);
  const grid = Array.from({ length: 10 }, (_, i) => a + ((b - a) * i) / 9);
  const values = grid.map((g) => f(Math.exp(g)));
  const best = values.indexOf(Math.max(...values));
  let lo = grid[Math.max(0, best - 1)], hi = grid[Math.min(grid.length - 1, best + 1)];
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = hi - ratio * (hi - lo), e = lo + ratio * (hi - lo);
  let fc = f(Math.exp(c)), fe = f(Math.exp(e));
  while (hi - lo > 0.002) {
    if (fc > fe) { hi = e; e = c; fe = fc; c = hi - ratio * (hi - lo); fc = f(Math.exp(c)); }
    else { lo = c; c = e; fc = fe; e = lo + ratio * (hi - lo); fe = f(Math.exp(e)); }
  }
  const candidates = [[grid[best], values[best]], [c, fc], [e, fe]];
  return Math.exp(candidates.reduce((m, v) => (v[1] > m[1] ? v : m))[0]);
}

/** Fits a t copula to uniforms u (days × d, each in (0, 1)): R from Kendall's τ, ν by profile likelihood. */
export function fitTCopula(u: AssetMatrix): TCopula {
  if (u.assets < 2) throw new Error(`gangrad: a t copula needs at least 2 dimensions, got ${u.assets}`);
  if (u.days < 10) throw new Error(`gangrad: a t copula needs at least 10 days of data, got ${u.days}`);
  const bad = u.values.findIndex((v) => !(v > 0 && v < 1));
  if (bad >= 0) throw new Error(`gangrad: t copula data must lie in (0, 1): day ${Math.floor(bad / u.assets)}, asset ${bad % u.assets} is ${u.values[bad]}`);
  const { matrix, repaired } = kendallCorrelation(u);
  const factor = cholesky(matrix, u.assets)!;
  const nu = maximiseOverNu((v) => tCopulaLogLikelihood(u, factor, v));
  return { dimension: u.assets, correlation: matrix, cholesky: factor, nu, repaired, logLikelihood: tCopulaLogLikelihood(u, factor, nu) };
}

/** One draw of the copula's d uniforms into `out`. */
export function sampleTCopula(copula: Pick<TCopula, 'dimension' | 'cholesky' | 'nu'>, rng: Rng, out: Float64Array): Float64Array {
  const d = copula.dimension, l = copula.cholesky, nu = copula.nu;
  const g = Float64Array.from({ length: d }, () => rng.normal());
  // One χ² shared by all coordinates: it is what makes their large moves come together.
  const scale = 1 / Math.sqrt((2 * sampleGamma(nu / 2, rng)) / nu);
  for (let i = 0; i < d; i++) {
    let z = 0;
    for (let k = 0; k <= i; k++) z += l[i * d + k] * g[k];
    out[i] = studentTCdf(z * scale, nu);
  }
  return out;
}
