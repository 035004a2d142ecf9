import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { generatePaths } from '../finance/generate.js';
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

Paths longer than the window are made by joining independent windows: inside a window the learned
dependence (volatility clustering, leverage) holds, but at each border the volatility regime starts
afresh, so dependence across borders (every window days) is lost.`;

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
  const paths = await generatePaths(model.networks.generator, config.latentDim, transforms, config.window, count, length, seed);
  const temporary = `${o.out}.tmp-${process.pid}`;
  const stream = createWriteStream(temporary);
  stream.write('path,step,log_return,price\n');
  paths.forEach((returns, p) => {
    let price = startPrice;
    const rows = [`${p},0,,${price}`];
    for (let t = 0; t < returns.length; t++) {
      price *= Math.exp(returns[t]);
      rows.push(`${p},${t + 1},${returns[t].toPrecision(8)},${price.toPrecision(10)}`);
    }
    stream.write(rows.join('\n') + '\n');
  });
  await new Promise<void>((resolve, reject) => stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
  await rename(temporary, o.out);
  console.error(`wrote ${count} paths of ${length} days to ${o.out}${length > config.window ? ` (joined from independent ${config.window}-day windows)` : ''}`);
  backend.destroy();
}
