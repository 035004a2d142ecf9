/** The chi-square law with 1 or 2 degrees of freedom (closed forms), for likelihood-ratio p-values. */
import { erfc } from '../../baselines/normal.js';

/** P(X ≤ x) for X ~ χ²(dof): 1 − erfc(√(x/2)) for 1 dof, 1 − e^{−x/2} for 2. */
export function chiSquareCdf(x: number, dof: 1 | 2): number {
  return 1 - chiSquareSurvival(x, dof);
}

/** P(X > x) for X ~ χ²(dof), dof 1 or 2: the p-value of a likelihood-ratio statistic x. */
export function chiSquareSurvival(x: number, dof: 1 | 2): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (dof === 1) return erfc(Math.sqrt(x / 2));
  if (dof === 2) return Math.exp(-x / 2);
  throw new Error(`gangrad: chiSquareSurvival: only 1 or 2 degrees of freedom are supported, got ${dof}`);
}
