import { describe, expect, it } from 'vitest';
import { assetColumn, assetColumns, fromColumns, sliceDays, type AssetMatrix } from '../src/finance/data/asset-matrix.js';
import { windowToModel } from '../src/finance/data/transforms.js';
import { copulaGjrForecaster } from '../src/finance/baselines/copula-gjr-forecaster.js';
import { createGjrFilter } from '../src/finance/baselines/gjr-filter.js';
import { correlationMatrix } from '../src/finance/evaluation/correlation.js';
import { portfolioReturns } from '../src/finance/evaluation/portfolio.js';
import {
  jointConditionalPaths, JointGanForecaster, jointGenerator, jointMarketLevels, jointRequiredHistory, portfolioForecaster, portfolioPathReturns,
  DEFAULT_JOINT_CONFIG, trainJointGan, type JointForecaster, type JointGanConfig,
} from '../src/finance/joint.js';
import { assetLevels, prepareJointTraining } from '../src/finance/model/joint/training-data.js';
import { windowCorrelations } from '../src/finance/model/joint/window-correlation.js';
import type { Module } from '../src/nn/index.js';
import { keep, tensor, type Tensor } from '../src/index.js';
import { simulateMarket } from './helpers/joint-market.js';


const tiny: Partial<JointGanConfig> = { window: 16, latentDim: 8, hidden: [32], batch: 32, lr: 1e-3, evalEvery: 100, instanceNoise: 0 };
const returns = simulateMarket(2_000, 4);
const fitted = trainJointGan({ returns, config: tiny, steps: 100, seed: 1, validationPaths: 4 });

describe('joint forecasts from an observed history', () => {
  it("today's state: each asset's levels of the windows ending today, as the training rows compute them", async () => {
    const model = jointGenerator((await fitted).model);
    const history = sliceDays(returns, 0, 1_000);
    const levels = jointMarketLevels(history, model);
    // Horizons [1, 4]: the 4 windows of 16 days ending at day 999; assetLevels' row t is the window starting at day t.
    expect(jointRequiredHistory(model)).toBe(64);
    const rolling = assetLevels(assetColumns(history), model.transforms, 16);
    expect(levels).toHaveLength(4 * 3);
    for (let k = 0; k < 4; k++) for (let j = 0; j < 3; j++) expect(levels[k * 3 + j]).toBeCloseTo(rolling.values[(1_000 - (4 - k) * 16) * 3 + j], 12);
    expect(() => jointMarketLevels(sliceDays(returns, 0, 63), model)).toThrow(/needs 64 days of returns before its start \(4 windows of 16\); got 63/);
  });

  it('paths: the shape asked for, the same for the same seed, and wider after a turbulent quarter than after a calm one', async () => {
    const model = jointGenerator((await fitted).model);
    const history = sliceDays(returns, 0, 1_500);
    const a = await jointConditionalPaths(model, history, { horizon: 20, paths: 300, seed: 3 });
    const b = await jointConditionalPaths(model, history, { horizon: 20, paths: 300, seed: 3 });
    expect(a.map((m) => [m.days, m.assets])).toEqual(Array(300).fill([20, 3]));
    expect(b.map((m) => Array.from(m.values))).toEqual(a.map((m) => Array.from(m.values)));
    // From a day whose levels sit mid-range, the last quarter made calmer (×0.5) or wilder (×2).
    let end = 500;
    const middle = (e: number) => Math.abs(jointMarketLevels(sliceDays(returns, 0, e), model).reduce((a, v) => a + v, 0));
    for (let e = 500; e <= 1_900; e += 50) if (middle(e) < middle(end)) end = e;
    const lastQuarter = (factor: number): AssetMatrix => {
      const h = sliceDays(returns, 0, end);
      return { ...h, values: h.values.map((v, i) => (i >= (end - 64) * 3 ? factor * v : v)) };
    };
    // The RMS over the first window: each window's shape has unit RMS, so this is its level's scale.
    const spread = (paths: AssetMatrix[], j: number) => Math.sqrt(paths.reduce((s, p) => s + p.values.reduce((a, v, i) => a + (i % 3 === j ? v * v : 0), 0), 0) / (16 * paths.length));
    const calm = await jointConditionalPaths(model, lastQuarter(0.5), { horizon: 16, paths: 300, seed: 5 });
    const wild = await jointConditionalPaths(model, lastQuarter(2), { horizon: 16, paths: 300, seed: 5 });
    for (let j = 0; j < 3; j++) expect(spread(wild, j)).toBeGreaterThan(1.5 * spread(calm, j));
  });

  it("a level shift scales that asset's first window by e^(regime sd × shift) and leaves the others", async () => {
    const model = jointGenerator((await fitted).model);
    const history = sliceDays(returns, 0, 1_200);
    const shift = 0.3;
    const base = await jointConditionalPaths(model, history, { horizon: 16, paths: 8, seed: 9 });
    const moved = await jointConditionalPaths(model, history, { horizon: 16, paths: 8, seed: 9, levelShifts: [shift, 0, 0] });
    const s = model.transforms[0], factor = Math.exp(s.regime!.std * shift);
    for (let p = 0; p < 8; p++) {
      for (let t = 0; t < 16; t++) {
        expect(moved[p].values[t * 3] - s.mean).toBeCloseTo(factor * (base[p].values[t * 3] - s.mean), 12);
        expect(moved[p].values[t * 3 + 1]).toBe(base[p].values[t * 3 + 1]);
        expect(moved[p].values[t * 3 + 2]).toBe(base[p].values[t * 3 + 2]);
      }
    }
  });
});

describe("the equal-weight portfolio's forecaster", () => {
  it("sums each path's daily portfolio log returns ln(mean e^r), handing the joint model the assets' first t days", async () => {
    const seen: number[] = [];
    const path = fromColumns([[0.01, -0.02], [0.03, 0.01]]);
    const joint: JointForecaster = { name: 'fixed', paths: async (history) => { seen.push(history.days); return [path, path]; } };
    const forecaster = portfolioForecaster(joint, returns);
    const portfolio = portfolioReturns(returns);
    const out = await forecaster.forecast(portfolio.subarray(0, 700), 2, { samples: 2, seed: 1 });
    const expected = Math.log((Math.exp(0.01) + Math.exp(0.03)) / 2) + Math.log((Math.exp(-0.02) + Math.exp(0.01)) / 2);
    expect(Array.from(out)).toEqual([expected, expected]);
    expect(Array.from(portfolioPathReturns([path]))).toEqual([expected]);
    expect(seen).toEqual([700]);
    await expect(forecaster.forecast(Float64Array.from(portfolio.subarray(0, 700), (v) => v + 1e-3), 1, { samples: 2, seed: 1 })).rejects.toThrow(/not the portfolio's own return series/);
  });

  it('the joint GAN forecaster: its samples are the portfolio returns of its paths; a model without per-asset level processes is refused', async () => {
    const { model } = await fitted;
    const gan = new JointGanForecaster(jointGenerator(model));
    const history = sliceDays(returns, 0, 1_000);
    const paths = await gan.paths(history, 5, { samples: 40, seed: 2 });
    expect(paths).toHaveLength(40);
    const samples = await portfolioForecaster(gan, returns).forecast(portfolioReturns(history), 5, { samples: 40, seed: 2 });
    expect(Array.from(samples)).toEqual(Array.from(portfolioPathReturns(paths)));
    expect(gan.levelShifts(history, 5).every(Number.isFinite)).toBe(true);
    await expect(gan.paths(sliceDays(returns, 0, 10), 1, { samples: 4, seed: 1 })).rejects.toThrow(/needs at least \d+ days of history, got 10/);
    const older = jointGenerator({ ...model, metadata: { ...model.metadata, transforms: model.metadata.transforms.map(({ levelProcess: _, ...t }) => t) } });
    expect(() => new JointGanForecaster(older)).toThrow(/asset 1's transforms have no level process.*retrain it with gangrad portfolio train/);
  });
});

describe('correlation conditions: co-movement carried from window to window', () => {
  it("a window's pair correlations: the mean products of pairs (0, 1), (0, 2), (1, 2)", () => {
    const out = new Float64Array(4);
    windowCorrelations([[1, -1], [1, 1], [2, -2]], out, 1);
    expect(Array.from(out)).toEqual([0, 0, 2, 0]);
  });

  it("training rows end with the previous window's pair correlations", () => {
    const config = { ...DEFAULT_JOINT_CONFIG, ...tiny };
    const train = sliceDays(returns, 0, 1_000);
    const { rows, transforms } = prepareJointTraining(train, config);
    const width = 3 * 16 + 6 + 3;
    expect(rows.length % width).toBe(0);
    const columns = assetColumns(train);
    // Row i's window starts at day 16 + i; its previous window is days i … i + 15.
    for (const i of [0, 37]) {
      const expected = new Float64Array(3);
      windowCorrelations(columns.map((c, j) => windowToModel(c.subarray(i, i + 16), transforms[j]).values), expected);
      for (let p = 0; p < 3; p++) expect(rows[i * width + 54 + p]).toBeCloseTo(expected[p], 6);
    }
  });

  it("a forecast's first window reads the last W real days' correlations, the next the generated window's", async () => {
    const model = jointGenerator((await fitted).model);
    expect(model.correlationConditions).toBe(true);
    const inputs: Tensor[] = [];
    // A stand-in generator: it keeps what it is given and makes the same shapes for every row.
    const pattern = Array.from({ length: 48 }, (_, c) => Math.sin(c * (1 + Math.floor(c / 16))));
    const generator: Module = {
      forward: (x) => { inputs.push(keep(x)); return tensor(Array.from({ length: x.shape[0] }, () => pattern).flat(), [x.shape[0], 48]); },
      parameters: () => [], namedParameters: () => [],
    };
    const history = sliceDays(returns, 0, 1_000);
    await jointConditionalPaths({ ...model, generator }, history, { horizon: 32, paths: 2, seed: 1 });
    expect(inputs).toHaveLength(2);
    const observed = new Float64Array(3), generated = new Float64Array(3);
    windowCorrelations(model.transforms.map((s, j) => windowToModel(assetColumn(history, j).subarray(1_000 - 16), s).values), observed);
    windowCorrelations([0, 1, 2].map((j) => pattern.slice(j * 16, (j + 1) * 16)), generated);
    const read = async (x: Tensor) => Array.from(await x.data()).slice(x.shape[1] - 3, x.shape[1]);
    (await read(inputs[0])).forEach((v, p) => expect(v).toBeCloseTo(observed[p], 6));
    (await read(inputs[1])).forEach((v, p) => expect(v).toBeCloseTo(generated[p], 6));
    inputs.forEach((x) => x.dispose());
  });
});

describe('copula-GJR as a joint forecaster', () => {
  it("paths start from each margin's filtered variance for tomorrow, keep the copula's co-movement, and repeat by seed", async () => {
    const forecaster = copulaGjrForecaster({ refitEvery: 250, fitWindow: 1_000 });
    const history = sliceDays(returns, 0, 1_200);
    const a = await forecaster.paths(history, 3, { samples: 4_000, seed: 7 });
    const b = await forecaster.paths(history, 3, { samples: 4_000, seed: 7 });
    expect(a.map((m) => [m.days, m.assets])).toEqual(Array(4_000).fill([3, 3]));
    expect(Array.from(b[9].values)).toEqual(Array.from(a[9].values));
    const firstDay = (j: number) => a.map((p) => p.values[j]);
    for (let j = 0; j < 3; j++) {
      // The same margin alone: the single-asset GJR filter on the same calendar.
      const state = createGjrFilter({ refitEvery: 250, fitWindow: 1_000 }).state(assetColumn(history, j));
      const x = firstDay(j), m = x.reduce((s, v) => s + v, 0) / x.length;
      const variance = x.reduce((s, v) => s + (v - m) ** 2, 0) / x.length;
      expect(variance / state.nextVariance).toBeGreaterThan(0.9);
      expect(variance / state.nextVariance).toBeLessThan(1.1);
    }
    // The simulated market's pairs correlate at about 0.5; so do the first days of the paths.
    const c = correlationMatrix(fromColumns([0, 1, 2].map((j) => Float64Array.from(firstDay(j)))));
    for (const k of [1, 2, 5]) expect(c[k]).toBeGreaterThan(0.3);
    await expect(forecaster.paths(sliceDays(returns, 0, 100), 1, { samples: 4, seed: 1 })).rejects.toThrow(/copula-GJR needs at least 250 days of history, got 100/);
  });
});
