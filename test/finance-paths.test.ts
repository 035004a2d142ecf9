import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareDataset } from '../src/finance/data/dataset.js';
import { generatePathChunks, generatePaths, generateWindows, PATH_CHUNK, WINDOWS_PER_TURN } from '../src/finance/model/generate.js';
import { calibratedProcess, fitLevelProcess, rollingLogLevels, simulateLevels } from '../src/finance/model/level-process.js';
import { calibrateLevelProcess, PERSISTENCE_GRID, SPREAD_GRID } from '../src/finance/training/level-calibration.js';
import { buildNetworks, DEFAULT_CONFIG, loadModelFile, saveModelFile, type ModelMetadata, type ReturnGanConfig } from '../src/finance/model/model.js';
import { absolute, autocorrelation, leverage, meanAbsoluteError } from '../src/finance/evaluation/stylized.js';
import { LEVERAGE_LAG, LONG_LAG, validationScore } from '../src/finance/evaluation/validation.js';
import { encodeSafetensors, readSafetensorsFile, writeFileAtomic } from '../src/io/index.js';
import type { Module } from '../src/nn/index.js';
import { memory, Rng, sliceColumns, type Tensor } from '../src/index.js';
import { writeSmallPriceFile } from './helpers/prices.js';

const W = 8;
const small: ReturnGanConfig = { ...DEFAULT_CONFIG, window: W, latentDim: 4, hidden: [16], batch: 16, steps: 10 };

/**
 * Rolling levels whose window-scale dynamics are known: level t depends on the levels W, 2W, … days
 * before it (W interleaved chains), by L_t = c + b₁·L_{t−W} + b₂·mean(L_{t−W}, …, L_{t−4W}) + e_t.
 */
function simulatedLevels(n: number, c: number, b1: number, b4: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const levels = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let v = c + 0.5 * rng.normal();
    if (t >= 4 * W) {
      let s = 0;
      for (let j = 1; j <= 4; j++) s += levels[t - j * W];
      v += b1 * levels[t - W] + (b4 * s) / 4;
    }
    levels[t] = v;
  }
  return levels;
}

describe('level process (window-scale HAR)', () => {
  it('recovers the coefficients of a simulated AR(1) and of a simulated two-term HAR', () => {
    const ar = fitLevelProcess(simulatedLevels(40_000, 0.1, 0.7, 0, 3), W, [1]);
    expect(ar.horizons).toEqual([1]);
    expect(ar.coefficients[0]).toBeCloseTo(0.7, 1); // |error| < 0.05
    expect(ar.intercept).toBeCloseTo(0.1, 1);
    const har = fitLevelProcess(simulatedLevels(40_000, 0, 0.4, 0.45, 4), W, [1, 4]);
    expect(har.horizons).toEqual([1, 4]);
    expect(Math.abs(har.coefficients[0] - 0.4)).toBeLessThan(0.05);
    expect(Math.abs(har.coefficients[1] - 0.45)).toBeLessThan(0.05);
  });

  it('drops the long term on a short history, and shrinks an explosive fit to a stationary one', () => {
    expect(fitLevelProcess(simulatedLevels(30 * W, 0, 0.4, 0.45, 5), W, [1, 4]).horizons).toEqual([1]);
    const explosive = fitLevelProcess(Float64Array.from({ length: 50 * W }, (_, t) => t / W), W, [1]);
    expect(explosive.coefficients[0]).toBeLessThanOrEqual(0.995 + 1e-12);
    const levels = simulateLevels(explosive, 5_000, new Rng(1));
    for (const v of levels) expect(v >= explosive.min && v <= explosive.max).toBe(true);
  });

  it('rolling log levels match the direct window computation', () => {
    const rng = new Rng(2);
    const u = Float64Array.from({ length: 100 }, () => rng.normal());
    const levels = rollingLogLevels(u, W);
    expect(levels.length).toBe(100 - W + 1);
    const direct = (t: number) => Math.log(Math.sqrt(u.subarray(t, t + W).reduce((a, b) => a + b * b, 0) / W) + 1e-6);
    for (const t of [0, 1, 50, 92]) expect(levels[t]).toBeCloseTo(direct(t), 10);
  });
});

describe('level process calibration', () => {
  const fitted = fitLevelProcess(simulatedLevels(40_000, 0, 0.7, 0, 6), W, [1]);
  const sd = (x: Float64Array) => { const m = x.reduce((a, b) => a + b, 0) / x.length; return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / x.length); };
  const lag1 = (x: Float64Array) => autocorrelation(x, 1)[0];

  it('persistence 1 and spread 1 simulate exactly the fitted process', () => {
    const plain = simulateLevels(fitted, 500, new Rng(7));
    const same = simulateLevels({ ...fitted, calibration: { persistence: 1, spread: 1 } }, 500, new Rng(7));
    expect(Array.from(same)).toEqual(Array.from(plain));
  });

  it('persistence scales the memory, spread the swings, and the mean level stays', () => {
    const levels = (persistence: number, spread: number) => simulateLevels({ ...fitted, calibration: { persistence, spread } }, 20_000, new Rng(8));
    const base = levels(1, 1), shorter = levels(0.5, 1), wider = levels(1, 2);
    // AR(1): lag-1 autocorrelation φ = 0.7 fitted, 0.35 at half the persistence.
    expect(lag1(base)).toBeCloseTo(0.7, 1);
    expect(lag1(shorter)).toBeCloseTo(0.35, 1);
    // Twice the innovations, twice the standard deviation (the bounds widen with the spread).
    expect(sd(wider) / sd(base)).toBeGreaterThan(1.85);
    expect(sd(wider) / sd(base)).toBeLessThan(2.15);
    const mean = (x: Float64Array) => x.reduce((a, b) => a + b, 0) / x.length;
    expect(Math.abs(mean(shorter) - mean(base))).toBeLessThan(0.05);
    // The stationarity cap holds whatever the persistence asked for.
    const capped = calibratedProcess({ ...fitted, calibration: { persistence: 5, spread: 1 } });
    expect(capped.coefficients[0]).toBeCloseTo(0.995, 10);
    expect(calibratedProcess(fitted)).toBe(fitted);
  });

  it('chooses a grid point whose paths score no worse than the fitted process, leaving the transforms as they were', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-calibrate-'));
    const dataset = prepareDataset(writeSmallPriceFile(dir, 2000), small);
    const { generator } = buildNetworks(small, dataset.transforms);
    const before = JSON.stringify(dataset.transforms);
    const trainingPart = dataset.part('train');
    const result = (await calibrateLevelProcess(generator, small.latentDim, dataset.transforms, W, { real: dataset.returns.slice(0, dataset.split.validation[1]), trainingPart }))!;
    expect(PERSISTENCE_GRID).toContain(result.calibration.persistence);
    expect(SPREAD_GRID).toContain(result.calibration.spread);
    expect(result.after.score).toBeLessThanOrEqual(result.before.score);
    expect(Number.isFinite(result.after.score)).toBe(true);
    expect(JSON.stringify(dataset.transforms)).toBe(before);
    // The scale undoes the windows' measured level bias: scaled windows (fresh noise) have the training part's standard deviation.
    expect(result.calibration.scale).toBeCloseTo(1 / result.stdRatioBeforeScale, 12);
    const calibrated = { ...dataset.transforms, levelProcess: { ...dataset.transforms.levelProcess!, calibration: result.calibration } };
    const unscaled = { ...dataset.transforms, levelProcess: { ...dataset.transforms.levelProcess!, calibration: { ...result.calibration, scale: 1 } } };
    const pooled = (windows: Float64Array[]) => Float64Array.from(windows.flatMap((w) => Array.from(w)));
    const scaled = sd(pooled(await generateWindows(generator, small.latentDim, calibrated, 4096, 77))) / sd(trainingPart);
    const plain = sd(pooled(await generateWindows(generator, small.latentDim, unscaled, 4096, 77))) / sd(trainingPart);
    expect(Math.abs(scaled - 1)).toBeLessThan(0.03);
    expect(scaled / plain).toBeCloseTo(result.calibration.scale, 2);
  });
});

describe('long paths (generator window-ar-level)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gangrad-paths-'));
  const data = writeSmallPriceFile(dir, 2000);

  it('a 5,000-day path in bounded memory: batches of at most PATH_CHUNK rows, no tensor left behind', async () => {
    const dataset = prepareDataset(data, small);
    expect(dataset.transforms.levelProcess).toBeTruthy();
    const { generator } = buildNetworks(small, dataset.transforms);
    let largest = 0;
    const spy: Module = { forward: (x: Tensor) => { largest = Math.max(largest, x.shape[0]); return generator.forward(x); }, parameters: () => generator.parameters(), namedParameters: (p) => generator.namedParameters(p) };
    const before = memory().tensors;
    const chunks: number[] = [];
    for await (const chunk of generatePathChunks(spy, small.latentDim, dataset.transforms, W, PATH_CHUNK + 3, 5_000, 1)) {
      chunks.push(chunk.paths.length);
      for (const p of chunk.paths) {
        expect(p.length).toBe(5_000);
        expect(p.every(Number.isFinite)).toBe(true);
      }
    }
    expect(chunks).toEqual([PATH_CHUNK, 3]);
    expect(largest).toBeLessThanOrEqual(PATH_CHUNK);
    expect(memory().tensors).toBe(before);
  });

  it('one long path lets the event loop turn as it is made (a Ctrl-C handler runs before it ends)', async () => {
    const dataset = prepareDataset(data, small);
    const { generator } = buildNetworks(small, dataset.transforms);
    const windows = 3 * WINDOWS_PER_TURN + 1;
    let generating = true, turnsDuring = 0;
    const count = () => { if (generating) { turnsDuring++; setImmediate(count); } };
    setImmediate(count);
    await generatePaths(generator, small.latentDim, dataset.transforms, W, 1, windows * W, 3);
    generating = false;
    expect(turnsDuring).toBeGreaterThanOrEqual(3);
  });

  it('keeps volatility memory across window borders, where joined independent windows lose it', async () => {
    const persistent = prepareDataset(data, small);
    const independent = prepareDataset(data, { ...small, generator: 'independent-windows' });
    expect(independent.transforms.levelProcess).toBeUndefined();
    // A stand-in generator whose shapes are pure i.i.d. noise (the first W noise columns), so any
    // autocorrelation of |r| across windows comes from the levels alone.
    const noise: Module = { forward: (x: Tensor) => sliceColumns(x, 0, W), parameters: () => [], namedParameters: () => [] };
    const acfAt = async (transforms: typeof persistent.transforms, lag: number) => {
      const paths = await generatePaths(noise, W, transforms, W, 200, 40 * W, 7);
      return autocorrelation(absolute(paths), lag)[lag - 1];
    };
    const lag = 2 * W; // always across at least one border
    // Measured 0.034 against 0.004 (standard error about 0.004 with 64,000 values).
    expect(await acfAt(persistent.transforms, lag)).toBeGreaterThan(0.02);
    expect(Math.abs(await acfAt(independent.transforms, lag))).toBeLessThan(0.012);
  });

  it('model files record their generator; files without the key load as independent-windows; unknown ones fail clearly', async () => {
    const dataset = prepareDataset(data, small);
    const networks = buildNetworks(small, dataset.transforms);
    const metadata: ModelMetadata = { format: 'gangrad-return-gan-1', generator: 'window-ar-level', config: small, transforms: dataset.transforms, data: dataset.info, step: 0, validationScore: null };
    const file = join(dir, 'new.safetensors');
    await saveModelFile(file, networks, metadata);
    expect(readSafetensorsFile(file).metadata.generator).toBe('window-ar-level');
    expect(loadModelFile(file).metadata.config.generator).toBe('window-ar-level');

    // An older file: one condition column, no level process, no generator key.
    const oldConfig: ReturnGanConfig = { ...small, generator: 'independent-windows', generatorOutput: 'returns' };
    const oldSet = prepareDataset(data, oldConfig);
    const oldFile = join(dir, 'old.safetensors');
    await saveModelFile(oldFile, buildNetworks(oldConfig, oldSet.transforms), { ...metadata, generator: 'independent-windows', config: oldConfig, transforms: oldSet.transforms });
    const { tensors, metadata: raw } = readSafetensorsFile(oldFile);
    const { generator: _dropped, ...withoutKey } = raw;
    const rawConfig = JSON.parse(raw.config);
    delete rawConfig.generator;
    delete rawConfig.generatorOutput; // older still: before the key existed
    writeFileAtomic(oldFile, encodeSafetensors([...tensors], { ...withoutKey, config: JSON.stringify(rawConfig) }));
    const old = loadModelFile(oldFile);
    expect(old.metadata.generator).toBe('independent-windows');
    expect(old.metadata.config.generator).toBe('independent-windows');
    expect(old.metadata.config.generatorOutput).toBe('returns');
    const paths = await generatePaths(old.networks.generator, small.latentDim, old.metadata.transforms, W, 2, 3 * W + 1, 1);
    expect(paths.map((p) => p.length)).toEqual([3 * W + 1, 3 * W + 1]);

    const future = join(dir, 'future.safetensors');
    writeFileAtomic(future, encodeSafetensors([...tensors], { ...raw, generator: 'quantum-tcn' }));
    expect(() => loadModelFile(future)).toThrow(/future\.safetensors: holds generator "quantum-tcn", which this version of gangrad does not know/);
  });
});

describe('return cap', () => {
  it('caps a generated day at 1.5 × the largest training |standardised return|, and leaves training windows intact', async () => {
    const { fitTransforms, modelToWindow, windowToModel } = await import('../src/finance/data/transforms.js');
    const rng = new Rng(8);
    const returns = Float64Array.from({ length: 64 * 40 }, () => 0.01 * rng.normal());
    const s = fitTransforms(returns, { tails: true, regimeWindow: 64, levelProcess: true });
    let largest = 0;
    for (const r of returns) largest = Math.max(largest, Math.abs((r - s.mean) / s.std));
    expect(s.returnClip).toBeCloseTo(1.5 * largest, 12);
    const window = returns.subarray(64, 128);
    const { values, condition } = windowToModel(window, s);
    modelToWindow(values, condition, s).forEach((r, i) => expect(r).toBeCloseTo(window[i], 9));
    // A level far above the training range with shape values at their clip: the product is capped.
    const extreme = modelToWindow(new Float64Array(64).fill(1e6), 10, s);
    for (const r of extreme) expect(Math.abs((r - s.mean) / s.std)).toBeCloseTo(s.returnClip!, 9); // binding
  });
});

describe('validation score', () => {
  it('adds the ACF(|r|) error over lags 1–100 against the long reference, and only with one', () => {
    const rng = new Rng(9);
    // Clustered reference: a slowly switching volatility; the candidate: i.i.d. noise (no memory).
    const reference = Float64Array.from({ length: 4000 }, (_, t) => (Math.floor(t / 200) % 2 ? 3 : 1) * rng.normal());
    const candidate = [Float64Array.from({ length: 2000 }, () => rng.normal())];
    const validation = reference.subarray(3000);
    const without = validationScore(validation, candidate);
    const withLong = validationScore(validation, candidate, reference);
    expect(without.acfAbsLongError).toBe(0);
    const expected = meanAbsoluteError(autocorrelation(absolute([reference])[0], LONG_LAG), autocorrelation(absolute(candidate), LONG_LAG));
    expect(withLong.acfAbsLongError).toBeCloseTo(expected, 12);
    expect(withLong.acfAbsLongError).toBeGreaterThan(0.1); // the reference's |r| ACF stays high to lag 100
    expect(withLong.score).toBeCloseTo(without.score + withLong.acfAbsLongError + withLong.leverageError - without.leverageError, 12);
  });

  it('adds how far a classifier beats chance, never a reward for doing worse than chance', () => {
    const rng = new Rng(11);
    const validation = Float64Array.from({ length: 1000 }, () => rng.normal());
    const candidate = [Float64Array.from({ length: 2000 }, () => rng.normal())];
    const plain = validationScore(validation, candidate);
    expect(plain.discriminative).toBeNull();
    const detected = validationScore(validation, candidate, undefined, 0.72);
    expect(detected.discriminative).toBe(0.72);
    expect(detected.score).toBeCloseTo(plain.score + 0.22, 12);
    expect(validationScore(validation, candidate, undefined, 0.46).score).toBe(plain.score);
  });

  it('adds the leverage error over lags 1–5: a candidate without the effect scores worse than one with it', () => {
    const rng = new Rng(10);
    // Leverage by construction: a fall raises the next days' volatility, a rise lowers it. The candidate
    // without it flips every other sign, which leaves |r| (and so the other terms) as they are.
    const leveraged = (n: number) => {
      const out = new Float64Array(n);
      let scale = 1;
      for (let t = 0; t < n; t++) {
        out[t] = scale * rng.normal();
        scale = 0.8 * scale + 0.2 * (out[t] < 0 ? 1.6 : 0.6);
      }
      return out;
    };
    const reference = leveraged(20_000);
    const withEffect = validationScore(reference.subarray(15_000), [leveraged(20_000)], reference);
    const withoutEffect = validationScore(reference.subarray(15_000), [Float64Array.from(leveraged(20_000), (v, i) => (i % 2 ? -v : v))], reference);
    const expected = meanAbsoluteError(leverage([reference], LEVERAGE_LAG), leverage([leveraged(20_000)], LEVERAGE_LAG));
    expect(leverage([reference], 1)[0]).toBeLessThan(-0.1);
    expect(withEffect.leverageError).toBeLessThan(0.03);
    expect(withoutEffect.leverageError).toBeGreaterThan(2 * withEffect.leverageError);
    expect(expected).toBeLessThan(0.03);
  });
});
