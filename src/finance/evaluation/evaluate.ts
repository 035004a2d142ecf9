/**
 * `gangrad eval`: the stylized facts of the real test returns beside those of the GAN and of every
 * classical baseline (GARCH-t, GJR-GARCH-t, the stationary bootstrap, an i.i.d. Gaussian), all fitted on
 * the training part only, with the headline criteria; then the long-horizon criteria on N paths of L
 * days of each model against the whole real series, averaged over R independent draws of N paths.
 */
import type { Module } from '../../nn/index.js';
import { Rng } from '../../tensor/index.js';
import { discriminativeScore, fewestRealTrainingWindows, MIN_REAL_TRAINING_WINDOWS, realWindowsForScore, type DiscriminativeScorer } from './discriminative.js';
import { longHorizonCriteria, type Criterion } from './long-horizon-criteria.js';
import {
  averageComparisons, compareLongHorizon, LONG_HORIZON_DRAWS, meanOfDraws, spreadOfDraws, LONG_HORIZON_LENGTH, LONG_HORIZON_PATHS, longHorizonReference,
  type AveragedComparison, type LongHorizonComparison, type LongHorizonStats,
} from './index.js';
import { generatePaths, generateWindows } from '../model/generate.js';
import { fitBaselines, type ReturnModel } from '../baselines/index.js';
import {
  absolute, autocorrelation, meanAbsoluteError, pooled, sortedCopy, sortedQuantileError, sortedWasserstein1, standardise, std as standardDeviation, stylizedFacts, type StylizedFacts,
} from './stylized.js';
import type { TransformState } from '../data/transforms.js';

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
  /**
   * Standard deviation of the sample's returns over that of the real test part, and over that of the
   * training part: the level, which `w1` (both sides standardised) cannot see. A model can only be
   * asked to match the training part's level; the test part's shows how far the market moved.
   */
  stdRatio: { test: number; train: number };
}

/** One model's column: the GAN ('GAN') or a baseline. */
export interface ModelColumn {
  name: string;
  /** The model and its fitted parameters, in words. */
  description: string;
  /** Against the real test part, on `count` windows of `window` days: the mean over the draws. */
  comparison: Comparison;
  /** The standard deviation of each figure of `comparison` over the draws (0 for one draw). */
  comparisonSpread: Comparison;
  /** Against the whole real series, on N paths of L days: the mean over the draws, and their spread. */
  longHorizon: AveragedComparison;
}

export type { Criterion } from './long-horizon-criteria.js';

/**
 * What {@link evaluateModel} finds: each model compared with the real test part (windows) and the whole
 * real series (long paths), and the pass/fail criteria. `gangrad eval --json` writes it; `renderReport` reads it.
 */
export interface Evaluation {
  /** Days per compared window (the model's window). */
  window: number;
  /** The stylized facts of the real test part. */
  real: StylizedFacts;
  /** The GAN's and the Gaussian baseline's comparisons (also in `models`), kept for older readers. */
  synthetic: Comparison;
  /** The Gaussian baseline's comparison; see `synthetic`. */
  gaussian: Comparison;
  /** The test-part criteria; `values` are means over the draws, `spread` their standard deviations. */
  criteria: { name: string; threshold: string; synthetic: number | boolean; gaussian: number | boolean; passed: boolean; gaussianWorse: boolean; values: Record<string, number>; spread: Record<string, number> }[];
  /** Every model in column order: the GAN, GARCH-t, GJR-GARCH-t, bootstrap, Gaussian. */
  models: ModelColumn[];
  /** The long-horizon criteria: the real series' statistics and the criteria by model. */
  longHorizon: { paths: number; length: number; draws: number; realReturns: number; real: LongHorizonStats; explosiveThreshold: number; criteria: Criterion[] };
  /** Independent draws of windows and of paths per model that every figure is averaged over. */
  draws: number;
  /**
   * The real training part itself scored against the test part (given `trainReturns`): what a perfect
   * copy of the training era's distribution would reach. Where the market changed between the two
   * periods, no model fitted on the training part can beat these figures.
   */
  trainingPart?: { w1: number; tailErrors: { q005: number; q995: number } };
}

/** Returns standardised by their own mean and standard deviation, sorted: what W1 and the tail errors compare. */
const standardisedSorted = (x: Float64Array) => sortedCopy(standardise(x));

/** Relative errors of a sample's 0.5% and 99.5% quantiles, each in units of its own standard deviation (both sides standardised and sorted). */
function tailErrors(real: Float64Array, sample: Float64Array): { q005: number; q995: number } {
  return { q005: sortedQuantileError(real, sample, 0.005), q995: sortedQuantileError(real, sample, 0.995) };
}

/** What every comparison with the real test part needs of it, computed once for all models and draws. */
interface RealSide {
  returns: Float64Array;
  /** The returns standardised and sorted ({@link standardisedSorted}). */
  standardisedSorted: Float64Array;
  /** Standard deviations of the test part's and the training part's returns. */
  std: { test: number; train: number };
  facts: StylizedFacts;
  acfAbs: number[];
  windows: Float64Array[];
  purge: number;
}

function realSide(returns: Float64Array, train: Float64Array, window: number): RealSide {
  return { returns, standardisedSorted: standardisedSorted(returns), std: { test: standardDeviation(returns), train: standardDeviation(train) }, facts: stylizedFacts([returns]), acfAbs: autocorrelation(absolute([returns])[0], 20), ...realWindowsForScore(returns, window) };
}

async function compare(real: RealSide, sample: Float64Array[], seed: number, scorer: DiscriminativeScorer): Promise<Comparison> {
  // Started first: on a pool of workers the classifier trains while this thread computes the rest.
  const discriminative = scorer(real.windows, sample.slice(0, Math.max(real.windows.length, 256)), { seed, purge: real.purge });
  discriminative.catch(() => {}); // awaited below; if the statistics between throw first, not reported as unhandled
  const values = pooled(sample), sorted = standardisedSorted(values);
  const facts = stylizedFacts(sample);
  return {
    facts,
    w1: sortedWasserstein1(real.standardisedSorted, sorted),
    acfAbsError: meanAbsoluteError(real.acfAbs, autocorrelation(absolute(sample), 20)),
    acfError: meanAbsoluteError(real.facts.acfReturns, facts.acfReturns),
    tailErrors: tailErrors(real.standardisedSorted, sorted),
    leverageLag1: facts.leverage[0],
    discriminativeScore: await discriminative,
    stdRatio: { test: standardDeviation(values) / real.std.test, train: standardDeviation(values) / real.std.train },
  };
}

// Draw d of a model uses seed + d · DRAW_SEED_STEP, so draw 0 is what a single-draw evaluation made.
const DRAW_SEED_STEP = 7919;

/**
 * The GAN's long paths: the one call into the path generator, so a new generator changes only this.
 */
function ganPaths(o: EvaluateOptions, paths: number, length: number, seed: number): Promise<Float64Array[]> {
  return generatePaths(o.generator, o.latentDim, o.transforms, o.window, paths, length, seed);
}

/** What {@link evaluateModel} needs: the GAN, the real parts, sizes and seed. */
export interface EvaluateOptions {
  generator: Module; latentDim: number; transforms: TransformState; window: number;
  testReturns: Float64Array; count: number; seed: number;
  /** The real training part: the baselines are fitted on it; also the `trainingPart` reference figures. */
  trainReturns: Float64Array;
  /** The whole real series, the long-horizon reference (default: the test part). */
  allReturns?: Float64Array;
  /** Long-horizon paths and their length (default 100 × 1,000). */
  paths?: number;
  length?: number;
  /**
   * Independent draws per model, each of `count` windows and of `paths` paths, whose figures are
   * averaged (default 10): one draw is a noisy sample (on the S&P 500, the test-part ACF(|r|) error of
   * one model ranged 0.057–0.080 over five seeds of a single draw).
   */
  draws?: number;
  /** Already fitted baselines (default: fitted here on `trainReturns`). */
  baselines?: ReturnModel[];
  /** Hears a line as each long step starts (fits, simulations, scores). */
  progress?: (line: string) => void;
  /**
   * What computes the discriminative scores (default {@link discriminativeScore} on this thread). The
   * CLI passes a pool of worker threads running the same function (src/cli/scoring-workers.ts).
   */
  discriminativeScorer?: DiscriminativeScorer;
  /**
   * Draws compared at once (default 1): with a scorer on worker threads, about twice its threads keeps
   * them busy while this thread samples. Memory holds this many draws' windows (each draw's paths are
   * reduced to their statistics at once).
   */
  concurrentDraws?: number;
}

/**
 * Fit the baselines (unless given), sample windows and long paths from the GAN and from each baseline,
 * and compare every model with the real test part and the whole real series.
 */
export async function evaluateModel(options: EvaluateOptions): Promise<Evaluation> {
  const { testReturns: real, window, count, seed } = options;
  const progress = options.progress ?? (() => {});
  const paths = options.paths ?? LONG_HORIZON_PATHS, length = options.length ?? LONG_HORIZON_LENGTH;
  const draws = options.draws ?? LONG_HORIZON_DRAWS;
  if (!Number.isInteger(draws) || draws < 1) throw new Error(`gangrad: long-horizon draws must be a whole number ≥ 1, got ${draws}`);
  const baselines = options.baselines ?? fitBaselines(options.trainReturns, progress);
  for (const b of baselines) progress(b.describe());
  const testPart = realSide(real, options.trainReturns, window);
  const reference = longHorizonReference(options.allReturns ?? real, options.trainReturns);
  const sources: { name: string; description: string; windows: (draw: number) => Promise<Float64Array[]>; paths: (draw: number) => Promise<Float64Array[]> }[] = [
    {
      name: 'GAN', description: `the GAN (window ${window})`,
      windows: (d) => generateWindows(options.generator, options.latentDim, options.transforms, count, seed + d * DRAW_SEED_STEP),
      paths: (d) => ganPaths(options, paths, length, seed + 3 + d * DRAW_SEED_STEP),
    },
    ...baselines.map((b, i) => ({
      name: b.name, description: b.describe(),
      // Each baseline its own streams, fixed by the seed, its column and the draw.
      windows: async (d: number) => b.simulate(count, window, new Rng(seed + 101 + i + d * DRAW_SEED_STEP)),
      paths: async (d: number) => b.simulate(paths, length, new Rng(seed + 201 + i + d * DRAW_SEED_STEP)),
    })),
  ];
  const scorer = options.discriminativeScorer ?? discriminativeScore;
  const concurrent = options.concurrentDraws ?? 1;
  if (!Number.isInteger(concurrent) || concurrent < 1) throw new Error(`gangrad: concurrent draws must be a whole number ≥ 1, got ${concurrent}`);
  // Every (model, draw) comparison in column order; at most `concurrent` of them in flight at a time.
  const results: Promise<{ windows: Comparison; paths: LongHorizonComparison }>[] = [];
  for (const source of sources) {
    progress(`${source.name}: ${draws} × (${count} windows of ${window} days, discriminative score; ${paths} paths of ${length} days)`);
    for (let d = 0; d < draws; d++) {
      if (results.length >= concurrent) await results[results.length - concurrent];
      const windows = await source.windows(d), sampled = await source.paths(d);
      const longHorizon = compareLongHorizon(reference, sampled);
      const result = compare(testPart, windows, seed + d * DRAW_SEED_STEP, scorer).then((c) => ({ windows: c, paths: longHorizon }));
      result.catch(() => {}); // a failure is thrown by the await on it, not reported as unhandled first
      results.push(result);
    }
  }
  const compared = await Promise.all(results);
  const models: ModelColumn[] = sources.map((source, i) => {
    const own = compared.slice(i * draws, (i + 1) * draws);
    const windowDraws = own.map((c) => c.windows), pathDraws = own.map((c) => c.paths);
    return {
      name: source.name, description: source.description,
      comparison: meanOfDraws(windowDraws), comparisonSpread: spreadOfDraws(windowDraws), longHorizon: averageComparisons(pathDraws),
    };
  });
  const s = models[0].comparison;
  const gaussianColumn = models.find((m) => m.name === 'Gaussian') ?? models[models.length - 1];
  const g = gaussianColumn.comparison;
  const column = (f: (c: Comparison) => number) => ({
    values: Object.fromEntries(models.map((m) => [m.name, f(m.comparison)])),
    spread: Object.fromEntries(models.map((m) => [m.name, f(m.comparisonSpread)])),
  });
  const fewest = fewestRealTrainingWindows(testPart.windows.length, testPart.purge);
  const scoreJudged = fewest >= MIN_REAL_TRAINING_WINDOWS;
  const criteria = [
    { name: 'W1, standardised returns', threshold: '≤ 0.05', synthetic: s.w1, gaussian: g.w1, passed: s.w1 <= 0.05, gaussianWorse: g.w1 > s.w1, ...column((c) => c.w1) },
    { name: 'ACF(|r|) MAE, lags 1–20', threshold: '≤ 0.08', synthetic: s.acfAbsError, gaussian: g.acfAbsError, passed: s.acfAbsError <= 0.08, gaussianWorse: g.acfAbsError > s.acfAbsError, ...column((c) => c.acfAbsError) },
    { name: '0.5% quantile, relative error', threshold: '≤ 20%', synthetic: s.tailErrors.q005, gaussian: g.tailErrors.q005, passed: s.tailErrors.q005 <= 0.2, gaussianWorse: g.tailErrors.q005 > s.tailErrors.q005, ...column((c) => c.tailErrors.q005) },
    { name: '99.5% quantile, relative error', threshold: '≤ 20%', synthetic: s.tailErrors.q995, gaussian: g.tailErrors.q995, passed: s.tailErrors.q995 <= 0.2, gaussianWorse: g.tailErrors.q995 > s.tailErrors.q995, ...column((c) => c.tailErrors.q995) },
    { name: 'leverage corr(r_t, r²_t+1)', threshold: '< 0', synthetic: s.leverageLag1, gaussian: g.leverageLag1, passed: s.leverageLag1 < 0, gaussianWorse: !(g.leverageLag1 < s.leverageLag1), ...column((c) => c.leverageLag1) },
    { name: 'std ratio to the training part', threshold: '1 ± 5%', synthetic: s.stdRatio.train, gaussian: g.stdRatio.train, passed: Math.abs(s.stdRatio.train - 1) <= 0.05, gaussianWorse: Math.abs(g.stdRatio.train - 1) > Math.abs(s.stdRatio.train - 1), ...column((c) => c.stdRatio.train) },
    { name: 'std ratio to the test part', threshold: 'info', synthetic: s.stdRatio.test, gaussian: g.stdRatio.test, passed: true, gaussianWorse: Math.abs(g.stdRatio.test - 1) > Math.abs(s.stdRatio.test - 1), ...column((c) => c.stdRatio.test) },
    // A short test part leaves some fold's classifier almost no real windows: it answers "synthetic" and
    // scores 0.5 for every model, a pass by construction; the row is then shown, not judged.
    scoreJudged
      ? { name: 'discriminative score', threshold: '≤ 0.70', synthetic: s.discriminativeScore, gaussian: g.discriminativeScore, passed: s.discriminativeScore <= 0.7, gaussianWorse: g.discriminativeScore > s.discriminativeScore, ...column((c) => c.discriminativeScore) }
      : { name: `discriminative score (not judged: a fold learns from ${fewest} real windows)`, threshold: 'info', synthetic: s.discriminativeScore, gaussian: g.discriminativeScore, passed: false, gaussianWorse: false, ...column((c) => c.discriminativeScore) },
  ];
  const [realSorted, trainSorted] = [standardisedSorted(real), standardisedSorted(options.trainReturns)];
  const trainingPart = { w1: sortedWasserstein1(realSorted, trainSorted), tailErrors: tailErrors(realSorted, trainSorted) };
  return {
    window, real: testPart.facts, synthetic: s, gaussian: g, criteria, models, trainingPart, draws,
    longHorizon: {
      paths, length, draws, realReturns: (options.allReturns ?? real).length, real: reference.stats,
      explosiveThreshold: reference.explosiveThreshold, criteria: longHorizonCriteria(models),
    },
  };
}
