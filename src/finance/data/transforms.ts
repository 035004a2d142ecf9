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
import type { ShapeMapState } from '../model/shape-map.js';
import { fitLevelProcess, rollingLogLevels, type LevelProcessState } from '../model/level-process.js';
import { mapToFloat64 } from './map.js';

/** Inverse-CDF draw from stored quantiles (re-exported: generation draws window levels with it). */
export { regimeAt } from '../model/level-process.js';

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

/** Mean, standard deviation (over n) and kurtosis of `x`: the training returns' moments the transforms store. */
export function moments(x: ArrayLike<number>): { mean: number; std: number; kurtosis: number } {
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
  /**
   * Volatility regimes, for the conditional model: a window's condition is its log RMS in the model
   * domain, standardised by `mean` and `std` over the training windows; `quantiles` (ascending, evenly
   * spaced probabilities) is their empirical distribution, from which generation draws conditions.
   */
  regime?: { mean: number; std: number; quantiles: number[] } | null;
  /**
   * The persistent process of consecutive window levels (generator `window-ar-level`, see
   * level-process.ts), in the same standardised units as the conditions. Absent in older model files.
   */
  levelProcess?: LevelProcessState | null;
  /**
   * Generated standardised returns are capped at ±returnClip: 1.5 × the largest |standardised return|
   * of the training part. A window's level and its shape are each bounded by what training saw, but
   * their product is not (the largest level times the largest shape value): on the S&P 500 cut to its
   * last 4,000 returns, 1 path in 100 of 1,000 days went beyond twice the training part's largest day
   * without it. Absent in older model files (no cap).
   */
  returnClip?: number;
  /**
   * The domain of the conditional model's window shapes: `unit-rms` (generator output
   * `unit-rms-shape`, shape-head.ts): standardised returns divided by their window's RMS, as the
   * generator's head makes them; absent: Gaussianised by the Lambert-W transform and scaled to unit
   * variance (files before the key).
   */
  shapeDomain?: 'unit-rms';
  /** The generator takes a third condition, the daily state at the window's start (data/daily-state.ts; config `dailyCondition`). */
  dailyCondition?: true;
  /**
   * Forecasts map the generator's |shape| values onto the market's, by bin of level change
   * (model/shape-map.ts; fitted after training). Absent in older model files: forecasts use the shapes as made.
   */
  shapeMap?: ShapeMapState;
}

/** The unstandardised condition of one window: log of its root mean square. */
export function windowLogVolatility(window: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < window.length; i++) s += window[i] * window[i];
  return Math.log(Math.sqrt(s / window.length) + 1e-6);
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

/** What {@link fitTransforms} fits besides standardisation. */
export interface FitTransformOptions {
  /** The inverse Lambert-W heavy-tail transform (false: plain standardisation). */
  tails: boolean;
  /** Window length of the volatility-conditional model (its regime levels); omit for the unconditional model. */
  regimeWindow?: number;
  /** Fit the persistent level process of the `window-ar-level` generator (default false). */
  levelProcess?: boolean;
  /** Fit for unit-RMS shape output (default false; needs `regimeWindow`). */
  unitRmsShapes?: boolean;
}

/**
 * Fit the transforms on training returns. `tails: false` keeps plain standardisation.
 *
 * With `regimeWindow` (the volatility-conditional model), the heavy-tail transform is fitted on window
 * *shapes*: standardised returns divided by their window's RMS. The regime levels then carry the
 * between-window part of the tails (calm vs turbulent periods) and the Lambert-W map only the
 * within-window part (a crash day in a calm month); fitting it on the pooled series would count the
 * regime mixture twice.
 */
export function fitTransforms(trainReturns: ArrayLike<number>, options: FitTransformOptions): TransformState {
  const { tails, regimeWindow, levelProcess = false, unitRmsShapes = false } = options;
  if (unitRmsShapes && !regimeWindow) throw new Error('gangrad: unit-RMS shapes need the volatility-conditional model (a regime window)');
  const { mean, std } = moments(trainReturns);
  if (!(std > 0)) throw new Error('gangrad: the training returns have zero variance');
  let u = Float64Array.from(trainReturns, (r) => (r - mean) / std);
  let regime: TransformState['regime'] = null;
  let process: LevelProcessState | null = null;
  if (regimeWindow) {
    // Non-overlapping windows for the fit: every value once, and fast.
    const count = Math.floor(u.length / regimeWindow);
    const levels = Float64Array.from({ length: count }, (_, i) => windowLogVolatility(u.subarray(i * regimeWindow, (i + 1) * regimeWindow)));
    const shapes = new Float64Array(count * regimeWindow);
    for (let i = 0; i < count; i++) for (let j = 0; j < regimeWindow; j++) shapes[i * regimeWindow + j] = u[i * regimeWindow + j] / Math.exp(levels[i]);
    const lm = moments(levels);
    const sorted = Float64Array.from(levels, (v) => (v - lm.mean) / lm.std).sort();
    regime = { mean: lm.mean, std: lm.std, quantiles: Array.from({ length: 257 }, (_, i) => sorted[Math.round((i / 256) * (count - 1))]) };
    if (levelProcess) process = fitLevelProcess(rollingLogLevels(u, regimeWindow).map((v) => (v - lm.mean) / lm.std), regimeWindow);
    u = shapes;
  }
  const lambert = tails ? fitLambertW(u) : null;
  const z = lambert ? u.map((v) => gaussianize((v - lambert.mu) / lambert.sigma, lambert.delta)) : u;
  const zm = moments(z);
  let maxAbs = 0;
  for (const v of z) maxAbs = Math.max(maxAbs, Math.abs(v / zm.std));
  let largest = 0;
  for (let i = 0; i < trainReturns.length; i++) largest = Math.max(largest, Math.abs((trainReturns[i] - mean) / std));
  return {
    mean, std, lambert, gaussianScale: zm.std, zClip: maxAbs, regime, ...(levelProcess ? { levelProcess: process } : {}), returnClip: 1.5 * largest,
    ...(unitRmsShapes ? { shapeDomain: 'unit-rms' as const } : {}),
  };
}

/** Standardised returns → the GAN's domain (Gaussianised, unit variance): the per-value part of toModelDomain. */
function shapeToModel(v: number, s: TransformState): number {
  if (s.lambert) v = gaussianize((v - s.lambert.mu) / s.lambert.sigma, s.lambert.delta);
  return v / s.gaussianScale;
}

/** The GAN's domain → standardised returns, with the clip. */
function modelToShape(x: number, s: TransformState): number {
  let v = Math.max(-s.zClip, Math.min(s.zClip, x)) * s.gaussianScale;
  if (s.lambert) v = s.lambert.mu + s.lambert.sigma * heavyTail(v, s.lambert.delta);
  return v;
}

/**
 * One window of returns → the conditional model's row: the window's shape in the GAN's domain and its
 * standardised log volatility level (the condition).
 */
export function windowToModel(returns: ArrayLike<number>, s: TransformState): { values: Float64Array; condition: number } {
  if (!s.regime) throw new Error('gangrad: windowToModel needs the transforms of a volatility-conditional model');
  const u = mapToFloat64(returns, (r) => (r - s.mean) / s.std);
  const level = windowLogVolatility(u);
  const rms = Math.exp(level);
  const shape = s.shapeDomain === 'unit-rms' ? (v: number) => v / rms : (v: number) => shapeToModel(v / rms, s);
  return { values: u.map(shape), condition: (level - s.regime.mean) / s.regime.std };
}

/**
 * A generated window shape at a condition (standardised log level) → returns in real units. `scale`
 * (default 1) multiplies the window's RMS: the level calibration's correction of unconditional paths.
 */
export function modelToWindow(values: ArrayLike<number>, condition: number, s: TransformState, options: { scale?: number } = {}): Float64Array {
  if (!s.regime) throw new Error('gangrad: modelToWindow needs the transforms of a volatility-conditional model');
  const rms = (options.scale ?? 1) * Math.exp(s.regime.mean + s.regime.std * condition);
  const clip = s.returnClip ?? Infinity;
  const shape = s.shapeDomain === 'unit-rms' ? (x: number) => x : (x: number) => modelToShape(x, s);
  return mapToFloat64(values, (x) => s.mean + s.std * Math.max(-clip, Math.min(clip, rms * shape(x))));
}

/** Returns → the GAN's domain (standardised, Gaussianised, unit variance). */
export function toModelDomain(returns: ArrayLike<number>, s: TransformState): Float64Array {
  return mapToFloat64(returns, (r) => shapeToModel((r - s.mean) / s.std, s));
}

/**
 * The GAN's domain → returns. Values are first clipped to ±zClip (the largest seen in
 * training): the heavy-tail map grows like exp(δz²/2), so a rare generator outlier far outside the data
 * would otherwise become an absurd return.
 */
export function toReturns(values: ArrayLike<number>, s: TransformState): Float64Array {
  return mapToFloat64(values, (x) => s.mean + s.std * modelToShape(x, s));
}
