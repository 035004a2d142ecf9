/**
 * GARCH(1,1) and GJR-GARCH(1,1) (Glosten, Jagannathan & Runkle 1993) with standardised Student-t
 * innovations, fitted by maximum likelihood:
 *
 *   r_t = μ + ε_t,   ε_t = σ_t z_t,   z_t ~ t_ν standardised to unit variance,
 *   σ²_t = ω + (α + γ·1[ε_{t−1} < 0]) ε²_{t−1} + β σ²_{t−1}        (GARCH: γ = 0).
 *
 * The fit runs on the training returns standardised by their mean and standard deviation (so every
 * parameter is of order one for the optimiser) and maps μ and ω back to return units. Parameters are
 * optimised through transforms that keep the model valid everywhere the simplex goes: ω = e^a > 0;
 * persistence p = α + γ/2 + β = 0.9999·logistic(b) < 1 (stationary; γ/2 because z is symmetric, so a
 * shock is negative half the time); α, γ/2, β ≥ 0 as shares p·softmax(0, c, d) of it; ν = 2.05 + e^e.
 * The variance recursion starts from the sample variance of the training part (backcast), as arch's
 * default does.
 *
 * Simulation: each path of a fitted model starts from the conditional variance the model filtered on a
 * uniformly drawn day of the training part, so paths start in the calm and turbulent states in the
 * proportions the training era had. Neither alternative holds up on these markets: the last training
 * variance starts every path in one regime, and the unconditional variance ω / (1 − p) is not a typical
 * state when the fitted persistence p is near 1 (JPM's and ORCL's GJR fits reach p = 0.9999, arch's fits
 * too, putting ω / (1 − p) at a daily σ of 13–14%, several times anything in the data). Without
 * filtered variances (`simulateGarch` called directly), paths start at the unconditional variance and
 * discard a burn-in of {@link BURN_IN} days.
 */
import type { Rng } from '../../tensor/index.js';
import { mean, std } from '../evaluation/stylized.js';
import { nelderMead } from './nelder-mead.js';
import { checkSimulationSize, fmt, type ReturnModel } from './return-model.js';
import { sampleStandardT, studentTLogConstant, studentTLogDensity } from './student-t.js';

/** Days simulated and discarded before each path. */
export const BURN_IN = 500;
const MAX_PERSISTENCE = 0.9999;

/** Fitted GJR-GARCH(1,1)-t parameters, in units of daily log returns (GARCH: gamma = 0). */
export interface GarchParameters {
  mu: number;
  omega: number;
  alpha: number;
  gamma: number;
  beta: number;
  nu: number;
}

/** A fitted GARCH-t or GJR-GARCH-t ({@link fitGarchT}, {@link fitGjrGarchT}): a {@link ReturnModel} with its parameters typed. */
export interface GarchModel extends ReturnModel {
  /** The fitted parameters, with persistence α + γ/2 + β, the unconditional daily σ and the log-likelihood of the training returns. */
  readonly parameters: Readonly<GarchParameters & { persistence: number; unconditionalStd: number; logLikelihood: number }>;
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/** Unconstrained vector → parameters (in the standardised units of the fit). */
function fromVector(v: number[], asymmetric: boolean): GarchParameters {
  const p = MAX_PERSISTENCE * logistic(v[2]);
  // Shares of the persistence: β gets weight e^0, α e^c, γ/2 e^d (GJR only).
  const ea = Math.exp(v[3]), eg = asymmetric ? Math.exp(v[4]) : 0;
  const total = 1 + ea + eg;
  const nuAt = asymmetric ? 5 : 4;
  return { mu: v[0], omega: Math.exp(v[1]), alpha: (p * ea) / total, gamma: (2 * p * eg) / total, beta: p / total, nu: 2.05 + Math.exp(v[nuAt]) };
}

/** Parameters → unconstrained vector (the inverse of fromVector, for starting points). */
function toVector(q: GarchParameters, asymmetric: boolean): number[] {
  const p = q.alpha + q.gamma / 2 + q.beta;
  const v = [q.mu, Math.log(q.omega), Math.log(p / MAX_PERSISTENCE / (1 - p / MAX_PERSISTENCE)), Math.log(q.alpha / q.beta)];
  if (asymmetric) v.push(Math.log(q.gamma / 2 / q.beta));
  v.push(Math.log(q.nu - 2.05));
  return v;
}

/** The conditional variances σ²_t of returns x under the parameters, the recursion started at `h0`. */
export function garchVariances(x: ArrayLike<number>, q: GarchParameters, h0: number, out = new Float64Array(x.length)): Float64Array {
  let h = h0;
  for (let t = 0; t < x.length; t++) {
    if (t > 0) {
      const e = x[t - 1] - q.mu;
      h = q.omega + (q.alpha + (e < 0 ? q.gamma : 0)) * e * e + q.beta * h;
    }
    out[t] = h;
  }
  return out;
}

/** Student-t log-likelihood of returns x under the parameters, variance started at `h0`. */
export function garchLogLikelihood(x: ArrayLike<number>, q: GarchParameters, h0: number, scratch?: Float64Array<ArrayBuffer>): number {
  const c = studentTLogConstant(q.nu);
  const h = garchVariances(x, q, h0, scratch);
  let ll = 0;
  for (let t = 0; t < x.length; t++) ll += studentTLogDensity(x[t] - q.mu, h[t], q.nu, c);
  return ll;
}

/**
 * Simulate from parameters in return units. Each path starts from a variance drawn uniformly from
 * `startVariances` when given (a fitted model passes its filtered training variances), else from the
 * unconditional variance after a discarded burn-in of {@link BURN_IN} days.
 */
export function simulateGarch(q: GarchParameters, paths: number, length: number, rng: Rng, startVariances?: Float64Array): Float64Array[] {
  const persistence = q.alpha + q.gamma / 2 + q.beta;
  const unconditional = q.omega / (1 - persistence);
  const burnIn = startVariances ? 0 : BURN_IN;
  return Array.from({ length: paths }, () => {
    const out = new Float64Array(length);
    let h = startVariances ? startVariances[rng.int(startVariances.length)] : unconditional;
    for (let t = -burnIn; t < length; t++) {
      const e = Math.sqrt(h) * sampleStandardT(q.nu, rng);
      if (t >= 0) out[t] = q.mu + e;
      h = q.omega + (q.alpha + (e < 0 ? q.gamma : 0)) * e * e + q.beta * h;
    }
    return out;
  });
}

function fit(train: ArrayLike<number>, asymmetric: boolean): GarchModel {
  const name = asymmetric ? 'GJR-GARCH-t' : 'GARCH-t';
  if (train.length < 100) throw new Error(`gangrad: ${name} needs at least 100 training returns, got ${train.length}`);
  for (let i = 0; i < train.length; i++) {
    if (!Number.isFinite(train[i])) throw new Error(`gangrad: ${name}: training return ${i} is ${train[i]}, not a finite number`);
  }
  const m = mean(train), s = std(train);
  if (!(s > 0) || !Number.isFinite(s)) throw new Error(`gangrad: ${name}: the training returns have no variance (std ${s})`);
  const x = Float64Array.from(train, (v) => (v - m) / s);
  let h0 = 0;
  for (const v of x) h0 += v * v;
  h0 /= x.length;
  const scratch = new Float64Array(x.length);
  const objective = (v: number[]) => -garchLogLikelihood(x, fromVector(v, asymmetric), h0, scratch) / x.length;
  // Typical daily-equity values as the start; the restarts take it from there.
  const start: GarchParameters = asymmetric
    ? { mu: 0, omega: 0.02, alpha: 0.03, gamma: 0.1, beta: 0.9, nu: 8 }
    : { mu: 0, omega: 0.02, alpha: 0.08, gamma: 0, beta: 0.9, nu: 8 };
  const result = nelderMead(objective, toVector(start, asymmetric), { restarts: 6 });
  const z = fromVector(result.x, asymmetric);
  const q: GarchParameters = { mu: m + s * z.mu, omega: s * s * z.omega, alpha: z.alpha, gamma: z.gamma, beta: z.beta, nu: z.nu };
  const persistence = q.alpha + q.gamma / 2 + q.beta;
  // The log-likelihood of the returns themselves: the standardised one less n·ln s (the Jacobian).
  const logLikelihood = -result.value * x.length - x.length * Math.log(s);
  const parameters = { ...q, persistence, unconditionalStd: Math.sqrt(q.omega / (1 - persistence)), logLikelihood };
  if (!Object.values(parameters).every(Number.isFinite)) throw new Error(`gangrad: ${name} fit did not converge to finite parameters`);
  // The variance path the fitted model filtered through the training part, in return units: the states
  // simulations start from.
  const startVariances = garchVariances(x, z, h0).map((h) => h * s * s);
  return {
    name, parameters,
    describe: () => `${asymmetric ? 'GJR-GARCH' : 'GARCH'}(1,1)-t: μ=${fmt(q.mu)} ω=${fmt(q.omega)} α=${fmt(q.alpha)}${asymmetric ? ` γ=${fmt(q.gamma)}` : ''} β=${fmt(q.beta)} ν=${fmt(q.nu)}`
      + `; persistence ${fmt(persistence)}, unconditional daily σ ${fmt(parameters.unconditionalStd)}, log-likelihood ${logLikelihood.toFixed(1)} (${x.length} returns)`,
    simulate(paths, length, rng) {
      checkSimulationSize(name, paths, length);
      return simulateGarch(q, paths, length, rng, startVariances);
    },
  };
}

/** GARCH(1,1) with standardised Student-t innovations, by maximum likelihood on `train`. */
export function fitGarchT(train: ArrayLike<number>): GarchModel {
  return fit(train, false);
}

/** GJR-GARCH(1,1) with standardised Student-t innovations, by maximum likelihood on `train`. */
export function fitGjrGarchT(train: ArrayLike<number>): GarchModel {
  return fit(train, true);
}
