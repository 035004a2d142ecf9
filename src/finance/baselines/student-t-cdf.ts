/**
 * The Student-t distribution function and its inverse (ν > 0 degrees of freedom, unit scale, not the
 * unit-variance standardised law of student-t.ts), through the regularized incomplete beta function:
 *   P(T ≤ t) = 1 − ½ I_{ν/(ν+t²)}(ν/2, ½)  for t ≥ 0,  by symmetry below.
 * A copula needs both: margins to uniforms (the CDF) and uniforms back to margins (the quantile).
 */
import { normalQuantile } from '../../stats/normal.js';
import { logGamma } from './student-t.js';

const TINY = 1e-300;
const EPSILON = 1e-15;
const MAX_TERMS = 1000;

/** The continued fraction of I_x(a, b) (modified Lentz; Numerical Recipes' betacf), good for x < (a+1)/(a+b+2). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const clamp = (v: number) => (Math.abs(v) < TINY ? TINY : v);
  let c = 1, d = 1 / clamp(1 - ((a + b) * x) / (a + 1));
  let h = d;
  for (let m = 1; m <= MAX_TERMS; m++) {
    const m2 = 2 * m;
    // The even and the odd step of the fraction.
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 / clamp(1 + aa * d); c = clamp(1 + aa / c); h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 / clamp(1 + aa * d); c = clamp(1 + aa / c);
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPSILON) return h;
  }
  return h;
}

/**
 * The regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b) for a, b > 0, x ∈ [0, 1].
 * `y` is 1 − x when the caller knows it more precisely than 1 − x can be computed (a t CDF near 0).
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number, y = 1 - x): number {
  return incompleteBeta(x, y, a, b, logGamma(a) + logGamma(b) - logGamma(a + b));
}

/** I_x(a, b) given ln B(a, b), which a t CDF evaluated many times at one ν computes once. */
function incompleteBeta(x: number, y: number, a: number, b: number, logBeta: number): number {
  if (!(a > 0 && b > 0) || !(x >= 0 && x <= 1)) return NaN;
  if (x === 0) return 0;
  if (y === 0) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log(y) - logBeta);
  // The fraction converges fast on the side of the mean it is written for; use the symmetry on the other.
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(x, a, b)) / a : 1 - (front * betaContinuedFraction(y, b, a)) / b;
}

/** P(T ≤ t) for T ~ Student-t with ν > 0 degrees of freedom (unit scale). */
export function studentTCdf(t: number, nu: number): number {
  if (Number.isNaN(t) || !(nu > 0)) return NaN;
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const t2 = t * t;
  // P(T > |t|), with both x and 1 − x written out so neither loses digits.
  const tail = 0.5 * incompleteBeta(nu / (nu + t2), t2 / (nu + t2), nu / 2, 0.5, constantsOf(nu).logBeta);
  return t > 0 ? 1 - tail : tail;
}

/** The Student-t density (unit scale). */
export function studentTDensity(t: number, nu: number): number {
  return Math.exp(constantsOf(nu).logDensity - ((nu + 1) / 2) * Math.log1p((t * t) / nu));
}

/** The log-gamma terms of one ν, kept for the next call: copulas evaluate thousands of values per ν. */
let cached = { nu: NaN, logBeta: NaN, logDensity: NaN };
function constantsOf(nu: number): typeof cached {
  if (cached.nu !== nu) {
    const logBeta = logGamma(nu / 2) + logGamma(0.5) - logGamma((nu + 1) / 2);
    // 1 / (√ν B(ν/2, ½)) is the density's constant Γ((ν+1)/2) / (Γ(ν/2) √(νπ)).
    cached = { nu, logBeta, logDensity: -logBeta - 0.5 * Math.log(nu) };
  }
  return cached;
}

/**
 * The p-quantile of Student-t(ν): Newton's method on the CDF from a Cornish–Fisher start, kept inside
 * a bracket that bisection falls back on. The bracket's outer end is the tail's power law
 * F(x) ≈ K ν^{(ν−1)/2} |x|^{−ν}, which bounds the quantile (the density lies below its asymptote), so
 * no search for a bracket is needed. Accurate to ~1e-12 relative.
 */
export function studentTQuantile(p: number, nu: number): number {
  if (!(p >= 0 && p <= 1) || !(nu > 0)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  // Solve in the lower half, where the target p is held exactly, and reflect.
  const q = p < 0.5 ? p : 1 - p;
  let lo = -Math.exp((constantsOf(nu).logDensity + ((nu - 1) / 2) * Math.log(nu) - Math.log(q)) / nu), hi = 0;
  const z = normalQuantile(q);
  const cornishFisher = z + (z ** 3 + z) / (4 * nu) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * nu * nu);
  let x = cornishFisher > lo && cornishFisher < hi ? cornishFisher : lo;
  for (let i = 0; i < 200; i++) {
    const f = studentTCdf(x, nu) - q;
    if (f > 0) hi = x; else lo = x;
    let next = x - f / studentTDensity(x, nu);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    const done = Math.abs(next - x) <= 1e-13 * Math.max(1, Math.abs(x));
    x = next;
    if (done || hi - lo <= 1e-15 * Math.max(1, Math.abs(lo))) break;
  }
  return p < 0.5 ? x : -x;
}
