/**
 * The classical baselines on real data, without a GAN: fit GARCH(1,1)-t, GJR-GARCH(1,1)-t, the
 * stationary bootstrap and the Gaussian on a file's training part (the first 70%, as `gangrad train`
 * splits it), simulate N paths of L days from each, and print the long-horizon criteria against the
 * whole real series as a Markdown table, with the spread over several simulation seeds.
 *
 *   npx tsx scripts/baselines.ts [--paths 100] [--length 1000] [--seeds 3] [--last N] FILE [COLUMN] ...
 *
 * FILE may be followed by a price column name (e.g. adj_close); `--last N` keeps only the last N
 * returns of each file (a short history) before splitting.
 */
import { parseArgs } from 'node:util';
import { loadPriceCsv } from '../src/finance/data/csv.js';
import { compareLongHorizon, longHorizonReference, type LongHorizonComparison } from '../src/finance/evaluation/index.js';
import { DEFAULT_CONFIG } from '../src/finance/model/model.js';
import { fitBaselines } from '../src/finance/baselines/index.js';
import { chronologicalSplit, logReturns } from '../src/finance/data/returns.js';
import { Rng } from '../src/tensor/index.js';
import { exitOnHelp } from './usage.js';

exitOnHelp('usage: npx tsx scripts/baselines.ts [--paths N] [--length L] [--seeds K] [--last N] FILE [COLUMN] ...');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { paths: { type: 'string', default: '100' }, length: { type: 'string', default: '1000' }, seeds: { type: 'string', default: '3' }, last: { type: 'string' } },
});
const paths = Number(values.paths), length = Number(values.length), seeds = Number(values.seeds);
const files: { file: string; column?: string }[] = [];
for (const p of positionals) {
  if (p.endsWith('.csv')) files.push({ file: p });
  else if (files.length) files[files.length - 1].column = p;
}
if (!files.length) {
  console.error('usage: npx tsx scripts/baselines.ts [--paths N] [--length L] [--seeds K] [--last N] FILE [COLUMN] ...');
  process.exit(2);
}

const f = (v: number | null | undefined, d = 3) => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(d));
const rows: [string, (l: LongHorizonComparison) => number | null | undefined, number][] = [
  ['ACF(|r|) lag 1', (l) => l.stats.acfAbs[0], 3], ['ACF(|r|) lag 20', (l) => l.stats.acfAbs[19], 3],
  ['ACF(|r|) lag 100', (l) => l.stats.acfAbs[99], 3], ['ACF(|r|) lag 250', (l) => l.stats.acfAbs[249], 3],
  ['ACF(|r|) MAE 1–20', (l) => l.acfAbsError.lags1to20, 3], ['ACF(|r|) MAE 1–100', (l) => l.acfAbsError.lags1to100, 3],
  ['ACF(|r|) MAE 21–100', (l) => l.acfAbsError.lags21to100, 3], ['ACF(|r|) MAE 101–250', (l) => l.acfAbsError.lags101to250, 3],
  ['ACF(r²) MAE 1–100', (l) => l.acfSquaredError.lags1to100, 3], ['leverage lag 1', (l) => l.stats.leverage[0], 3],
  ...[1, 5, 20, 100].map((h) => [`W1, ${h}-day returns`, (l: LongHorizonComparison) => l.aggregatedW1.find((a) => a.horizon === h)?.w1, 3] as [string, (l: LongHorizonComparison) => number | undefined, number]),
  ...[1, 20, 100].map((h) => [`excess kurtosis ${h}-day`, (l: LongHorizonComparison) => l.stats.aggregated.find((a) => a.horizon === h)?.excessKurtosis, 1] as [string, (l: LongHorizonComparison) => number | undefined, number]),
  ['explosive paths', (l) => l.explosiveShare, 2],
];

for (const { file, column } of files) {
  const t0 = performance.now();
  const series = loadPriceCsv(file, { column });
  let returns = logReturns(series.prices);
  if (values.last) returns = returns.slice(Math.max(0, returns.length - Number(values.last)));
  const split = chronologicalSplit(returns.length, DEFAULT_CONFIG.testFraction, DEFAULT_CONFIG.validationFraction);
  const train = returns.slice(split.train[0], split.train[1]);
  const models = fitBaselines(train, (line) => console.error(line));
  const reference = longHorizonReference(returns, train);
  // results[model][seed]
  const results = models.map((m, i) => Array.from({ length: seeds }, (_, s) => compareLongHorizon(reference, m.simulate(paths, length, new Rng(1000 * (s + 1) + i)))));
  console.log(`\n### ${file.split('/').pop()} (${series.column}): ${returns.length} returns, baselines fitted on the first ${train.length}; ${paths} paths × ${length} days; seed 1 of ${seeds} (range over seeds in brackets)\n`);
  for (const m of models) console.log(`- ${m.describe()}`);
  const realKurtosis = (h: number) => reference.stats.aggregated.find((a) => a.horizon === h)?.excessKurtosis;
  const realValue = (name: string): string => {
    const lag = /^ACF\(\|r\|\) lag (\d+)$/.exec(name);
    if (lag) return f(reference.stats.acfAbs[Number(lag[1]) - 1]);
    if (name === 'leverage lag 1') return f(reference.stats.leverage[0]);
    const k = /^excess kurtosis (\d+)-day$/.exec(name);
    if (k) return f(realKurtosis(Number(k[1])), 1);
    return '';
  };
  console.log(`\n| | real | ${models.map((m) => m.name).join(' | ')} |`);
  console.log(`|---|---:|${models.map(() => '---:').join('|')}|`);
  for (const [name, get, d] of rows) {
    const cells = results.map((bySeed) => {
      const v = bySeed.map((l) => get(l) ?? NaN);
      const finite = v.filter(Number.isFinite);
      return seeds > 1 && finite.length ? `${f(v[0], d)} [${f(Math.min(...finite), d)}, ${f(Math.max(...finite), d)}]` : f(v[0], d);
    });
    console.log(`| ${name} | ${realValue(name)} | ${cells.join(' | ')} |`);
  }
  console.error(`${file}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
