/**
 * What the library does with the mistakes a developer embedding it makes (found by probing the public
 * API): each is a clear error naming the argument, not a crash, a silent NaN or a freed tensor.
 */
import { describe, expect, it } from 'vitest';
import {
  GanTrainer, ReturnGan, historicalSimulationForecaster, mlp, parseTable, rowSampler, runBacktest, scope, sum, tensor, type Tensor,
} from '../src/index.js';
import { checkForecastRequest, forecastSummary, sortedQuantile } from '../src/finance/forecaster.js';
import { christoffersen } from '../src/finance/evaluation/backtest/christoffersen.js';
import { chronologicalSplit } from '../src/finance/data/returns.js';
import { fitGarchT } from '../src/finance/baselines/index.js';
import { trainTabularGan } from '../src/tabular/index.js';

const data = Float32Array.from({ length: 256 }, (_, i) => Math.sin(i));
const trainer = (extra: object) => new GanTrainer({
  generator: mlp([2, 8, 1], { seed: 1 }), discriminator: mlp([1, 8, 1], { seed: 2 }), latentDim: 2, batchSize: 16,
  sampleReal: rowSampler(data, 256, 1, 3).sample, ...extra,
});
const returns = Float64Array.from({ length: 400 }, (_, i) => 0.01 * Math.sin(i * 1.7));

describe('library input checks', () => {
  it('GanTrainer: divergence bounds and conditionDim are checked; a batch of the wrong size names sampleReal', async () => {
    // The engine's messages are kept short: they count in the core bundle's 30 kB (docs/packaging.md).
    expect(() => trainer({ divergence: { patience: 0 } })).toThrow('gangrad: divergence bounds: {"patience":0}');
    expect(() => trainer({ divergence: { maxLoss: -1 } })).toThrow('gangrad: divergence bounds');
    const wrong = trainer({ sampleReal: (n: number) => tensor(new Float32Array(n + 1), [n + 1, 1]) });
    await expect(wrong.train(1)).rejects.toThrow('gangrad: sampleReal(16) returned [17,1]');
  });

  it('runBacktest: a non-finite return anywhere, a list that is not an array, a bad seed, a horizon or level twice', async () => {
    const hs = historicalSimulationForecaster({ window: 100 });
    const base = { returns, testStart: 300, forecasters: [hs], horizons: [1], levels: [0.95], samples: 20, seed: 1 };
    const last = Float64Array.from(returns);
    last[399] = NaN; // the last day is no forecast's history: only what the last forecast is scored against
    await expect(runBacktest({ ...base, returns: last })).rejects.toThrow('backtest: returns[399] is NaN: every daily return must be a finite number');
    await expect(runBacktest({ ...base, horizons: 5 as unknown as number[] })).rejects.toThrow('backtest: horizons must be an array');
    await expect(runBacktest({ ...base, seed: 1.5 })).rejects.toThrow('seed must be an integer from 0 to 4294967295, got 1.5');
    await expect(runBacktest({ ...base, samples: 1 })).rejects.toThrow('gangrad: backtest: samples must be a whole number ≥ 20, got 1');
    await expect(runBacktest({ ...base, returns: Array.from(returns) as unknown as Float64Array })).rejects.toThrow('returns must be a Float64Array');
    await expect(runBacktest({ ...base, horizons: [1, 1] })).rejects.toThrow('gangrad: backtest: horizon 1 is given twice');
    await expect(runBacktest({ ...base, levels: [0.99, 0.95, 0.99] })).rejects.toThrow('gangrad: backtest: level 0.99 is given twice');
    expect(() => checkForecastRequest('HS', returns, 1, { samples: 10, seed: Number.NaN }, 10)).toThrow('HS: seed must be a whole number ≥ 0, got NaN');
  });

  it('runBacktest: a forecaster that needs more history than the first forecast sees is refused before any forecast', async () => {
    // Before, the forecasters listed first ran over the whole test part (minutes for a GAN) and only then
    // did HS fail on its first day, with a message that did not say which option to change.
    let forecasts = 0;
    const counting = { name: 'counting', forecast: async (_h: Float64Array, _horizon: number, o: { samples: number }) => { forecasts++; return new Float64Array(o.samples).fill(0.01); } };
    const hs = historicalSimulationForecaster({ window: 350 });
    const base = { returns, testStart: 300, horizons: [1], levels: [0.95], samples: 20, seed: 1 };
    await expect(runBacktest({ ...base, forecasters: [counting, hs] })).rejects.toThrow(
      "gangrad: backtest: forecaster 'HS' needs at least 350 daily returns of history, but the first forecast sees 300 (testStart): set testStart to 350 or later",
    );
    expect(forecasts).toBe(0);
    // A forecaster that cannot condition on a history at all (a GAN without a level process) says so, not 'set testStart to Infinity'.
    await expect(runBacktest({ ...base, forecasters: [counting, { ...counting, name: 'GAN', minHistory: Infinity }] })).rejects.toThrow(
      "gangrad: backtest: forecaster 'GAN' cannot forecast from a history (minHistory Infinity: a GAN without a level process",
    );
    // At testStart = minHistory it runs.
    const result = await runBacktest({ ...base, testStart: 350, forecasters: [counting, hs] });
    expect(result.entries.map((e) => e.origins)).toEqual([50, 50]);
  });

  it('trainTabularGan: a config without the defaults names every field it lacks, not the first one a check meets', async () => {
    const table = parseTable('a,Class\n1.5,x\n2.5,y\n3.5,x\n4.5,y\n', 'x.csv');
    await expect(trainTabularGan({ data: table, config: { target: 'Class', steps: 2 } as never })).rejects.toThrow(
      "trainTabularGan: config lacks columnTypes, latentDim, hidden, alpha, lr, beta1, beta2, batch, seed, discriminatorSteps, temperature, penaltyWeight, pac, testFraction, logEvery, checkpointEvery: start from the defaults, { ...DEFAULT_TABULAR_CONFIG, target: 'Class', … }",
    );
  });

  it('sum over an axis other than 0 is refused, not summed over everything', () => {
    expect(() => sum(tensor([1, 2, 3, 4, 5, 6], [2, 3]), 1 as 0)).toThrow('gangrad: sum axis 1: 0 or none');
  });

  it('parseTable: a misspelt option, a kind that is not one, a string where a list belongs, bytes for text', () => {
    const csv = 'a,b\n1.5,x\n2.5,y\n3.5,x\n';
    expect(() => parseTable(csv, 'x.csv', { dorp: ['a'] } as object)).toThrow("x.csv: unknown table option 'dorp'");
    expect(() => parseTable(csv, 'x.csv', { kinds: { a: 'number' } } as object)).toThrow("x.csv: the kind of column 'a' must be 'numeric' or 'categorical', got \"number\"");
    expect(() => parseTable(csv, 'x.csv', { drop: 'a' } as object)).toThrow('x.csv: the table option drop must be an array of strings, got "a"');
    expect(() => parseTable(new TextEncoder().encode(csv) as unknown as string, 'x.csv')).toThrow('x.csv: parseTable needs the CSV as text');
  });

  it('a scope that returns a tensor another, interleaved scope freed is an error, not a freed tensor', async () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const first = scope(async () => { await sleep(5); const a = tensor([1]); await sleep(30); return a; });
    const second = scope(async () => { await sleep(10); return 0; });
    await expect(first).rejects.toThrow('gangrad: scope returned a tensor freed by an interleaved scope');
    await second;
    const fine: Tensor = await scope(async () => tensor([2]));
    expect(fine.isDisposed).toBe(false);
    fine.dispose();
  });

  it('trainTabularGan without a config says so', async () => {
    await expect(trainTabularGan({ data: 'x.csv' } as unknown as Parameters<typeof trainTabularGan>[0])).rejects.toThrow('trainTabularGan: options.config is required');
  });

  it('the finance helpers refuse what would give a silent NaN or a misleading message', () => {
    const withNaN = Float64Array.from({ length: 200 }, (_, i) => (i === 7 ? Number.NaN : 0.01 * Math.sin(i)));
    expect(() => fitGarchT(withNaN)).toThrow('GARCH-t: training return 7 is NaN, not a finite number');
    expect(() => christoffersen([0, 1, 2, 0], 0.99)).toThrow('hits are 0/1 (or booleans), got 2 on day 2');
    expect(() => chronologicalSplit(Number.NaN)).toThrow('chronologicalSplit needs a whole number of days ≥ 1, got NaN');
    expect(() => sortedQuantile([1, 2, 3], 2)).toThrow('sortedQuantile needs a probability in [0, 1]');
    expect(() => forecastSummary([0, 0.01, -0.01], [0.95], { fallBelow: [Number.NaN] })).toThrow('fallBelow must hold finite log returns, got NaN');
  });

  it('ReturnGan.fit refuses a wrong name, onProgress, signal or labelSmoothing before any training', async () => {
    const prices = Float64Array.from({ length: 3000 }, (_, i) => 100 * Math.exp(0.01 * Math.sin(i / 7)));
    await expect(ReturnGan.fit(prices, { name: 42 as unknown as string })).rejects.toThrow("ReturnGan.fit: option 'name' must be a string");
    await expect(ReturnGan.fit(prices, { onProgress: 5 as unknown as () => void })).rejects.toThrow("ReturnGan.fit: option 'onProgress' must be a function");
    await expect(ReturnGan.fit(prices, { signal: true as unknown as AbortSignal })).rejects.toThrow("ReturnGan.fit: option 'signal' must be an AbortSignal");
    await expect(ReturnGan.fit(prices, { labelSmoothing: 0.9 })).rejects.toThrow("ReturnGan.fit: option 'labelSmoothing' must lie in [0, 0.5), got 0.9");
  });
});
