/**
 * Christoffersen's (1998) tests on a breach sequence I_1 … I_n. Independence: does a breach today make
 * one tomorrow more likely? First-order Markov chain against independence, from the transition counts
 * n_ij (i today, j tomorrow): LR_ind = −2[ℓ(π) − ℓ(π01, π11)] ~ χ²(1). Conditional coverage:
 * LR_cc = LR_pof + LR_ind ~ χ²(2), the POF part on all n days. Zero counts contribute 0·ln 0 = 0, so a
 * sequence with no breach, or none after a breach, still has a defined statistic.
 */
import { chiSquareSurvival } from './chi-square.js';
import { bernoulliLogLikelihood, kupiecPof, type LikelihoodRatioTest } from './kupiec.js';

/** Christoffersen's transition counts and both tests. */
export interface ChristoffersenTest {
  /** n_ij: days with state i followed by a day with state j (1 = breach). */
  transitions: { n00: number; n01: number; n10: number; n11: number };
  independence: LikelihoodRatioTest;
  conditionalCoverage: LikelihoodRatioTest;
}

/** Independence and conditional-coverage tests of the breach sequence `hits` (1/true = breach) of a VaR at `level`. */
export function christoffersen(hits: ArrayLike<number | boolean>, level: number): ChristoffersenTest {
  if (hits.length < 2) throw new Error(`gangrad: Christoffersen test: needs at least 2 days, got ${hits.length}`);
  for (let t = 0; t < hits.length; t++) {
    const h = hits[t];
    if (h !== 0 && h !== 1 && h !== true && h !== false) throw new Error(`gangrad: Christoffersen test: hits are 0/1 (or booleans), got ${String(h)} on day ${t}`);
  }
  let n00 = 0, n01 = 0, n10 = 0, n11 = 0, breaches = hits[0] ? 1 : 0;
  for (let t = 1; t < hits.length; t++) {
    const prev = hits[t - 1] ? 1 : 0, now = hits[t] ? 1 : 0;
    breaches += now;
    if (prev === 0) now ? n01++ : n00++;
    else now ? n11++ : n10++;
  }
  const pi01 = n01 / Math.max(n00 + n01, 1), pi11 = n11 / Math.max(n10 + n11, 1);
  const pi = (n01 + n11) / (n00 + n01 + n10 + n11);
  const restricted = bernoulliLogLikelihood(n01 + n11, n00 + n10, pi);
  const markov = bernoulliLogLikelihood(n01, n00, pi01) + bernoulliLogLikelihood(n11, n10, pi11);
  const lrInd = Math.max(0, -2 * (restricted - markov));
  const lrCc = kupiecPof(breaches, hits.length, level).statistic + lrInd;
  return {
    transitions: { n00, n01, n10, n11 },
    independence: { statistic: lrInd, pValue: chiSquareSurvival(lrInd, 1) },
    conditionalCoverage: { statistic: lrCc, pValue: chiSquareSurvival(lrCc, 2) },
  };
}
