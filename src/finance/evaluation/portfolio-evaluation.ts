/**
 * A portfolio model's figures on the real test part: compareJoint and each margin's W1 of 1-day returns
 * over several independent draws of paths, as mean ± sd per figure, with the mean generated correlation
 * matrices (of r and |r|) beside the real ones; and, given the whole real series, each margin judged by
 * the single-asset long-horizon criteria. Every model is given as a path sampler, so the joint GAN and
 * the baselines are measured by the same code.
 */
import { eventLoopTurns } from '../../gan/index.js';
import { assetColumn, assetColumns, type AssetMatrix } from '../data/asset-matrix.js';
import { averageComparisons } from './draws.js';
import { compareJoint, type JointComparison } from './joint.js';
import { marginW1 } from './joint-margins.js';
import { compareLongHorizon, longHorizonReference, type LongHorizonComparison } from './long-horizon.js';
import { longHorizonCriteria, type Criterion } from './long-horizon-criteria.js';

/** A model to evaluate: its name and how to draw `paths` paths of `length` days with a seed. */
export interface PortfolioSampler {
  name: string;
  sample: (paths: number, length: number, seed: number) => Promise<AssetMatrix[]> | AssetMatrix[];
}

/** Options of {@link evaluatePortfolio}. */
export interface PortfolioEvaluationOptions {
  /** The real test part, days × assets. */
  test: AssetMatrix;
  assets: readonly string[];
  models: readonly PortfolioSampler[];
  /** Paths per model and draw, and days per path. */
  paths: number;
  length: number;
  /** Independent draws; draw k uses seed `seed + k`. */
  draws: number;
  seed: number;
  progress?: (line: string) => void;
  /**
   * With these, each margin is also judged as `gangrad eval` judges one asset (ACF of |r| to lag 250,
   * leverage, 1- to 100-day W1, tails, explosive paths) against its own real series: `all` every real
   * day (the reference), `train` the training part (the explosive threshold), `gjr` the model whose
   * margins are GJR-GARCH-t (the "≤ GJR" rows). The first model is the one judged.
   */
  margins?: { all: AssetMatrix; train: AssetMatrix; gjr?: string };
}

/** One asset's long-horizon criteria, the judged model's values beside every other model's. */
export interface MarginCriteria {
  asset: string;
  criteria: Criterion[];
}

/** A figure over the draws. */
export interface Spread {
  mean: number;
  /** The sample standard deviation over the draws; null for one draw, which has no spread. */
  sd: number | null;
  draws: number[];
}

/** One model's figures. */
export interface PortfolioModelFigures {
  name: string;
  /** Figure name → mean ± sd over the draws (names as in the table: 'corr MAE r', …); sd null for one draw. */
  figures: Record<string, Spread>;
  /** Mean over draws of the generated correlation matrices of r and |r|, as d rows of d. */
  correlation: number[][];
  absCorrelation: number[][];
}

/** What {@link evaluatePortfolio} returns. */
export interface PortfolioEvaluation {
  assets: string[];
  testDays: number;
  paths: number;
  length: number;
  draws: number;
  seed: number;
  /** The real test part's correlation matrices of r and |r|. */
  real: { correlation: number[][]; absCorrelation: number[][] };
  models: PortfolioModelFigures[];
  /** With `margins` given: the single-asset long-horizon criteria of each asset. */
  margins?: MarginCriteria[];
}

/** The figures of one comparison, named as in the results table of docs/portfolio.md. */
export function portfolioFigures(c: JointComparison, w1: number[], assets: readonly string[]): Record<string, number> {
  const m: Record<string, number> = {
    'corr MAE r': c.correlationMae, 'corr MAE |r|': c.absCorrelationMae,
    ...Object.fromEntries(c.exceedanceError.map((e) => [`joint exceedance ${e.level * 100}% rel. err`, e.mean])),
    'crisis corr diff': c.crisisCorrelationDifference.crisis, 'calm corr diff': c.crisisCorrelationDifference.calm,
    'VaR 99% rel. err': c.valueAtRiskError, 'ES 99% rel. err': c.expectedShortfallError,
    ...Object.fromEntries(c.portfolioW1.map((p) => [`portfolio W1 ${p.horizon}d (×1e3)`, p.w1 * 1e3])),
  };
  assets.forEach((a, j) => { m[`${a} W1 1d (×1e3)`] = w1[j] * 1e3; });
  return m;
}

const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
// Null, not 0, for one draw: a reader (or a JSON consumer) must not take it for a spread measured as nil.
const sd = (x: number[]) => (x.length > 1 ? Math.sqrt(x.reduce((a, b) => a + (b - mean(x)) ** 2, 0) / (x.length - 1)) : null);
/** A criterion without its spread (null for every model): what one draw gives, rather than spreads of 0. */
const withoutSpread = (c: Criterion): Criterion => ({ ...c, spread: Object.fromEntries(Object.keys(c.values).map((name) => [name, null])) });
/** A row-major d × d matrix as d rows (for JSON). */
const rows = (m: ArrayLike<number>, d: number) => Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => m[i * d + j]));

/** Measures every model over the draws (see the file comment). */
export async function evaluatePortfolio(o: PortfolioEvaluationOptions): Promise<PortfolioEvaluation> {
  const d = o.assets.length;
  let real: PortfolioEvaluation['real'] | null = null;
  const models: PortfolioModelFigures[] = [];
  const references = o.margins ? o.assets.map((_, j) => longHorizonReference(assetColumn(o.margins!.all, j), assetColumn(o.margins!.train, j))) : null;
  // Per asset, each model's long-horizon comparisons over the draws.
  const marginDraws = o.assets.map(() => o.models.map(() => [] as LongHorizonComparison[]));
  // Each draw takes seconds: a signal (Ctrl-C) or a page's drawing gets a turn between its parts.
  const turns = eventLoopTurns();
  for (const [index, model] of o.models.entries()) {
    const perDraw: Record<string, number>[] = [];
    const corr = new Float64Array(d * d), absCorr = new Float64Array(d * d);
    for (let k = 0; k < o.draws; k++) {
      const generated = await model.sample(o.paths, o.length, o.seed + k);
      await turns();
      if (references) {
        const columns = generated.map(assetColumns);
        for (const [j, reference] of references.entries()) {
          marginDraws[j][index].push(compareLongHorizon(reference, columns.map((c) => c[j])));
          await turns();
        }
      }
      const c = compareJoint(o.test, generated);
      real ??= { correlation: rows(c.real.correlation, d), absCorrelation: rows(c.real.absCorrelation, d) };
      perDraw.push(portfolioFigures(c, marginW1([o.test], generated), o.assets));
      c.generated.correlation.forEach((v, i) => { corr[i] += v / o.draws; });
      c.generated.absCorrelation.forEach((v, i) => { absCorr[i] += v / o.draws; });
      await turns();
    }
    o.progress?.(`${model.name}: ${o.draws} draw${o.draws === 1 ? '' : 's'} of ${o.paths} paths × ${o.length} days measured`);
    const figures = Object.fromEntries(Object.keys(perDraw[0]).map((name) => {
      const x = perDraw.map((f) => f[name]);
      return [name, { mean: mean(x), sd: sd(x), draws: x }];
    }));
    models.push({ name: model.name, figures, correlation: rows(corr, d), absCorrelation: rows(absCorr, d) });
  }
  if (!real) throw new Error('evaluatePortfolio: no models to evaluate');
  const margins = references ? o.assets.map((asset, j) => ({
    asset,
    criteria: longHorizonCriteria(o.models.map((m, i) => ({ name: m.name, longHorizon: averageComparisons(marginDraws[j][i]) })), { gjr: o.margins!.gjr })
      .map((c) => (o.draws > 1 ? c : withoutSpread(c))),
  })) : undefined;
  return { assets: [...o.assets], testDays: o.test.days, paths: o.paths, length: o.length, draws: o.draws, seed: o.seed, real, models, ...(margins ? { margins } : {}) };
}
