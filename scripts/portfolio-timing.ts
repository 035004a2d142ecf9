/**
 * Issue #27's cost criterion: the joint GAN's training time for d assets against one single-asset
 * training of the same steps (the first file), evaluation and checkpoints left out of both. The two
 * are run alternately `--repeats` times and the medians compared, so a busy moment of a shared
 * machine does not decide the ratio.
 *
 *   npx tsx scripts/portfolio-timing.ts --data A.csv,B.csv,C.csv [--steps 300] [--repeats 3] [--backend auto]
 */
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createBackend, type BackendName } from '../src/backend/index.js';
import { loadPriceFiles } from '../src/finance/data/multi-asset.js';
import { multiAssetLogReturns, splitMultiAssetReturns } from '../src/finance/data/multi-asset-returns.js';
import { trainJointGan } from '../src/finance/joint.js';
import { DEFAULT_CONFIG } from '../src/finance/model/config.js';
import { trainReturnGan } from '../src/finance/training/train.js';
import { setBackend } from '../src/tensor/index.js';
import { exitOnHelp } from './usage.js';

exitOnHelp('usage: npx tsx scripts/portfolio-timing.ts --data A.csv,B.csv[,…] [--steps N] [--repeats K] [--backend NAME]');

const { values } = parseArgs({ options: { data: { type: 'string' }, steps: { type: 'string', default: '300' }, repeats: { type: 'string', default: '3' }, backend: { type: 'string', default: 'auto' } } });
if (!values.data) {
  console.error('usage: npx tsx scripts/portfolio-timing.ts --data A.csv,B.csv[,…] [--steps N] [--repeats K] [--backend NAME]');
  process.exit(2);
}
const files = values.data.split(','), steps = Number(values.steps), repeats = Number(values.repeats);
setBackend(await createBackend(values.backend as BackendName));
const aligned = loadPriceFiles(files, {});
const returns = multiAssetLogReturns(aligned.prices);
const split = splitMultiAssetReturns(returns, DEFAULT_CONFIG.testFraction, DEFAULT_CONFIG.validationFraction);
const config = { ...DEFAULT_CONFIG, steps, evalEvery: 1e9, checkpointEvery: 1e9 };

/** Seconds from the run's start to its next-to-last step (the last one also evaluates; data loading left out). */
async function joint(): Promise<number> {
  let seconds = 0;
  await trainJointGan({ returns, split, config, onProgress: (p) => { if (p.step === steps - 1) seconds = p.elapsedSeconds; } });
  return seconds;
}
async function single(): Promise<number> {
  let seconds = 0;
  await trainReturnGan({
    data: files[0], out: join(mkdtempSync(join(tmpdir(), 'gangrad-timing-')), 'run'), config, validationSamples: 64,
    onProgress: (p) => { if (p.step === steps - 1) seconds = p.elapsedSeconds; },
  });
  return seconds;
}

const median = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)];
const times = { joint: [] as number[], single: [] as number[] };
for (let k = 0; k < repeats; k++) {
  times.joint.push(await joint());
  times.single.push(await single());
  console.error(`repeat ${k + 1}: joint d = ${returns.assets} ${times.joint.at(-1)!.toFixed(1)} s, single asset ${times.single.at(-1)!.toFixed(1)} s`);
}
const ratio = median(times.joint) / median(times.single);
console.log(`${steps - 1} training steps, no evaluation (${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores): joint d = ${returns.assets} median ${median(times.joint).toFixed(1)} s [${times.joint.map((t) => t.toFixed(1)).join(', ')}], single asset (${aligned.assets[0]}) median ${median(times.single).toFixed(1)} s [${times.single.map((t) => t.toFixed(1)).join(', ')}]: ratio ${ratio.toFixed(2)}×`);
