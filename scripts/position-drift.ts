/**
 * The generator's mean by day position in its window, before the forecaster removes it
 * (src/finance/model/position-drift.ts): forecasts from every 40th day of the 2,000 days before the
 * test part, 2,000 raw conditional paths each (near-term shift included, seed = the day), the paths'
 * mean return on each of the first days averaged over the forecasts, beside the training part's mean.
 *
 *   npx tsx scripts/position-drift.ts DIR [DIR …] [--days 10]
 */
import { join } from 'node:path';
import { loadPriceCsv } from '../src/finance/data/csv.js';
import { logReturns } from '../src/finance/data/returns.js';
import { loadModelFile } from '../src/finance/model/model-file.js';
import { conditionalPaths } from '../src/finance/model/conditional.js';
import { GanForecaster } from '../src/finance/model/gan-forecaster.js';

const args = process.argv.slice(2);
const at = args.indexOf('--days');
const days = at < 0 ? 10 : Number(args[at + 1]);
const dirs = args.filter((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1));
if (dirs.length === 0 || !(days >= 1)) {
  console.error('usage: npx tsx scripts/position-drift.ts DIR [DIR …] [--days 10]');
  process.exit(2);
}
console.log(`| model | training mean | ${Array.from({ length: days }, (_, d) => `day ${d + 1}`).join(' | ')} |`);
console.log(`|---|---|${'---|'.repeat(days)}`);
for (const dir of dirs) {
  const model = loadModelFile(join(dir, 'model.safetensors'));
  const { data, transforms, config } = model.metadata;
  const series = loadPriceCsv(data.file, { column: data.column, allowOutliers: true, onWarning: () => {} });
  const returns = logReturns(series.prices);
  const testStart = series.dates.indexOf(data.testStartDate) - 1;
  const forecaster = new GanForecaster({ generator: model.networks.generator, latentDim: config.latentDim, transforms });
  const means = new Float64Array(days);
  let forecasts = 0;
  for (let t = testStart - 2000; t < testStart; t += 40) {
    const history = returns.subarray(0, t);
    const paths = await conditionalPaths(model.networks.generator, config.latentDim, transforms, history, {
      horizon: days, paths: 2000, seed: t, levelShift: forecaster.levelShift(history, days),
    });
    for (let d = 0; d < days; d++) means[d] += paths.reduce((s, p) => s + p[d], 0) / paths.length;
    forecasts++;
  }
  const f = (v: number) => (v * 1e4).toFixed(1);
  console.log(`| ${dir} | ${f(transforms.mean)} | ${Array.from(means, (m) => f(m / forecasts)).join(' | ')} |`);
}
console.log('\n(mean daily log return ×10⁴)');
