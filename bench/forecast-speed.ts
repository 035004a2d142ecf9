/**
 * Time one forecast (issue #23's speed criterion: 10,000 paths × 10 days in ≤ 2 s on 2 cores):
 * `npx tsx bench/forecast-speed.ts MODEL_FILE [repeats] [paths] [horizon]` loads a model file
 * (e.g. runs/default/model.safetensors), reads its training data file, and times `ReturnGan.forecast`
 * from the last close `repeats` times: the first includes the near-term correction's fit (its GJR-t
 * fit among it), the others reuse it. Prints each time, the median of the repeats after the first,
 * and the CPU model.
 */
import { cpus } from 'node:os';
import { loadPriceCsv, logReturns, ReturnGan } from '../src/index.js';

const [file, repeatsArg, pathsArg, horizonArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: npx tsx bench/forecast-speed.ts MODEL_FILE [repeats 5] [paths 10000] [horizon 10]');
  process.exit(2);
}
const repeats = Number(repeatsArg ?? 5), paths = Number(pathsArg ?? 10_000), horizon = Number(horizonArg ?? 10);
const model = ReturnGan.load(file);
const { data } = model.metadata;
const history = logReturns(loadPriceCsv(data.file, { column: data.column, allowOutliers: true, onWarning: () => {} }).prices);
const times: number[] = [];
for (let i = 0; i < repeats; i++) {
  const t0 = performance.now();
  await model.forecast(history, { horizon, paths, seed: i + 1 });
  times.push((performance.now() - t0) / 1000);
}
const rest = times.slice(1).sort((a, b) => a - b);
console.log(`${cpus()[0].model}, ${cpus().length} cores, Node ${process.version}: ${paths} paths × ${horizon} days from ${history.length} returns`);
console.log(`each: ${times.map((t) => `${t.toFixed(2)} s`).join(', ')}; first (fits included) ${times[0].toFixed(2)} s, median of the rest ${rest.length ? rest[Math.floor(rest.length / 2)].toFixed(2) : '–'} s`);
