/**
 * Kupiec's (1995) proportion-of-failures test: is the share of VaR breaches the 1 − a a VaR at level a
 * promises? LR = −2 ln[(1−p)^{n−x} p^x / (1−x/n)^{n−x} (x/n)^x] ~ χ²(1) under the null, p = 1 − a.
 */
import { checkLevels } from '../../forecaster.js';
import { chiSquareSurvival } from './chi-square.js';

/** A likelihood-ratio test's statistic and p-value. */
export interface LikelihoodRatioTest {
  statistic: number;
  pValue: number;
}

/** x ln p + y ln(1 − p), with 0·ln 0 = 0 (a Bernoulli log-likelihood that zero counts cannot break). */
export function bernoulliLogLikelihood(successes: number, failures: number, p: number): number {
  return (successes > 0 ? successes * Math.log(p) : 0) + (failures > 0 ? failures * Math.log(1 - p) : 0);
}

/** Rejects breach counts that are not integers with 0 ≤ breaches ≤ observations, observations ≥ 1. */
export function checkCounts(test: string, breaches: number, observations: number): void {
  if (!Number.isInteger(observations) || observations < 1 || !Number.isInteger(breaches) || breaches < 0 || breaches > observations) {
    throw new Error(`gangrad: ${test}: needs integer counts with 0 ≤ breaches ≤ observations and observations ≥ 1, got ${breaches} breaches of ${observations}`);
  }
}

/** Kupiec POF for `breaches` of `observations` days at confidence level `level` (expected breach rate 1 − level). */
export function kupiecPof(breaches: number, observations: number, level: number): LikelihoodRatioTest {
  checkLevels([level], 'Kupiec test');
  checkCounts('Kupiec test', breaches, observations);
  const p = 1 - level, share = breaches / observations, misses = observations - breaches;
  const statistic = Math.max(0, -2 * (bernoulliLogLikelihood(breaches, misses, p) - bernoulliLogLikelihood(breaches, misses, share)));
  return { statistic, pValue: chiSquareSurvival(statistic, 1) };
}
