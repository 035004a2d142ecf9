import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { UsageError } from '../src/cli/args.js';
import { backtestSettings, forecastersWithHistory, runBacktestCommand } from '../src/cli/backtest.js';
import { checkScenarioPrices, formatForecast, runForecast, thinTailWarnings } from '../src/cli/forecast.js';
import { loadPriceCsv } from '../src/finance/data/csv.js';
import { fileSha256, sameDataFile } from '../src/finance/data/dataset.js';
import { logReturns } from '../src/finance/data/returns.js';
import { runBacktest } from '../src/finance/evaluation/backtest/index.js';
import { classicalForecasters } from '../src/finance/baselines/forecasters.js';
import { forecastSummary } from '../src/finance/forecaster.js';
import { conditionalPaths, marketState, requiredHistory, stratifiedUniforms } from '../src/finance/model/conditional.js';
import { GanForecaster } from '../src/finance/model/gan-forecaster.js';
import { POSITION_DRIFT_MIN_PATHS } from '../src/finance/model/position-drift.js';
import { GanEnsembleForecaster } from '../src/finance/model/gan-ensemble.js';
import { fitShortTerm, shortTermShift } from '../src/finance/model/short-term.js';
import { loadModelFile } from '../src/finance/model/model.js';
import { ReturnGan } from '../src/finance/return-gan.js';
import { fitGaussian } from '../src/finance/baselines/index.js';
import { evaluateModel } from '../src/finance/evaluation/evaluate.js';
import { std } from '../src/finance/evaluation/stylized.js';
import { keep, Rng, setBackend, sliceColumns, type Tensor } from '../src/tensor/index.js';
import { createBackend } from '../src/backend/index.js';
import { cli, startCli, until } from './helpers/cli.js';
import { editModelMetadata, tinyConfig, trainTinyModel } from './helpers/tiny-model.js';
import { trainReturnGan } from '../src/finance/training/train.js';
import { writeSmallPriceFile, writeWithEarlierDays } from './helpers/prices.js';

let dir: string, modelDir: string, data: string;
let returns: Float64Array;
let gan: GanForecaster;
let loaded: ReturnType<typeof loadModelFile>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gangrad-forecast-'));
  ({ model: modelDir, data } = await trainTinyModel(dir));
  loaded = loadModelFile(join(modelDir, 'model.safetensors'));
  const { config, transforms } = loaded.metadata;
  gan = new GanForecaster({ generator: loaded.networks.generator, latentDim: config.latentDim, transforms });
  returns = logReturns(loadPriceCsv(data).prices);
});

const quiet = () => vi.spyOn(console, 'error').mockImplementation(() => {});

describe('conditional scenario paths', () => {
  it('start from the observed state: a calm history gives narrow paths, one right after a crash wide ones', async () => {
    const { config, transforms } = loaded.metadata;
    const calm = returns.map((r) => r * 0.3);
    const crash = Float64Array.from(calm);
    for (let i = crash.length - 5; i < crash.length; i++) crash[i] = -0.06;
    expect(marketState(crash, transforms).expectedNextLevel).toBeGreaterThan(marketState(calm, transforms).expectedNextLevel);
    const width = async (history: Float64Array) => {
      const paths = await conditionalPaths(loaded.networks.generator, config.latentDim, transforms, history, { horizon: 1, paths: 2000, seed: 3 });
      const sorted = Float64Array.from(paths, (p) => p[0]).sort();
      return sorted[Math.floor(0.99 * sorted.length)] - sorted[Math.floor(0.01 * sorted.length)];
    };
    expect(await width(crash)).toBeGreaterThan(2 * (await width(calm)));
  });

  it('move the first level with the last days: a daily filter fitted on the history, zero on average', () => {
    const { transforms } = loaded.metadata;
    // A GARCH-like history (helpers/prices.ts): volatility clusters, so recent days predict the next ones.
    const long = logReturns(loadPriceCsv(writeSmallPriceFile(mkdtempSync(join(tmpdir(), 'gangrad-short-')), 3000)).prices);
    const fit = fitShortTerm(long, transforms, 1);
    // [intercept, ℓ, v, n, g]: the daily filters carry information beyond the window level.
    expect(fit.gjr).not.toBeNull();
    expect(fit.coefficients[2] + fit.coefficients[3] + fit.coefficients[4]).toBeGreaterThan(0.3);
    const shocked = Float64Array.from(long);
    for (let i = shocked.length - 5; i < shocked.length; i++) shocked[i] = -0.05;
    const calm = Float64Array.from(long);
    for (let i = calm.length - 20; i < calm.length; i++) calm[i] *= 0.1;
    // The first window's level, ℓ + δ: up after a shock, down after a calm stretch, against the plain history.
    const first = (h: Float64Array) => marketState(h, transforms).expectedNextLevel + shortTermShift(fit, h, transforms);
    expect(first(shocked)).toBeGreaterThan(first(long) + 0.2);
    expect(first(calm)).toBeLessThan(first(long) - 0.2);
    // Centred: over the history it was fitted on, the mean shift is zero.
    let sum = 0, count = 0;
    for (let t = 400; t < long.length; t += 5, count++) sum += shortTermShift(fit, long.subarray(0, t + 1), transforms);
    expect(Math.abs(sum / count)).toBeLessThan(0.05);
  });

  it('weigh falls more than rises when the history has a leverage effect; on GJR data the GJR filter carries the weight', () => {
    const { transforms } = loaded.metadata;
    // GJR-GARCH with γ four times α: a fall raises tomorrow's variance far more than a rise of the same size.
    const rng = new Rng(22), n = 20000, x = new Float64Array(n);
    let h = 1e-4;
    for (let i = 0; i < n; i++) {
      x[i] = Math.sqrt(h) * rng.normal();
      h = 2e-6 + (0.03 + (x[i] < 0 ? 0.12 : 0)) * x[i] * x[i] + 0.86 * h;
    }
    const fit = fitShortTerm(x, transforms, 1);
    // g is the true log volatility here (up to the fit's error), so it takes the weight of a unit slope.
    expect(fit.coefficients[4]).toBeGreaterThan(0.7);
    expect(fit.gjr!.parameters.gamma).toBeGreaterThan(2 * fit.gjr!.parameters.alpha);
    const ending = (r: number) => Float64Array.from(x, (v, i) => (i >= n - 3 ? r : v));
    expect(shortTermShift(fit, ending(-0.03), transforms)).toBeGreaterThan(shortTermShift(fit, ending(0.03), transforms) + 0.1);
  });

  it('apply the near-term shift by scaling the first window, not by moving the level the generator is given', async () => {
    const { config, transforms } = loaded.metadata;
    const { generator } = loaded.networks;
    const batches: Tensor[] = [];
    const recorder = { ...generator, forward: (x: Tensor) => { batches.push(keep(sliceColumns(x, config.latentDim, 2))); return generator.forward(x); } };
    /** The (level, previous level) rows the generator was given since the last call, in order. */
    const given = async () => {
      const rows: number[][] = [];
      for (const t of batches.splice(0)) { const v = await t.data(); for (let r = 0; r < v.length; r += 2) rows.push([v[r], v[r + 1]]); t.dispose(); }
      return rows;
    };
    const horizon = config.window + 1;
    const p = transforms.levelProcess!;
    // 0.3, and a shift that takes the highest first levels beyond the range the generator was trained on.
    await conditionalPaths(recorder, config.latentDim, transforms, returns, { horizon, paths: 40, seed: 9 });
    const highest = Math.max(...(await given()).slice(0, 40).map((row) => row[0]));
    for (const shift of [0.3, p.max - highest + 0.3]) {
      const make = (levelShift: number) => conditionalPaths(recorder, config.latentDim, transforms, returns, { horizon, paths: 40, seed: 9, levelShift });
      const plain = await make(0);
      const asked = await given();
      const shifted = await make(shift);
      const seen = await given();
      // The first window's days: the same shapes, scaled by the shift in log RMS, beyond the range too
      // (up to the clip on a single day's standardised return, which is there for absurd outliers).
      const factor = Math.exp(transforms.regime!.std * shift);
      const clip = transforms.returnClip ?? Infinity;
      let scaled = 0;
      plain.forEach((path, i) => {
        for (let d = 0; d < config.window; d++) {
          const want = (path[d] - transforms.mean) * factor;
          if (Math.abs(want) / transforms.std < clip) { expect(shifted[i][d] - transforms.mean).toBeCloseTo(want, 9); scaled++; }
          else expect(Math.abs(shifted[i][d] - transforms.mean) / transforms.std).toBeCloseTo(clip, 9);
        }
      });
      expect(scaled).toBeGreaterThan(0.8 * 40 * config.window);
      // The generator was asked for the same first levels, all in range; the next window's previous level
      // is the shifted one, clamped into the range.
      expect(seen.slice(0, 40)).toEqual(asked.slice(0, 40));
      for (let i = 0; i < 40; i++) {
        expect(asked[i][0]).toBeGreaterThanOrEqual(p.min - 1e-6);
        expect(asked[i][0]).toBeLessThanOrEqual(p.max + 1e-6);
        expect(seen[40 + i][1]).toBeCloseTo(Math.min(p.max, asked[i][0] + shift), 5);
        expect(asked[40 + i][1]).toBeCloseTo(asked[i][0], 5);
      }
    }
  });

  it('of the forecaster have no drift by window position, and a few paths are shifted, not flattened', async () => {
    const { config } = loaded.metadata;
    const horizon = 5;
    const many = await gan.paths(returns, horizon, { samples: POSITION_DRIFT_MIN_PATHS + 100, seed: 4 });
    const means = Array.from({ length: horizon }, (_, d) => many.reduce((s, p) => s + p[d], 0) / many.length);
    for (const m of means) expect(m).toBeCloseTo(means[0], 12);
    // Without the correction the tiny generator's position means differ by far more than that.
    const raw = await conditionalPaths(loaded.networks.generator, config.latentDim, loaded.metadata.transforms, returns, { horizon, paths: many.length, seed: 4 });
    const rawMeans = Array.from({ length: horizon }, (_, d) => raw.reduce((s, p) => s + p[d], 0) / raw.length);
    expect(Math.max(...rawMeans) - Math.min(...rawMeans)).toBeGreaterThan(1e-6);
    // Three paths: the raw draws of the same seed, each day moved by one amount for all three (estimated on
    // padded rows), not flattened to their own average.
    const few = await gan.paths(returns, horizon, { samples: 3, seed: 4 });
    const rawFew = await conditionalPaths(loaded.networks.generator, config.latentDim, loaded.metadata.transforms, returns, { horizon, paths: 3, seed: 4, levelShift: gan.levelShift(returns, horizon) });
    for (let d = 0; d < horizon; d++) {
      const moved = few[0][d] - rawFew[0][d];
      for (let i = 1; i < 3; i++) expect(few[i][d] - rawFew[i][d]).toBeCloseTo(moved, 12);
    }
    for (const p of few) expect(std(p)).toBeGreaterThan(0);
    // Beyond one generator batch (4,096 rows), equal batches, each with equal position means: no small last batch.
    const big = await conditionalPaths(loaded.networks.generator, config.latentDim, loaded.metadata.transforms, returns, { horizon: 2, paths: 4100, seed: 4, removePositionDrift: true });
    for (const part of [big.slice(0, 2050), big.slice(2050)]) {
      const [a, b] = [0, 1].map((d) => part.reduce((s, p) => s + p[d], 0) / part.length);
      expect(a).toBeCloseTo(b, 12);
    }
  });

  it('draw the level innovations stratified: one uniform in each of n strata, in random order, fixed by the seed', () => {
    for (const n of [1, 2, 7, 500]) {
      const u = stratifiedUniforms(n, new Rng(11));
      expect(u.length).toBe(n);
      const strata = Array.from(u, (x) => Math.floor(x * n)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(Array.from(u).every((x) => x >= 0 && x < 1)).toBe(true);
      expect(Array.from(stratifiedUniforms(n, new Rng(11)))).toEqual(Array.from(u));
    }
    // Random order: not sorted, and not the same order for another seed.
    const a = Array.from(stratifiedUniforms(500, new Rng(11))), b = Array.from(stratifiedUniforms(500, new Rng(12)));
    expect(a).not.toEqual([...a].sort((x, y) => x - y));
    expect(a.map((x) => Math.floor(x * 500))).not.toEqual(b.map((x) => Math.floor(x * 500)));
    // Each value is uniform on its own: over many seeds the first value's mean is 1/2 and its spread that of U(0, 1).
    const first = Array.from({ length: 4000 }, (_, s) => stratifiedUniforms(20, new Rng(1000 + s))[0]);
    const mean = first.reduce((x, y) => x + y, 0) / first.length;
    const variance = first.reduce((x, y) => x + (y - mean) ** 2, 0) / first.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.015);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.006);
  });

  it('are fixed by the seed, differ between seeds, and continue window by window past one window', async () => {
    const { config, transforms } = loaded.metadata;
    const make = (seed: number, horizon: number) => conditionalPaths(loaded.networks.generator, config.latentDim, transforms, returns, { horizon, paths: 50, seed });
    expect(await make(5, 3)).toEqual(await make(5, 3));
    expect(await make(6, 3)).not.toEqual(await make(5, 3));
    const long = await make(5, 3 * config.window + 2);
    expect(long[0].length).toBe(3 * config.window + 2);
    expect(long.every((p) => p.every(Number.isFinite))).toBe(true);
  });

  it('refuse a history shorter than the level process looks back, and bad sizes', async () => {
    const { config, transforms } = loaded.metadata;
    const need = requiredHistory(transforms);
    const short = returns.subarray(0, need - 1);
    await expect(conditionalPaths(loaded.networks.generator, config.latentDim, transforms, short, { horizon: 1, paths: 10, seed: 1 })).rejects.toThrow(`needs ${need} days`);
    await expect(conditionalPaths(loaded.networks.generator, config.latentDim, transforms, returns, { horizon: 0, paths: 10, seed: 1 })).rejects.toThrow('horizon');
    await expect(gan.forecast(returns, 1, { samples: 0, seed: 1 })).rejects.toThrow('samples');
  });

  it('never look ahead: changing the days after t leaves every forecast made at t unchanged', async () => {
    const testStart = returns.length - 30;
    const changed = Float64Array.from(returns);
    for (let i = testStart + 10; i < changed.length; i++) changed[i] *= -3;
    const run = (r: Float64Array) => runBacktest({ returns: r, testStart, forecasters: [gan], horizons: [1], levels: [0.99], samples: 200, seed: 2 });
    const [a, b] = [await run(returns), await run(changed)];
    const before = a.entries[0].series.origin.filter((t) => t < testStart + 10).length;
    expect(before).toBeGreaterThan(5);
    expect(b.entries[0].series.valueAtRisk[0].slice(0, before)).toEqual(a.entries[0].series.valueAtRisk[0].slice(0, before));
    expect(b.entries[0].series.valueAtRisk[0].slice(before)).not.toEqual(a.entries[0].series.valueAtRisk[0].slice(before));
  });
});

describe('ReturnGan.forecast', () => {
  it('refuses what would exhaust memory or be misread: too many paths, null options, a null in the history, fallBelow not a list', async () => {
    const model = ReturnGan.load(modelDir);
    await expect(model.forecast(returns, { paths: 1e8, horizon: 10 })).rejects.toThrow('ReturnGan.forecast: 100000000 paths × 10 days is 1,000,000,000 daily values, beyond the 25,000,000 one forecast holds in memory');
    await expect(model.forecast(returns, null as unknown as object)).rejects.toThrow('ReturnGan.forecast: options must be an object');
    await expect(model.forecast(returns.slice(-10), { paths: 50 })).rejects.toThrow(`ReturnGan.forecast: history holds 10 daily returns; this model needs at least ${model.forecaster().minHistory}`);
    const withNull: (number | null)[] = Array.from(returns);
    withNull[withNull.length - 1] = null;
    await expect(model.forecast(withNull as number[], { paths: 50 })).rejects.toThrow(`ReturnGan.forecast: history[${returns.length - 1}] is null, not a daily log return`);
    await expect(model.forecast(returns, { paths: 50, fallBelow: -0.05 as unknown as number[] })).rejects.toThrow('ReturnGan.forecast: fallBelow must be an array of log returns');
    // The same threshold twice would give the same row twice: refused, as the CLI refuses --below -0.05,-0.05.
    await expect(model.forecast(returns, { paths: 50, fallBelow: [-0.05, -0.05] })).rejects.toThrow('ReturnGan.forecast: fallBelow -0.05 is given twice');
    await expect(model.forecast(returns, { paths: 50, onWarning: 'log' as never })).rejects.toThrow("ReturnGan.forecast: option 'onWarning' must be a function, got 'log'");
  });

  it('forecasts from a history in the library as the CLI does, and backtests through forecaster()', async () => {
    const model = ReturnGan.load(modelDir);
    const { paths, summary } = await model.forecast(returns, { horizon: 3, paths: 200, seed: 4, fallBelow: [-0.02] });
    expect(paths).toHaveLength(200);
    expect(paths[0]).toHaveLength(3);
    expect(summary.risk[1].valueAtRisk).toBeGreaterThan(summary.risk[0].valueAtRisk);
    const same = await gan.paths(returns, 3, { samples: 200, seed: 4 });
    expect(paths).toEqual(same);
    const result = await runBacktest({ returns, testStart: returns.length - 10, forecasters: [model.forecaster()], horizons: [1], levels: [0.95], samples: 50, seed: 1 });
    expect(result.entries[0].origins).toBe(10);
    model.dispose();
  });

  it("hands onWarning the CLI's warnings on the request, in the library's option names", async () => {
    const model = ReturnGan.load(modelDir);
    const warned: string[] = [];
    const { summary } = await model.forecast(returns, { horizon: 2, paths: 20, levels: [0.01, 0.95], fallBelow: [-5], onWarning: (w) => warned.push(w) });
    expect(warned).toEqual([
      'warning: levels 0.01 is a 1 % confidence level: its VaR is the 99 % quantile, a gain, not a loss; for the VaR of the worst 1 % of outcomes give 0.99',
      'warning: paths 20 leaves about 1 path beyond the 95 % VaR, so its VaR and ES are mostly noise; paths 200 or more leaves 10',
      'warning: fallBelow -5 is a log return of -500 % over the horizon; a fall of about 5 % is -0.05',
      `warning: the forecast's history holds ${returns.length} daily returns, fewer than 2500 (about ten years): the near-term correction fitted on it rests on few days, and a longer history of the same market can move the forecast far; give the whole history where there is one`,
    ]);
    expect(summary.fallBelow).toEqual([{ threshold: -5, probability: 0 }]);
    // A request with nothing to warn of says nothing (a history of 2,500 returns: this file's, repeated).
    warned.length = 0;
    const long = Float64Array.from({ length: 2500 }, (_, i) => returns[i % returns.length]);
    await model.forecast(long, { horizon: 2, paths: 1000, onWarning: (w) => warned.push(w) });
    expect(warned).toEqual([]);
    model.dispose();
  });
});

describe('gangrad forecast', () => {
  it('writes the figures, the paths and the fan chart; refuses to replace them without --force', async () => {
    const stderr = quiet();
    const out = join(dir, 'paths.csv'), json = join(dir, 'forecast.json'), html = join(dir, 'fan.html');
    const lines: string[] = [];
    const result = await runForecast(['--model', modelDir, '--horizon', '5', '--paths', '300', '--out', out, '--json', json, '--html', html, '--backend', 'cpu'], (l) => lines.push(l));
    // The column read is named (the model's own: 'close' in this file).
    expect(result.column).toBe('close');
    expect(lines[0]).toMatch(new RegExp(`\\.csv \\(close\\): 5-day forecast from the close of ${result.asOf}`));
    expect(result.summary.risk.map((r) => r.level)).toEqual([0.95, 0.99]);
    expect(result.summary.risk[1].valueAtRisk).toBeGreaterThan(result.summary.risk[0].valueAtRisk);
    expect(result.summary.risk[1].expectedShortfall).toBeGreaterThanOrEqual(result.summary.risk[1].valueAtRisk);
    expect(lines.join('\n')).toContain('VaR 99.00 %');
    // The quantile table's columns end where their headers end.
    const table = lines.join('\n').split('\n').filter((l) => /^ {2}(quantile| +\d+\.\d\d %)/.test(l));
    expect(table[0]).toMatch(/^ {2}quantile {3}5-day log return {3}/);
    const ends = (l: string) => [...l.matchAll(/\S+( %)?(?= {3}|$)/g)].map((m) => m.index! + m[0].length);
    for (const row of table.slice(1)) expect(ends(row)).toEqual(ends(table[0]));
    expect(stderr.mock.calls.flat().map(String).some((w) => /^wrote .*paths\.csv, .*forecast\.json, .*fan\.html$/.test(w))).toBe(true);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(1 + 300 * 6);
    // The JSON and the page carry the seed and the warnings printed on stderr (300 paths: 3 beyond the 99 % VaR).
    const saved = JSON.parse(readFileSync(json, 'utf8'));
    expect([saved.asOf, saved.seed]).toEqual([result.asOf, 1]);
    expect(saved.warnings).toEqual([expect.stringMatching(/^--paths 300 leaves about 3 paths beyond the 99 % VaR/), expect.stringMatching(/^the forecast's history holds \d+ daily returns, fewer than 2500/)]);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<svg');
    expect(page).toContain(`<p class="about">Model ${modelDir} (step ${loaded.metadata.step}); noise seed 1.</p>`);
    expect(page).toMatch(/<b>Warnings<\/b><ul><li>--paths 300 leaves about 3 paths beyond the 99 % VaR/);
    await expect(runForecast(['--model', modelDir, '--paths', '20', '--json', json, '--backend', 'cpu'], () => {})).rejects.toThrow('--force');
  });

  it('warns that a date inside the training part is in-sample', async () => {
    const warn = quiet();
    const dates = loadPriceCsv(data).dates;
    const result = await runForecast(['--model', modelDir, '--as-of', dates[150], '--paths', '50', '--backend', 'cpu'], () => {});
    expect(result.inSample).toBe(true);
    expect(warn.mock.calls.flat().join(' ')).toContain('in-sample');
    // The close of the last training day starts the backtest's first test forecast: not in-sample (it was
    // flagged, as the forecast's own origin lies in the training part); the day before it is.
    const first = dates.indexOf(loaded.metadata.data.testStartDate);
    const at = async (i: number) => (await runForecast(['--model', modelDir, '--as-of', dates[i], '--horizon', '2', '--paths', '20', '--backend', 'cpu'], () => {})).inSample;
    expect([await at(first - 2), await at(first - 1), await at(first)]).toEqual([true, false, false]);
    // The same from a copy of the file that ends at DATE (no row for the forecast's first day).
    const lines = readFileSync(data, 'utf8').trim().split('\n');
    const endingAt = async (i: number) => {
      const copy = join(dir, `ends-${i}.csv`);
      writeFileSync(copy, lines.slice(0, lines.findIndex((l) => l.startsWith(dates[i])) + 1).join('\n') + '\n');
      return (await runForecast(['--model', modelDir, '--data', copy, '--horizon', '2', '--paths', '20', '--backend', 'cpu'], () => {})).inSample;
    };
    expect([await endingAt(first - 2), await endingAt(first - 1)]).toEqual([true, false]);
    // The next day is the training file's, not the calendar's: were the last training day a holiday
    // (no row in the model's file), the day before it would start the test part's first forecast.
    const holidayModel = join(dir, 'holiday-model'), training = join(dir, 'holiday-training.csv');
    cpSync(modelDir, holidayModel, { recursive: true });
    writeFileSync(training, lines.filter((l) => !l.startsWith(dates[first - 1])).join('\n') + '\n');
    editModelMetadata(join(holidayModel, 'model.safetensors'), (m) => { (m.data as { file: string }).file = training; });
    const copy = join(dir, `ends-${first - 2}.csv`);
    expect((await runForecast(['--model', holidayModel, '--data', copy, '--horizon', '2', '--paths', '20', '--backend', 'cpu'], () => {})).inSample).toBe(false);
  });

  it('--compare: the practitioners\' models forecast from the same history up to DATE, beside the GAN, in text and JSON', async () => {
    const series = loadPriceCsv(data);
    const at = series.dates.length - 40, lines: string[] = [];
    const json = join(dir, 'compare.json');
    const result = await runForecast(['--model', modelDir, '--as-of', series.dates[at], '--horizon', '3', '--paths', '400', '--compare', '--json', json, '--backend', 'cpu'], (l) => lines.push(l));
    expect(result.compare!.map((c) => c.name)).toEqual(['HS', 'EWMA-normal', 'EWMA-t', 'GJR-GARCH-t', 'FHS']);
    // This small file holds fewer returns than HS's 500-day window: HS says so, the others forecast.
    expect(result.compare![0]).toEqual({ name: 'HS', skipped: `HS needs at least 500 daily returns of history, got ${at}` });
    // Each is the baseline's own forecast from the returns up to DATE, nothing after it.
    const history = logReturns(series.prices.subarray(0, at + 1));
    const gjr = classicalForecasters()[3];
    const direct = forecastSummary(await gjr.forecast(history, 3, { samples: 400, seed: 1 }), [0.95, 0.99]);
    expect(result.compare![3].summary!.risk).toEqual(direct.risk);
    for (const { summary } of result.compare!.slice(1)) for (const k of summary!.risk) expect(k.expectedShortfall).toBeGreaterThanOrEqual(k.valueAtRisk);
    const text = lines.join('\n');
    // Each model's own count of samples; 400 leave 4 beyond the 99 % VaR, so that level is marked as noise.
    expect(text).toMatch(/^  model +samples +VaR 95\.00 % +ES 95\.00 % +VaR 99\.00 % +ES 99\.00 %$/m);
    expect(text).toMatch(/^  GJR-GARCH-t +400 +\d+\.\d\d % +\d+\.\d\d % +\d+\.\d\d %\* +\d+\.\d\d %\*$/m);
    expect(text).toContain("  * fewer than 10 of the model's samples lie beyond this VaR: its VaR and ES are mostly noise");
    expect(text).not.toContain('400 samples each');
    expect(text).toContain(`  HS: none (HS needs at least 500 daily returns of history, got ${at})`);
    expect(JSON.parse(readFileSync(json, 'utf8')).compare).toHaveLength(5);
  });

  it('a scenario price outside the range of a float64 is refused, naming the day, never printed or written as Infinity or 0', () => {
    const paths = [Float64Array.from([0.02, 0.01]), Float64Array.from([-1, -2])];
    expect(() => checkScenarioPrices(paths, 100, 'f.csv: the close of 2020-01-02')).not.toThrow();
    expect(() => checkScenarioPrices(paths, 1.78e308, 'f.csv: the close of 2020-01-02')).toThrow("f.csv: the close of 2020-01-02: price 1.78000e+308 times the scenarios' largest rise (log return 0.03) is Infinity, outside the range of a float64: rescale the prices (the returns, and so the forecast, are the same)");
    expect(() => checkScenarioPrices(paths, 5e-324, 'f.csv: the close of 2020-01-02')).toThrow("largest fall (log return -3.00) is 0, outside the range of a float64");
  });

  it('a usage error comes alone: no thin-tail warning is printed before a bad --as-of is refused', async () => {
    const warn = quiet();
    warn.mockClear();
    await expect(runForecast(['--model', modelDir, '--paths', '20', '--as-of', '1999-01-01', '--backend', 'cpu'], () => {})).rejects.toThrow(/no row with that date/);
    expect(warn.mock.calls.flat().map(String).filter((l) => l.startsWith('warning:'))).toEqual([]);
    vi.restoreAllMocks();
  });

  it('gives clear usage errors: a date missing from the data, horizon 0, levels outside (0, 1), too little history', async () => {
    const dates = loadPriceCsv(data).dates;
    const run = (...args: string[]) => runForecast(['--model', modelDir, '--paths', '20', '--backend', 'cpu', ...args], () => {});
    await expect(run('--as-of', '1999-01-01')).rejects.toThrow(/no row with that date/);
    await expect(run('--as-of', '2020-3-16')).rejects.toThrow(/--as-of 2020-3-16: expected a date as YYYY-MM-DD/);
    await expect(run('--horizon', '0')).rejects.toThrow(UsageError);
    await expect(run('--horizon', '-1')).rejects.toThrow("--horizon must be a positive whole number of days, got '-1'");
    await expect(run('--levels', '0.95,1')).rejects.toThrow(/strictly between 0 and 1/);
    await expect(run('--levels', '0')).rejects.toThrow(UsageError);
    await expect(run('--as-of', dates[2])).rejects.toThrow(/returns of history/);
    // Beyond a trading year a forecast is a long scenario path: gangrad sample's job. Too few paths give no quantiles.
    await expect(run('--horizon', '251')).rejects.toThrow(/--horizon 251: at most 250 days .*gangrad sample/);
    await expect(runForecast(['--model', modelDir, '--paths', '19', '--backend', 'cpu'], () => {})).rejects.toThrow("--paths must be an integer ≥ 20, got '19'");
    // A day the calendar does not have is not "missing from the data"; bulk paths are gangrad sample's job.
    await expect(run('--as-of', '2023-02-30')).rejects.toThrow('--as-of 2023-02-30: not a date in the calendar');
    await expect(runForecast(['--model', modelDir, '--backend', 'cpu', '--paths', '300000', '--horizon', '250'], () => {})).rejects.toThrow(/--paths 300000 × --horizon 250: at most 25,000,000 daily values .*--paths 100000.*gangrad sample/);
    // An option given twice counted only the second time: refused, naming both values.
    await expect(run('--horizon', '5', '--horizon', '3')).rejects.toThrow(new UsageError("--horizon is given 2 times ('5', '3'): give it once"));
    // Numbers are written in decimal; a value twice in a list is a slip.
    await expect(run('--horizon', '0x10')).rejects.toThrow("--horizon must be a positive whole number of days, got '0x10'");
    await expect(run('--levels', '0.95,0.95')).rejects.toThrow('--levels: 0.95 is given twice');
    await expect(runForecast(['--model', `${modelDir},${modelDir}`, '--paths', '20', '--backend', 'cpu'], () => {})).rejects.toThrow(`--model: ${modelDir} is given twice`);
    // A copy of the directory is the same run under another name (its run id says so).
    const copy = join(dir, 'copy-of-model');
    cpSync(modelDir, copy, { recursive: true });
    await expect(runForecast(['--model', `${modelDir},${copy}`, '--paths', '20', '--backend', 'cpu'], () => {})).rejects.toThrow(new RegExp(`--model: ${copy} holds the same run as ${modelDir} \\(run \\S+, a copy or a link\\?\\)`));
    rmSync(copy, { recursive: true });
    await expect(runForecast(['--model', `${modelDir},`, '--paths', '20', '--backend', 'cpu'], () => {})).rejects.toThrow(`--model '${modelDir},': an empty item in the list`);
    // A date with no row (a weekend, a holiday) names the row before it.
    const lines = readFileSync(data, 'utf8').trim().split('\n');
    const holiday = join(dir, 'holiday.csv');
    writeFileSync(holiday, [...lines.slice(0, 201), ...lines.slice(202)].join('\n') + '\n');
    await expect(run('--data', holiday, '--as-of', dates[200])).rejects.toThrow(`--as-of ${dates[200]}: no row with that date in ${holiday} (dates run from ${dates[0]} to ${dates.at(-1)}; the last row before it is ${dates[199]})`);
    // A folder for --data, or a backend that does not exist: usage errors naming them.
    await expect(run('--data', dir)).rejects.toThrow(new UsageError(`${dir}: a directory, not a CSV file (--data)`));
    await expect(runForecast(['--model', modelDir, '--paths', '20', '--backend', 'gpu'], () => {})).rejects.toThrow(new UsageError("--backend must be one of auto, cpu, wasm, gpujs, webgpu, got 'gpu'"));
    // Sampling seeds run from --seed up: the last must still be a seed.
    await expect(runBacktestCommand(['--model', modelDir, '--seed', '4294967295', '--seeds', '3'], () => {})).rejects.toThrow('the runs use seeds 4294967295 to 4294967297, past the largest seed 4294967295');
  });

  it('refuses a --data file with an implausible price, unless --allow-outliers (the training file itself is trusted as trained on)', async () => {
    const lines = readFileSync(data, 'utf8').trim().split('\n');
    const spiked = join(dir, 'spiked.csv');
    writeFileSync(spiked, lines.map((l, i) => (i === 250 ? l.replace(/,([\d.]+)$/, (_, p) => `,${(6 * Number(p)).toFixed(4)}`) : l)).join('\n') + '\n');
    const run = (...args: string[]) => runForecast(['--model', modelDir, '--data', spiked, '--paths', '20', '--horizon', '1', '--backend', 'cpu', ...args], () => {});
    await expect(run()).rejects.toThrow(/spiked\.csv:251: close [\d.]+ on \S+ is 6\.0\d times the previous day's .* beyond a factor 5 in one day \(to keep it with a warning: --allow-outliers with gangrad train and forecast/);
    const warn = quiet();
    warn.mockClear();
    await run('--allow-outliers');
    expect(warn.mock.calls.flat().map(String).filter((w) => /spiked\.csv:251: .* kept \(--allow-outliers\)/.test(w))).toHaveLength(1);
    warn.mockRestore();
  });

  it('never writes an output over an input, nor two outputs to one file, even with --force; writes all outputs or none', async () => {
    const run = (...args: string[]) => runForecast(['--model', modelDir, '--paths', '20', '--backend', 'cpu', '--force', ...args], () => {});
    const before = readFileSync(data, 'utf8');
    await expect(run('--out', data)).rejects.toThrow(`${data} is the data file: an output may not replace an input`);
    await expect(run('--json', join(modelDir, 'model.safetensors'))).rejects.toThrow(/model\.safetensors is the model file/);
    const twice = join(dir, 'twice.out');
    await expect(run('--out', twice, '--json', twice)).rejects.toThrow(`${twice} and ${twice} name the same file`);
    expect(readFileSync(data, 'utf8')).toBe(before);
    // The html's directory vanishes after the checks: the CSV written before it must not stay behind.
    const gone = mkdtempSync(join(dir, 'gone-'));
    const csv = join(dir, 'all-or-none.csv');
    const stderr = quiet();
    const racing = runForecast(['--model', modelDir, '--paths', '20', '--backend', 'cpu', '--out', csv, '--html', join(gone, 'fan.html')], () => rmSync(gone, { recursive: true, force: true }));
    await expect(racing).rejects.toThrow(/fan\.html: cannot write/);
    stderr.mockRestore();
    expect(existsSync(csv)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('a --data file with a Close and an Adj Close, for a model of a close: the column read is said, with the --column to read the other', async () => {
    const [, ...rows] = readFileSync(data, 'utf8').trim().split('\n');
    const yahoo = join(dir, 'yahoo-style.csv');
    writeFileSync(yahoo, ['Date,Open,High,Low,Close,Adj Close,Volume', ...rows.map((l) => { const [d, p] = l.split(','); return `${d},${p},${p},${p},${p},${(0.9 * Number(p)).toFixed(6)},100`; })].join('\n') + '\n');
    const warn = quiet();
    warn.mockClear();
    const run = (...args: string[]) => runForecast(['--model', modelDir, '--data', yahoo, '--paths', '20', '--horizon', '1', '--backend', 'cpu', ...args], () => {});
    expect((await run()).column).toBe('Close');
    expect(warn.mock.calls.flat().map(String).filter((w) => w.includes('Adj Close'))).toEqual([
      expect.stringMatching(/^warning: \S*yahoo-style\.csv: read column 'Close' \(the model's column, by name\); gangrad train would read 'Adj Close' from this file \(an adjusted close before a close\): pass --column 'Adj Close' to forecast from it$/),
    ]);
    warn.mockClear();
    // Named, either column is the user's choice: nothing to say.
    expect((await run('--column', 'Adj Close')).column).toBe('Adj Close');
    expect((await run('--column', 'Close')).column).toBe('Close');
    expect(warn.mock.calls.flat().map(String).filter((w) => w.includes('Adj Close'))).toEqual([]);
    warn.mockRestore();
  });

  it('warns when --data is another series: another first day, or other returns over the model\'s training days', async () => {
    const lines = readFileSync(data, 'utf8').trim().split('\n');
    const later = join(dir, 'later-start.csv');
    writeFileSync(later, [lines[0], ...lines.slice(11)].join('\n') + '\n');
    const warn = quiet();
    warn.mockClear(); // a spy of an earlier test may still hold its calls
    await runForecast(['--model', modelDir, '--data', later, '--paths', '20', '--horizon', '2', '--backend', 'cpu'], () => {});
    // The tiny model's file is far shorter than ten years: every forecast here is warned of that, which this test leaves aside.
    const shortHistory = (w: string) => w.startsWith("warning: the forecast's history holds");
    const said = warn.mock.calls.flat().map(String).filter((w) => w.startsWith('warning:') && !w.startsWith('warning: --paths') && !shortHistory(w));
    // The same series cut to start later is compared with the model's own file, day by day: a notice, not a question.
    expect(said).toEqual([]);
    expect(warn.mock.calls.flat().map(String).filter((w) => w.startsWith('notice:') && !w.includes('in-sample'))).toEqual([
      expect.stringMatching(/^notice: \S*later-start\.csv starts on \d{4}-\d{2}-\d{2}, later than the data the model was trained on \(\S*prices\.csv, from \d{4}-\d{2}-\d{2}\); its returns agree with it on the \d+ days they share: the same series, cut short$/),
    ]);
    warn.mockClear();
    await runForecast(['--model', modelDir, '--data', data, '--paths', '1000', '--horizon', '2', '--backend', 'cpu'], () => {});
    expect(warn.mock.calls.flat().map(String).filter((w) => w.startsWith('warning:') && !shortHistory(w))).toEqual([]);
    // Another market cut to start later: compared with the model's file over the days both hold, and told apart.
    const otherLater = join(dir, 'other-market-later.csv');
    writeFileSync(otherLater, [lines[0], ...lines.slice(11).map((l, i) => `${l.split(',')[0]},${(50 * Math.exp(0.02 * Math.sin(i * 1.7) + 0.001 * i)).toFixed(4)}`)].join('\n') + '\n');
    warn.mockClear();
    await runForecast(['--model', modelDir, '--data', otherLater, '--paths', '1000', '--horizon', '2', '--backend', 'cpu'], () => {});
    expect(warn.mock.calls.flat().map(String).filter((w) => w.startsWith('warning:') && !shortHistory(w))).toEqual([
      expect.stringMatching(/^warning: \S*other-market-later\.csv: its returns on the \d+ days it shares with the data the model was trained on \(\S*prices\.csv\) are not those \(\d+ differ\): forecasting another series than the one it learned\?$/),
    ]);
    // Another market on the same dates (prices of a different walk): told apart by its training-day returns.
    const other = join(dir, 'other-market.csv');
    writeFileSync(other, [lines[0], ...lines.slice(1).map((l, i) => `${l.split(',')[0]},${(50 * Math.exp(0.02 * Math.sin(i * 1.7) + 0.001 * i)).toFixed(4)}`)].join('\n') + '\n');
    warn.mockClear();
    await runForecast(['--model', modelDir, '--data', other, '--paths', '1000', '--horizon', '2', '--backend', 'cpu'], () => {});
    expect(warn.mock.calls.flat().map(String).filter((w) => w.startsWith('warning:') && !shortHistory(w))).toEqual([
      expect.stringMatching(/^warning: \S*other-market\.csv: its returns over the model's training days \(\d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\) are not those it was trained on \(\S*prices\.csv; standard deviation [\d.e-]+ against [\d.e-]+\): forecasting another series/),
    ]);
    // Nearly the same series (one training-day price moved by 0.003 %, as an adjusted close may differ from the
    // close): the warning prints the two figures with the digits that tell them apart, never equal-looking ones.
    const nudged = join(dir, 'nudged.csv');
    writeFileSync(nudged, lines.map((l, i) => (i === 30 ? `${l.split(',')[0]},${(Number(l.split(',')[1]) * 1.00003).toFixed(6)}` : l)).join('\n') + '\n');
    warn.mockClear();
    await runForecast(['--model', modelDir, '--data', nudged, '--paths', '1000', '--horizon', '2', '--backend', 'cpu'], () => {});
    const [nudgedWarning] = warn.mock.calls.flat().map(String).filter((w) => w.startsWith('warning:') && !shortHistory(w));
    const [, now, then] = /(?:standard deviation|mean) (\S+) against (\S+)\)/.exec(nudgedWarning)!;
    expect(now).not.toBe(then);
    // A newer copy (more days at the end, another file): no warning.
    const newer = join(dir, 'newer-copy.csv');
    writeFileSync(newer, readFileSync(writeSmallPriceFile(mkdtempSync(join(tmpdir(), 'gangrad-forecast-newer-')), 400), 'utf8'));
    warn.mockClear();
    await runForecast(['--model', modelDir, '--data', newer, '--paths', '1000', '--horizon', '2', '--backend', 'cpu'], () => {});
    expect(warn.mock.calls.flat().map(String).filter((w) => w.startsWith('warning:') && !shortHistory(w))).toEqual([]);
    // The same first day but another calendar (a 7-day market with its weekends dropped): the model's test
    // start is missing though the dates run past it, so the training days cannot be compared. Warned.
    const testStart = loaded.metadata.data.testStartDate;
    const gap = join(dir, 'calendar-gap.csv');
    writeFileSync(gap, lines.filter((l) => !l.startsWith(testStart)).join('\n') + '\n');
    warn.mockClear();
    await runForecast(['--model', modelDir, '--data', gap, '--paths', '1000', '--horizon', '2', '--backend', 'cpu'], () => {});
    expect(warn.mock.calls.flat().map(String).filter((w) => w.startsWith('warning:') && !shortHistory(w))).toEqual([
      `warning: ${gap}: no row of ${testStart}, the first day of the model's test part, though its dates run past it (another calendar, such as a 7-day market's weekends dropped?): forecasting another series than the one it learned?`,
    ]);
    // A copy that ends before the test part holds nothing to tell it apart: no warning.
    const early = join(dir, 'ends-early.csv');
    writeFileSync(early, lines.slice(0, lines.findIndex((l) => l.startsWith(testStart)) - 5).join('\n') + '\n');
    warn.mockClear();
    await runForecast(['--model', modelDir, '--data', early, '--paths', '1000', '--horizon', '2', '--backend', 'cpu'], () => {});
    expect(warn.mock.calls.flat().map(String).filter((w) => w.startsWith('warning:') && !w.includes('in-sample') && !shortHistory(w))).toEqual([]);
  });

  it('another market\'s file at a date in the model\'s training period is not called in-sample: a notice says what is true, in text and JSON alike', async () => {
    const lines = readFileSync(data, 'utf8').trim().split('\n');
    const other = join(dir, 'other-market-early.csv');
    writeFileSync(other, [lines[0], ...lines.slice(1).map((l, i) => `${l.split(',')[0]},${(50 * Math.exp(0.02 * Math.sin(i * 1.7) + 0.001 * i)).toFixed(4)}`)].join('\n') + '\n');
    const dates = loadPriceCsv(data).dates;
    const json = join(dir, 'other-early.json'), printed: string[] = [];
    const warn = quiet();
    warn.mockClear();
    const result = await runForecast(['--model', modelDir, '--data', other, '--as-of', dates[150], '--paths', '1000', '--horizon', '2', '--json', json, '--force', '--backend', 'cpu'], (l) => printed.push(l));
    const said = warn.mock.calls.flat().map(String).filter((w) => /^(warning|notice):/.test(w) && !w.startsWith("warning: the forecast's history holds"));
    warn.mockRestore();
    expect([result.inSample, result.inTrainingPeriod]).toEqual([false, true]);
    expect(said.filter((w) => w.includes('is in-sample'))).toEqual([]);
    expect(said).toEqual([
      expect.stringMatching(/^warning: \S*other-market-early\.csv: its returns over the model's training days .*forecasting another series/),
      `notice: ${dates[150]} lies in the period the model was fitted and selected on (before ${loaded.metadata.data.testStartDate}), learned from another series (${loaded.metadata.data.file}): not in-sample for ${other}, but not out-of-sample in time either`,
    ]);
    expect(printed[0]).toContain("scenario paths (a date in the model's training period, another series)");
    expect(printed[0]).not.toContain('in-sample');
    const saved = JSON.parse(readFileSync(json, 'utf8'));
    expect([saved.inSample, saved.inTrainingPeriod]).toEqual([false, true]);
    expect(saved.warnings.filter((w: string) => !w.startsWith("the forecast's history holds"))).toEqual(said.map((w) => w.replace(/^(warning|notice): /, '')));
    // The model's own file at that date is in-sample, in its training period too.
    const own = await runForecast(['--model', modelDir, '--as-of', dates[150], '--paths', '20', '--horizon', '2', '--backend', 'cpu'], () => {});
    expect([own.inSample, own.inTrainingPeriod]).toEqual([true, true]);
  });

  it('the training file cut to start later (the same market, days the model saw) stays in-sample: a file that cannot be compared is not called another series', async () => {
    const lines = readFileSync(data, 'utf8').trim().split('\n');
    const later = join(dir, 'same-market-later.csv');
    writeFileSync(later, [lines[0], ...lines.slice(51)].join('\n') + '\n'); // the same rows, the first 50 left out
    const dates = loadPriceCsv(data).dates;
    const warn = quiet();
    warn.mockClear();
    const printed: string[] = [];
    const result = await runForecast(['--model', modelDir, '--data', later, '--as-of', dates[150], '--paths', '20', '--horizon', '2', '--backend', 'cpu'], (l) => printed.push(l));
    const said = warn.mock.calls.flat().map(String);
    warn.mockRestore();
    expect([result.inSample, result.inTrainingPeriod]).toEqual([true, true]);
    expect(said.filter((w) => w.includes('is in-sample'))).toHaveLength(1);
    expect(said.filter((w) => w.includes('not in-sample'))).toEqual([]);
    expect(printed[0]).toContain('(in-sample date)');
  });

  it('a usage error that needs no data comes alone: a --data file that would warn is not read first', () => {
    const lines = readFileSync(data, 'utf8').trim().split('\n');
    const gappy = join(dir, 'gappy.csv');
    writeFileSync(gappy, [...lines.slice(0, 100), ...lines.slice(110)].join('\n') + '\n'); // 10 days missing: a gap warning
    const usage = (args: string[], error: string) => {
      const r = cli(['forecast', '--model', modelDir, '--data', gappy, '--paths', '20', '--backend', 'cpu', ...args]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toBe(`gangrad forecast: ${error}`);
    };
    usage(['--as-of', '2020-3-16'], '--as-of 2020-3-16: expected a date as YYYY-MM-DD');
    usage(['--out', gappy, '--force'], `${gappy} is the data file: an output may not replace an input; choose another name`);
    // The same file warns once the options are right.
    expect(cli(['forecast', '--model', modelDir, '--data', gappy, '--paths', '20', '--horizon', '1', '--backend', 'cpu']).stderr).toMatch(/gappy\.csv:\d+: .*days/);
    // So does gangrad backtest: an output over the data file is refused before the file is read.
    const backtest = cli(['backtest', '--model', modelDir, '--data', gappy, '--allow-changed-data', '--json', gappy, '--force', '--backend', 'cpu']);
    expect([backtest.status, backtest.stderr.trim()]).toEqual([2, `gangrad backtest: ${gappy} is the data file: an output may not replace an input; choose another name`]);
  });

  it('warns when the forecast\'s date is a weekend in a 5-day market, not in a 7-day one', async () => {
    const lines = readFileSync(data, 'utf8').trim().split('\n');
    const weekday = (l: string) => ![0, 6].includes(new Date(`${l.split(',')[0]}T00:00:00Z`).getUTCDay());
    const rows = [lines[0], ...lines.slice(1).filter(weekday)];
    const last = rows[rows.length - 1].split(',');
    const saturday = new Date(`${last[0]}T00:00:00Z`);
    do saturday.setUTCDate(saturday.getUTCDate() + 1);
    while (saturday.getUTCDay() !== 6);
    const stray = join(dir, 'stray-saturday.csv');
    writeFileSync(stray, [...rows, `${saturday.toISOString().slice(0, 10)},${last[1]}`].join('\n') + '\n');
    const warn = quiet();
    warn.mockClear();
    await runForecast(['--model', modelDir, '--data', stray, '--paths', '1000', '--horizon', '2', '--backend', 'cpu'], () => {});
    expect(warn.mock.calls.flat().map(String)).toContain(
      `warning: ${stray}: the forecast's date ${saturday.toISOString().slice(0, 10)} is a Saturday, in a series that trades 5 days a week (1 of its ${rows.length} dates falls on a weekend): a misdated or stray row?`,
    );
    // The model's own file trades every day: a Saturday there is an ordinary close.
    const dates = loadPriceCsv(data).dates;
    const ownSaturday = dates.filter((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 6).at(-1)!;
    warn.mockClear();
    await runForecast(['--model', modelDir, '--as-of', ownSaturday, '--paths', '1000', '--horizon', '2', '--backend', 'cpu'], () => {});
    expect(warn.mock.calls.flat().map(String).filter((w) => w.includes('Saturday'))).toEqual([]);
  });

  it('warns when too few paths lie beyond a VaR level for its VaR and ES to mean much', () => {
    expect(thinTailWarnings(20, [0.95, 0.99])).toEqual([
      'warning: --paths 20 leaves about 1 path beyond the 95 % VaR, so its VaR and ES are mostly noise; --paths 200 or more leaves 10',
      'warning: --paths 20 leaves less than one path beyond the 99 % VaR, so its VaR and ES are mostly noise; --paths 1000 or more leaves 10',
    ]);
    expect(thinTailWarnings(1000, [0.95, 0.99])).toEqual([]);
    expect(thinTailWarnings(10_000, [0.999])).toEqual([]);
    expect(thinTailWarnings(9_999, [0.999])).toHaveLength(1);
    // A level with many nines is named as given, and no advice goes beyond the paths a forecast may hold.
    expect(thinTailWarnings(1000, [0.9999999], { horizon: 10 })).toEqual([
      'warning: --paths 1000 leaves less than one path beyond the 99.99999 % VaR, so its VaR and ES are mostly noise; 10 would need 100,000,000 paths, more than a forecast holds at this horizon (2,500,000): choose a lower level',
    ]);
    expect(thinTailWarnings(1000, [0.99999], { horizon: 10 })[0]).toMatch(/--paths 1000000 or more leaves 10$/);
  });

  it('warns when a level reads as a tail probability (--levels 0.01 for the 99 % VaR), in text and JSON', async () => {
    const warn = quiet();
    warn.mockClear();
    const json = join(mkdtempSync(join(tmpdir(), 'gangrad-levels-')), 'f.json');
    await runForecast(['--model', modelDir, '--paths', '20', '--horizon', '2', '--levels', '0.01,0.5,0.95', '--json', json, '--backend', 'cpu'], () => {});
    const said = 'warning: --levels 0.01 is a 1 % confidence level: its VaR is the 99 % quantile, a gain, not a loss; for the VaR of the worst 1 % of outcomes give 0.99';
    expect(warn.mock.calls.flat().map(String).filter((w) => w.startsWith('warning: --levels'))).toEqual([said]);
    expect(JSON.parse(readFileSync(json, 'utf8')).warnings).toContain(said.replace('warning: ', ''));
  });

  it('warns when --below reads as a percentage rather than a log return', async () => {
    const warn = quiet();
    await runForecast(['--model', modelDir, '--paths', '20', '--horizon', '2', '--below', '5,-0.05', '--backend', 'cpu'], () => {});
    const warnings = warn.mock.calls.flat().map(String).filter((w) => w.startsWith('warning: --below'));
    expect(warnings).toEqual(['warning: --below 5 is a log return of 500 % over the horizon; a fall of about 5 % is -0.05']);
  });

  it('prints each --below threshold as given and no probability of a fall as a certainty it is not', async () => {
    quiet();
    const lines: string[] = [];
    const result = await runForecast(['--model', modelDir, '--paths', '20', '--horizon', '2', '--below', '-0.00001,-0.000001', '--backend', 'cpu'], (l) => lines.push(l));
    // Two thresholds both printed as -0.00 % could not be told apart.
    expect(lines.join('\n')).toMatch(/P\(2-day log return < -0\.001 %\) = .*\n {2}P\(2-day log return < -0\.0001 %\) = /);
    // One path in 25,000 is not 0.00 %, nor 24,999 in 25,000 100.00 %.
    const rare = { ...result, summary: { ...result.summary, fallBelow: [{ threshold: -0.3, probability: 1 / 25_000 }, { threshold: 0.3, probability: 24_999 / 25_000 }, { threshold: -0.5, probability: 0 }] } };
    expect(formatForecast(rare, 'x.csv').split('\n').filter((l) => l.includes('P('))).toEqual([
      '  P(2-day log return < -30.00 %) = < 0.01 %', '  P(2-day log return < 30.00 %) = > 99.99 %', '  P(2-day log return < -50.00 %) = 0.00 %',
    ]);
  });

  it('says what to train instead when the model has no level process (exit 2)', async () => {
    // An unconditional model (files from before conditioning): windows with no level to start from.
    const old = join(dir, 'unconditional');
    await trainReturnGan({ data, out: old, config: { ...tinyConfig, conditioning: 'none', generatorOutput: 'returns', generator: 'independent-windows' }, validationSamples: 32 });
    const r = cli(['forecast', '--model', old, '--paths', '20', '--backend', 'cpu']);
    expect(r.stderr).toMatch(/no level process.*train/);
    expect(r.status).toBe(2);
    const missing = cli(['forecast', '--model', modelDir, '--as-of', '1999-01-01', '--out', join(dir, 'nothing.csv'), '--backend', 'cpu']);
    expect(missing.status).toBe(2);
    expect(existsSync(join(dir, 'nothing.csv'))).toBe(false);
  });

  it('backtest --samples is bounded before any work: at most 1,000,000, and samples × the longest horizon at most 25,000,000 values', () => {
    expect(() => backtestSettings({ samples: '100000000' })).toThrow(new UsageError("--samples must be an integer from 20 to 1000000, got '100000000'"));
    expect(() => backtestSettings({ samples: '1e10' })).toThrow(UsageError);
    expect(() => backtestSettings({ samples: '1000000', horizons: '1,30' })).toThrow(new UsageError('--samples 1000000 × the longest horizon 30: at most 25,000,000 daily values a forecast (at horizon 30, --samples 833333)'));
    expect(backtestSettings({ samples: '1000000', horizons: '1,25' }).samples).toBe(1_000_000);
  });

  it('a negative horizon is a usage error in gangrad\'s words, not the option parser\'s (exit 2)', () => {
    const r = cli(['forecast', '--model', modelDir, '--horizon', '-1', '--backend', 'cpu']);
    expect([r.status, r.stderr.trim()]).toEqual([2, "gangrad forecast: --horizon must be a positive whole number of days, got '-1'"]);
  });

  it('a --model directory that does not exist is a usage error naming it (exit 2), alone or in a pool', () => {
    const none = join(dir, 'no-such-model');
    for (const model of [none, `${modelDir},${none}`]) {
      const r = cli(['forecast', '--model', model, '--backend', 'cpu']);
      expect([r.status, r.stderr]).toEqual([2, expect.stringMatching(/^gangrad forecast: --model \S*no-such-model: no such directory/)]);
    }
  });
});

describe('gangrad backtest', () => {
  /** The model's 300 days of data continued to 900 days, with 400 days more before its first. */
  const withHistory = () => {
    const scratch = mkdtempSync(join(tmpdir(), 'gangrad-backtest-'));
    return writeWithEarlierDays(writeSmallPriceFile(scratch, 900), 400, join(scratch, 'with-history.csv'));
  };

  it('--allow-changed-data keeps the model\'s own parts by their dates: a newer copy\'s test part grows, a shorter one never reaches back into training days', async () => {
    quiet();
    const model = loadModelFile(join(modelDir, 'model.safetensors')).metadata.data;
    const scratch = mkdtempSync(join(tmpdir(), 'gangrad-backtest-'));
    const dates = (file: string) => readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    const run = async (file: string, part = 'test') => (await runBacktestCommand(['--model', modelDir, '--data', file, '--allow-changed-data', '--horizons', '1', '--samples', '40', '--models', 'gan', '--part', part, '--backend', 'cpu'], () => {})).runs[0];
    // The same data with 400 earlier days and 600 later ones: the test part starts on the model's test start date and runs to the end.
    const longer = withHistory(), longerDates = dates(longer);
    const grown = await run(longer);
    expect(longerDates[grown.testStart + 1]).toBe(model.testStartDate);
    expect(grown.days).toBe(longerDates.length - 1);
    const validation = await run(longer, 'validation');
    expect(validation.days).toBe(grown.testStart);
    // The model's own (300-day) data: the same parts as the file it was trained on.
    const own = await run(data);
    expect(dates(data)[own.testStart + 1]).toBe(model.testStartDate);
    expect(grown.testStart - longerDates.indexOf(model.firstDate)).toBe(own.testStart);
    // A copy cut short 10 days after the test start: still the model's test part, never the training days before it.
    const shorter = join(scratch, 'shorter.csv');
    const rows = readFileSync(data, 'utf8').trim().split('\n');
    writeFileSync(shorter, rows.slice(0, 1 + dates(data).indexOf(model.testStartDate) + 10).join('\n') + '\n');
    const short = await run(shorter);
    expect(dates(shorter)[short.testStart + 1]).toBe(model.testStartDate);
    expect(short.days - short.testStart).toBe(10);
    // A file without the model's first day or test start cannot place the parts: refused, named.
    const late = join(scratch, 'late.csv');
    writeFileSync(late, [rows[0], ...rows.slice(3)].join('\n') + '\n');
    await expect(run(late)).rejects.toThrow(new RegExp(`late\\.csv: has no row of ${model.firstDate}, the first day of the data the model was trained on`));
    const ending = join(scratch, 'ending.csv');
    writeFileSync(ending, rows.slice(0, dates(data).indexOf(model.testStartDate) + 1).join('\n') + '\n');
    await expect(run(ending)).rejects.toThrow(new RegExp(`ending\\.csv: has no row of ${model.testStartDate}, the first day of the model's test part`));
  });

  it('--allow-changed-data with another market\'s file (the same dates, other returns) says so, as forecast does; a newer copy does not', async () => {
    const warn = quiet();
    const lines = readFileSync(data, 'utf8').trim().split('\n');
    const scratch = mkdtempSync(join(tmpdir(), 'gangrad-backtest-'));
    const other = join(scratch, 'other-market.csv'), json = join(scratch, 'bt.json');
    writeFileSync(other, [lines[0], ...lines.slice(1).map((l, i) => `${l.split(',')[0]},${(50 * Math.exp(0.02 * Math.sin(i * 1.7) + 0.001 * i)).toFixed(4)}`)].join('\n') + '\n');
    const said = async (file: string) => {
      warn.mockClear();
      await runBacktestCommand(['--model', modelDir, '--data', file, '--allow-changed-data', '--horizons', '1', '--samples', '40', '--models', 'gan', '--json', json, '--force', '--backend', 'cpu'], () => {});
      const kept: string[] = JSON.parse(readFileSync(json, 'utf8')).warnings;
      return { printed: warn.mock.calls.flat().map(String).filter((w) => w.includes('another series')), kept: kept.filter((w) => w.includes('another series')) };
    };
    const { printed, kept } = await said(other);
    expect(printed).toEqual([expect.stringMatching(/^warning: \S*other-market\.csv: its returns over the model's training days .* are not those it was trained on .*: forecasting another series/)]);
    expect(kept).toHaveLength(1);
    expect(await said(withHistory())).toEqual({ printed: [], kept: [] });
  });

  it('backtests the GAN and the baselines on the test part, with finite figures, JSON and breach plots', async () => {
    const errors = quiet();
    const json = join(dir, 'backtest.json'), html = join(dir, 'backtest.html');
    const lines: string[] = [];
    // A newer copy of the model's data reaching further back and further on: historical simulation looks back 500 days.
    const longer = withHistory();
    const report = await runBacktestCommand(['--model', modelDir, '--data', longer, '--allow-changed-data', '--horizons', '1,3', '--samples', '100', '--seeds', '2', '--json', json, '--html', html, '--backend', 'cpu'], (l) => lines.push(l));
    const names = [...new Set(report.runs[0].entries.map((e) => e.forecaster))];
    expect(names).toEqual(['GAN', 'HS', 'EWMA-normal', 'EWMA-t', 'GJR-GARCH-t', 'FHS']);
    expect(report.runs).toHaveLength(2);
    const text = lines.join('\n');
    expect(text).toContain('Kupiec');
    expect(text).toContain('±');
    expect(Object.keys(report.conditioning)).toEqual(names);
    expect(text).toContain('h = 3: calibration of the whole distribution (seed 1), from each realised return\'s PIT under its forecast');
    expect(text).toMatch(/Berkowitz p +mean z +sd z +lag-1 ρ +deciles p +PIT deciles, %/);
    const saved = JSON.parse(readFileSync(json, 'utf8'));
    expect(saved.runs[0].entries[0].levels[0].kupiecP).toBeGreaterThanOrEqual(0);
    expect(saved.runs[0].entries[0].calibration.berkowitz.pValue).toBeGreaterThanOrEqual(0);
    expect(saved.runs[0].entries[0].series.pit).toHaveLength(saved.runs[0].entries[0].origins);
    // A breach plot per model, then the PIT deciles of every model at each horizon.
    const page = readFileSync(html, 'utf8');
    expect((page.match(/<svg/g) ?? []).length).toBe(names.length + 2);
    expect(page).toContain('PIT deciles, 3-day forecasts');
    expect(errors.mock.calls.flat().join(' ')).toContain('forecasts');
  });

  it('a baseline short of history before the test part is left out with a warning, found before any work; the others run', async () => {
    // HS (500 days) failed the whole run after the GAN's forecasts, with no output written.
    const errors = quiet();
    const json = join(dir, 'short-history.json'), html = join(dir, 'short-history.html'), lines: string[] = [];
    const report = await runBacktestCommand(['--model', modelDir, '--horizons', '1', '--samples', '20', '--json', json, '--html', html, '--backend', 'cpu'], (l) => lines.push(l));
    const names = [...new Set(report.runs[0].entries.map((e) => e.forecaster))];
    expect(names).toContain('GAN');
    expect(names).toContain('EWMA-normal');
    expect(names).not.toContain('HS');
    expect(errors.mock.calls.flat().join(' ')).toMatch(/warning: HS left out: it needs 500 daily returns of history before its first forecast, and the test part starts after \d+ returns/);
    // The warnings are in the JSON and on the page too, under the text's first line (data, part, model step).
    const warnings = JSON.parse(readFileSync(json, 'utf8')).warnings;
    expect(warnings[0]).toMatch(/^HS left out: it needs 500 daily returns/);
    expect(warnings.slice(-2)).toEqual([expect.stringMatching(/^--samples 20 leaves about 1 draw beyond the 95 % VaR/), expect.stringMatching(/^--samples 20 leaves less than one draw beyond the 99 % VaR/)]);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain(`<p class="about">${lines[0].trim()} (model directory ${modelDir}).</p>`);
    expect(page).toMatch(/<b>Warnings<\/b><ul><li>HS left out: it needs 500 daily returns/);
    // The GAN short of history, or no model left, is a usage error.
    const hs = classicalForecasters()[0];
    expect(() => forecastersWithHistory([{ ...hs, name: 'GAN' }], [], 100, 'test')).toThrow(new UsageError('GAN needs 500 daily returns of history before its first forecast, and the test part starts after 100 returns'));
    expect(() => forecastersWithHistory([], [hs], 100, 'validation')).toThrow(/^no model can forecast from the validation part's first day: HS needs 500/);
    expect(forecastersWithHistory([], [hs], 500, 'test')).toEqual([hs]);
  });

  it('backtests the validation part (for choosing designs) without reading the test part', async () => {
    quiet();
    const longer = withHistory();
    const lines: string[] = [];
    const run = (part: string) => runBacktestCommand(['--model', modelDir, '--data', longer, '--allow-changed-data', '--horizons', '1', '--samples', '50', '--models', 'gan', '--part', part, '--backend', 'cpu'], (l) => lines.push(l));
    const test = (await run('test')).runs[0];
    const validation = (await run('validation')).runs[0];
    // The validation run ends where the test part starts: the returns it is handed stop there.
    expect(validation.days).toBe(test.testStart);
    expect(validation.testStart).toBeLessThan(test.testStart);
    expect(Math.max(...validation.entries[0].series.origin) + 1).toBeLessThan(test.testStart);
    expect(lines.join('\n')).toContain('Backtest on the validation part');
    await expect(run('train')).rejects.toThrow(/neither test nor validation/);
  });

  it('stops on Ctrl-C while it computes: exit 130, nothing written', async () => {
    const json = join(dir, 'interrupted.json'), html = join(dir, 'interrupted.html');
    const run = startCli(['backtest', '--model', modelDir, '--models', 'gan', '--horizons', '1', '--samples', '500', '--seeds', '6', '--json', json, '--html', html, '--backend', 'cpu']);
    await until(() => /backtest seed 1: /.test(run.stderr()));
    run.child.kill('SIGINT');
    const { code } = await run.exit;
    expect(code, run.stderr()).toBe(130);
    expect(run.stderr()).not.toMatch(/backtest seed 6: /);
    expect([existsSync(json), existsSync(html)]).toEqual([false, false]);
  });

  it('takes a copy of the training file saved with Windows line endings as the same data; refuses other bytes', async () => {
    const crlf = join(dir, 'windows-copy.csv');
    writeFileSync(crlf, '\uFEFF' + readFileSync(data, 'utf8').replace(/\n/g, '\r\n'));
    const lines: string[] = [];
    await runBacktestCommand(['--model', modelDir, '--data', crlf, '--models', 'gan', '--horizons', '1', '--samples', '40', '--backend', 'cpu'], (l) => lines.push(l));
    expect(lines.join('\n')).toMatch(/GAN/);
    // Saved without the last line's newline: the same data too.
    const trimmed = join(dir, 'no-final-newline.csv');
    writeFileSync(trimmed, readFileSync(data, 'utf8').replace(/\n$/, ''));
    await runBacktestCommand(['--model', modelDir, '--data', trimmed, '--models', 'gan', '--horizons', '1', '--samples', '40', '--backend', 'cpu'], () => {});
    const edited = join(dir, 'edited-copy.csv');
    writeFileSync(edited, readFileSync(data, 'utf8').replace(/,(\d+\.\d)(\d+)\n/, (_, a, b) => `,${a}${(Number(b[0]) + 1) % 10}${b.slice(1)}\n`));
    await expect(runBacktestCommand(['--model', modelDir, '--data', edited, '--models', 'gan', '--horizons', '1', '--samples', '40', '--backend', 'cpu'], () => {})).rejects.toThrow(/differs from the data the model was trained on/);
  });

  it('the same data either way round: a Unix copy of a Windows training file (CRLF, byte-order mark) as well as the reverse', () => {
    const text = readFileSync(data, 'utf8');
    const forms = { unix: text, windows: '\uFEFF' + text.replace(/\n/g, '\r\n'), crlf: text.replace(/\n/g, '\r\n'), bom: '\uFEFF' + text, trimmed: text.replace(/\n$/, '') };
    const files = Object.fromEntries(Object.entries(forms).map(([name, t]) => { const f = join(dir, `form-${name}.csv`); writeFileSync(f, t); return [name, f]; }));
    for (const original of Object.keys(forms)) {
      const hash = fileSha256(files[original]);
      for (const copy of Object.keys(forms)) expect(sameDataFile(files[copy], hash), `${copy} copy of a ${original} file`).toBe(true);
    }
    const edited = join(dir, 'form-edited.csv');
    writeFileSync(edited, forms.windows.replace('\r\n', ' \r\n'));
    expect(sameDataFile(edited, fileSha256(files.unix))).toBe(false);
  });

  it('refuses bad horizons, levels and models as usage errors', async () => {
    const run = (...args: string[]) => runBacktestCommand(['--model', modelDir, '--backend', 'cpu', ...args], () => {});
    await expect(run('--horizons', '0')).rejects.toThrow(UsageError);
    await expect(run('--levels', '1.5')).rejects.toThrow(/strictly between 0 and 1/);
    await expect(run('--models', 'garch')).rejects.toThrow(/neither gan nor baselines/);
    await expect(run('--models', 'gan,gan')).rejects.toThrow(new UsageError("--models: 'gan' is given twice"));
    await expect(run('--horizons', '1,1')).rejects.toThrow('--horizons: 1 is given twice');
    await expect(run('--levels', '0.99,0.95,0.99')).rejects.toThrow('--levels: 0.99 is given twice');
    // A horizon the part cannot hold twice is a usage error naming the part, before any forecast.
    const e = await run('--part', 'validation', '--horizons', '1,250').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toMatch(/^--horizons: a 250-day horizon leaves fewer than 2 forecast origins in the validation part of \d+ days$/);
    // Beyond a trading year, as gangrad forecast: refused whatever the part's length.
    await expect(run('--horizons', '1,300')).rejects.toThrow("--horizons: '300' is not a whole number of days from 1 to 250 (as gangrad forecast takes)");
  });
});

describe('gangrad eval judges the level, not only the shape', () => {
  it('reports each model\'s standard deviation over the training part\'s and the test part\'s, with a 5 % criterion', async () => {
    // The CLI tests above set and destroy backends of their own: load the model on a fresh one. Wasm:
    // the evaluation fits classifiers, whose products took 30 s on the scalar cpu backend.
    const backend = await createBackend('wasm');
    setBackend(backend);
    onTestFinished(() => backend.destroy());
    const model = loadModelFile(join(modelDir, 'model.safetensors'));
    const { config, transforms } = model.metadata;
    const split = Math.floor(returns.length * 0.7);
    const train = returns.slice(0, split), test = returns.slice(split);
    const gaussian = fitGaussian(train);
    const wide = { ...gaussian, name: 'wide', simulate: (p: number, l: number, rng: Rng) => gaussian.simulate(p, l, rng).map((w) => w.map((r) => r * 1.5)) };
    const e = await evaluateModel({
      generator: model.networks.generator, latentDim: config.latentDim, transforms, window: config.window, testReturns: test, trainReturns: train,
      count: 400, seed: 3, draws: 1, paths: 4, length: 120, baselines: [wide, gaussian],
    });
    const criterion = e.criteria.find((c) => c.name === 'std ratio to the training part')!;
    expect(criterion.threshold).toBe('1 ± 5%');
    expect(Math.abs(criterion.values.Gaussian - 1)).toBeLessThan(0.05);
    expect(criterion.values.wide).toBeGreaterThan(1.4);
    const testRatio = e.criteria.find((c) => c.name === 'std ratio to the test part')!;
    expect(testRatio.values.Gaussian / criterion.values.Gaussian).toBeCloseTo(std(train) / std(test), 6);
  });
});

describe('several models as one pool (--model DIR,DIR)', () => {
  it('pools the members\' paths: member i draws its share with seed · n + i', async () => {
    setBackend(await createBackend('cpu')); // the commands above left theirs destroyed
    const fresh = loadModelFile(join(modelDir, 'model.safetensors'));
    const { config, transforms } = fresh.metadata;
    const member = () => new GanForecaster({ generator: fresh.networks.generator, latentDim: config.latentDim, transforms });
    const pool = new GanEnsembleForecaster([member(), member()]);
    const history = returns.subarray(0, returns.length - 5);
    const pooled = await pool.paths(history, 3, { samples: 41, seed: 3 });
    const first = await member().paths(history, 3, { samples: 20, seed: 6 });
    const second = await member().paths(history, 3, { samples: 21, seed: 7 });
    expect(pooled).toEqual([...first, ...second]);
    expect(pool.minHistory).toBe(member().minHistory);
    await expect(pool.paths(history, 3, { samples: 1, seed: 3 })).rejects.toThrow(/1 paths cannot be shared among 2 models/);
  });

  it('forecast and backtest take comma-separated models of the same data, and refuse models of other data', async () => {
    quiet();
    // A copy under a run id of its own stands for a second model of the same data (a plain copy is the
    // same run, refused); the same directory twice is a slip.
    const copy = join(mkdtempSync(join(tmpdir(), 'gangrad-copy-')), 'model');
    cpSync(modelDir, copy, { recursive: true });
    editModelMetadata(join(copy, 'model.safetensors'), (m) => { m.run_id = 'tiny-run-2'; });
    await expect(runForecast(['--model', `${modelDir},${modelDir}`, '--paths', '60', '--backend', 'cpu'], () => {})).rejects.toThrow(`--model: ${modelDir} is given twice`);
    const pooled = await runForecast(['--model', `${modelDir},${copy}`, '--horizon', '2', '--paths', '60', '--backend', 'cpu'], () => {});
    const single = await runForecast(['--model', modelDir, '--horizon', '2', '--paths', '60', '--backend', 'cpu'], () => {});
    expect(pooled.asOf).toBe(single.asOf);
    expect(pooled.summary.quantiles).not.toEqual(single.summary.quantiles); // the members draw with their own seeds
    const lines: string[] = [];
    await runBacktestCommand(['--model', `${modelDir},${copy}`, '--models', 'gan', '--horizons', '1', '--samples', '40', '--backend', 'cpu'], (l) => lines.push(l));
    expect(lines.join('\n')).toMatch(/model step \d+, \d+ \(2 models pooled\)/);
    const otherDir = mkdtempSync(join(tmpdir(), 'gangrad-other-'));
    const other = join(otherDir, 'model');
    await trainReturnGan({ data: writeSmallPriceFile(otherDir, 320), out: other, config: tinyConfig, validationSamples: 32 });
    const refused = await runForecast(['--model', `${modelDir},${other}`, '--paths', '20', '--backend', 'cpu'], () => {}).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UsageError);
    expect((refused as Error).message).toMatch(/model\/model\.safetensors: trained on other data than .*: a pool needs models of the same series/);
  });
});
