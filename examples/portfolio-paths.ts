/**
 * Joint paths of several assets, and the risk of a portfolio of them, from the library (what
 * `gangrad portfolio train` and `gangrad portfolio sample` run).
 *
 * Price files are aligned on the days they all have; the joint return GAN learns the assets' daily log
 * returns together (the first 70 % of the days; the next 10 % pick its weights, the last 20 % are its
 * test part). Its generated paths are then compared with the real days: each pair's correlation (the
 * training part, the test part, the generated days), and the equal-weight portfolio's one-day 99 % VaR
 * and ES (positive log-return losses) from the test part's days and from the generated ones.
 *
 * A few hundred steps make a weak GAN; `gangrad portfolio train` trains 1,000 (docs/portfolio.md).
 *
 * Run: npx tsx examples/portfolio-paths.ts [--steps N] [--prices FILE,FILE,…] [--seed S]
 */
import { fileURLToPath } from 'node:url';
import {
  assetMatrix, correlationMatrix, disposeModule, loadPriceFiles, multiAssetLogReturns, portfolioReturns, riskFromSorted,
  sampleJointPaths, splitMultiAssetReturns, trainJointGan, type AlignedPrices, type AssetMatrix,
} from '../src/index.js';
import { exampleArgs, wholeNumberArg } from './args.js';

const usage = 'usage: npx tsx examples/portfolio-paths.ts [--steps N] [--prices FILE,FILE,…] [--seed S]';
const dataFile = (name: string) => fileURLToPath(new URL(`../data/${name}`, import.meta.url));
const args = exampleArgs(usage, {
  steps: '300',
  prices: ['orcl_daily.csv', 'jpm_daily.csv', 'aapl_daily.csv'].map(dataFile).join(','),
  seed: '1',
});
const steps = wholeNumberArg('steps', args.steps, 1, usage);
const seed = wholeNumberArg('seed', args.seed, 0, usage);

// Files that cannot be read or aligned are the user's to fix: the message alone, not a stack trace.
let aligned: AlignedPrices;
try {
  aligned = loadPriceFiles(args.prices.split(','));
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
const { assets } = aligned;
console.log(`portfolio example: ${assets.join(', ')} on the ${aligned.dates.length} days they share, ${aligned.dates[0]} to ${aligned.dates.at(-1)}`);
for (const d of aligned.dropped) if (d.dropped > 0) console.log(`  ${d.asset}: ${d.dropped} of its ${d.rows} days are not shared by every file, left out`);

const returns = multiAssetLogReturns(aligned.prices); // days × assets
const split = splitMultiAssetReturns(returns, 0.2, 0.1); // train, validation, test: whole days, in time order
const evalEvery = Math.max(1, Math.round(steps / 4));
const fit = await trainJointGan({
  returns, assets, split, steps, seed, config: { evalEvery },
  onProgress: (p) => {
    // p.validation: the score made at this step (every evalEvery steps), else null. Lower is better.
    if (p.validation) console.log(`step ${String(p.step).padStart(5)}  validation score ${p.validation.score.toFixed(3)}  correlation error ${p.validation.correlationMae.toFixed(3)}`);
  },
});

// 200 paths of a year, pooled into one matrix of days × assets.
const paths = await sampleJointPaths(fit.model, 200, 250, seed);
const generated = assetMatrix(paths.length * 250, assets.length);
paths.forEach((p, i) => generated.values.set(p.values, i * p.values.length));

const [inTrain, inTest, inMade] = [split.train, split.test, generated].map((m) => correlationMatrix(m));
console.log(`\ndaily return correlations: training part (${split.train.days} days), test part (${split.test.days} days), generated (${generated.days} days)`);
for (let a = 0; a < assets.length; a++) {
  for (let b = a + 1; b < assets.length; b++) {
    const at = a * assets.length + b;
    console.log(`  ${`${assets[a]} ~ ${assets[b]}`.padEnd(24)} ${inTrain[at].toFixed(2).padStart(6)} ${inTest[at].toFixed(2).padStart(6)} ${inMade[at].toFixed(2).padStart(6)}`);
  }
}

const risk = (m: AssetMatrix) => riskFromSorted(portfolioReturns(m).sort(), 0.99);
// The generated paths are unconditional (a year from each path's own start), the test part one stretch of history.
console.log('\nequal-weight portfolio, one day, 99 %:');
for (const [name, m] of [['test part', split.test], ['generated', generated]] as const) {
  const r = risk(m);
  console.log(`  ${name.padEnd(10)} VaR ${(r.valueAtRisk * 100).toFixed(2)} %  ES ${(r.expectedShortfall * 100).toFixed(2)} %`);
}
disposeModule(fit.model.networks.generator);
disposeModule(fit.model.networks.discriminator);
