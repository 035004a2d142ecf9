/**
 * The classical forecasters' risk backtest on one market's test part (the chronological split the GAN
 * uses), with the wall time of each forecaster:
 *   npx tsx scripts/backtest-baselines.ts [--data data/sp500_gspc_daily.csv] [--samples 1000] [--seed 1]
 *     [--horizons 1,10] [--levels 0.95,0.99] [--json FILE]
 */
import { writeFileSync } from 'node:fs';
import {
  chronologicalSplit, classicalForecasters, DEFAULT_CONFIG, loadPriceCsv, logReturns, runBacktest, sanityTable,
  type BacktestResult, type Forecaster,
} from '../src/finance/index.js';
import { exitOnHelp } from './usage.js';

exitOnHelp("usage: npx tsx scripts/backtest-baselines.ts [--data data/sp500_gspc_daily.csv] [--samples 1000] [--seed 1]  (with no arguments: the S&P 500's whole test part)");

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const numbers = (text: string) => text.split(',').map(Number);

const file = option('data', 'data/sp500_gspc_daily.csv');
const series = loadPriceCsv(file);
const returns = logReturns(series.prices);
const dates = series.dates.slice(1);
const split = chronologicalSplit(returns.length, DEFAULT_CONFIG.testFraction, DEFAULT_CONFIG.validationFraction);
const testStart = split.test[0];
const horizons = numbers(option('horizons', '1,10')), levels = numbers(option('levels', '0.95,0.99'));
const samples = Number(option('samples', '1000')), seed = Number(option('seed', '1'));
console.log(`${file}: ${returns.length} returns, test part ${dates[testStart]} … ${dates[returns.length - 1]} (${returns.length - testStart} days); ${samples} samples, seed ${seed}`);

const results: BacktestResult[] = [];
const started = performance.now();
for (const forecaster of classicalForecasters()) {
  const t0 = performance.now();
  let lastShown = 0;
  const result = await runBacktest({
    returns, testStart, dates, forecasters: [forecaster as Forecaster], horizons, levels, samples, seed,
    onProgress: ({ done, total }) => {
      if (done - lastShown >= 1000 || done === total) process.stderr.write(`\r${forecaster.name}: ${(lastShown = done)}/${total}`);
    },
  });
  process.stderr.write('\n');
  console.log(`${forecaster.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  results.push(result);
}
console.log(`all forecasters: ${((performance.now() - started) / 1000).toFixed(1)} s wall`);

const f = (v: number | null, digits = 3) => (v === null ? '—' : v.toFixed(digits));
console.log('\n| model | h | level | origins | breaches (share) | Kupiec p | Chr. ind p | Chr. cc p | Basel | ES Z2 (p) | pinball ×1e4 | FZ0 | CRPS ×1e4 |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const entry of results.flatMap((r) => r.entries)) {
  for (const l of entry.levels) {
    console.log(`| ${entry.forecaster} | ${entry.horizon} | ${l.level} | ${entry.origins} | ${l.breaches} (${(100 * l.breachShare).toFixed(2)} %) | ${f(l.kupiecP)} | ${f(l.christoffersenIndependenceP)} | ${f(l.christoffersenCoverageP)} | `
      + `${l.basel ? `${l.basel.zone} (${l.basel.breaches})` : '—'} | ${l.esTest ? `${f(l.esTest.z2)} (${f(l.esTest.pValue)})` : '—'} | ${f(l.meanPinball * 1e4)} | ${f(l.meanFz0)} | ${f(entry.meanCrps * 1e4)} |`);
  }
}
console.log('\n| model | h | origins | RMSE median | RMSE zero | hit rate (origins with a direction) | share up |');
console.log('|---|---|---|---|---|---|---|');
for (const row of results.flatMap(sanityTable)) {
  console.log(`| ${row.forecaster} | ${row.horizon} | ${row.origins} | ${f(row.rmseMedian, 5)} | ${f(row.rmseZero, 5)} | ${row.hitRate === null ? 'no direction' : `${f(row.hitRate)} (${row.directional})`} | ${f(row.shareUp)} |`);
}
const json = option('json', '');
if (json) writeFileSync(json, JSON.stringify(results, null, 1));
