/**
 * `gangrad eval`: the stylized facts of the real test returns, of synthetic returns, and of an i.i.d.
 * Gaussian baseline with the real test mean and variance, side by side, with the headline criteria.
 */
import type { Module } from '../nn/index.js';
import { Rng } from '../tensor/index.js';
import { discriminativeScore } from './discriminative.js';
import { generateWindows } from './generate.js';
import { rollingWindows } from './returns.js';
import {
  absolute, autocorrelation, meanAbsoluteError, quantile, standardise, stylizedFacts, wasserstein1, type StylizedFacts,
} from './stylized.js';
import type { TransformState } from './transforms.js';

/** How one sample (synthetic or the Gaussian baseline) compares with the real test returns. */
export interface Comparison {
  facts: StylizedFacts;
  /** W1 between standardised distributions. */
  w1: number;
  /** Mean absolute error of ACF(|r|) over lags 1–20, and of ACF(r) over lags 1–20. */
  acfAbsError: number;
  acfError: number;
  /** Relative error of the 0.5% and 99.5% quantiles (each in units of its own sample's std). */
  tailErrors: { q005: number; q995: number };
  leverageLag1: number;
  discriminativeScore: number;
}

export interface Evaluation {
  window: number;
  real: StylizedFacts;
  synthetic: Comparison;
  gaussian: Comparison;
  criteria: { name: string; threshold: string; synthetic: number | boolean; gaussian: number | boolean; passed: boolean; gaussianWorse: boolean }[];
  /**
   * The real training part itself scored against the test part (given `trainReturns`): what a perfect
   * copy of the training era's distribution would reach. Where the market changed between the two
   * periods, no model fitted on the training part can beat these figures.
   */
  trainingPart?: { w1: number; tailErrors: { q005: number; q995: number } };
}

const REAL_WINDOW_STRIDE = 4;

/** W1 between the standardised distributions of the real returns and a sample. */
const w1To = (real: Float64Array, sample: Float64Array) => wasserstein1(standardise(real), standardise(sample));

/** Relative errors of a sample's 0.5% and 99.5% quantiles, each in units of its own standard deviation. */
function tailErrors(real: Float64Array, sample: Float64Array): { q005: number; q995: number } {
  const r = standardise(real), s = standardise(sample);
  const relative = (p: number) => Math.abs(quantile(s, p) - quantile(r, p)) / Math.abs(quantile(r, p));
  return { q005: relative(0.005), q995: relative(0.995) };
}

async function compare(real: Float64Array, realWindows: Float64Array[], sample: Float64Array[], seed: number, purge: number): Promise<Comparison> {
  const pooled = Float64Array.from(sample.flatMap((s) => Array.from(s)));
  const facts = stylizedFacts(sample);
  const realFacts = stylizedFacts([real]);
  return {
    facts,
    w1: w1To(real, pooled),
    acfAbsError: meanAbsoluteError(autocorrelation(absolute([real])[0], 20), autocorrelation(absolute(sample), 20)),
    acfError: meanAbsoluteError(realFacts.acfReturns, facts.acfReturns),
    tailErrors: tailErrors(real, pooled),
    leverageLag1: facts.leverage[0],
    discriminativeScore: await discriminativeScore(realWindows, sample.slice(0, Math.max(realWindows.length, 256)), { seed, purge }),
  };
}

export async function evaluateModel(options: {
  generator: Module; latentDim: number; transforms: TransformState; window: number;
  testReturns: Float64Array; count: number; seed: number;
  /** The real training part, for the `trainingPart` reference figures. */
  trainReturns?: Float64Array;
}): Promise<Evaluation> {
  const { testReturns: real, window } = options;
  const synthetic = await generateWindows(options.generator, options.latentDim, options.transforms, options.count, options.seed);
  const rng = new Rng(options.seed + 1);
  const m = real.reduce((a, b) => a + b, 0) / real.length;
  const sd = Math.sqrt(real.reduce((a, b) => a + (b - m) ** 2, 0) / (real.length - 1));
  const gaussian = Array.from({ length: options.count }, () => Float64Array.from({ length: window }, () => m + sd * rng.normal()));
  // Real windows for the classifier, every 4th day; cross-validation purges the neighbours that overlap.
  const { rows, count } = rollingWindows(real, window, REAL_WINDOW_STRIDE);
  const realWindows = Array.from({ length: count }, (_, i) => Float64Array.from(rows.subarray(i * window, (i + 1) * window)));
  const purge = Math.ceil(window / REAL_WINDOW_STRIDE) - 1; // neighbours on each side sharing days with a window
  const syntheticComparison = await compare(real, realWindows, synthetic, options.seed, purge);
  const gaussianComparison = await compare(real, realWindows, gaussian, options.seed, purge);
  const s = syntheticComparison, g = gaussianComparison;
  const criteria = [
    { name: 'W1, standardised returns', threshold: '≤ 0.05', synthetic: s.w1, gaussian: g.w1, passed: s.w1 <= 0.05, gaussianWorse: g.w1 > s.w1 },
    { name: 'ACF(|r|) MAE, lags 1–20', threshold: '≤ 0.08', synthetic: s.acfAbsError, gaussian: g.acfAbsError, passed: s.acfAbsError <= 0.08, gaussianWorse: g.acfAbsError > s.acfAbsError },
    { name: '0.5% quantile, relative error', threshold: '≤ 20%', synthetic: s.tailErrors.q005, gaussian: g.tailErrors.q005, passed: s.tailErrors.q005 <= 0.2, gaussianWorse: g.tailErrors.q005 > s.tailErrors.q005 },
    { name: '99.5% quantile, relative error', threshold: '≤ 20%', synthetic: s.tailErrors.q995, gaussian: g.tailErrors.q995, passed: s.tailErrors.q995 <= 0.2, gaussianWorse: g.tailErrors.q995 > s.tailErrors.q995 },
    { name: 'leverage corr(r_t, r²_t+1)', threshold: '< 0', synthetic: s.leverageLag1, gaussian: g.leverageLag1, passed: s.leverageLag1 < 0, gaussianWorse: !(g.leverageLag1 < s.leverageLag1) },
    { name: 'discriminative score', threshold: '≤ 0.70', synthetic: s.discriminativeScore, gaussian: g.discriminativeScore, passed: s.discriminativeScore <= 0.7, gaussianWorse: g.discriminativeScore > s.discriminativeScore },
  ];
  const trainingPart = options.trainReturns ? { w1: w1To(real, options.trainReturns), tailErrors: tailErrors(real, options.trainReturns) } : undefined;
  return { window, real: stylizedFacts([real]), synthetic: s, gaussian: g, criteria, trainingPart };
}
