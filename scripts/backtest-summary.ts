/**
 * The forecasting results table of docs/forecasting.md from `gangrad backtest --json` files, one per
 * market: npx tsx scripts/backtest-summary.ts NAME=FILE.json [NAME=FILE.json …]
 * A market may take several files joined by '+' (NAME=GAN.json+BASELINES.json): runs with the same
 * days, samples and seeds are joined, so a model re-run alone (`backtest --models gan`) is tabled beside
 * the baselines of an earlier run (they are deterministic: the same data gives the same figures).
 *
 * For each market and horizon: the GAN's and each baseline's mean pinball loss at the highest level and
 * CRPS (mean over the seeds ± sd), and whether each VaR is rejected (5 %) by Kupiec or Christoffersen's
 * conditional coverage, whether ES is rejected, and the Basel zone (1-day 99 %); the VaR–volatility
 * correlation as mean ± sd over the seeds, the width ratio of the first seed. Then, for backtests
 * written since the calibration joined them, each model's Berkowitz p-value and the mean and standard
 * deviation of z = Φ⁻¹(PIT) per horizon (first seed).
 */
import { readFileSync } from 'node:fs';
import type { BacktestReport } from '../src/finance/report/backtest-report.js';
import { conditioningFromSeries } from '../src/finance/evaluation/conditioning.js';
import { uniformityTest } from '../src/finance/evaluation/backtest/index.js';
import { exitOnHelp } from './usage.js';

exitOnHelp('usage: npx tsx scripts/backtest-summary.ts NAME=FILE.json [NAME=FILE.json …]');

const inputs = process.argv.slice(2).map((arg) => {
  const [name, file] = arg.split('=');
  if (!name || !file) throw new Error(`expected NAME=FILE.json, got '${arg}'`);
  const reports = file.split('+').map((f) => JSON.parse(readFileSync(f, 'utf8')) as BacktestReport);
  return { name, report: reports.reduce(join) };
});

/** Two reports of the same backtest (data, part, samples, seeds) with different models, as one. */
function join(a: BacktestReport, b: BacktestReport): BacktestReport {
  const key = (r: BacktestReport) => JSON.stringify([(r as { data?: { sha256?: string } }).data?.sha256, r.part ?? 'test', r.runs.map((x) => [x.testStart, x.days, x.samples, x.seed, x.horizons, x.levels])]);
  if (key(a) !== key(b)) throw new Error(`cannot join backtests of different data, parts, samples or seeds: ${key(a)} vs ${key(b)}`);
  const names = new Set(a.runs[0].entries.map((e) => e.forecaster));
  const clash = b.runs[0].entries.find((e) => names.has(e.forecaster));
  if (clash) throw new Error(`both backtests hold the model '${clash.forecaster}'`);
  return { ...a, runs: a.runs.map((r, i) => ({ ...r, entries: [...r.entries, ...b.runs[i].entries] })), conditioning: { ...a.conditioning, ...b.conditioning } };
}
if (inputs.length === 0) {
  console.error('usage: npx tsx scripts/backtest-summary.ts NAME=FILE.json [NAME=FILE.json …]');
  process.exit(2);
}

const meanSd = (v: number[]) => {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)) : 0;
  return { m, sd };
};
const fmt = (v: number[], scale: number) => {
  const { m, sd } = meanSd(v.map((x) => x * scale));
  return v.length > 1 ? `${m.toFixed(2)} ± ${sd.toFixed(2)}` : m.toFixed(2);
};

const fmtCorr = (v: number[]) => {
  const { m, sd } = meanSd(v);
  return v.length > 1 ? `${m.toFixed(3)} ± ${sd.toFixed(3)}` : m.toFixed(3);
};

for (const { name, report } of inputs) {
  const first = report.runs[0];
  const models = [...new Set(first.entries.map((e) => e.forecaster))];
  const top = first.levels.indexOf(Math.max(...first.levels));
  console.log(`\n**${name}** — ${report.part ?? 'test'} part ${first.days - first.testStart} days, ${first.samples} samples, ${report.runs.length} seed(s); pinball ×1e4 at ${(100 * first.levels[top]).toFixed(0)} %, CRPS ×1e4; VaR: levels whose Kupiec or conditional-coverage test rejects at 5 %; ES: levels whose ES test rejects\n`);
  console.log(`| model | ${first.horizons.map((h) => `h=${h} pinball | h=${h} CRPS | h=${h} VaR rejected | h=${h} ES rejected`).join(' | ')} | Basel (1-day 99 %) | VaR–vol corr | after worst / calmest |`);
  console.log(`|---|${first.horizons.map(() => '---|---|---|---|').join('')}---|---|---|`);
  for (const model of models) {
    const cells: string[] = [];
    let basel = '';
    for (const h of first.horizons) {
      const across = report.runs.map((r) => r.entries.find((e) => e.forecaster === model && e.horizon === h)!);
      const e = across[0];
      const rejected = e.levels.filter((l) => l.kupiecP < 0.05 || l.christoffersenCoverageP < 0.05).map((l) => `${(100 * l.level).toFixed(0)}%`);
      const esRejected = e.levels.filter((l) => l.esTest !== null && l.esTest.pValue < 0.05).map((l) => `${(100 * l.level).toFixed(0)}%`);
      cells.push(fmt(across.map((x) => x.levels[top].meanPinball), 1e4), fmt(across.map((x) => x.meanCrps), 1e4), rejected.join(', ') || 'none', esRejected.join(', ') || 'none');
      const b = e.levels.find((l) => l.basel)?.basel;
      if (b) basel = `${b.zone} (${b.breaches})`;
    }
    const c = report.conditioning[model];
    // The correlation over every seed (from each run's 1-day series; the report's own figure is seed 1's).
    const daily = report.runs.map((r) => r.entries.find((e) => e.forecaster === model && e.horizon === 1));
    const corr = c && daily.every((e) => e) ? fmtCorr(daily.map((e) => conditioningFromSeries({ ...e!.series, valueAtRisk: e!.series.valueAtRisk[top] }).volatilityCorrelation)) : '';
    console.log(`| ${model} | ${cells.join(' | ')} | ${basel} | ${corr} | ${c ? c.widthRatio.toFixed(2) : ''} |`);
  }
  if (!first.entries.every((e) => e.calibration)) continue; // written before the calibration, or too few forecasts
  console.log(`\nCalibration (seed ${first.seed}): Berkowitz p; mean and sd of z = Φ⁻¹(PIT) (0 and 1 if calibrated; sd below 1: too wide); the χ²(9) test of equal PIT deciles\n`);
  console.log(`| model | ${first.horizons.map((h) => `h=${h} Berkowitz p | h=${h} mean z | h=${h} sd z | h=${h} deciles p`).join(' | ')} |`);
  console.log(`|---|${first.horizons.map(() => '---|---|---|---|').join('')}`);
  const pValue = (v: number) => (v < 0.001 ? '<0.001' : v.toFixed(3));
  for (const model of models) {
    const cells = first.horizons.flatMap((h) => {
      const c = first.entries.find((e) => e.forecaster === model && e.horizon === h)!.calibration!;
      // Backtests written before the deciles test joined have the counts it is computed from.
      return [pValue(c.berkowitz.pValue), c.berkowitz.mean.toFixed(3), c.berkowitz.sd.toFixed(3), pValue((c.deciles ?? uniformityTest(c.histogram)).pValue)];
    });
    console.log(`| ${model} | ${cells.join(' | ')} |`);
  }
}
