/**
 * The portfolio experiment of issue #27: the joint GAN against the copula-GJR and block-bootstrap
 * baselines on aligned assets. Every model is fitted on the training part (the first 70 % of the
 * aligned days) and compared on the test part (the last 20 %) by compareJoint and each margin's W1 of
 * 1-day returns, over several seeds (mean ± sd). Then one joint training of d assets is timed against
 * one single-asset training (the first file) of the same steps, evaluation left out of both.
 *
 *   npx tsx scripts/portfolio-experiment.ts --data A.csv,B.csv,C.csv [--names A,B,C] [--steps 1000]
 *     [--seeds 3] [--paths 64] [--length 1024] [--timing-steps 300] [--json out.json] [--backend auto]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createBackend, type BackendName } from '../src/backend/index.js';
import { fitBlockBootstrap } from '../src/finance/baselines/block-bootstrap.js';
import { fitCopulaGjr } from '../src/finance/baselines/copula-gjr.js';
import type { AssetMatrix } from '../src/finance/data/asset-matrix.js';
import { loadPriceFiles } from '../src/finance/data/multi-asset.js';
import { multiAssetLogReturns, splitMultiAssetReturns } from '../src/finance/data/multi-asset-returns.js';
import { compareJoint } from '../src/finance/evaluation/joint.js';
import { portfolioFigures } from '../src/finance/evaluation/portfolio-evaluation.js';
import { marginW1, sampleJointPaths, trainJointGan, DEFAULT_JOINT_CONFIG } from '../src/finance/joint.js';
import { DEFAULT_CONFIG } from '../src/finance/model/config.js';
import { trainReturnGan } from '../src/finance/training/train.js';
import { Rng, setBackend } from '../src/tensor/index.js';
import { exitOnHelp } from './usage.js';

exitOnHelp('usage: npx tsx scripts/portfolio-experiment.ts --data A.csv,B.csv[,…] [--names …] [--steps N] [--seeds K] [--paths P] [--length L] [--timing-steps N] [--json FILE]');

const { values } = parseArgs({
  options: {
    data: { type: 'string' }, names: { type: 'string' }, steps: { type: 'string', default: '1000' }, seeds: { type: 'string', default: '3' },
    paths: { type: 'string', default: '64' }, length: { type: 'string', default: '1024' }, 'timing-steps': { type: 'string', default: '300' },
    json: { type: 'string' }, backend: { type: 'string', default: 'auto' },
  },
});
if (!values.data) {
  console.error('usage: npx tsx scripts/portfolio-experiment.ts --data A.csv,B.csv[,…] [--names …] [--steps N] [--seeds K] [--paths P] [--length L] [--timing-steps N] [--json FILE]');
  process.exit(2);
}
const files = values.data.split(',');
const steps = Number(values.steps), seeds = Number(values.seeds), paths = Number(values.paths), length = Number(values.length), timingSteps = Number(values['timing-steps']);
setBackend(await createBackend(values.backend as BackendName));

const aligned = loadPriceFiles(files, values.names ? { names: values.names.split(',') } : {});
const { assets } = aligned;
const returns = multiAssetLogReturns(aligned.prices);
const split = splitMultiAssetReturns(returns, DEFAULT_CONFIG.testFraction, DEFAULT_CONFIG.validationFraction);
const dateOf = (returnIndex: number) => aligned.dates[returnIndex + 1];
console.error(`${assets.join(', ')}: ${returns.days} common days of returns ${dateOf(0)} … ${dateOf(returns.days - 1)}; train ${split.train.days}, validation ${split.validation.days}, test ${split.test.days} (from ${dateOf(split.split.test[0])})`);
for (const d of aligned.dropped) console.error(`  ${d.asset}: ${d.dropped} of ${d.rows} price rows dropped (${d.outsideCommonPeriod} outside the common period)`);

/** One model's measurements on one seed: the figures `gangrad portfolio eval` reports. */
type Measures = Record<string, number>;
const evaluate = (generated: AssetMatrix[]): Measures => portfolioFigures(compareJoint(split.test, generated), marginW1([split.test], generated), assets);

const copula = fitCopulaGjr(split.train, assets);
const bootstrap = fitBlockBootstrap(split.train, assets);
console.error(`- ${copula.describe()}\n- ${bootstrap.describe()}`);
const results: Record<string, Measures[]> = { 'joint GAN': [], 'copula-GJR': [], 'block bootstrap': [] };
const ganSeconds: number[] = [];
const config = { ...DEFAULT_JOINT_CONFIG, evalEvery: Math.max(1, Math.floor(steps / 4)) };
for (let s = 1; s <= seeds; s++) {
  const started = performance.now();
  const fit = await trainJointGan({ returns, assets, split, config, steps, seed: s });
  ganSeconds.push((performance.now() - started) / 1000);
  console.error(`seed ${s}: joint GAN trained ${steps} steps in ${ganSeconds.at(-1)!.toFixed(0)} s, best at step ${fit.best?.step} (validation score ${fit.best?.score.toFixed(4)})`);
  results['joint GAN'].push(evaluate(await sampleJointPaths(fit.model, paths, length, 1000 + s)));
  results['copula-GJR'].push(evaluate(copula.simulate(paths, length, new Rng(1000 + s))));
  results['block bootstrap'].push(evaluate(bootstrap.simulate(paths, length, new Rng(1000 + s))));
}

// Timing: step time only (the single-asset run's evaluation trains a classifier, the joint one does not).
const timingConfig = { ...DEFAULT_CONFIG, steps: timingSteps, evalEvery: 1e9, checkpointEvery: 1e9 };
let jointStepSeconds = 0, singleStepSeconds = 0;
await trainJointGan({ returns, assets, split, config: timingConfig, onProgress: (p) => { if (p.step === timingSteps - 1) jointStepSeconds = p.elapsedSeconds; } });
await trainReturnGan({
  data: files[0], out: join(mkdtempSync(join(tmpdir(), 'gangrad-timing-')), 'run'), config: timingConfig, validationSamples: 64,
  onProgress: (p) => { if (p.step === timingSteps - 1) singleStepSeconds = p.elapsedSeconds; },
});
const timing = { steps: timingSteps - 1, jointSeconds: jointStepSeconds, singleSeconds: singleStepSeconds, ratio: jointStepSeconds / singleStepSeconds };

const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const sd = (x: number[]) => (x.length > 1 ? Math.sqrt(x.reduce((a, b) => a + (b - mean(x)) ** 2, 0) / (x.length - 1)) : 0);
const models = Object.keys(results);
const rows = Object.keys(results['joint GAN'][0]);
const summary = Object.fromEntries(models.map((m) => [m, Object.fromEntries(rows.map((r) => {
  const x = results[m].map((v) => v[r]);
  return [r, { mean: mean(x), sd: sd(x), seeds: x }];
}))]));
const cell = (m: string, r: string) => `${summary[m][r].mean.toFixed(3)} ± ${summary[m][r].sd.toFixed(3)}`;
// The training part itself, compared with the test part as if it were a model's output: how far the
// market moved between the two (a model that reproduced the training part exactly would score this).
const trainAsModel = evaluate([split.train]);
const realTest = compareJoint(split.test, [split.train]).real;
const pairs = assets.flatMap((a, j) => assets.slice(j + 1).map((b, k) => `${a}–${b} ${realTest.correlation[j * assets.length + j + 1 + k].toFixed(2)}`));
console.log(`\n### ${assets.join(' + ')}: test part ${dateOf(split.split.test[0])} … ${dateOf(returns.days - 1)} (${split.test.days} days); ${paths} paths × ${length} days per model and seed; mean ± sd over ${seeds} seeds; joint GAN ${steps} steps\n`);
console.log(`Test part: correlations ${pairs.join(', ')}; average pairwise correlation on the portfolio's worst 10 % of days ${realTest.crisisCorrelation.crisis.toFixed(2)}, on the others ${realTest.crisisCorrelation.calm.toFixed(2)}.\n`);
console.log(`| statistic | ${models.join(' | ')} | training part itself |\n|---|${models.map(() => '---').join('|')}|---|`);
for (const r of rows) console.log(`| ${r} | ${models.map((m) => cell(m, r)).join(' | ')} | ${trainAsModel[r].toFixed(3)} |`);
console.log(`\nTraining time, ${timing.steps} steps without evaluation: joint d = ${assets.length} ${timing.jointSeconds.toFixed(1)} s, single asset (${assets[0]}) ${timing.singleSeconds.toFixed(1)} s: ratio ${timing.ratio.toFixed(2)}×. Joint GAN training with evaluation: ${mean(ganSeconds).toFixed(0)} s per seed.`);
if (values.json) {
  writeFileSync(values.json, JSON.stringify({
    assets, files, days: returns.days, split: split.split, firstDate: dateOf(0), lastDate: dateOf(returns.days - 1), steps, seeds, paths, length,
    config, summary, trainingPartAsModel: trainAsModel, testCorrelation: Array.from(realTest.correlation), testCrisisCorrelation: realTest.crisisCorrelation, timing, ganSeconds, copula: copula.describe(), bootstrap: bootstrap.describe(),
  }, null, 2) + '\n');
}
