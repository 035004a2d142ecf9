/** The chi-square law with 1, 2 or 3 degrees of freedom (closed forms), for likelihood-ratio p-values. */
import { erfc } from '../../baselines/normal.js';

/** Degrees of freedom with a closed-form survival function here. */
export type ChiSquareDof = 1 | 2 | 3;

/** P(X ≤ x) for X ~ χ²(dof); see {@link chiSquareSurvival}. */
export function chiSquareCdf(x: number, dof: ChiSquareDof): number {
  return 1 - chiSquareSurvival(x, dof);
}

/**
 * P(X > x) for X ~ χ²(dof), the p-value of a likelihood-ratio statistic x: erfc(√(x/2)) for 1 dof,
 * e^{−x/2} for 2, and erfc(√(x/2)) + √(2x/π)·e^{−x/2} for 3 (Berkowitz's test).
 */
export function chiSquareSurvival(x: number, dof: ChiSquareDof): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (dof === 1) return erfc(Math.sqrt(x / 2));
  if (dof === 2) return Math.exp(-x / 2);
  if (dof === 3) return erfc(Math.sqrt(x / 2)) + Math.sqrt((2 * x) / Math.PI) * Math.exp(-x / 2);
  throw new Error(`gangrad: chiSquareSurvival: only 1, 2 or 3 degrees of freedom are supported, got ${dof}`);
}
