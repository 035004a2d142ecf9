import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { rename } from 'node:fs/promises';
import { generatePathChunks } from '../finance/generate.js';
import { numberOption, parse, UsageError } from './args.js';
import { openModel } from './model-dir.js';

export const SAMPLE_HELP = `gangrad sample: generate synthetic daily log returns and price paths

Usage: gangrad sample --model DIR --count N --out FILE.csv [options]

  --model DIR        model directory written by gangrad train (uses DIR/model.safetensors)
  --count N          number of paths
  --length T         days per path (default: the model's window, e.g. 64)
  --start-price P    price on day 0 of every path (default 100)
  --seed S           noise seed (default 1)
  --backend NAME     auto | cpu | wasm | gpujs | webgpu
  --out FILE.csv     output: rows path,step,log_return,price (step 0 is the start price)

Paths longer than the window are made window by window: each window's volatility level follows a
persistent process fitted on the training data, and the generator makes the window's shape given its
level and the previous one, so volatility memory reaches across windows. (Model files from before this
generator join independent windows: at each border the volatility regime starts afresh.) Paths are
generated and written 256 at a time, so memory does not grow with --count.`;

export async function sampleCommand(argv: string[]): Promise<void> {
  const o = parse(argv, {
    model: { type: 'string' }, count: { type: 'string' }, length: { type: 'string' }, 'start-price': { type: 'string' },
    seed: { type: 'string' }, backend: { type: 'string' }, out: { type: 'string' },
  }, SAMPLE_HELP);
  if (!o.out) throw new UsageError('--out FILE.csv is required');
  if (o.count === undefined) throw new UsageError('--count N is required');
  const count = numberOption(o.count, 'count', 0, { min: 1 });
  const startPrice = numberOption(o['start-price'], 'start-price', 100, { integer: false, min: Number.MIN_VALUE });
  const seed = numberOption(o.seed, 'seed', 1, { min: 0 });
  const requestedLength = o.length === undefined ? undefined : numberOption(o.length, 'length', 0, { min: 1 });
  const { backend, model } = await openModel(o.model, o.backend);
  const { config, transforms } = model.metadata;
  const length = requestedLength ?? config.window;
  const temporary = `${o.out}.tmp-${process.pid}`;
  const stream = createWriteStream(temporary);
  stream.write('path,step,log_return,price\n');
  for await (const chunk of generatePathChunks(model.networks.generator, config.latentDim, transforms, config.window, count, length, seed)) {
    for (const [i, returns] of chunk.paths.entries()) {
      const p = chunk.first + i;
      let price = startPrice;
      const rows = [`${p},0,,${price}`];
      for (let t = 0; t < returns.length; t++) {
        price *= Math.exp(returns[t]);
        rows.push(`${p},${t + 1},${returns[t].toPrecision(8)},${price.toPrecision(10)}`);
      }
      if (!stream.write(rows.join('\n') + '\n')) await once(stream, 'drain');
    }
  }
  await new Promise<void>((resolve, reject) => stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
  await rename(temporary, o.out);
  console.error(`wrote ${count} paths of ${length} days to ${o.out}${length > config.window && config.generator === 'independent-windows' ? ` (an older model: joined from independent ${config.window}-day windows)` : ''}`);
  backend.destroy();
}
