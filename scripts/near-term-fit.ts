/**
 * The near-term correction's least-squares fit (src/finance/model/short-term.ts) on the returns before
 * each model's test part: the slopes of ℓ (the level process), v (the EWMA), n (the falls-EWMA) and g
 * (GJR-t's filtered volatility), one line per model and horizon.
 *
 *   npx tsx scripts/near-term-fit.ts DIR [DIR …] [--horizons 1,10]
 */
import { join } from 'node:path';
import { loadPriceCsv } from '../src/finance/data/csv.js';
import { logReturns } from '../src/finance/data/returns.js';
import { loadModelFile } from '../src/finance/model/model-file.js';
import { fitShortTerm } from '../src/finance/model/short-term.js';

const args = process.argv.slice(2);
const at = args.indexOf('--horizons');
const horizons = at < 0 ? [1, 10] : args[at + 1].split(',').map(Number);
const dirs = args.filter((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1));
if (dirs.length === 0) {
  console.error('usage: npx tsx scripts/near-term-fit.ts DIR [DIR …] [--horizons 1,10]');
  process.exit(2);
}
console.log('| model | h | intercept | ℓ | v (EWMA) | n (falls) | g (GJR-t) |');
console.log('|---|---|---|---|---|---|---|');
for (const dir of dirs) {
  const model = loadModelFile(join(dir, 'model.safetensors'));
  const { data, transforms } = model.metadata;
  const series = loadPriceCsv(data.file, { column: data.column, allowOutliers: true, onWarning: () => {} });
  // returns[i] is dated dates[i + 1]: the returns before the test part's first day.
  const history = logReturns(series.prices).subarray(0, series.dates.indexOf(data.testStartDate) - 1);
  for (const h of horizons) {
    const b = fitShortTerm(history, transforms, h).coefficients;
    console.log(`| ${dir} | ${h} | ${b.map((v) => v.toFixed(2)).join(' | ')}${b.length < 5 ? ' | (no GJR fit)' : ''} |`);
  }
}
