/**
 * Does the generator's window shape depend on the level transition as the market's does? For each
 * model directory, every training window is split into fifths by its level change (level − previous
 * level, standardised), and the quantiles of |shape| (a window's returns over its own RMS, all days
 * pooled) are printed for the real windows and for generated ones made at the same two conditions.
 * docs/forecasting.md uses it: real windows whose volatility rises hold calm days and a few large ones
 * (lower median, heavier tail), which the generator makes only in part.
 *
 *   npx tsx scripts/shape-by-transition.ts DIR [DIR …] [--data FILE]
 *
 * --data: the model's training file when it has moved since training (it must hold the same prices).
 */
import { join } from 'node:path';
import { prepareDataset } from '../src/finance/data/dataset.js';
import { forward } from '../src/finance/model/generate.js';
import { loadModelFile } from '../src/finance/model/model.js';
import { LatentSampler } from '../src/gan/index.js';

const BINS = 5;
const QUANTILES = [0.5, 0.99, 0.999];

const args = process.argv.slice(2);
const at = args.indexOf('--data');
const dataFile = at < 0 ? undefined : args[at + 1];
const dirs = args.filter((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1));
if (dirs.length === 0) {
  console.error('usage: npx tsx scripts/shape-by-transition.ts DIR [DIR …] [--data FILE]');
  process.exit(2);
}
const quantile = (sorted: Float64Array, q: number) => sorted[Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];

for (const dir of dirs) {
  const model = loadModelFile(join(dir, 'model.safetensors'));
  const { data, transforms, config } = model.metadata;
  if (!transforms.levelProcess || transforms.dailyCondition) throw new Error(`${dir}: needs a window-level model without the daily condition`);
  const set = prepareDataset(dataFile ?? data.file, config, data.column, transforms);
  const window = config.window;
  const width = set.windows.length / set.windowCount;
  const n = set.windowCount;
  // A row: the window's shape, its level, the previous window's level.
  const change = Float64Array.from({ length: n }, (_, i) => set.windows[i * width + window] - set.windows[i * width + window + 1]);
  const sorted = Float64Array.from(change).sort();
  const edges = Array.from({ length: BINS - 1 }, (_, k) => sorted[Math.floor(((k + 1) * n) / BINS)]);
  const binOf = (x: number) => edges.filter((e) => x > e).length;
  const real: number[][] = Array.from({ length: BINS }, () => []);
  const made: number[][] = Array.from({ length: BINS }, () => []);
  const conditions = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < window; d++) real[binOf(change[i])].push(Math.abs(set.windows[i * width + d]));
    conditions[2 * i] = set.windows[i * width + window];
    conditions[2 * i + 1] = set.windows[i * width + window + 1];
  }
  const sampler = new LatentSampler(config.latentDim, 7);
  for (let first = 0; first < n; first += 4096) {
    const count = Math.min(4096, n - first);
    const values = await forward(model.networks.generator, sampler, count, conditions.subarray(2 * first, 2 * (first + count)));
    for (let i = 0; i < count; i++) for (let d = 0; d < window; d++) made[binOf(change[first + i])].push(Math.abs(values[i * window + d]));
  }
  console.log(`\n${dir}: ${n} training windows; |shape| quantiles, real / generated at the same conditions`);
  console.log(`| level change | ${QUANTILES.map((q) => `q${100 * q}`).join(' | ')} |`);
  console.log(`|---|${'---|'.repeat(QUANTILES.length)}`);
  for (let b = 0; b < BINS; b++) {
    const r = Float64Array.from(real[b]).sort();
    const g = Float64Array.from(made[b]).sort();
    const range = `${b === 0 ? '' : edges[b - 1].toFixed(2)} … ${b === BINS - 1 ? '' : edges[b].toFixed(2)}`;
    console.log(`| ${range} | ${QUANTILES.map((q) => `${quantile(r, q).toFixed(2)} / ${quantile(g, q).toFixed(2)}`).join(' | ')} |`);
  }
}
