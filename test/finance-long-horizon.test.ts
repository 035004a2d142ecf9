import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  acfAbs, acfSquared, aggregateReturns, averageComparisons, compareLongHorizon, explosiveShare, explosiveThreshold, lagBandErrors,
  longHorizonReference, longHorizonStats, type LongHorizonComparison,
} from '../src/finance/evaluation/index.js';
import { simulateGarch } from '../src/finance/baselines/index.js';
import { pricePath } from '../src/finance/data/returns.js';
import { excessKurtosis } from '../src/finance/evaluation/stylized.js';
import { Rng } from '../src/index.js';
import { cli } from './helpers/cli.js';

describe('long-horizon statistics on hand-computed cases', () => {
  it('ACF of |r| and of r²: one series', () => {
    // |r| = 1, 3, 1, 3: mean 2, deviations −1, 1, −1, 1, Σd² = 4; lag 1: 3 products of −1 → −0.75; lag 2: 2 of +1 → 0.5
    expect(acfAbs([[1, -3, 1, -3]], 2)).toEqual([-0.75, 0.5]);
    // r² = 1, 9, 1, 9: mean 5, deviations ∓4, Σd² = 64; lag 1: 3 × (−16) / 64
    expect(acfSquared([[1, -3, 1, -3]], 1)[0]).toBeCloseTo(-0.75, 12);
  });
  it('ACF over several paths: one pooled mean and variance, lag pairs within a path only', () => {
    // |r| = [1, 3] and [3, 1]: pooled mean 2, Σd² = 4; lag-1 pairs (−1·1) and (1·−1) → −2 / 4.
    // Per-path means would make each path's deviations ±1 as well, but a path [1, 1], [3, 3] shows the
    // difference: pooled mean 2, pairs (−1·−1) + (1·1) = 2 → +0.5, where per-path ACFs would be 0/0.
    expect(acfAbs([[1, -3], [3, -1]], 1)[0]).toBeCloseTo(-0.5, 12);
    expect(acfAbs([[1, -1], [3, -3]], 1)[0]).toBeCloseTo(0.5, 12);
  });
  it('lag-band errors: means over 1–20, 21–100, 101–250 and 1–100, clipped to the lags there', () => {
    const real = new Array(250).fill(0);
    const model = Array.from({ length: 250 }, (_, i) => (i + 1) / 1000); // error at lag k = k/1000
    const e = lagBandErrors(real, model);
    expect(e.lags1to20).toBeCloseTo(10.5 / 1000, 12);
    expect(e.lags21to100).toBeCloseTo(60.5 / 1000, 12);
    expect(e.lags101to250).toBeCloseTo(175.5 / 1000, 12);
    expect(e.lags1to100).toBeCloseTo(50.5 / 1000, 12);
    const short = lagBandErrors(real.slice(0, 50), model.slice(0, 50));
    expect(short.lags21to100).toBeCloseTo(35.5 / 1000, 12); // lags 21..50
    expect(short.lags101to250).toBeNull();
  });
  it('aggregated returns: overlapping h-day sums within each path, never across paths', () => {
    expect(Array.from(aggregateReturns([[1, 2, 3, 4]], 2))).toEqual([3, 5, 7]);
    expect(Array.from(aggregateReturns([[1, 2, 3], [10, 20]], 2))).toEqual([3, 5, 30]);
    expect(Array.from(aggregateReturns([[1, 2, 3], [10]], 3))).toEqual([6]);
    expect(() => aggregateReturns([[1]], 0)).toThrow(/positive integer/);
  });
  it('excess kurtosis of h-day returns: a two-point daily law sums to a binomial', () => {
    // Daily 1, 1, −1, −1 repeated: overlapping 2-day sums 2, 0, −2, 0, …
    const r = Array.from({ length: 401 }, (_, t) => (t % 4 < 2 ? 1 : -1));
    const stats = longHorizonStats([r], { horizons: [1, 2], maxLag: 4 });
    expect(stats.aggregated.map((a) => a.horizon)).toEqual([1, 2]);
    expect(stats.aggregated[0].excessKurtosis).toBeCloseTo(excessKurtosis(r), 12);
    expect(stats.aggregated[0].excessKurtosis).toBeCloseTo(-2, 4); // ±1 (nearly) equally often: m4/m2² − 3 = −2
    // 400 sums 2, 0, −2, 0 in equal shares: m2 = 2, m4 = 8 → 8/4 − 3 = −1
    expect(stats.aggregated[1].excessKurtosis).toBeCloseTo(-1, 12);
  });
  it('explosive share: any |r| beyond twice the largest training |r|, or a non-finite value', () => {
    const threshold = explosiveThreshold([0.01, -0.05, 0.02]);
    expect(threshold).toBeCloseTo(0.1, 15);
    expect(explosiveShare([[0.09, -0.099], [0.01, -0.11], [0, NaN], [0, Infinity]], threshold)).toBe(0.75);
    expect(explosiveShare([[0.1]], threshold)).toBe(0);
  });
  it('daily tail errors: relative errors of the standardised 0.5% and 99.5% quantiles, by hand', () => {
    // Real: −10, then 199 values spread evenly in [−1, 1], then 10 (201 values, mean 0).
    const middle = Array.from({ length: 199 }, (_, i) => -1 + (2 * i) / 198);
    const real = Float64Array.from([-10, ...middle, 10]);
    const reference = longHorizonReference(real, real);
    // The model has the same shape but a 99.5% tail half as far out in standard deviations: scale the
    // top value only, then compare with the same standardisation the criterion uses.
    const model = Float64Array.from([-10, ...middle, 5]);
    const c = compareLongHorizon(reference, [model]);
    const std = (x: Float64Array) => { const m = x.reduce((a, b) => a + b, 0) / x.length; return Array.from(x, (v) => (v - m) / Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / x.length)); };
    // quantile(p) on 201 sorted values interpolates at position 200·p: 1.0 for 0.5%, 199.0 for 99.5%.
    const sr = std(real).sort((a, b) => a - b), sm = std(model).sort((a, b) => a - b);
    expect(c.tailErrors.q005).toBeCloseTo(Math.abs(sm[1] - sr[1]) / Math.abs(sr[1]), 10);
    expect(c.tailErrors.q995).toBeCloseTo(Math.abs(sm[199] - sr[199]) / Math.abs(sr[199]), 10);
    expect(c.tailErrors.q995).toBeGreaterThan(0.01);
  });

  it('a model whose paths are the real series scores zero error; a shuffled one loses the memory', () => {
    const rng = new Rng(3);
    // A series with slow volatility swings: |r| stays correlated over long lags.
    const real = Float64Array.from({ length: 4000 }, (_, t) => (1 + 0.8 * Math.sin(t / 150)) * rng.normal());
    const reference = longHorizonReference(real, real.subarray(0, 2800));
    const same = compareLongHorizon(reference, [real]);
    expect(same.acfAbsError.lags1to100).toBe(0);
    expect(same.acfSquaredError.lags101to250).toBe(0);
    expect(same.aggregatedW1.map((a) => a.w1)).toEqual([0, 0, 0, 0]);
    expect(same.explosiveShare).toBe(0);
    expect(same.tailErrors).toEqual({ q005: 0, q995: 0 });
    expect(same.stats.acfAbs).toHaveLength(250);
    expect(same.stats.leverage).toHaveLength(20);
    const shuffled = Float64Array.from(real);
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    const iid = compareLongHorizon(reference, [shuffled.subarray(0, 2000), shuffled.subarray(2000)]);
    expect(reference.stats.acfAbs[99]).toBeGreaterThan(0.05);
    expect(iid.acfAbsError.lags1to100!).toBeGreaterThan(0.05);
    expect(Math.abs(iid.stats.acfAbs[99])).toBeLessThan(0.05);
    expect(iid.paths).toBe(2);
    expect(iid.length).toBe(2000);
  });
});

describe('long-horizon comparisons averaged over draws', () => {
  const comparison = (k: number): LongHorizonComparison => ({
    paths: 4, length: 100,
    stats: { acfAbs: [0.1 * k, 0.2 * k], acfSquared: [k], leverage: [-0.01 * k, 0], aggregated: [{ horizon: 1, excessKurtosis: 3 * k }] },
    acfAbsError: { lags1to20: 0.01 * k, lags21to100: 0.02 * k, lags101to250: null, lags1to100: 0.03 * k },
    acfSquaredError: { lags1to20: k, lags21to100: k, lags101to250: null, lags1to100: k },
    aggregatedW1: [{ horizon: 1, w1: 0.1 * k }, { horizon: 20, w1: 0.2 * k }],
    explosiveShare: k === 3 ? 0.25 : 0,
    tailErrors: { q005: 0.05 * k, q995: 0.1 * k },
  });
  it('each figure is the mean over the draws, with the sample standard deviation beside it', () => {
    // Draws k = 1, 2, 3: means are those at k = 2; the sd of (1, 2, 3)·c is c (n − 1 in the denominator).
    const a = averageComparisons([comparison(1), comparison(2), comparison(3)]);
    expect(a.draws).toBe(3);
    expect(a.paths).toBe(4);
    expect(a.acfAbsError.lags1to100).toBeCloseTo(0.06, 12);
    expect(a.spread.acfAbsError.lags1to100).toBeCloseTo(0.03, 12);
    expect(a.acfAbsError.lags101to250).toBeNull();
    expect(a.spread.acfAbsError.lags101to250).toBeNull();
    expect(a.aggregatedW1).toEqual([{ horizon: 1, w1: expect.closeTo(0.2, 12) }, { horizon: 20, w1: expect.closeTo(0.4, 12) }]);
    expect(a.spread.aggregatedW1[1].w1).toBeCloseTo(0.2, 12);
    expect(a.tailErrors.q995).toBeCloseTo(0.2, 12);
    expect(a.spread.tailErrors.q005).toBeCloseTo(0.05, 12);
    expect(a.stats.acfAbs[1]).toBeCloseTo(0.4, 12);
    expect(a.stats.leverage[0]).toBeCloseTo(-0.02, 12);
    expect(a.spread.leverageLag1).toBeCloseTo(0.01, 12);
    expect(a.stats.aggregated[0].excessKurtosis).toBeCloseTo(6, 12);
    // One draw in three had a quarter of its paths explode: the share over all paths is 1/12, not 0.
    expect(a.explosiveShare).toBeCloseTo(0.25 / 3, 12);
  });
  it('one draw is itself, with no spread; none is an error', () => {
    const one = averageComparisons([comparison(2)]);
    expect(one.acfAbsError).toEqual(comparison(2).acfAbsError);
    expect(one.spread.acfAbsError.lags1to20).toBe(0);
    expect(() => averageComparisons([])).toThrow(/at least one draw/);
  });
  it('a NaN in any draw makes the mean NaN (a criterion then fails, never passes)', () => {
    const bad = { ...comparison(1), tailErrors: { q005: NaN, q995: 0.1 } };
    expect(averageComparisons([bad, comparison(2)]).tailErrors.q005).toBeNaN();
  });
});

describe('gangrad eval with baseline columns', () => {
  it('a tiny model: every criterion has a GAN, GARCH-t, GJR-GARCH-t, bootstrap and Gaussian column, in text and JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-eval-'));
    // 1,200 prices from a GJR-GARCH-t: volatility memory for the baselines to find.
    const [returns] = simulateGarch({ mu: 0, omega: 4e-6, alpha: 0.05, gamma: 0.08, beta: 0.88, nu: 6 }, 1, 1199, new Rng(12));
    const data = join(dir, 'prices.csv');
    writeFileSync(data, ['date,close', ...Array.from(pricePath(100, returns), (p, d) => `${new Date(Date.UTC(2000, 0, 3) + d * 86_400_000).toISOString().slice(0, 10)},${p.toFixed(6)}`)].join('\n') + '\n');
    const out = join(dir, 'model');
    const train = cli(['train', '--data', data, '--out', out, '--steps', '40', '--window', '8', '--batch', '16', '--hidden', '8', '--backend', 'cpu', '--eval-every', '20', '--checkpoint-every', '20']);
    expect(train.status, train.stderr).toBe(0);
    const json = join(dir, 'eval.json');
    const evaluate = (seed: number, draws: number, file: string) =>
      cli(['eval', '--model', out, '--count', '100', '--paths', '6', '--length', '300', '--draws', String(draws), '--seed', String(seed), '--json', file, '--backend', 'wasm']);
    const r = evaluate(7, 2, json);
    expect(r.status, r.stderr).toBe(0);
    const columns = ['GAN', 'GARCH-t', 'GJR-GARCH-t', 'bootstrap', 'Gaussian'];
    expect(r.stdout).toMatch(new RegExp(`criterion\\s+target\\s+${columns.join('\\s+')}`));
    expect(r.stdout).toMatch(/test part: the real test returns vs 2 independent draws of windows of 8 days from each model/);
    expect(r.stdout).toMatch(/long horizon: 2 independent draws of 6 paths of 300 days from each model against the whole real series \(1199 returns\)/);
    expect(r.stdout).toMatch(/ACF\(\|r\|\) MAE, lags 1–100\s+≤ 0\.05, GJR\s+\d\.\d{4} ± \d\.\d{4}/);
    expect(r.stdout).toMatch(/GJR-GARCH\(1,1\)-t: μ=\S+ ω=\S+ α=\S+ γ=\S+ β=\S+ ν=/);
    expect(r.stderr).toMatch(/fitting GARCH\(1,1\)-t on 839 training returns/); // 70% of 1199: the training part only
    const e = JSON.parse(readFileSync(json, 'utf8'));
    expect(e.models.map((m: { name: string }) => m.name)).toEqual(columns);
    for (const c of [...e.criteria, ...e.longHorizon.criteria]) expect(Object.keys(c.values)).toEqual(columns);
    expect(e.longHorizon.criteria.map((c: { name: string }) => c.name)).toContain('ACF(|r|) MAE, lags 1–100');
    expect(e.longHorizon.criteria.map((c: { name: string }) => c.name)).toContain('99.5% quantile of daily returns, relative error');
    const garch = e.models[1];
    expect(garch.longHorizon.paths).toBe(6);
    expect(garch.longHorizon.stats.acfAbs).toHaveLength(250);
    expect(garch.longHorizon.explosiveShare).toBe(0);
    // The Gaussian has no volatility memory; a GARCH fitted on a GARCH-like series has some.
    expect(garch.longHorizon.stats.acfAbs[0]).toBeGreaterThan(e.models[4].longHorizon.stats.acfAbs[0]);

    // Two draws are the two single-draw evaluations whose seeds they use (draw 1 of seed 7 is draw 0 of
    // seed 7 + 7919): every figure, test part and long horizon, is their mean, every spread |a − b| / √2.
    expect(e.draws).toBe(2);
    expect(e.longHorizon.draws).toBe(2);
    type Row = { name: string; values: Record<string, number | null>; spread: Record<string, number | null> };
    const single = (seed: number) => {
      const file = join(dir, `eval-${seed}.json`);
      expect(evaluate(seed, 1, file).status).toBe(0);
      const one = JSON.parse(readFileSync(file, 'utf8'));
      return [...one.criteria, ...one.longHorizon.criteria] as Row[];
    };
    const [first, second] = [single(7), single(7 + 7919)];
    const both = [...e.criteria, ...e.longHorizon.criteria] as Row[];
    expect(both.length).toBe(first.length);
    for (const [i, c] of both.entries()) {
      for (const column of columns) {
        const a = first[i].values[column], b = second[i].values[column];
        if (a === null || b === null) { expect(c.values[column]).toBeNull(); continue; }
        expect(c.values[column], `${c.name}, ${column}`).toBeCloseTo((a + b) / 2, 10);
        expect(c.spread[column], `${c.name}, ${column}`).toBeCloseTo(Math.abs(a - b) / Math.SQRT2, 10);
      }
    }
    // The draws differ (else the test above would hold for any averaging): the GAN's discriminative score moved.
    expect(first.find((c) => c.name === 'discriminative score')!.values.GAN).not.toBe(second.find((c) => c.name === 'discriminative score')!.values.GAN);
  }, 900_000); // four CLI runs, three of them evaluations: a generous bound for a slow, loaded machine
});
