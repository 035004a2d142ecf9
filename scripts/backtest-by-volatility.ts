/**
 * Where one model's 1-day VaR loses to another's: the days of a backtest split into five groups by
 * the reference model's 99 % VaR (calmest fifth first), and in each the median ratio of the two VaRs,
 * each model's breach rate and its pinball loss (×1e4). Reads `gangrad backtest --json` files (the
 * first seed's series); a file may hold both models, or each its own (the same days). Below the table:
 * how much of the pinball gap falls on days where either model breached and where neither did, how
 * the two log VaRs spread and correlate, and the model's pinball with its log VaR stretched about its
 * mean (does it lack range, or information?).
 *
 *   npx tsx scripts/backtest-by-volatility.ts MODEL=FILE.json REFERENCE=FILE.json [--level 0.99] [--horizon 1]
 */
import { readFileSync } from 'node:fs';
import type { BacktestReport } from '../src/finance/report/backtest-report.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(args[i + 1]);
};
const pairs = args.filter((a) => a.includes('='));
if (pairs.length !== 2) {
  console.error('usage: npx tsx scripts/backtest-by-volatility.ts MODEL=FILE.json REFERENCE=FILE.json [--level 0.99] [--horizon 1]');
  process.exit(2);
}
const level = option('level', 0.99), horizon = option('horizon', 1);

/** The first seed's realised returns and VaR at `level` of `name` in `file`. */
function series(pair: string): { name: string; realised: number[]; valueAtRisk: number[]; date: string[] } {
  const [name, file] = pair.split('=');
  const report = JSON.parse(readFileSync(file, 'utf8')) as BacktestReport;
  const run = report.runs[0];
  const entry = run.entries.find((e) => e.forecaster === name && e.horizon === horizon);
  const j = run.levels.indexOf(level);
  if (!entry || j < 0) throw new Error(`${file}: no ${name} at horizon ${horizon} and level ${level}`);
  return { name, realised: entry.series.realised, valueAtRisk: entry.series.valueAtRisk[j], date: entry.series.date ?? [] };
}

const model = series(pairs[0]), reference = series(pairs[1]);
if (model.realised.length !== reference.realised.length || model.realised.some((r, i) => r !== reference.realised[i])) {
  throw new Error('the two backtests cover different days');
}
const y = model.realised;
/** Mean pinball loss of VaR v (a positive loss; the return quantile is −v) over days `at`. */
const pinball = (v: number[], at: number[]) => at.reduce((s, i) => { const u = y[i] + v[i]; return s + ((1 - level) - (u < 0 ? 1 : 0)) * u; }, 0) / at.length;
const breaches = (v: number[], at: number[]) => at.filter((i) => y[i] < -v[i]).length / at.length;
const median = (x: number[]) => { const s = [...x].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const order = y.map((_, i) => i).sort((a, b) => reference.valueAtRisk[a] - reference.valueAtRisk[b]);
console.log(`| fifth of days by ${reference.name}'s VaR | VaR ratio ${model.name} / ${reference.name} (median) | breaches ${model.name} / ${reference.name} | pinball ×1e4 ${model.name} / ${reference.name} |`);
console.log('|---|---|---|---|');
for (let q = 0; q < 5; q++) {
  const at = order.slice(Math.floor((q * y.length) / 5), Math.floor(((q + 1) * y.length) / 5));
  const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
  console.log(`| ${q + 1}${q === 0 ? ' (calmest)' : q === 4 ? ' (most volatile)' : ''} | ${median(at.map((i) => model.valueAtRisk[i] / reference.valueAtRisk[i])).toFixed(3)} | ${pct(breaches(model.valueAtRisk, at))} / ${pct(breaches(reference.valueAtRisk, at))} | ${(1e4 * pinball(model.valueAtRisk, at)).toFixed(2)} / ${(1e4 * pinball(reference.valueAtRisk, at)).toFixed(2)} |`);
}
const all = y.map((_, i) => i);
console.log(`| all | ${median(all.map((i) => model.valueAtRisk[i] / reference.valueAtRisk[i])).toFixed(3)} | ${(100 * breaches(model.valueAtRisk, all)).toFixed(2)} % / ${(100 * breaches(reference.valueAtRisk, all)).toFixed(2)} % | ${(1e4 * pinball(model.valueAtRisk, all)).toFixed(2)} / ${(1e4 * pinball(reference.valueAtRisk, all)).toFixed(2)} |`);

// Where the gap lies: breach days (the tail) or ordinary days (the width), and range or information.
const gap = (at: number[]) => (pinball(model.valueAtRisk, at) - pinball(reference.valueAtRisk, at)) * at.length;
const total = gap(all);
const tail = all.filter((i) => y[i] < -model.valueAtRisk[i] || y[i] < -reference.valueAtRisk[i]);
const breached = new Set(tail);
const ordinary = all.filter((i) => !breached.has(i));
console.log(`\nPinball gap ${model.name} − ${reference.name}: ${(1e4 * total / all.length).toFixed(3)} ×1e4; share on the ${tail.length} days either breached ${(100 * gap(tail) / total).toFixed(0)} %, on the other ${ordinary.length} ${(100 * gap(ordinary) / total).toFixed(0)} %`);
const worst = [...all].sort((a, b) => gap([b]) - gap([a])).slice(0, 3);
console.log(`the three forecasts that cost ${model.name} most (date made; the return that followed): ${worst.map((i) => `${model.date[i]} (${(100 * y[i]).toFixed(1)} %, ${(100 * gap([i]) / total).toFixed(0)} % of the gap)`).join(', ')}`);
const logs = (v: number[]) => v.map(Math.log);
const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const sd = (x: number[]) => { const m = mean(x); return Math.sqrt(mean(x.map((v) => (v - m) ** 2))); };
const lm = logs(model.valueAtRisk), lr = logs(reference.valueAtRisk);
const corr = mean(lm.map((v, i) => (v - mean(lm)) * (lr[i] - mean(lr)))) / (sd(lm) * sd(lr));
console.log(`sd of log VaR: ${model.name} ${sd(lm).toFixed(3)}, ${reference.name} ${sd(lr).toFixed(3)}; correlation ${corr.toFixed(3)}`);
const stretched = (k: number) => lm.map((v) => Math.exp(mean(lm) + k * (v - mean(lm))));
console.log(`${model.name}'s pinball with its log VaR stretched about its mean: ${[1, 1.2, 1.4].map((k) => `×${k} ${(1e4 * pinball(stretched(k), all)).toFixed(2)}`).join(', ')}`);
