/**
 * The standardised Student-t law (unit variance, ν > 2 degrees of freedom): GARCH innovations with the
 * heavy tails daily returns have. Its density and a sampler, with the log-gamma function they need.
 */
import type { Rng } from '../../tensor/index.js';

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7: about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The part of the standardised-t log density that depends on ν only. */
export function studentTLogConstant(nu: number): number {
  return logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(Math.PI * (nu - 2));
}

/**
 * Log density of ε = σ·z with z standardised-t(ν), given the variance h = σ²:
 *   c(ν) − ½ ln h − (ν+1)/2 · ln(1 + ε² / (h (ν − 2))).
 * `constant` is studentTLogConstant(ν), passed in because a likelihood evaluates it once per series.
 */
export function studentTLogDensity(e: number, h: number, nu: number, constant: number): number {
  return constant - 0.5 * Math.log(h) - ((nu + 1) / 2) * Math.log1p((e * e) / (h * (nu - 2)));
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000), boosted for shape < 1. */
export function sampleGamma(shape: number, rng: Rng): number {
  if (shape < 1) return sampleGamma(shape + 1, rng) * Math.pow(1 - rng.uniform(), 1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.uniform();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** One draw of a standardised t(ν): z / √(χ²_ν / ν), scaled by √((ν − 2)/ν) to unit variance. */
export function sampleStandardT(nu: number, rng: Rng): number {
  const chi2 = 2 * sampleGamma(nu / 2, rng);
  return rng.normal() * Math.sqrt((nu - 2) / chi2);
}
