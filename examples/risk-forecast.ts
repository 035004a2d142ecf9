/**
 * A risk forecast and a small backtest of it, from the library (what `gangrad forecast` and
 * `gangrad backtest` run, in a dozen calls).
 *
 * The return GAN is fitted on a price series (ReturnGan.fit holds out the last 20 % as its test part:
 * never trained on, never used to pick the weights). It then forecasts the next 10 days from the last
 * close: VaR and ES as positive log-return losses, and the chance of a fall of more than 10 %. Last,
 * runBacktest walks the last --days days of the test part: each day every forecaster sees only the
 * returns up to that day and forecasts the next day's return; breaches of its 99 % VaR are counted and
 * tested (Kupiec), and the whole distribution is scored (CRPS, lower is better). Beside the GAN stand
 * two practitioners' baselines: historical simulation over 500 days, and GJR-GARCH(1,1) with
 * Student-t innovations.
 *
 * A few hundred steps make a weak GAN; `gangrad train` trains 10,000 (docs/forecasting.md has the
 * protocol and the measured results).
 *
 * Run: npx tsx examples/risk-forecast.ts [--steps N] [--days D] [--data FILE] [--seed S]
 */
import { fileURLToPath } from 'node:url';
import {
  ReturnGan, gjrGarchForecaster, historicalSimulationForecaster, loadPriceCsv, logReturns, runBacktest, type PriceSeries,
} from '../src/index.js';
import { exampleArgs, wholeNumberArg } from './args.js';

const usage = 'usage: npx tsx examples/risk-forecast.ts [--steps N] [--days D] [--data FILE] [--seed S]';
const args = exampleArgs(usage, {
  steps: '400',
  days: '250',
  data: fileURLToPath(new URL('../data/orcl_daily.csv', import.meta.url)),
  seed: '1',
});
const steps = wholeNumberArg('steps', args.steps, 1, usage);
const days = wholeNumberArg('days', args.days, 2, usage);
const seed = wholeNumberArg('seed', args.seed, 0, usage);

// A file that cannot be read as prices is the user's to fix: its message alone, not a stack trace.
let series: PriceSeries;
try {
  series = loadPriceCsv(args.data);
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
const returns = logReturns(series.prices); // returns[i] is the return of dates[i + 1]
console.log(`risk example: ${series.prices.length} ${series.column} prices from ${series.file}, ${series.dates[0]} to ${series.dates.at(-1)}`);

// The PriceSeries (not the bare prices) lets the model record the dates of its parts.
const evalEvery = Math.max(1, Math.round(steps / 4));
const model = await ReturnGan.fit(series, {
  steps, evalEvery, seed,
  onProgress: (p) => {
    // p.validation: the score made at this step (every evalEvery steps), else null. Lower is better.
    if (p.validation) console.log(`step ${String(p.step).padStart(5)}  validation score ${p.validation.score.toFixed(3)}`);
  },
});
console.log(`kept the weights of step ${model.metadata.step} (validation score ${model.metadata.validationScore?.toFixed(3)}); test part from ${model.metadata.data.testStartDate}`);

// Today's forecast: the distribution of the 10-day log return from the last close.
const today = await model.forecast(returns, { horizon: 10, paths: 10_000, levels: [0.95, 0.99], fallBelow: [-0.1], seed });
console.log(`\n10-day forecast from the close of ${series.dates.at(-1)} (${today.summary.samples} paths):`);
for (const r of today.summary.risk) {
  console.log(`  ${(r.level * 100).toFixed(0)} %  VaR ${(r.valueAtRisk * 100).toFixed(2)} %  ES ${(r.expectedShortfall * 100).toFixed(2)} %  (log-return losses)`);
}
console.log(`  P(10-day log return < -0.1) = ${today.summary.fallBelow[0].probability.toFixed(4)}`);

// The backtest: the last `days` days of the model's test part, one-day horizon.
const testPart = series.dates.indexOf(model.metadata.data.testStartDate) - 1; // index in `returns`
const testStart = Math.max(testPart, returns.length - days);
const forecasters = [model.forecaster(), historicalSimulationForecaster(), gjrGarchForecaster()];
const result = await runBacktest({
  returns, dates: series.dates.slice(1), testStart, forecasters, horizons: [1], levels: [0.99], samples: 1000, seed,
});
const tested = returns.length - testStart;
console.log(`\nbacktest: 1-day forecasts on the last ${tested} days (${series.dates[testStart + 1]} to ${series.dates.at(-1)}), 99 % VaR, ${Number((tested * 0.01).toFixed(2))} breaches expected`);
console.log(`${'forecaster'.padEnd(12)} ${'breaches'.padStart(8)} ${'Kupiec p'.padStart(9)} ${'mean CRPS'.padStart(10)}`);
for (const e of result.entries) {
  const l = e.levels[0];
  console.log(`${e.forecaster.padEnd(12)} ${String(l.breaches).padStart(8)} ${l.kupiecP.toFixed(3).padStart(9)} ${e.meanCrps.toFixed(5).padStart(10)}`);
}
console.log('\nKupiec p below 0.05: the breach count is unlikely for a correct 99 % VaR. CRPS: lower is better.');
model.dispose();
