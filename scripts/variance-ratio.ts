/**
 * The variance ratio VR(h) = Var(h-day sum) / (h · Var(daily)) of each model's data, by part: the
 * training part (what the generator learned), the validation and test parts, and the 2,500 days before
 * each of the last two (what a forecast made at their start could have measured). VR < 1: the h-day
 * returns are narrower than independent days would make them (mean reversion); VR > 1: trends.
 * Overlapping h-day sums of demeaned returns.
 *
 *   npx tsx scripts/variance-ratio.ts DIR [DIR …] [--horizon 10]
 */
import { join } from 'node:path';
import { prepareDataset } from '../src/finance/data/dataset.js';
import { loadModelFile } from '../src/finance/model/model-file.js';

const args = process.argv.slice(2);
const at = args.indexOf('--horizon');
const h = at < 0 ? 10 : Number(args[at + 1]);
const dirs = args.filter((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1));
if (dirs.length === 0 || !(Number.isInteger(h) && h > 1)) {
  console.error('usage: npx tsx scripts/variance-ratio.ts DIR [DIR …] [--horizon H]');
  process.exit(2);
}

/** VR(h) of x with overlapping sums. */
function varianceRatio(x: Float64Array): number {
  const mean = x.reduce((s, v) => s + v, 0) / x.length;
  let daily = 0;
  for (const v of x) daily += (v - mean) ** 2;
  daily /= x.length;
  const sums: number[] = [];
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    s += x[i] - mean;
    if (i >= h) s -= x[i - h] - mean;
    if (i >= h - 1) sums.push(s);
  }
  const variance = sums.reduce((a, v) => a + v * v, 0) / sums.length;
  return variance / (h * daily);
}

console.log(`| model | training part | 2,500 days before validation | validation part | 2,500 days before test | test part |`);
console.log('|---|---|---|---|---|---|');
for (const dir of dirs) {
  const model = loadModelFile(join(dir, 'model.safetensors'));
  const { config, data, transforms } = model.metadata;
  const { returns, split } = prepareDataset(data.file, config, data.column, transforms, { onWarning: () => {} });
  const before = (start: number) => returns.subarray(Math.max(0, start - 2500), start);
  const cells = [
    returns.subarray(...split.train), before(split.validation[0]), returns.subarray(...split.validation),
    before(split.test[0]), returns.subarray(...split.test),
  ].map((x) => varianceRatio(x).toFixed(2));
  console.log(`| ${dir} | ${cells.join(' | ')} |`);
}
