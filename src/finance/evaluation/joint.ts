/**
 * Joint evaluation of several assets: a real set of d-asset return matrices against a generated one.
 * Cross-sectional statistics (correlations, joint exceedances, crisis correlation, the portfolio's VaR
 * and ES) pool the days of all matrices of a set; multi-day portfolio returns are formed within each
 * matrix only, never across the border between two paths.
 */
import type { AssetMatrix } from '../data/asset-matrix.js';
import { riskFromSorted } from '../forecaster.js';
import { aggregateReturns } from './aggregation.js';
import { correlationMae, correlationMatrix } from './correlation.js';
import { crisisCorrelation, jointExceedance, type CrisisCorrelation } from './joint-tails.js';
import { portfolioReturns, stackDays } from './portfolio.js';
import { standardise, wasserstein1 } from './stylized.js';

/** What the joint statistics measure; every field has a default. */
export interface JointOptions {
  /** Quantile levels of the joint exceedances (default 5% and 1%). */
  exceedanceLevels?: number[];
  /** Share of the portfolio's worst days counted as the crisis (default 10%). */
  crisisShare?: number;
  /** Confidence level of the portfolio's VaR and ES (default 99%). */
  riskLevel?: number;
  /** Horizons in days of the portfolio-return W1 (default 1 and 20). */
  horizons?: number[];
}

const defaults = (o: JointOptions = {}): Required<JointOptions> => ({
  exceedanceLevels: o.exceedanceLevels ?? [0.05, 0.01], crisisShare: o.crisisShare ?? 0.1, riskLevel: o.riskLevel ?? 0.99, horizons: o.horizons ?? [1, 20],
});

/** The joint statistics of one set of return matrices. */
export interface JointStats {
  assets: number;
  days: number;
  /** Correlation matrices of r and of |r|, d × d row-major. */
  correlation: Float64Array;
  absCorrelation: Float64Array;
  /** Per level, the joint exceedance frequency of each pair (upperTriangle order). */
  exceedance: { level: number; frequencies: number[] }[];
  crisisCorrelation: CrisisCorrelation;
  /** The equal-weight portfolio's VaR and ES at riskLevel, as positive losses of daily log return. */
  portfolioRisk: { level: number; valueAtRisk: number; expectedShortfall: number };
}

/** The statistics of a set of d-asset return matrices (the real data, or a model's paths). */
export function jointStats(sets: readonly AssetMatrix[], options?: JointOptions): JointStats {
  const o = defaults(options);
  const all = stackDays(sets);
  const { level, valueAtRisk, expectedShortfall } = riskFromSorted(portfolioReturns(all).sort(), o.riskLevel);
  return {
    assets: all.assets,
    days: all.days,
    correlation: correlationMatrix(all),
    absCorrelation: correlationMatrix(all, undefined, Math.abs),
    exceedance: o.exceedanceLevels.map((p) => ({ level: p, frequencies: jointExceedance(all, p) })),
    crisisCorrelation: crisisCorrelation(all, o.crisisShare),
    portfolioRisk: { level, valueAtRisk, expectedShortfall },
  };
}

/** How a generated set compares with the real one. */
export interface JointComparison {
  real: JointStats;
  generated: JointStats;
  /** Mean absolute error of the off-diagonal correlations of r, and of |r|. */
  correlationMae: number;
  absCorrelationMae: number;
  /**
   * Per level, |f_gen − f_real| / f_real of each pair's joint exceedance frequency, and their mean over
   * pairs (NaN for a pair the real data never saw fall together).
   */
  exceedanceError: { level: number; perPair: number[]; mean: number }[];
  /** Generated minus real average pairwise correlation, on crisis days and on the others. */
  crisisCorrelationDifference: { crisis: number; calm: number };
  /** |gen − real| / real of the portfolio's VaR and ES. */
  valueAtRiskError: number;
  expectedShortfallError: number;
  /**
   * W1 between the real and generated h-day portfolio log returns: in return units (scale and shape),
   * and with each side standardised by its own mean and standard deviation (shape only, as the
   * single-asset aggregated W1).
   */
  portfolioW1: { horizon: number; w1: number; w1Standardised: number }[];
}

const relativeError = (generated: number, real: number) => Math.abs(generated - real) / Math.abs(real);

/** Compares generated d-asset return matrices (paths) with the real ones (one matrix, or several). */
export function compareJoint(real: AssetMatrix | readonly AssetMatrix[], generated: readonly AssetMatrix[], options?: JointOptions): JointComparison {
  const o = defaults(options);
  const realSets: readonly AssetMatrix[] = Array.isArray(real) ? real : [real as AssetMatrix];
  const r = jointStats(realSets, o), g = jointStats(generated, o);
  if (r.assets !== g.assets) throw new Error(`gangrad: real data has ${r.assets} assets, generated ${g.assets}`);
  const realPortfolio = realSets.map(portfolioReturns), generatedPortfolio = generated.map(portfolioReturns);
  const portfolioW1 = o.horizons.map((horizon) => {
    const a = aggregateReturns(realPortfolio, horizon), b = aggregateReturns(generatedPortfolio, horizon);
    if (a.length === 0 || b.length === 0) throw new Error(`gangrad: no ${horizon}-day portfolio returns: the real or generated paths are shorter than ${horizon} days`);
    return { horizon, w1: wasserstein1(a, b), w1Standardised: wasserstein1(standardise(a), standardise(b)) };
  });
  return {
    real: r,
    generated: g,
    correlationMae: correlationMae(r.correlation, g.correlation, r.assets),
    absCorrelationMae: correlationMae(r.absCorrelation, g.absCorrelation, r.assets),
    exceedanceError: r.exceedance.map(({ level, frequencies }, i) => {
      const perPair = frequencies.map((f, p) => relativeError(g.exceedance[i].frequencies[p], f));
      return { level, perPair, mean: perPair.reduce((s, v) => s + v, 0) / perPair.length };
    }),
    crisisCorrelationDifference: { crisis: g.crisisCorrelation.crisis - r.crisisCorrelation.crisis, calm: g.crisisCorrelation.calm - r.crisisCorrelation.calm },
    valueAtRiskError: relativeError(g.portfolioRisk.valueAtRisk, r.portfolioRisk.valueAtRisk),
    expectedShortfallError: relativeError(g.portfolioRisk.expectedShortfall, r.portfolioRisk.expectedShortfall),
    portfolioW1,
  };
}

