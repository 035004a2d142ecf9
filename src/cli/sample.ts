import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { generatePaths } from '../finance/model/generate.js';
import type { GeneratorKind } from '../finance/model/model.js';
import { fileError } from '../io/index.js';
import { removeStaleTemporariesOf } from '../io/stale-temporaries.js';
import { eventLoopTurn } from '../gan/index.js';
import { MAX_SEED, Rng } from '../tensor/index.js';
import { numberOption, parse, refuseExistingOutputs, refuseOutputsOverInputs, UsageError } from './args.js';
import { modelDirInputs, openModel } from './model-dir.js';
import { onCleanup } from './signals.js';

/** `gangrad sample --help`. */
export const SAMPLE_HELP = `gangrad sample: generate synthetic daily log returns and price paths

Usage: gangrad sample --model DIR --count N --out FILE.csv [options]

  --model DIR        model directory written by gangrad train (uses DIR/model.safetensors)
  --count N          number of paths (at most 10^12)
  --length T         days per path (default: the model's window, e.g. 64; at most 1,000,000)
  --start-price P    price on day 0 of every path (default 100; from 1e-15 to 1e15)
  --seed S           noise seed (default 1)
  --backend NAME     auto | cpu | wasm | gpujs | webgpu (default auto)
  --out FILE.csv     output: rows path,step,log_return,price (step 0 is the start price); written to a
                     temporary file beside it and renamed when complete, so FILE.csv is never partial
  --force            replace an existing FILE.csv (refused otherwise)

Paths longer than the window are made window by window: each window's volatility level follows a
persistent process fitted on the training data, and the generator makes the window's shape given its
level and the previous one, so volatility memory reaches across windows. (Model files from before this
generator join independent windows: at each border the volatility regime starts afresh.)

Paths are generated and written in chunks (memory stays bounded for any --count), with a progress line
on large outputs. A non-finite value from the model (damaged or diverged weights) is an error, and
nothing is written; so is a price that leaves the range of a float64 (a very long path).`;

/** Values held in memory at once: paths are generated and written in chunks of about this many days. */
const CHUNK_VALUES = 1 << 16;

/** What `gangrad sample` wrote. */
export interface SampleResult {
  out: string;
  count: number;
  length: number;
  /** The model's window. */
  window: number;
  /** The model's path generator (`independent-windows` joins windows with no memory across them). */
  generator: GeneratorKind;
}

/**
 * `gangrad sample` without the process around it (the command calls it; tests call it in-process):
 * parses `argv`, streams the paths to a temporary file beside `--out` and renames it into place.
 * Throws a UsageError for bad options and an Error naming the file for anything else.
 */
export async function runSample(argv: string[]): Promise<SampleResult> {
  const o = parse(argv, {
    model: { type: 'string' }, count: { type: 'string' }, length: { type: 'string' }, 'start-price': { type: 'string' },
    seed: { type: 'string' }, backend: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' },
  }, SAMPLE_HELP);
  if (!o.out) throw new UsageError('--out FILE.csv is required');
  if (o.count === undefined) throw new UsageError('--count N is required');
  const out = o.out;
  // The options first: a bad value is the error to fix, before "exists; pass --force".
  const count = numberOption(o.count, 'count', 0, { min: 1, max: 1e12 });
  const startPrice = numberOption(o['start-price'], 'start-price', 100, { integer: false, min: 1e-15, max: 1e15, what: 'a price from 1e-15 to 1e15' });
  const seed = numberOption(o.seed, 'seed', 1, { min: 0, max: MAX_SEED });
  // One path is made in one piece: a bound keeps it to seconds (a million days is 4,000 years).
  const requestedLength = o.length === undefined ? undefined : numberOption(o.length, 'length', 0, { min: 1, max: 1_000_000 });
  refuseExistingOutputs([out], !!o.force);
  if (o.model) refuseOutputsOverInputs([out], modelDirInputs(o.model));
  const { backend, model, paths: files } = await openModel(o.model, o.backend);
  removeStaleTemporariesOf(out); // a killed earlier run's 90 MB temporary would never go otherwise
  const temporary = `${out}.tmp-${process.pid}`;
  const removeTemporary = () => rmSync(temporary, { force: true });
  const forget = onCleanup(removeTemporary);
  let fd: number | null = null;
  try {
    const { config, transforms } = model.metadata;
    const length = requestedLength ?? config.window;
    try {
      fd = openSync(temporary, 'w');
    } catch (e) {
      throw fileError(out, 'write', e);
    }
    const write = (text: string) => {
      try {
        writeSync(fd!, text);
      } catch (e) {
        throw fileError(out, 'write', e);
      }
    };
    write('path,step,log_return,price\n');
    // The first chunk uses the seed itself, so a small --count gives the paths it always gave.
    const chunkPaths = Math.max(1, Math.floor(CHUNK_VALUES / length));
    const seeds = new Rng(seed);
    const progress = progressLine(count, out);
    for (let first = 0; first < count; first += chunkPaths) {
      const n = Math.min(chunkPaths, count - first);
      const chunkSeed = first === 0 ? seed : seeds.fork();
      const chunk = await generatePaths(model.networks.generator, config.latentDim, transforms, config.window, n, length, chunkSeed);
      const rows: string[] = [];
      chunk.forEach((returns, i) => {
        const p = first + i;
        let price = startPrice, logSum = 0;
        rows.push(`${p},0,,${price}`);
        for (let t = 0; t < returns.length; t++) {
          price *= Math.exp(returns[t]);
          logSum += returns[t];
          if (!Number.isFinite(returns[t])) {
            throw new Error(`${files.model}: the model produced a log return of ${returns[t]} (path ${p}, day ${t + 1}); its weights are damaged or diverged. Nothing was written to ${out}`);
          }
          if (!Number.isFinite(price) || price <= 0) {
            // Finite returns whose sum leaves float64's range: the length asked for, not the model.
            throw new UsageError(`path ${p}'s price leaves the range of a float64 on day ${t + 1} (the log returns so far sum to ${logSum.toFixed(1)}): ask for a shorter --length or another --start-price. Nothing was written to ${out}`);
          }
          rows.push(`${p},${t + 1},${returns[t].toPrecision(8)},${price.toPrecision(10)}`);
        }
      });
      write(rows.join('\n') + '\n');
      progress(first + n);
      // On CPU backends generation awaits only resolved promises: let a SIGINT/SIGTERM handler run.
      await eventLoopTurn();
    }
    try {
      fsyncSync(fd);
      closeSync(fd);
      fd = null;
      renameSync(temporary, out);
    } catch (e) {
      throw fileError(out, 'write', e);
    }
    return { out, count, length, window: config.window, generator: config.generator };
  } finally {
    if (fd !== null) closeSync(fd);
    removeTemporary();
    forget();
    backend.destroy();
  }
}

/** A progress line on stderr every 2 s once an output takes longer than that; silent for small ones. */
function progressLine(total: number, out: string): (done: number) => void {
  const started = performance.now();
  let last = started;
  return (done) => {
    const now = performance.now();
    if (now - last < 2000 || done === total) return;
    last = now;
    const rate = done / ((now - started) / 1000);
    process.stderr.write(`sample: ${done}/${total} paths (${((100 * done) / total).toFixed(1)}%) to ${out}, about ${Math.round((total - done) / rate)} s left\n`);
  };
}

/** `gangrad sample`: parses `argv` and runs. */
export async function sampleCommand(argv: string[]): Promise<void> {
  const { out, count, length, window, generator } = await runSample(argv);
  console.error(`wrote ${count} path${count === 1 ? '' : 's'} of ${length} day${length === 1 ? '' : 's'} to ${out}${length > window && generator === 'independent-windows' ? ` (an older model: joined from independent ${window}-day windows)` : ''}`);
}
