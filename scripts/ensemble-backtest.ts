/**
 * A backtest of an ensemble of GAN models trained on the same data with different seeds: each forecast
 * pools the members' scenario paths (an equal share of the samples from each), so the forecast
 * distribution is the mixture of the members'. Writes the `gangrad backtest --json` shape, so
 * scripts/backtest-summary.ts tables it beside single models.
 *
 *   npx tsx scripts/ensemble-backtest.ts --models DIR,DIR[,…] [--part validation|test] [--seeds 2]
 *     [--samples 500] --json FILE
 */
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { createBackend, setBackend } from '../src/index.js';
import { openModelData } from '../src/cli/data-check.js';
import { loadModelFile } from '../src/finance/model/model.js';
import { GanForecaster } from '../src/finance/model/gan-forecaster.js';
import { runBacktest, type BacktestResult } from '../src/finance/evaluation/backtest/index.js';
import type { Forecaster, ForecastOptions } from '../src/finance/forecaster.js';

const { values: o } = parseArgs({ options: { models: { type: 'string' }, part: { type: 'string' }, seeds: { type: 'string' }, samples: { type: 'string' }, json: { type: 'string' } } });
if (!o.models || !o.json) {
  console.error('usage: npx tsx scripts/ensemble-backtest.ts --models DIR,DIR[,…] [--part validation|test] [--seeds 2] [--samples 500] --json FILE');
  process.exit(2);
}
const dirs = o.models.split(',');
const part = o.part ?? 'validation', seeds = Number(o.seeds ?? 2), samples = Number(o.samples ?? 500);
setBackend(await createBackend('wasm'));
const models = dirs.map((dir) => ({ dir, model: loadModelFile(`${dir}/model.safetensors`) }));
const members = models.map(({ model }) => new GanForecaster({ generator: model.networks.generator, latentDim: model.metadata.config.latentDim, transforms: model.metadata.transforms }));

/** The members' forecasts pooled: member i draws its share of the samples with its own seed. */
const ensemble: Forecaster = {
  name: `GAN ensemble of ${members.length}`,
  async forecast(history: Float64Array, horizon: number, options: ForecastOptions) {
    const share = (i: number) => Math.floor(((i + 1) * options.samples) / members.length) - Math.floor((i * options.samples) / members.length);
    const parts = await Promise.all(members.map((m, i) => m.forecast(history, horizon, { ...options, samples: share(i), seed: options.seed * members.length + i })));
    return Float64Array.from(parts.flatMap((p) => Array.from(p)));
  },
};

const dataset = openModelData(models[0].model.metadata, dirs[0], undefined, false);
for (const { dir, model } of models.slice(1)) {
  if (model.metadata.data.sha256 !== models[0].model.metadata.data.sha256) throw new Error(`${dir}: trained on other data than ${dirs[0]}`);
}
const end = part === 'test' ? dataset.returns.length : dataset.split.test[0];
const testStart = part === 'test' ? dataset.split.test[0] : dataset.split.validation[0];
const runs: BacktestResult[] = [];
for (let seed = 1; seed <= seeds; seed++) {
  runs.push(await runBacktest({ returns: dataset.returns.subarray(0, end), testStart, forecasters: [ensemble], horizons: [1, 10], levels: [0.95, 0.99], samples, seed, dates: dataset.series.dates.slice(1, end + 1) }));
  console.error(`seed ${seed} done`);
}
writeFileSync(o.json, JSON.stringify({ models: dirs, data: dataset.info, runs, conditioning: {}, part }, null, 1));
console.error(`wrote ${o.json}`);
