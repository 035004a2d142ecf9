import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dailyState, DAILY_STATE_DAYS } from '../src/finance/data/daily-state.js';
import { prepareDataset } from '../src/finance/data/dataset.js';
import { logReturns } from '../src/finance/data/returns.js';
import { loadPriceCsv } from '../src/finance/data/csv.js';
import { conditionalPaths } from '../src/finance/model/conditional.js';
import { checkGeneratorOutput, type ReturnGanConfig } from '../src/finance/model/config.js';
import { generatePaths } from '../src/finance/model/generate.js';
import { loadModelFile } from '../src/finance/model/model.js';
import { trainReturnGan } from '../src/finance/training/train.js';
import type { Module } from '../src/nn/index.js';
import { keep, sliceColumns, type Tensor } from '../src/tensor/index.js';
import { writeSmallPriceFile } from './helpers/prices.js';
import { tinyConfig } from './helpers/tiny-model.js';

const config: ReturnGanConfig = { ...tinyConfig, dailyCondition: true };
let data: string, model: ReturnType<typeof loadModelFile>;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gangrad-daily-'));
  data = writeSmallPriceFile(dir, 400);
  await trainReturnGan({ data, out: join(dir, 'model'), config, validationSamples: 32, runId: 'daily' });
  model = loadModelFile(join(dir, 'model', 'model.safetensors'));
});

/** The generator, recording the condition columns (level, previous level, daily state) of every batch it is given. */
function recording(generator: Module, latentDim: number): { module: Module; seen: Tensor[] } {
  const seen: Tensor[] = [];
  return { seen, module: { ...generator, forward: (x) => { seen.push(keep(sliceColumns(x, latentDim, 3))); return generator.forward(x); } } };
}

describe('the daily condition (config dailyCondition)', () => {
  it('gives every training row the daily state of the days just before its window, and keeps only windows with 100 such days', () => {
    const ds = prepareDataset(data, config);
    const train = ds.part('train');
    const width = config.window + 3, offset = config.window; // rows start where a previous window exists
    expect(ds.transforms.dailyCondition).toBe(true);
    expect(ds.windows.length).toBe(ds.windowCount * width);
    expect(ds.windowCount).toBe(train.length - config.window - DAILY_STATE_DAYS + 1);
    const first = DAILY_STATE_DAYS - offset; // the first kept window's index among all windows after the offset
    for (const k of [0, 7, ds.windowCount - 1]) {
      const start = offset + first + k;
      expect(ds.windows[k * width + config.window + 2]).toBeCloseTo(dailyState(train, start, ds.transforms), 5);
    }
    const plain = prepareDataset(data, tinyConfig);
    expect(plain.windows.length / plain.windowCount).toBe(config.window + 2);
  });

  it('the daily state is the EWMA (λ = 0.9) of the squared standardised returns, in level units', () => {
    const t = prepareDataset(data, config).transforms;
    const calm = new Float64Array(200).fill(t.mean);
    const wild = Float64Array.from(calm, (m, i) => m + (i % 2 ? 3 : -3) * t.std);
    expect(dailyState(wild, 200, t)).toBeGreaterThan(dailyState(calm, 200, t));
    // A constant 2σ move for 100 days: mean square 0.9^100 + 4 (1 − 0.9^100).
    const two = Float64Array.from(calm, (m) => m + 2 * t.std);
    const ms = 0.9 ** 100 + 4 * (1 - 0.9 ** 100);
    expect(dailyState(two, 200, t)).toBeCloseTo((Math.log(Math.sqrt(ms)) - t.regime!.mean) / t.regime!.std, 10);
  });

  it('is kept in the model file: the generator takes three conditions', () => {
    expect(model.metadata.config.dailyCondition).toBe(true);
    expect(model.metadata.transforms.dailyCondition).toBe(true);
    const first = model.networks.generator.parameters()[0];
    expect(first.shape).toContain(config.latentDim + 3);
  });

  it('forecasts give the generator the daily state of the real days before t, then each path\'s own', async () => {
    const { latentDim, window } = model.metadata.config;
    const history = logReturns(loadPriceCsv(data).prices);
    const { module, seen } = recording(model.networks.generator, latentDim);
    const paths = await conditionalPaths(module, latentDim, model.metadata.transforms, history, { horizon: window + 2, paths: 16, seed: 5 });
    expect(paths.every((p) => p.every(Number.isFinite))).toBe(true);
    expect(seen).toHaveLength(2); // one batch per window
    const firstWindow = await seen[0].data(), secondWindow = await seen[1].data();
    const today = dailyState(history, history.length, model.metadata.transforms);
    for (let i = 0; i < 16; i++) expect(firstWindow[i * 3 + 2]).toBeCloseTo(today, 5);
    const later = Array.from({ length: 16 }, (_, i) => secondWindow[i * 3 + 2]);
    expect(new Set(later.map((v) => v.toFixed(6))).size).toBeGreaterThan(1); // each path's own days
    seen.forEach((t) => t.dispose());
  });

  it('unconditional paths run with it, and a path\'s later windows read the path\'s own days', async () => {
    const { latentDim, window } = model.metadata.config;
    const { module, seen } = recording(model.networks.generator, latentDim);
    const paths = await generatePaths(module, latentDim, model.metadata.transforms, window, 4, 3 * window, 9);
    expect(paths.every((p) => p.length === 3 * window && p.every(Number.isFinite))).toBe(true);
    const first = await seen[0].data(), third = await seen[2].data();
    for (let i = 0; i < 4; i++) expect(first[i * 3 + 2]).toBe(first[i * 3 + 1]); // no days before a path: the previous level stands in
    expect(Array.from({ length: 4 }, (_, i) => third[i * 3 + 2]).some((v, i) => v !== third[i * 3 + 1])).toBe(true);
    seen.forEach((t) => t.dispose());
  });

  it('is refused without the window-level generator it conditions', () => {
    expect(() => checkGeneratorOutput({ ...config, generator: 'independent-windows' })).toThrow(/daily condition needs conditioning 'volatility' and generator 'window-ar-level'/);
    expect(() => checkGeneratorOutput({ ...config, conditioning: 'none', generatorOutput: 'returns' })).toThrow(/daily condition/);
  });
});
