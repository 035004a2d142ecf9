import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assetMatrix, fromColumns, type AssetMatrix } from '../src/finance/data/asset-matrix.js';
import { correlationMatrix } from '../src/finance/evaluation/correlation.js';
import { stackDays } from '../src/finance/evaluation/portfolio.js';
import {
  calibratedVectorProcess, decodeJointModel, DEFAULT_JOINT_CONFIG, encodeJointModel, fitVectorLevelProcess, jointConditionalPaths, jointGenerator, loadJointModel,
  sampleJointPathChunks, sampleJointPaths, saveJointModel, simulateVectorLevels, spectralRadius, trainJointGan, type JointFit, type JointGanConfig, type JointGanModel,
  calibrateVectorLevelProcess, type VectorLevelCalibration,
} from '../src/finance/joint.js';
import { PERSISTENCE_GRID, SCALE_SEED, SPREAD_GRID } from '../src/finance/training/level-calibration.js';
import { generateJointPaths } from '../src/finance/model/joint/generate.js';
import { assetColumn, sliceDays } from '../src/finance/data/asset-matrix.js';
import { pooled, std } from '../src/finance/evaluation/stylized.js';
import { Rng } from '../src/index.js';
import { simulateMarket } from './helpers/joint-market.js';

/** A 2-asset VAR(1) at step 1 with correlated innovations (ρ = 0.6): the levels the process should recover. */
function simulateVar(n: number, a: number[][], c: number[], seed: number): AssetMatrix {
  const rng = new Rng(seed), m = assetMatrix(n, 2);
  let x = [0, 0];
  for (let t = 0; t < n; t++) {
    const z1 = rng.normal(), z2 = 0.6 * z1 + 0.8 * rng.normal();
    x = [c[0] + a[0][0] * x[0] + a[0][1] * x[1] + 0.3 * z1, c[1] + a[1][0] * x[0] + a[1][1] * x[1] + 0.3 * z2];
    m.values.set(x, t * 2);
  }
  return m;
}


const A = [[0.5, 0.3], [0.1, 0.6]];

describe('vector level process', () => {
  it('recovers the VAR coefficients and keeps the innovations’ cross-correlation', () => {
    const levels = simulateVar(20_000, A, [0.1, -0.2], 1);
    const p = fitVectorLevelProcess(levels, 1, [1]);
    expect(p.horizons).toEqual([1]);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(Math.abs(p.coefficients[i][j] - A[i][j])).toBeLessThan(0.03);
    // Stationary means (I − A)⁻¹ c = [0.0286, −0.4929] are what the intercepts imply.
    expect(Math.abs(p.intercepts[0] - 0.1)).toBeLessThan(0.02);
    const residuals = fromColumns([p.residualRows.map((r) => r[0]), p.residualRows.map((r) => r[1])]);
    expect(correlationMatrix(residuals)[1]).toBeCloseTo(0.6, 1);
  });

  it('with a 4-window average term on VAR(1) data, the extra term stays near zero', () => {
    const p = fitVectorLevelProcess(simulateVar(20_000, A, [0, 0], 2), 1, [1, 4]);
    expect(p.horizons).toEqual([1, 4]);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) {
      expect(Math.abs(p.coefficients[i][j] - A[i][j])).toBeLessThan(0.05);
      expect(Math.abs(p.coefficients[i][2 + j])).toBeLessThan(0.06);
    }
  });

  it('the spectral radius of a known VAR; a random walk is shrunk to a stationary process', () => {
    // Eigenvalues of A: (1.1 ± √0.13) / 2, the larger 0.7303.
    expect(spectralRadius(A, [1], 2)).toBeCloseTo((1.1 + Math.sqrt(0.13)) / 2, 3);
    expect(spectralRadius([[0.9, 0], [0, 0.2]], [1], 2)).toBeCloseTo(0.9, 3);
    const walk = simulateVar(5_000, [[1, 0], [0, 1]], [0, 0], 3);
    const p = fitVectorLevelProcess(walk, 1, [1]);
    expect(spectralRadius(p.coefficients, p.horizons, 2)).toBeLessThanOrEqual(0.995 + 1e-6);
    const path = simulateVectorLevels(p, 500, new Rng(4));
    expect(path.length).toBe(501 * 2);
    for (let t = 0; t < 501; t++) for (let j = 0; j < 2; j++) {
      expect(path[t * 2 + j]).toBeGreaterThanOrEqual(p.min[j]);
      expect(path[t * 2 + j]).toBeLessThanOrEqual(p.max[j]);
    }
  });
});

describe('vector level process: calibration folded in', () => {
  const p = fitVectorLevelProcess(simulateVar(5_000, A, [0.1, -0.2], 5), 1, [1]);
  /** (I − ΣB)⁻¹ c for d = 2, by Cramer's rule. */
  const means = (q: typeof p) => {
    const [a, b, c, d] = [1 - q.coefficients[0][0], -q.coefficients[0][1], -q.coefficients[1][0], 1 - q.coefficients[1][1]];
    const det = a * d - b * c;
    return [(d * q.intercepts[0] - b * q.intercepts[1]) / det, (a * q.intercepts[1] - c * q.intercepts[0]) / det];
  };

  it('without a calibration the process is as fitted', () => {
    expect(calibratedVectorProcess(p)).toEqual(p);
  });

  it("scales each equation's slopes and each asset's residual deviations, keeps the mean levels, widens the bounds only for spreads above 1", () => {
    const q = calibratedVectorProcess({ ...p, calibration: { persistence: [1.1, 0.8], spread: [1.5, 0.5], scale: [1, 1] } });
    expect(q.calibration).toBeUndefined();
    expect(spectralRadius(q.coefficients, q.horizons, 2)).toBeLessThan(0.995);
    for (let j = 0; j < 2; j++) {
      expect(q.coefficients[0][j]).toBeCloseTo(1.1 * p.coefficients[0][j], 12);
      expect(q.coefficients[1][j]).toBeCloseTo(0.8 * p.coefficients[1][j], 12);
    }
    means(q).forEach((m, i) => expect(m).toBeCloseTo(means(p)[i], 10));
    const centre = (rows: number[][], j: number) => rows.reduce((s, r) => s + r[j], 0) / rows.length;
    [1.5, 0.5].forEach((spread, j) => {
      expect(centre(q.residualRows, j)).toBeCloseTo(centre(p.residualRows, j), 12);
      q.residualRows.forEach((r, k) => expect(r[j] - centre(q.residualRows, j)).toBeCloseTo(spread * (p.residualRows[k][j] - centre(p.residualRows, j)), 12));
    });
    const mu = means(p);
    expect(q.min[0]).toBeCloseTo(mu[0] + 1.5 * (p.min[0] - mu[0]), 12);
    expect(q.max[0]).toBeCloseTo(mu[0] + 1.5 * (p.max[0] - mu[0]), 12);
    expect([q.min[1], q.max[1]]).toEqual([p.min[1], p.max[1]].map((v) => mu[1] + (v - mu[1])));
  });

  it('a persistence past the stationarity bound is shrunk back to it', () => {
    const q = calibratedVectorProcess({ ...p, calibration: { persistence: [1.6, 1.6], spread: [1, 1], scale: [1, 1] } });
    expect(spectralRadius(q.coefficients, q.horizons, 2)).toBeLessThanOrEqual(0.995 + 1e-9);
    means(q).forEach((m, i) => expect(m).toBeCloseTo(means(p)[i], 9));
    // simulateVectorLevels runs a calibrated process with its calibration: the same draws as the folded one.
    const calibrated = { ...p, calibration: { persistence: [1.6, 1.6], spread: [1, 1], scale: [1, 1] } };
    expect(Array.from(simulateVectorLevels(calibrated, 50, new Rng(8)))).toEqual(Array.from(simulateVectorLevels(q, 50, new Rng(8))));
  });
});

const tiny: Partial<JointGanConfig> = { window: 16, latentDim: 8, hidden: [32], batch: 32, lr: 1e-3, evalEvery: 400, logEvery: 50, instanceNoise: 0 };

describe('joint GAN', () => {
  const returns = simulateMarket(3_000, 7);
  let fit: JointFit;
  beforeAll(async () => {
    fit = await trainJointGan({ returns, assets: ['A', 'B', 'C'], config: tiny, steps: 800, seed: 3, validationPaths: 16 });
  });

  it('trains 800 steps and keeps the best validation weights', () => {
    expect(fit.steps).toBe(800);
    expect(fit.interrupted).toBe(false);
    expect([400, 800]).toContain(fit.best!.step);
    expect(fit.model.metadata.step).toBe(fit.best!.step);
    expect(fit.model.metadata.assets).toEqual(['A', 'B', 'C']);
    expect(fit.model.metadata.transforms).toHaveLength(3);
    expect(fit.model.metadata.levelProcess.coefficients).toHaveLength(3);
  });

  it('calibrates each asset’s level process on the grid and scales its windows to the training part’s standard deviation', async () => {
    const c = fit.calibration!;
    expect(fit.model.metadata.levelProcess.calibration).toEqual(c.calibration);
    for (let j = 0; j < 3; j++) {
      expect(PERSISTENCE_GRID).toContain(c.calibration.persistence[j]);
      expect(SPREAD_GRID).toContain(c.calibration.spread[j]);
      expect(c.calibration.scale[j] * c.stdRatioBeforeScale[j]).toBeGreaterThan(0.8); // 1 but for the returns' clip
      expect(c.calibration.scale[j] * c.stdRatioBeforeScale[j]).toBeLessThan(1.25);
      for (const score of [c.before[j], c.after[j]]) expect([score.acfAbsError, score.w1Daily].every(Number.isFinite)).toBe(true);
    }
    // The windows the scale was measured on, made again by the calibrated model: each asset's standard deviation is now its training part's.
    const [start, end] = fit.model.metadata.data.split.train;
    const windows = await generateJointPaths(jointGenerator(fit.model), 8192, tiny.window!, SCALE_SEED);
    for (let j = 0; j < 3; j++) {
      const trainingPart = assetColumn(sliceDays(returns, start, end), j);
      const ratio = std(pooled(windows.map((w) => assetColumn(w, j)))) / std(trainingPart);
      expect(Math.abs(ratio - 1)).toBeLessThan(0.01);
      expect(Math.abs(c.stdRatioBeforeScale[j] - 1)).toBeGreaterThan(0.05); // this small generator's windows were far off before
    }
  });

  it('a generator whose windows are constant is refused by name, not given a huge scale', async () => {
    // Asset 2's returns as the transforms give them back with a standard deviation of 0: constant, whatever the generator makes.
    const zero = { ...jointGenerator(fit.model), transforms: fit.model.metadata.transforms.map((t, j) => (j === 1 ? { ...t, std: 0 } : t)) };
    const [start, end] = fit.model.metadata.data.split.train;
    await expect(calibrateVectorLevelProcess(zero, { real: sliceDays(returns, 0, end), trainingPart: sliceDays(returns, start, end) })).rejects.toThrow(/asset 2's generated windows have 0 times its training part's standard deviation/);
  });

  it('an aborted signal stops the calibration between candidate sets', async () => {
    const [start, end] = fit.model.metadata.data.split.train;
    const stop = new AbortController();
    stop.abort();
    expect(await calibrateVectorLevelProcess(jointGenerator(fit.model), { real: sliceDays(returns, 0, end), trainingPart: sliceDays(returns, start, end) }, { signal: stop.signal })).toBeNull();
  });

  it('forecasts run the level process as fitted: the calibration does not change them', async () => {
    const { calibration, ...fitted } = fit.model.metadata.levelProcess;
    expect(calibration).toBeDefined();
    const history = { days: 2_000, assets: 3, values: returns.values.subarray(0, 2_000 * 3) };
    const options = { horizon: 20, paths: 8, seed: 4 };
    const withCalibration = await jointConditionalPaths(jointGenerator(fit.model), history, options);
    const without = await jointConditionalPaths({ ...jointGenerator(fit.model), levelProcess: fitted }, history, options);
    expect(withCalibration.map((m) => Array.from(m.values))).toEqual(without.map((m) => Array.from(m.values)));
    // Long paths do use it.
    const [a] = await sampleJointPaths(fit.model, 1, 64, 3);
    const [b] = await sampleJointPaths({ ...fit.model, metadata: { ...fit.model.metadata, levelProcess: fitted } }, 1, 64, 3);
    expect(Array.from(a.values)).not.toEqual(Array.from(b.values));
  });

  it('samples paths of the right shape, deterministically by seed, chunked the same', async () => {
    const a = await sampleJointPaths(fit.model, 5, 100, 11);
    const b = await sampleJointPaths(fit.model, 5, 100, 11);
    const c = await sampleJointPaths(fit.model, 5, 100, 12);
    expect(a.map((m) => [m.days, m.assets])).toEqual(Array(5).fill([100, 3]));
    expect(a.every((m) => m.values.every(Number.isFinite))).toBe(true);
    expect(b.map((m) => Array.from(m.values))).toEqual(a.map((m) => Array.from(m.values)));
    expect(Array.from(c[0].values)).not.toEqual(Array.from(a[0].values));
    const chunks = [];
    for await (const chunk of sampleJointPathChunks(fit.model, 5, 100, 11)) chunks.push(chunk);
    expect(chunks.map((ch) => ch.first)).toEqual([0]);
    expect(Array.from(chunks[0].paths[4].values)).toEqual(Array.from(a[4].values));
  });

  it('save → load round-trips bit-identically (file bytes and samples)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gangrad-joint-')), 'model.safetensors');
    await saveJointModel(file, fit.model);
    const loaded = loadJointModel(file);
    expect(await encodeJointModel(loaded)).toEqual(new Uint8Array(readFileSync(file)));
    expect(loaded.metadata).toEqual(fit.model.metadata);
    const [x] = await sampleJointPaths(fit.model, 1, 70, 5), [y] = await sampleJointPaths(loaded, 1, 70, 5);
    expect(Array.from(y.values)).toEqual(Array.from(x.values));
  });

  it('a damaged header is an error naming the field', async () => {
    const damaged = (change: (m: JointGanModel['metadata']) => void) => {
      const metadata = structuredClone(fit.model.metadata);
      change(metadata);
      return encodeJointModel({ metadata, networks: fit.model.networks });
    };
    await expect(damaged((m) => { m.levelProcess.coefficients = [[1]]; }).then((b) => decodeJointModel(b, 'x.safetensors'))).rejects.toThrow(/x.safetensors: metadata field 'levelProcess.coefficients' must be 3 rows of 6/);
    await expect(damaged((m) => { m.transforms[2].std = -1; }).then((b) => decodeJointModel(b, 'x.safetensors'))).rejects.toThrow(/metadata field 'transforms\[2\].std' must be a daily log-return standard deviation in \[1e-8, 2\], got -1/);
    await expect(damaged((m) => { m.assets.pop(); }).then((b) => decodeJointModel(b, 'x.safetensors'))).rejects.toThrow(/'transforms' must hold one entry per asset \(2\), got 3/);
    await expect(damaged((m) => { m.levelProcess.calibration!.spread = [1, -1, 1]; }).then((b) => decodeJointModel(b, 'x.safetensors'))).rejects.toThrow(/metadata field 'levelProcess.calibration.spread' must be 3 numbers in \[0.1, 10\] \(one per asset\), got \[1,-1,1\]/);
    await expect(damaged((m) => { m.levelProcess.calibration!.spread = [1, 1e200, 1]; }).then((b) => decodeJointModel(b, 'x.safetensors'))).rejects.toThrow(/'levelProcess.calibration.spread' must be 3 numbers in \[0.1, 10\]/);
    await expect(damaged((m) => { m.levelProcess.calibration!.scale = [1, 1]; }).then((b) => decodeJointModel(b, 'x.safetensors'))).rejects.toThrow(/'levelProcess.calibration.scale' must be 3 numbers in \[0.001, 1000\]/);
    await expect(damaged((m) => { delete (m.levelProcess.calibration as Partial<VectorLevelCalibration>).persistence; }).then((b) => decodeJointModel(b, 'x.safetensors'))).rejects.toThrow(/x.safetensors: metadata field 'levelProcess.calibration.persistence' is missing \(3 numbers in \[0.1, 10\], one per asset\)/);
  });

  it('generated paths of correlated assets are positively correlated, in r and in |r|', async () => {
    const real = correlationMatrix(returns), realAbs = correlationMatrix(returns, undefined, Math.abs);
    const generated = stackDays(await sampleJointPaths(fit.model, 32, 256, 21));
    const g = correlationMatrix(generated), gAbs = correlationMatrix(generated, undefined, Math.abs);
    for (const [j, k] of [[0, 1], [0, 2], [1, 2]]) {
      expect(real[j * 3 + k]).toBeGreaterThan(0.3);
      expect(g[j * 3 + k]).toBeGreaterThan(0.2);
      expect(realAbs[j * 3 + k]).toBeGreaterThan(0.1);
      expect(gAbs[j * 3 + k]).toBeGreaterThan(0.05);
    }
  });
});

describe('joint GAN: model directory and bad input', () => {
  it('writes model, config and log into DIR through DIR.partial, and refuses to replace it unasked', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'gangrad-joint-dir-')), 'run');
    const returns = simulateMarket(1_500, 8);
    await trainJointGan({ returns, config: tiny, steps: 20, out, validationPaths: 4 });
    for (const f of ['model.safetensors', 'config.json', 'training-log.csv']) expect(existsSync(join(out, f))).toBe(true);
    expect(existsSync(`${out}.partial`) || existsSync(`${out}.lock`)).toBe(false);
    expect(loadJointModel(join(out, 'model.safetensors')).metadata.assets).toEqual(['asset 1', 'asset 2', 'asset 3']);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).config.window).toBe(16);
    await expect(trainJointGan({ returns, config: tiny, steps: 20, out })).rejects.toThrow(/already holds a model; pass --force/);
  });

  it('a stop during the calibration leaves the run unpublished; --resume calibrates and publishes it', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'gangrad-joint-cal-')), 'run');
    const returns = simulateMarket(1_500, 8);
    const stop = new AbortController();
    const stopped = await trainJointGan({ returns, config: tiny, steps: 20, out, validationPaths: 4, signal: stop.signal, onCalibrating: () => stop.abort() });
    expect([stopped.interrupted, stopped.steps, stopped.calibration]).toEqual([true, 20, null]);
    expect([existsSync(out), existsSync(join(`${out}.partial`, 'checkpoint.safetensors'))]).toEqual([false, true]);
    let calibrating = 0;
    const resumed = await trainJointGan({ returns, out, resume: true, onCalibrating: () => calibrating++ });
    expect([resumed.interrupted, resumed.steps, calibrating]).toEqual([false, 20, 1]);
    expect(loadJointModel(join(out, 'model.safetensors')).metadata.levelProcess.calibration).toEqual(resumed.calibration!.calibration);
  });

  it('ten assets: trains and samples with the same code (the output layer grows with d)', async () => {
    const base = simulateMarket(1_500, 10);
    const columns = Array.from({ length: 10 }, (_, j) => Float64Array.from({ length: base.days }, (_, t) => base.values[t * 3 + (j % 3)] * (1 + 0.01 * j) + 1e-4 * Math.sin(t * (j + 1))));
    const fit10 = await trainJointGan({ returns: fromColumns(columns), config: tiny, steps: 10, validationPaths: 2 });
    expect(fit10.model.networks.generator.parameters().map((p) => p.shape)).toContainEqual([32, 160]);
    const [path] = await sampleJointPaths(fit10.model, 1, 40, 1);
    expect([path.days, path.assets, path.values.every(Number.isFinite)]).toEqual([40, 10, true]);
    expect(fit10.model.metadata.levelProcess.calibration?.scale).toHaveLength(10);
    // A seed the generators would read as another (NaN as 0, 2³² as 0) is refused.
    for (const seed of [Number.NaN, 2 ** 32, -1]) await expect(sampleJointPaths(fit10.model, 1, 40, seed)).rejects.toThrow(`gangrad: joint paths: seed must be an integer from 0 to 4294967295, got ${seed}`);
  }, 240_000); // the level process's calibration generates 72 sets of 64 paths × 1,024 days of 10 assets (about 25 s here)

  it('refuses one asset, a short training part and a variant it does not implement', async () => {
    const one = fromColumns([simulateMarket(1_500, 9).values.filter((_, i) => i % 3 === 0)]);
    await expect(trainJointGan({ returns: one, config: tiny, steps: 1 })).rejects.toThrow(/at least 2 assets, got 1/);
    await expect(trainJointGan({ returns: simulateMarket(200, 9), config: tiny, steps: 1 })).rejects.toThrow(/at least 160 training days/);
    await expect(trainJointGan({ returns: simulateMarket(1_500, 9), config: { ...tiny, conditioning: 'none' }, steps: 1 })).rejects.toThrow(/config.conditioning "volatility" only, got "none"/);
    // Every setting checked before a step is taken, named: not after training, not silently ignored.
    const market = simulateMarket(1_500, 9);
    await expect(trainJointGan({ returns: market, config: tiny, steps: 2.5 })).rejects.toThrow("trainJointGan: option 'steps' must be a positive integer, got 2.5");
    await expect(trainJointGan({ returns: market, config: tiny, stepz: 3 } as never)).rejects.toThrow("trainJointGan: unknown option 'stepz'");
    await expect(trainJointGan({ returns: market, config: { ...tiny, stepz: 3 } as never })).rejects.toThrow("trainJointGan: unknown config field 'stepz'");
    await expect(trainJointGan({ returns: market, config: tiny, seed: -1 })).rejects.toThrow("trainJointGan: option 'seed' must be an integer in [0, 4294967295], got -1");
    await expect(trainJointGan({ returns: market, config: tiny, validationPaths: 0 })).rejects.toThrow("trainJointGan: option 'validationPaths' must be a positive integer, got 0");
    const holed = { ...market, values: Float64Array.from(market.values, (v, i) => (i === 3 * 100 + 1 ? Number.NaN : v)) };
    await expect(trainJointGan({ returns: holed, config: tiny, assets: ['A', 'B', 'C'] })).rejects.toThrow('trainJointGan: returns hold NaN at day 101, asset 2 (B): every daily return must be a finite number');
    expect(DEFAULT_JOINT_CONFIG.window).toBe(64);
  });
});
