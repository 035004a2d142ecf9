/**
 * Invertible transforms between returns and what the GAN sees. Each is fitted on the training part
 * only, stored with the model (as JSON), and inverted on generated samples so they come back in real
 * units.
 *
 * 1. Standardisation: u = (r − mean) / std.
 * 2. Inverse Lambert-W (Goerg 2015, used by Quant GANs, Wiese et al. 2020): heavy-tailed u is modelled
 *    as u = μ + σ·z·exp(δz²/2) with z Gaussian. Fitting δ and inverting makes the training data close to
 *    Gaussian; the generator then only has to produce light tails, and the forward transform puts the
 *    power-law-like tails back. A Lipschitz network fed Gaussian noise cannot make such tails itself.
 */

/** Principal branch W₀ of the Lambert W function (w·e^w = x) for x ≥ 0, by Halley's iteration. */
export function lambertW0(x: number): number {
  if (x === 0) return 0;
  if (!(x > 0)) throw new Error(`lambertW0 is used here for x ≥ 0 only, got ${x}`);
  let w = x < 1 ? x * (1 - x) : Math.log(x) - Math.log(Math.log(x) + 1); // close start, both sides of 1
  for (let i = 0; i < 50; i++) {
    const e = Math.exp(w);
    const f = w * e - x;
    const wNext = w - f / (e * (w + 1) - ((w + 2) * f) / (2 * w + 2));
    if (Math.abs(wNext - w) <= 1e-15 * (1 + Math.abs(wNext))) return wNext;
    w = wNext;
  }
  return w;
}

function moments(x: ArrayLike<number>): { mean: number; std: number; kurtosis: number } {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i];
  mean /= x.length;
  let m2 = 0, m4 = 0;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] - mean) ** 2;
    m2 += d;
    m4 += d * d;
  }
  m2 /= x.length;
  m4 /= x.length;
  return { mean, std: Math.sqrt(m2), kurtosis: m4 / (m2 * m2) };
}

/** Serializable description of the fitted transforms (stored in the model file's metadata). */
export interface TransformState {
  /** Standardisation fitted on the training returns. */
  mean: number;
  std: number;
  /** Lambert-W tail parameter δ ≥ 0 (0: no tail transform), with its location and scale. */
  lambert: { delta: number; mu: number; sigma: number } | null;
  /** Scale of the Gaussianised training data, so the GAN's targets have unit variance. */
  gaussianScale: number;
  /** Generated Gaussian-domain values are clipped to ±zClip before the heavy-tail map (see `toReturns`). */
  zClip: number;
}

/** z = W_δ(u): the inverse of u = z·exp(δz²/2), applied to standardised u. */
export function gaussianize(u: number, delta: number): number {
  if (delta === 0) return u;
  return Math.sign(u) * Math.sqrt(lambertW0(delta * u * u) / delta);
}

/** u = z·exp(δz²/2): Gaussian → heavy-tailed. */
export function heavyTail(z: number, delta: number): number {
  return z * Math.exp((delta * z * z) / 2);
}

/**
 * Fit δ, μ, σ of the Lambert-W × Gaussian model by Goerg's iterative generalised method of moments:
 * given μ, σ, choose δ so that the back-transformed data has Gaussian kurtosis 3; then re-estimate μ, σ
 * from the back-transformed data; repeat until stable.
 */
export function fitLambertW(x: ArrayLike<number>): { delta: number; mu: number; sigma: number } {
  const first = moments(x);
  let mu = first.mean, sigma = first.std, delta = 0;
  const z = new Float64Array(x.length);
  const backTransform = (d: number) => {
    for (let i = 0; i < x.length; i++) z[i] = gaussianize((x[i] - mu) / sigma, d);
    return z;
  };
  for (let iteration = 0; iteration < 100; iteration++) {
    if (moments(backTransform(0)).kurtosis <= 3) { delta = 0; break; }
    // kurtosis(W_δ(u)) falls as δ grows: bisect for kurtosis 3.
    let lo = 0, hi = 1;
    while (moments(backTransform(hi)).kurtosis > 3 && hi < 64) hi *= 2;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (moments(backTransform(mid)).kurtosis > 3) lo = mid; else hi = mid;
    }
    const newDelta = (lo + hi) / 2;
    const m = moments(backTransform(newDelta));
    const newMu = mu + sigma * m.mean;
    const newSigma = sigma * m.std;
    const converged = Math.abs(newDelta - delta) < 1e-7 && Math.abs(newMu - mu) < 1e-9 * (1 + Math.abs(mu)) && Math.abs(newSigma - sigma) < 1e-9 * sigma;
    delta = newDelta; mu = newMu; sigma = newSigma;
    if (converged) break;
  }
  return { delta, mu, sigma };
}

/** Fit the transforms on training returns. `tails: false` keeps plain standardisation. */
export function fitTransforms(trainReturns: ArrayLike<number>, tails: boolean): TransformState {
  const { mean, std } = moments(trainReturns);
  if (!(std > 0)) throw new Error('gangrad: the training returns have zero variance');
  const u = Float64Array.from(trainReturns, (r) => (r - mean) / std);
  const lambert = tails ? fitLambertW(u) : null;
  const z = lambert ? u.map((v) => gaussianize((v - lambert.mu) / lambert.sigma, lambert.delta)) : u;
  const zm = moments(z);
  let maxAbs = 0;
  for (const v of z) maxAbs = Math.max(maxAbs, Math.abs(v / zm.std));
  return { mean, std, lambert, gaussianScale: zm.std, zClip: maxAbs };
}

/** Returns → the GAN's domain (standardised, Gaussianised, unit variance). */
export function toModelDomain(returns: ArrayLike<number>, s: TransformState): Float64Array {
  return Float64Array.from(returns, (r) => {
    let v = (r - s.mean) / s.std;
    if (s.lambert) v = gaussianize((v - s.lambert.mu) / s.lambert.sigma, s.lambert.delta);
    return v / s.gaussianScale;
  });
}

/**
 * The GAN's domain → returns. Values are first clipped to ±zClip (the largest seen in
 * training): the heavy-tail map grows like exp(δz²/2), so a rare generator outlier far outside the data
 * would otherwise become an absurd return.
 */
export function toReturns(values: ArrayLike<number>, s: TransformState): Float64Array {
  return Float64Array.from(values, (x) => {
    let v = Math.max(-s.zClip, Math.min(s.zClip, x)) * s.gaussianScale;
    if (s.lambert) v = s.lambert.mu + s.lambert.sigma * heavyTail(v, s.lambert.delta);
    return s.mean + s.std * v;
  });
}
