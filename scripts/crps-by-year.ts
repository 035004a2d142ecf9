/**
 * Where a model's CRPS gap to a baseline lies in time: the backtest's forecasts of one horizon made
 * again (the same origins and seeds as `gangrad backtest`), each one's CRPS, summed by calendar year
 * as its share of the part's mean (so the years add up to the table's figure), with each year's
 * average forecast median and standard deviation and the realised mean; then the forecasts that cost
 * the model most against the first baseline. For h > 1 the origins are h days apart, as in the backtest.
 *
 *   npx tsx scripts/crps-by-year.ts --model DIR [--horizon 10] [--seeds 5] [--samples 500] [--part test] [--baselines HS,GJR-GARCH-t]
 */
import { parseArgs } from 'node:util';
import { openModelData } from '../src/cli/data-check.js';
import { ganForecasterOf, openModels } from '../src/cli/model-dir.js';
import { classicalForecasters } from '../src/finance/baselines/forecasters.js';
import { backtestOrigins, forecastSeed } from '../src/finance/evaluation/backtest/run-backtest.js';
import { crpsSorted } from '../src/finance/evaluation/backtest/scores.js';
import { exitOnHelp } from './usage.js';

exitOnHelp('usage: npx tsx scripts/crps-by-year.ts --model DIR [--horizon 10] [--seeds 5] [--samples 500] [--part test|validation] [--baselines HS,GJR-GARCH-t]');

const { values } = parseArgs({ options: {
  model: { type: 'string' }, horizon: { type: 'string', default: '10' }, seeds: { type: 'string', default: '5' },
  samples: { type: 'string', default: '500' }, part: { type: 'string', default: 'test' }, baselines: { type: 'string', default: 'HS,GJR-GARCH-t' },
} });
if (!values.model || !['test', 'validation'].includes(values.part!)) {
  console.error('usage: npx tsx scripts/crps-by-year.ts --model DIR [--horizon 10] [--seeds 5] [--samples 500] [--part test|validation] [--baselines HS,GJR-GARCH-t]');
  process.exit(2);
}
const horizon = Number(values.horizon), seeds = Number(values.seeds), samples = Number(values.samples);
const { backend, models } = await openModels(values.model, 'wasm');
try {
  const { model, dir } = models[0];
  const data = openModelData(model.metadata, dir, undefined, false);
  // As `backtest --part`: the validation part is forecast from the returns before the test part only.
  const end = values.part === 'test' ? data.returns.length : data.split.test[0];
  const returns = data.returns.subarray(0, end);
  const start = values.part === 'test' ? data.split.test[0] : data.split.validation[0];
  const dates = data.series.dates.slice(1);
  const wanted = values.baselines!.split(',');
  const baselines = classicalForecasters().filter((f) => wanted.includes(f.name));
  if (baselines.length !== wanted.length) throw new Error(`--baselines: one of ${wanted.join(', ')} is not among ${classicalForecasters().map((f) => f.name).join(', ')}`);
  const forecasters = [ganForecasterOf(models), ...baselines];

  type Row = { date: string; realised: number; crps: number[]; median: number[]; sd: number[] };
  const rows: Row[] = [];
  for (const t of backtestOrigins(start, returns.length, horizon)) {
    let realised = 0;
    for (let k = 1; k <= horizon; k++) realised += returns[t + k];
    const row: Row = { date: dates[t], realised, crps: [], median: [], sd: [] };
    for (const f of forecasters) {
      let crps = 0, median = 0, sd = 0;
      for (let s = 1; s <= seeds; s++) {
        const x = Float64Array.from(await f.forecast(returns.subarray(0, t + 1), horizon, { samples, seed: forecastSeed(s, t, horizon) })).sort();
        const mean = x.reduce((a, b) => a + b, 0) / x.length;
        crps += crpsSorted(x, realised) / seeds;
        median += x[Math.floor(x.length / 2)] / seeds;
        sd += Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length) / seeds;
      }
      row.crps.push(crps); row.median.push(median); row.sd.push(sd);
    }
    rows.push(row);
  }
  const names = forecasters.map((f) => f.name), n = rows.length, bp = (v: number) => (v * 1e4).toFixed(0);
  const share = (subset: Row[], k: number) => ((subset.reduce((a, r) => a + r.crps[k], 0) / n) * 1e4).toFixed(2);
  console.log(`${data.info.file}, ${values.part} part, h = ${horizon}, ${n} origins, seeds 1–${seeds}, ${samples} samples; CRPS ×1e4 (each year's share of the mean), median and sd of the forecasts (bp, averaged over the year's origins)\n`);
  console.log(`| year | origins | ${names.map((m) => `CRPS ${m}`).join(' | ')} | ${names.map((m) => `median ${m}`).join(' | ')} | ${names.map((m) => `sd ${m}`).join(' | ')} | realised mean |`);
  console.log(`|${'---|'.repeat(3 + 3 * names.length)}`);
  for (const year of [...new Set(rows.map((r) => r.date.slice(0, 4)))]) {
    const subset = rows.filter((r) => r.date.startsWith(year)), avg = (f: (r: Row) => number) => subset.reduce((a, r) => a + f(r), 0) / subset.length;
    console.log(`| ${year} | ${subset.length} | ${names.map((_, k) => share(subset, k)).join(' | ')} | ${names.map((_, k) => bp(avg((r) => r.median[k]))).join(' | ')} | ${names.map((_, k) => bp(avg((r) => r.sd[k]))).join(' | ')} | ${bp(avg((r) => r.realised))} |`);
  }
  console.log(`| all | ${n} | ${names.map((_, k) => share(rows, k)).join(' | ')} |`);
  const costliest = [...rows].sort((a, b) => (b.crps[0] - b.crps[1]) - (a.crps[0] - a.crps[1])).slice(0, 8);
  console.log(`\nThe forecasts that cost ${names[0]} most against ${names[1]} (share of the mean gap ×1e4; realised, median and sd in %):`);
  for (const r of costliest) console.log(`${r.date}: ${(((r.crps[0] - r.crps[1]) / n) * 1e4).toFixed(2)}; realised ${(r.realised * 100).toFixed(2)}; median ${r.median.map((v) => (v * 100).toFixed(2)).join(' / ')}; sd ${r.sd.map((v) => (v * 100).toFixed(2)).join(' / ')}`);
} finally {
  backend.destroy();
}
