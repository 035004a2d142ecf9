/** The chi-square law's tail for likelihood-ratio and Pearson statistics, in closed form for any whole dof. */
import { erfc } from '../../../stats/normal.js';

/** P(X ≤ x) for X ~ χ²(dof); see {@link chiSquareSurvival}. */
export function chiSquareCdf(x: number, dof: number): number {
  return 1 - chiSquareSurvival(x, dof);
}

/**
 * P(X > x) for X ~ χ²(dof), the p-value of a statistic x, by the closed forms of the incomplete gamma
 * function at whole and half-whole shapes: for even k, e^{−x/2} Σ_{j<k/2} (x/2)^j / j!; for odd k,
 * erfc(√(x/2)) + √(2x/π)·e^{−x/2} Σ_{j=1}^{(k−1)/2} x^{j−1} / (1·3·…·(2j − 1)). So 1 dof is
 * erfc(√(x/2)), 2 is e^{−x/2}, 3 (Berkowitz's test) adds √(2x/π)·e^{−x/2} to the first.
 */
export function chiSquareSurvival(x: number, dof: number): number {
  if (!Number.isInteger(dof) || dof < 1) throw new Error(`gangrad: chiSquareSurvival: the degrees of freedom must be a whole number ≥ 1, got ${dof}`);
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (dof % 2 === 0) {
    let term = 1, sum = 1;
    // 2j < dof, not j < dof / 2 (the same for whole numbers): tsx's module lexer, reading the compiled
    // .js, took `< dof / 2; j++) sum += (term *= x / 2 /` for a regular expression and refused the file.
    for (let j = 1; 2 * j < dof; j++) sum += (term *= x / 2 / j);
    return Math.min(1, Math.exp(-x / 2) * sum);
  }
  let term = 1, sum = 0;
  for (let j = 1; j <= (dof - 1) / 2; j++) {
    sum += term;
    term *= x / (2 * j + 1);
  }
  return Math.min(1, erfc(Math.sqrt(x / 2)) + Math.sqrt((2 * x) / Math.PI) * Math.exp(-x / 2) * sum);
}
