import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../src/io/index.js';
import {
  createCpuBackend, getBackend, loadModelFile, logReturns, parsePriceCsv, ReturnGan, setBackend,
  trainReturnGan, DEFAULT_CONFIG, type TrainProgress,
} from '../src/index.js';

/** The last 1,200 days of the bundled S&P 500 closes, as a CSV text. */
function recentCsv(): string {
  const lines = readFileSync(resolve(import.meta.dirname, '../data/sp500_gspc_daily.csv'), 'utf8').trim().split('\n');
  return [lines[0], ...lines.slice(-1200)].join('\n') + '\n';
}

const small = { window: 16, latentDim: 8, hidden: [32], batch: 32, steps: 30, evalEvery: 10, logEvery: 5, validationSamples: 64 };

const tensorsOf = (bytes: Uint8Array) => [...decodeSafetensors(bytes, 'model').tensors].map(([name, t]) => [name, t.shape, Array.from(t.data)]);

describe('ReturnGan (in-memory finance API)', () => {
  it('fits from prices in memory, samples returns and prices, and reloads from bytes with bit-identical samples', async () => {
    const series = parsePriceCsv(recentCsv(), 'recent.csv');
    const progress: TrainProgress[] = [];
    const model = await ReturnGan.fit(series.prices, { ...small, onProgress: (p) => progress.push(p) });
    expect(progress.map((p) => p.step)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(progress.filter((p) => p.validation).map((p) => p.step)).toEqual([10, 20, 30]);
    expect([10, 20, 30]).toContain(model.metadata.step);
    expect(model.metadata.validationScore).toBe(Math.min(...progress.filter((p) => p.validation).map((p) => p.validation!.score)));
    expect(model.metadata.data.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(model.config.window).toBe(16);

    const a = await model.sample({ paths: 5, length: 40, seed: 7, startPrice: 50 });
    expect(a.returns).toHaveLength(5);
    expect(a.returns[0]).toHaveLength(40);
    expect(a.prices[0]).toHaveLength(41);
    expect(a.prices[0][0]).toBe(50);
    // Prices are the returns compounded from the start price.
    expect(Array.from(logReturns(a.prices[3]), (r) => r.toFixed(9))).toEqual(Array.from(a.returns[3], (r) => r.toFixed(9)));
    for (const r of a.returns) expect(r.every(Number.isFinite)).toBe(true);

    const bytes = model.toBytes();
    const reloaded = ReturnGan.fromBytes(bytes);
    const b = await reloaded.sample({ paths: 5, length: 40, seed: 7, startPrice: 50 });
    expect(b.returns).toEqual(a.returns);
    expect(b.prices).toEqual(a.prices);
    expect(reloaded.metadata).toEqual(model.metadata);
    expect(reloaded.toBytes()).toEqual(bytes);
    const other = await reloaded.sample({ paths: 5, length: 40, seed: 8, startPrice: 50 });
    expect(other.returns[0]).not.toEqual(a.returns[0]);

    // The file helpers write the same bytes, and `load` reads them back.
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-return-gan-'));
    model.save(join(dir, 'm.safetensors'));
    expect(new Uint8Array(readFileSync(join(dir, 'm.safetensors')))).toEqual(bytes);
    expect((await ReturnGan.load(join(dir, 'm.safetensors')).sample({ paths: 5, length: 40, seed: 7, startPrice: 50 })).returns).toEqual(a.returns);
    for (const m of [model, reloaded]) m.dispose();
  });

  it('selects the same weights as `gangrad train` (trainReturnGan) from the same data and settings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-return-gan-'));
    const file = join(dir, 'recent.csv');
    writeFileSync(file, recentCsv());
    const { validationSamples, ...config } = small;
    await trainReturnGan({ data: file, out: join(dir, 'run'), config: { ...DEFAULT_CONFIG, ...config, checkpointEvery: 1000 }, validationSamples });
    const fromCli = readFileSync(join(dir, 'run', 'model.safetensors'));
    const model = await ReturnGan.fit(parsePriceCsv(readFileSync(file, 'utf8'), file), small);
    expect(tensorsOf(model.toBytes())).toEqual(tensorsOf(fromCli));
    expect(model.metadata.step).toBe(loadModelFile(join(dir, 'run', 'model.safetensors')).metadata.step);
    // A directory written by `gangrad train` loads as it is.
    const loaded = ReturnGan.load(join(dir, 'run'));
    expect((await loaded.sample({ paths: 2, seed: 3 })).returns).toEqual((await model.sample({ paths: 2, seed: 3 })).returns);
    // Both calibrated their level process, the same way.
    expect(model.metadata.transforms.levelProcess!.calibration).toBeDefined();
    expect(model.metadata.transforms.levelProcess!.calibration).toEqual(loaded.metadata.transforms.levelProcess!.calibration);
    for (const m of [model, loaded]) m.dispose();
  });

  it('on the cpu backend too: reloaded samples are bit-identical', async () => {
    const previous = getBackend();
    setBackend(createCpuBackend());
    try {
      const prices = parsePriceCsv(recentCsv(), 'recent.csv').prices;
      const model = await ReturnGan.fit(prices, { ...small, steps: 10, evalEvery: 5 });
      const again = ReturnGan.fromBytes(model.toBytes());
      expect((await again.sample({ paths: 3, seed: 11 })).returns).toEqual((await model.sample({ paths: 3, seed: 11 })).returns);
      for (const m of [model, again]) m.dispose();
    } finally {
      setBackend(previous);
    }
  });

  it('stops at an abort with the best weights so far', async () => {
    const prices = parsePriceCsv(recentCsv(), 'recent.csv').prices;
    const controller = new AbortController();
    const model = await ReturnGan.fit(prices, { ...small, onProgress: (p) => { if (p.step === 12) controller.abort(); }, signal: controller.signal });
    expect(model.metadata.step).toBe(10);
    model.dispose();
  });

  it('rejects bad input with an error naming it', async () => {
    const prices = Array.from({ length: 300 }, (_, i) => 100 + Math.sin(i));
    await expect(ReturnGan.fit(prices, { stpes: 10 } as never)).rejects.toThrow("unknown option 'stpes'");
    await expect(ReturnGan.fit(prices, { steps: 0 })).rejects.toThrow("'steps' must be a positive integer");
    await expect(ReturnGan.fit(prices, { batch: Number.NaN })).rejects.toThrow("option 'batch' is NaN; expected a finite number");
    await expect(ReturnGan.fit(prices, { steps: '10' as never })).rejects.toThrow("option 'steps' is '10'; expected a finite number");
    await expect(ReturnGan.fit([...prices.slice(0, 100), -1, ...prices.slice(100)], { name: 'mine' })).rejects.toThrow('mine: prices[100] = -1');
    await expect(ReturnGan.fit(prices.slice(0, 100), { window: 64 })).rejects.toThrow('100 prices, fewer than four windows of 64');
    // Enough for the first check, too few for the level process: the message says how many it needs.
    await expect(ReturnGan.fit(prices, { steps: 1 })).rejects.toThrow('300 prices leave a training part of 209 returns, fewer than the 10 windows of 64 days the model needs: give at least 916 prices');
    expect(() => ReturnGan.fromBytes(new Uint8Array([1, 2, 3]), 'upload.safetensors')).toThrow('upload.safetensors: not a valid safetensors file');
    // An error page fetched instead of a model, and the usual wrong types, are named as such.
    const page = new TextEncoder().encode('<!doctype html>\n<title>404 Not Found</title>');
    expect(() => ReturnGan.fromBytes(page, 'model.safetensors')).toThrow("model.safetensors: not a valid safetensors file: the bytes are text, not a model (they begin '<!doctype html>'): an error page or a wrong file?");
    expect(() => ReturnGan.fromBytes(new Blob([page]) as never)).toThrow('got a Blob (pass await blob.arrayBuffer())');
    expect(() => ReturnGan.fromBytes(new Response(page) as never)).toThrow('got a fetch Response (pass await response.arrayBuffer(), after checking response.ok)');
    expect(() => ReturnGan.fromBytes(new Int8Array(8) as never)).toThrow('got an Int8Array (pass new Uint8Array(view.buffer, view.byteOffset, view.byteLength))');
    expect(() => ReturnGan.load('/nonexistent/model.safetensors')).toThrow('/nonexistent/model.safetensors: cannot read (ENOENT)');
  });

  it('refuses, before training, a configuration or input it could not finish with', async () => {
    const prices = Array.from({ length: 300 }, (_, i) => 100 + Math.sin(i));
    const steps: number[] = [];
    const onProgress = (p: TrainProgress) => steps.push(p.step);
    // The window-level generator needs the levels of the volatility-conditional model: found at the start, not after every step.
    await expect(ReturnGan.fit(prices, { ...small, conditioning: 'none', generatorOutput: 'returns', onProgress })).rejects.toThrow("generator 'window-ar-level' needs conditioning 'volatility'");
    await expect(ReturnGan.fit(prices, { ...small, conditioning: 'bogus' as never, onProgress })).rejects.toThrow(`ReturnGan.fit: option 'conditioning' must be one of "none", "volatility", got "bogus"`);
    await expect(ReturnGan.fit(prices, { ...small, generator: 'bogus' as never, onProgress })).rejects.toThrow("option 'generator' must be one of");
    await expect(ReturnGan.fit(prices, { ...small, hidden: [], onProgress })).rejects.toThrow("ReturnGan.fit: option 'hidden' must be a list of 1 to 64 layer widths");
    await expect(ReturnGan.fit(prices, { ...small, seed: 2 ** 32, onProgress })).rejects.toThrow("ReturnGan.fit: option 'seed' must be an integer in [0, 4294967295], got 4294967296");
    await expect(ReturnGan.fit(prices, null as never)).rejects.toThrow('ReturnGan.fit: options must be an object (e.g. { steps: 2000 }), got null');
    // An object of prices is a PriceSeries: what it lacks is named.
    await expect(ReturnGan.fit({ prices } as never, small)).rejects.toThrow('ReturnGan.fit: an object of prices is read as a PriceSeries (what parsePriceCsv returns), which needs prices, dates, file and column; this one lacks dates, file, column. For prices alone, pass the array itself: ReturnGan.fit(prices)');
    await expect(ReturnGan.fit({ prices, dates: [] } as never, small)).rejects.toThrow('this one lacks file, column');
    await expect(ReturnGan.fit('data/sp500_gspc_daily.csv' as never, small)).rejects.toThrow("got the string 'data/sp500_gspc_daily.csv', not prices; read a CSV first");
    await expect(ReturnGan.fit(null as never, small)).rejects.toThrow('prices must be an array of daily prices');
    // A price 100 times the day before is a data error in memory as in a CSV.
    const spiked = prices.map((p, i) => (i === 150 ? p * 100 : p));
    await expect(ReturnGan.fit(spiked, { ...small, name: 'mine', onProgress })).rejects.toThrow(/mine: prices\[150\] = .* is 100 times the day before .* beyond a factor 5 in one day/);
    // Below that factor, a day like an unadjusted split and a run of stale prices are warned of, as in a CSV.
    const walk = prices.map((_, i) => 100 * Math.exp(0.01 * Math.sin(i * 2.3) + 0.002 * i) * (i >= 200 ? 0.5 : 1));
    for (let i = 101; i < 112; i++) walk[i] = walk[100];
    const warned: string[] = [];
    await ReturnGan.fit(walk, { ...small, name: 'mine', signal: AbortSignal.abort(), onWarning: (w) => warned.push(w) });
    expect(warned).toEqual([
      expect.stringMatching(/^warning: mine: prices\[200\] = [\d.]+ is 1\/[\d.]+ of prices\[199\] = [\d.]+, near a 2:1 split: an unadjusted stock split\?/),
      'warning: mine: prices[100] to prices[111] are all ' + walk[100] + ' (12 in a row): stale prices? Those days\' returns are all 0',
    ]);
    await expect(ReturnGan.fit(prices, { ...small, onWarning: 'log' as never })).rejects.toThrow(`ReturnGan.fit: option 'onWarning' must be a function, got 'log'`);
    // A PriceSeries built by hand: dates oldest first, one per price.
    const dates = prices.map((_, i) => new Date(Date.UTC(2000, 0, 1 + i)).toISOString().slice(0, 10));
    const series = { file: 'hand', column: 'close', dates, prices: Float64Array.from(prices) };
    await expect(ReturnGan.fit({ ...series, dates: [...dates].reverse() }, { ...small, onProgress })).rejects.toThrow("hand: dates[1] = '2000-10-25' is not after dates[0] = '2000-10-26': a PriceSeries runs oldest first, one row a day");
    await expect(ReturnGan.fit({ ...series, dates: dates.map(() => '2020-01-01') }, { ...small, onProgress })).rejects.toThrow("hand: dates[1] = '2020-01-01' is not after dates[0] = '2020-01-01'");
    await expect(ReturnGan.fit({ ...series, dates: dates.slice(10) }, { ...small, onProgress })).rejects.toThrow('hand: a PriceSeries needs one date per price: 300 prices, 290 dates');
    await expect(ReturnGan.fit(prices, { ...small, testFraction: 0, onProgress })).rejects.toThrow("ReturnGan.fit: option 'testFraction' must be a number in (0, 1), got 0");
    await expect(ReturnGan.fit(prices, { ...small, testFraction: 0.5, validationFraction: 0.5, onProgress })).rejects.toThrow("options 'testFraction' (0.5) and 'validationFraction' (0.5) leave no training part");
    await expect(ReturnGan.fit(prices, { ...small, validationSamples: 0, onProgress })).rejects.toThrow("ReturnGan.fit: option 'validationSamples' must be a positive integer, got 0");
    await expect(ReturnGan.fit(prices, { ...small, validationSamples: '16' as never, onProgress })).rejects.toThrow(`option 'validationSamples' must be a positive integer, got "16"`);
    expect(steps).toEqual([]);
  });

  it('forecast and sample name a misspelt option, a bad seed, and prices passed as returns', async () => {
    const series = parsePriceCsv(recentCsv(), 'recent.csv');
    const model = await ReturnGan.fit(series.prices, { ...small, steps: 10, evalEvery: 10 });
    try {
      const history = logReturns(series.prices);
      await expect(model.forecast(history, { horizon: 2, sample: 100 } as never)).rejects.toThrow("ReturnGan.forecast: unknown option 'sample' (options: horizon, paths, levels, fallBelow, seed, onWarning)");
      await expect(model.forecast(history, { paths: -5 })).rejects.toThrow('ReturnGan.forecast: paths must be a positive integer, got -5');
      // The CLI's limits: at least 20 paths, at most a trading year, each level once.
      await expect(model.forecast(history, { paths: 1 })).rejects.toThrow('ReturnGan.forecast: paths 1: at least 20');
      await expect(model.forecast(history, { horizon: 251 })).rejects.toThrow('ReturnGan.forecast: horizon 251: at most 250 days (a trading year); for longer scenario paths use sample()');
      await expect(model.forecast(history, { levels: [0.99, 0.99] })).rejects.toThrow('ReturnGan.forecast: level 0.99 is given twice');
      await expect(model.sample({ paths: '3' as never })).rejects.toThrow("ReturnGan.sample: paths must be a positive integer, got '3'");
      await expect(model.forecast(history, { seed: 1.5 })).rejects.toThrow('ReturnGan.forecast: seed must be an integer from 0 to 4294967295, got 1.5');
      await expect(model.forecast(history, { seed: -1 })).rejects.toThrow('seed must be an integer');
      await expect(model.forecast(history, { fallBelow: [Number.NaN] })).rejects.toThrow('fallBelow must hold finite log returns');
      await expect(model.forecast(series.prices, { horizon: 2, paths: 100 })).rejects.toThrow('the history does not look like daily log returns (every value is positive): prices? Pass logReturns(prices)');
      await expect(model.forecast(undefined as never)).rejects.toThrow('ReturnGan.forecast: history must be an array of daily log returns');
      await expect(model.sample(undefined as never)).rejects.toThrow('ReturnGan.sample: pass the options, at least { paths: N }');
      await expect(model.sample({ paths: 1, seed: 2 ** 32 + 1 })).rejects.toThrow('ReturnGan.sample: seed must be an integer from 0 to 4294967295');
      await expect(model.sample({ paths: 1, lenght: 5 } as never)).rejects.toThrow("ReturnGan.sample: unknown option 'lenght'");
      await expect(model.sample({ paths: 1e6, length: 1e3 })).rejects.toThrow('ReturnGan.sample: 1000000 paths × 1000 days is 1,000,000,000 daily values, beyond the 25,000,000 one call holds in memory');
      // Levels are checked before the paths are made.
      await expect(model.forecast(history, { levels: [95] })).rejects.toThrow('ReturnGan.forecast: levels must be a list of confidence levels strictly between 0 and 1 (e.g. [0.95, 0.99]), got [95]');
      await expect(model.forecast(history, { levels: 0.99 as never })).rejects.toThrow('got 0.99');
      // Bytes as an ArrayBuffer load as a Uint8Array does; a string is not bytes.
      const bytes = model.toBytes();
      const again = ReturnGan.fromBytes((bytes.buffer as ArrayBuffer).slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      expect((await again.sample({ paths: 2, seed: 3 })).returns).toEqual((await model.sample({ paths: 2, seed: 3 })).returns);
      again.dispose();
      expect(() => ReturnGan.fromBytes('abc' as never)).toThrow('ReturnGan.fromBytes: expected the model\'s bytes (a Uint8Array or ArrayBuffer, e.g. from toBytes() or a read file), got a string (pass a path to ReturnGan.load)');
      expect(() => ReturnGan.load(undefined as never)).toThrow('ReturnGan.load: expected the path of a model file or of a directory written by gangrad train, got undefined');
      // After dispose: an error naming the model; its bytes still make a new one.
      const bytesKept = model.toBytes();
      model.dispose();
      await expect(model.sample({ paths: 1 })).rejects.toThrow('ReturnGan.sample: this model was disposed');
      await expect(model.forecast(history)).rejects.toThrow('ReturnGan.forecast: this model was disposed');
      expect(() => model.forecaster()).toThrow('ReturnGan.forecaster: this model was disposed');
      const remade = ReturnGan.fromBytes(bytesKept);
      expect((await remade.sample({ paths: 1, seed: 3 })).returns).toHaveLength(1);
      remade.dispose();
      expect(() => parsePriceCsv(undefined as never, 'x.csv')).toThrow("parsePriceCsv: expected the CSV's text, got undefined");
      expect(() => parsePriceCsv('date,close\n', undefined as never)).toThrow('parsePriceCsv: pass a name for the data as the second argument');
      // A model file read as a CSV: a short message, not its bytes.
      const text = new TextDecoder().decode(bytesKept);
      expect(() => parsePriceCsv(text, 'model.safetensors')).toThrow(/^model\.safetensors: binary data, not a CSV of prices \(a model file\? ReturnGan\.load reads those\)$/);
    } finally {
      model.dispose();
    }
  });
});
