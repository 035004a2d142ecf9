import { describe, expect, it } from 'vitest';
import { assetMatrix, fromColumns, sliceDays, type AssetMatrix } from '../src/finance/data/asset-matrix.js';
import { evaluatePortfolio, type PortfolioEvaluation, type PortfolioSampler } from '../src/finance/evaluation/portfolio-evaluation.js';
import { Rng } from '../src/tensor/index.js';
import { averageCorrelation, correlationMae, correlationMatrix, upperTriangle } from '../src/finance/evaluation/correlation.js';
import { compareJoint, jointStats } from '../src/finance/evaluation/joint.js';
import { crisisCorrelation, jointExceedance } from '../src/finance/evaluation/joint-tails.js';
import { portfolioReturns, stackDays } from '../src/finance/evaluation/portfolio.js';

/** 100 distinct daily returns −0.05, −0.049, …, 0.049, in a scrambled order. */
const base = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100 - 50) / 1000);

/** Assets that move as one: every column the same returns. */
const coMoving = (d: number) => fromColumns(Array.from({ length: d }, () => base));

/**
 * Independent assets, exactly: every pair (a_i, b_k) of two value lists appears once, so the empirical
 * joint law is the product of the margins (zero correlation of r and of |r|, joint frequencies p²).
 */
function independentGrid(a: number[], b: number[]): AssetMatrix {
  const rows: number[][] = [];
  for (const x of a) for (const y of b) rows.push([x, y]);
  return fromColumns([rows.map((r) => r[0]), rows.map((r) => r[1])]);
}
const twenty = Array.from({ length: 20 }, (_, i) => (i - 9.5) / 1000);

/**
 * 360 calm days (an independent grid of small returns, |r| ≤ 0.01) and 40 crash days on which both
 * assets fall together by 5–9%: the crash days are exactly the worst 10% of portfolio days.
 */
function crisisRegime(): AssetMatrix {
  const calm = independentGrid(Array.from({ length: 18 }, (_, i) => (i - 8.5) / 1000), twenty);
  const crash = Array.from({ length: 40 }, (_, i) => -0.05 - i / 1000);
  return stackDays([calm, fromColumns([crash, crash])]);
}

describe('correlations', () => {
  it('1 for co-moving assets, 0 for an independent grid, of r and of |r|', () => {
    const m = coMoving(3);
    expect(Array.from(correlationMatrix(m)).every((v) => Math.abs(v - 1) < 1e-12)).toBe(true);
    const g = independentGrid(twenty, twenty);
    expect(correlationMatrix(g)[1]).toBeCloseTo(0, 14);
    expect(correlationMatrix(g, undefined, Math.abs)[1]).toBeCloseTo(0, 14);
    expect(correlationMae(correlationMatrix(m), Float64Array.from([1, 0.5, 0.2, 0.5, 1, 0.9, 0.2, 0.9, 1]), 3)).toBeCloseTo((0.5 + 0.8 + 0.1) / 3, 14);
    expect(upperTriangle(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), 3)).toEqual([2, 3, 6]);
  });

  it('over a subset of rows; −1 for opposite moves', () => {
    const m = fromColumns([[1, 2, 3, 10, 0], [2, 4, 6, -5, 9]]);
    expect(correlationMatrix(m, [0, 1, 2])[1]).toBeCloseTo(1, 14);
    expect(averageCorrelation(fromColumns([base, base.map((v) => -v)]))).toBeCloseTo(-1, 14);
  });
});

describe('joint exceedances', () => {
  it('p for assets that move as one, p² for independent ones', () => {
    expect(jointExceedance(coMoving(3), 0.05)).toEqual([0.05, 0.05, 0.05]);
    expect(jointExceedance(coMoving(2), 0.01)).toEqual([0.01]);
    // Each asset is below its 5% quantile on 1 of its 20 values, so 1 day in 400 for both.
    expect(jointExceedance(independentGrid(twenty, twenty), 0.05)).toEqual([1 / 400]);
  });
});

describe('crisis correlation', () => {
  it('1 on the crash days, 0 on the calm ones', () => {
    const c = crisisCorrelation(crisisRegime());
    expect(c.crisisDays).toBe(40);
    expect(c.crisis).toBeCloseTo(1, 12);
    expect(c.calm).toBeCloseTo(0, 12);
  });

  it('the same on both sides for assets that move as one', () => {
    const c = crisisCorrelation(coMoving(3));
    expect([c.crisis, c.calm].map((v) => +v.toFixed(12))).toEqual([1, 1]);
    expect(() => crisisCorrelation(assetMatrix(20, 2))).toThrow(/at least 3 crisis and 3 other days, got 2 of 20/);
  });
});

describe('the equal-weight portfolio', () => {
  it('its log return is ln of the mean of e^r; VaR and ES by hand', () => {
    expect(portfolioReturns(fromColumns([[Math.log(1.1)], [Math.log(0.7)]]))[0]).toBeCloseTo(Math.log(0.9), 14);
    const s = jointStats([coMoving(2)]);
    // Sorted portfolio returns −0.05, −0.049, …: the 1% quantile −0.05 + 0.99 · 0.001; the tail is the worst day.
    expect(s.portfolioRisk.valueAtRisk).toBeCloseTo(0.04901, 12);
    expect(s.portfolioRisk.expectedShortfall).toBeCloseTo(0.05, 12);
    expect(s.days).toBe(100);
  });
});

describe('comparing generated with real', () => {
  it('a set against itself: every error 0', () => {
    const c = compareJoint(coMoving(3), [coMoving(3)]);
    expect([c.correlationMae, c.absCorrelationMae, c.valueAtRiskError, c.expectedShortfallError]).toEqual([0, 0, 0, 0]);
    expect(c.exceedanceError.map((e) => e.mean)).toEqual([0, 0]);
    expect(c.portfolioW1.map((w) => w.w1)).toEqual([0, 0]);
  });

  it('doubled co-moving returns: the same dependence, a portfolio twice as risky', () => {
    const real = coMoving(2), doubled = fromColumns([base.map((v) => 2 * v), base.map((v) => 2 * v)]);
    const c = compareJoint(real, [doubled]);
    expect(c.correlationMae).toBeCloseTo(0, 12);
    expect(c.exceedanceError.map((e) => e.mean)).toEqual([0, 0]);
    expect(c.valueAtRiskError).toBeCloseTo(1, 12);
    expect(c.expectedShortfallError).toBeCloseTo(1, 12);
    const meanAbs = base.reduce((s, v) => s + Math.abs(v), 0) / base.length;
    expect(c.portfolioW1[0].w1).toBeCloseTo(meanAbs, 12); // W1(r, 2r) = E|r| for comonotone samples
    expect(c.portfolioW1[0].w1Standardised).toBeCloseTo(0, 12);
  });

  it('a constant daily shift c moves 1-day portfolio returns by c and 20-day ones by 20c, over paths', () => {
    const shift = 0.002;
    const paths = [coMoving(2), fromColumns([base.slice(0, 60), base.slice(40)])];
    const shifted = paths.map((p) => assetMatrix(p.days, p.assets, p.values.map((v) => v + shift)));
    const c = compareJoint(paths, shifted);
    expect(c.portfolioW1.map((w) => w.horizon)).toEqual([1, 20]);
    expect(c.portfolioW1[0].w1).toBeCloseTo(shift, 12);
    expect(c.portfolioW1[1].w1).toBeCloseTo(20 * shift, 12);
    expect(c.correlationMae).toBeCloseTo(0, 12);
    expect(c.crisisCorrelationDifference.crisis).toBeCloseTo(0, 12);
  });

  it('an independent generator against a crash regime: exceedance and crisis errors by hand', () => {
    const real = crisisRegime(), generated = independentGrid(twenty, twenty);
    const c = compareJoint(real, [generated]);
    // Real: the 20 (5%) and 4 (1%) lowest days of each asset are the same crash days. Generated: 1 day
    // in 400 at 5%, and none at 1% (the lowest value's 20 ties sit at the 1% quantile, not below it).
    expect(c.real.exceedance.map((e) => e.frequencies[0])).toEqual([0.05, 0.01]);
    expect(c.generated.exceedance.map((e) => e.frequencies[0])).toEqual([1 / 400, 0]);
    expect(c.exceedanceError.map((e) => e.mean)).toEqual([0.95, 1]);
    // Selecting an independent pair's worst sums makes them negatively correlated there.
    expect(c.generated.crisisCorrelation.crisis).toBeLessThan(0);
    expect(c.crisisCorrelationDifference.crisis).toBeLessThan(-1);
    expect(c.crisisCorrelationDifference.calm).toBeCloseTo(c.generated.crisisCorrelation.calm, 12);
    expect(() => compareJoint(real, [coMoving(3)])).toThrow(/real data has 2 assets, generated 3/);
    const short = () => fromColumns([base.slice(0, 10), base.slice(10, 20)]);
    expect(() => compareJoint(real, [short(), short(), short(), short()])).toThrow(/no 20-day portfolio returns: the real or generated paths are shorter than 20 days/);
  });
});

describe('each margin judged as one asset (evaluatePortfolio with margins)', () => {
  // Asset 0 Gaussian, asset 1 a Gaussian with one day in 20 four times as wide: standardised, their
  // 0.5 % quantiles are about −2.58 and −3.9, relative errors of 0.34–0.51 when swapped.
  const rng = new Rng(5);
  const jumpy = () => rng.normal() * (rng.uniform() < 0.05 ? 4 : 1);
  const all = fromColumns([Float64Array.from({ length: 6000 }, () => 0.01 * rng.normal()), Float64Array.from({ length: 6000 }, () => 0.01 * jumpy())]);
  const test = sliceDays(all, 4000, 6000);
  /** Paths of real days drawn with replacement, columns in `order`. */
  const resampler = (name: string, order: number[]): PortfolioSampler => ({
    name,
    sample: (paths, length, seed) => {
      const r = new Rng(seed);
      return Array.from({ length: paths }, () => {
        const m = assetMatrix(length, 2);
        for (let t = 0; t < length; t++) {
          const day = r.int(all.days);
          order.forEach((from, j) => { m.values[t * 2 + j] = all.values[day * 2 + from]; });
        }
        return m;
      });
    },
  });

  it('compares column j with asset j: swapped margins fail criteria that the true ones meet', async () => {
    const run = (models: PortfolioSampler[], gjr: string) => evaluatePortfolio({ test, assets: ['normal', 'jumpy'], models, paths: 8, length: 500, draws: 2, seed: 3, margins: { all, train: all, gjr } });
    const criterion = (e: PortfolioEvaluation, asset: number, name: string) => e.margins![asset].criteria.find((c) => c.name === name)!;
    const swapped = await run([resampler('swapped', [1, 0]), resampler('true', [0, 1])], 'true');
    const right = await run([resampler('true', [0, 1]), resampler('swapped', [1, 0])], 'swapped');
    for (const asset of [0, 1]) {
      // W1 of 1-day returns "≤ GJR": the named column is the reference.
      const w1 = criterion(swapped, asset, 'W1, 1-day returns');
      expect(w1.values.swapped!).toBeGreaterThan(3 * w1.values.true!);
      expect(w1.passed).toBe(false);
      expect(criterion(right, asset, 'W1, 1-day returns').passed).toBe(true);
      const tail = '99.5% quantile of daily returns, relative error';
      expect(criterion(swapped, asset, tail).passed).toBe(false);
      expect(criterion(right, asset, tail).passed).toBe(true);
      expect(criterion(right, asset, 'explosive paths (share)').values.true).toBe(0);
    }
  });
});
