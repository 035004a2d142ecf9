/**
 * How the joint GAN's training step scales with the number of assets d (issue #27: "d up to at least 10
 * without the cost exploding"): the same steps, evaluation left out, for each d on a simulated market
 * of d assets (test/helpers/joint-market.ts: one market factor, one shared volatility regime; 8,000 days), beside the single-asset
 * model's step on the simulated first asset (written to a temporary price file, as `gangrad train`
 * reads one). Each is run `--repeats` times, interleaved, and the median reported.
 *
 *   npx tsx scripts/portfolio-scaling.ts [--assets 2,3,5,10] [--steps 100] [--repeats 3] [--backend auto]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createBackend, type BackendName } from '../src/backend/index.js';
import { splitMultiAssetReturns } from '../src/finance/data/multi-asset-returns.js';
import { DEFAULT_JOINT_CONFIG, trainJointGan } from '../src/finance/joint.js';
import { DEFAULT_CONFIG } from '../src/finance/model/config.js';
import { trainReturnGan } from '../src/finance/training/train.js';
import { setBackend } from '../src/tensor/index.js';
import { simulateMarket } from '../test/helpers/joint-market.js';
import { exitOnHelp } from './usage.js';

exitOnHelp('usage: npx tsx scripts/portfolio-scaling.ts [--assets 2,3,5,10] [--steps N ≥ 2] [--repeats K] [--backend NAME]  (with no arguments: the default benchmark)');

const { values } = parseArgs({ options: { assets: { type: 'string', default: '2,3,5,10' }, steps: { type: 'string', default: '100' }, repeats: { type: 'string', default: '3' }, backend: { type: 'string', default: 'auto' } } });
const sizes = values.assets.split(',').map(Number), steps = Number(values.steps), repeats = Number(values.repeats);
if (!sizes.every((d) => Number.isInteger(d) && d >= 2) || !(steps >= 2) || !(repeats >= 1)) {
  console.error('usage: npx tsx scripts/portfolio-scaling.ts [--assets 2,3,5,10] [--steps N ≥ 2] [--repeats K] [--backend NAME]');
  process.exit(2);
}
setBackend(await createBackend(values.backend as BackendName));

/** Seconds from the run's start to its next-to-last step (the last one also evaluates). */
async function timeSteps(d: number): Promise<number> {
  const returns = simulateMarket(8000, 7, d);
  const split = splitMultiAssetReturns(returns, DEFAULT_JOINT_CONFIG.testFraction, DEFAULT_JOINT_CONFIG.validationFraction);
  let seconds = 0;
  await trainJointGan({ returns, split, config: { steps, evalEvery: 1e9, checkpointEvery: 1e9 }, onProgress: (p) => { if (p.step === steps - 1) seconds = p.elapsedSeconds; } });
  return seconds;
}

/** The single-asset model on the simulated first asset, from a price file of its returns. */
async function timeSingle(): Promise<number> {
  const r = simulateMarket(8000, 7, 1).values;
  const dir = mkdtempSync(join(tmpdir(), 'gangrad-scaling-'));
  let price = 100, day = Date.UTC(1990, 0, 1);
  const lines = ['date,close', `${new Date(day).toISOString().slice(0, 10)},${price}`];
  for (const x of r) { price *= Math.exp(x); day += 86_400_000; lines.push(`${new Date(day).toISOString().slice(0, 10)},${price.toPrecision(10)}`); }
  writeFileSync(join(dir, 'prices.csv'), lines.join('\n') + '\n');
  let seconds = 0;
  await trainReturnGan({
    data: join(dir, 'prices.csv'), out: join(dir, 'run'), config: { ...DEFAULT_CONFIG, steps, evalEvery: 1e9, checkpointEvery: 1e9 }, validationSamples: 64,
    onProgress: (p) => { if (p.step === steps - 1) seconds = p.elapsedSeconds; },
  });
  return seconds;
}

const times = new Map<number, number[]>([[1, []], ...sizes.map((d): [number, number[]] => [d, []])]);
for (let k = 0; k < repeats; k++) {
  times.get(1)!.push(await timeSingle());
  for (const d of sizes) times.get(d)!.push(await timeSteps(d));
}
const median = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)];
const base = median(times.get(1)!);
console.log(`${steps - 1} training steps, no evaluation (${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores), median of ${repeats}:`);
console.log('| model | ms a step | ratio to one asset |\n|---|---|---|');
for (const [d, t] of times) {
  const m = median(t);
  console.log(`| ${d === 1 ? 'single asset' : `joint, d = ${d}`} | ${((1000 * m) / (steps - 1)).toFixed(1)} | ${(m / base).toFixed(2)}× |`);
}
