/**
 * Time one forecast (issue #23's speed criterion: 10,000 paths × 10 days in ≤ 2 s on 2 cores):
 * `npx tsx bench/forecast-speed.ts MODEL_FILE [repeats] [paths] [horizon] [--data FILE] [--column NAME]`
 * loads a model file (e.g. runs/default/model.safetensors), reads its training data file (or --data's),
 * and times `ReturnGan.forecast` from the last close `repeats` times: the first includes the near-term
 * correction's fit (its GJR-t fit among it), the others reuse it. Prints each time, the median of the
 * repeats after the first, and the CPU model.
 */
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { cpuName } from './cpu-name.js';
import { requireInputFile } from '../src/cli/args.js';
import { recordedFileGone } from '../src/cli/data-check.js';
import { loadPriceCsv, logReturns, ReturnGan } from '../src/index.js';

const USAGE = `usage: npx tsx bench/forecast-speed.ts MODEL_FILE [repeats 5] [paths 10000] [horizon 10] [--data FILE] [--column NAME]
  --data FILE     the prices to forecast from (default: the data file the model records)
  --column NAME   the price column (default: the model's; with --data, an adjusted close, else close)`;
function usage(message: string): never {
  console.error(`forecast-speed: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { data: { type: 'string' }, column: { type: 'string' }, help: { type: 'boolean' } } });
} catch (e) {
  usage((e as Error).message);
}
if (parsed.values.help) {
  console.log(USAGE);
  process.exit(0);
}
const { data: dataOption, column: columnOption } = parsed.values;
const [file, repeatsArg = '5', pathsArg = '10000', horizonArg = '10', ...extra] = parsed.positionals;
if (!file) usage('no MODEL_FILE given');
if (extra.length) usage(`unexpected argument '${extra[0]}'`);
const [repeats, paths, horizon] = [repeatsArg, pathsArg, horizonArg].map((v, i) => {
  if (!/^\d+$/.test(v) || Number(v) < 1) usage(`${['repeats', 'paths', 'horizon'][i]} must be a positive integer, got '${v}'`);
  return Number(v);
});
if (!existsSync(file)) usage(`MODEL_FILE ${file}: no such file`);
try {
  if (dataOption !== undefined) requireInputFile(dataOption);
} catch (e) {
  usage((e as Error).message);
}

try {
  const model = ReturnGan.load(file);
  const { data } = model.metadata;
  // A model made in code (ReturnGan.fit on prices in memory) records a name ('prices' unless told), not a file.
  if (dataOption === undefined && recordedFileGone(data.file)) {
    usage(`${file} records its training data as '${data.file}', which is no file here (a model made in code with ReturnGan.fit records a name, not a file): pass the prices as a CSV with --data FILE [--column NAME]`);
  }
  const prices = loadPriceCsv(dataOption ?? data.file, { column: columnOption ?? (dataOption === undefined ? data.column : undefined), allowOutliers: true, onWarning: () => {} }).prices;
  const history = logReturns(prices);
  const times: number[] = [];
  // Every repeat makes the same request: its warnings (a short history, say) are printed once.
  const warned = new Set<string>();
  const onWarning = (line: string) => { if (!warned.has(line)) console.error(line); warned.add(line); };
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await model.forecast(history, { horizon, paths, seed: i + 1, onWarning });
    times.push((performance.now() - t0) / 1000);
  }
  const rest = times.slice(1).sort((a, b) => a - b);
  console.log(`${cpuName()}, ${cpus().length} cores, Node ${process.version}: ${paths} paths × ${horizon} days from ${history.length} returns`);
  console.log(`each: ${times.map((t) => `${t.toFixed(2)} s`).join(', ')}; first (fits included) ${times[0].toFixed(2)} s, median of the rest ${rest.length ? rest[Math.floor(rest.length / 2)].toFixed(2) : '–'} s`);
} catch (e) {
  // A damaged model or data file, or a forecast the model refuses: its message, not a stack trace.
  console.error(`forecast-speed: ${(e as Error).message}`);
  process.exit(1);
}
