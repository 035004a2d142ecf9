/**
 * How the choice of correlation conditions was checked where designs are chosen: the joint GAN trained
 * with and without them (seed 1, 1,000 steps, as `gangrad portfolio train` does), and both backtested as
 * forecasters of the equal-weight portfolio on the validation part (the test part left out entirely),
 * 5 sampling seeds of 500 samples.
 *
 *   npx tsx scripts/portfolio-correlation-conditions.ts A.csv,B.csv[,…]
 */
import { createBackend } from '../src/backend/index.js';
import { backtestReport } from '../src/cli/backtest.js';
import { sliceDays } from '../src/finance/data/asset-matrix.js';
import { loadPriceFiles } from '../src/finance/data/multi-asset.js';
import { multiAssetLogReturns, splitMultiAssetReturns } from '../src/finance/data/multi-asset-returns.js';
import { portfolioReturns } from '../src/finance/evaluation/portfolio.js';
import { DEFAULT_JOINT_CONFIG, jointGenerator, JointGanForecaster, portfolioForecaster, trainJointGan } from '../src/finance/joint.js';
import type { Forecaster } from '../src/finance/forecaster.js';
import { formatBacktest } from '../src/finance/report/backtest-report.js';
import { setBackend } from '../src/tensor/index.js';
import { exitOnHelp } from './usage.js';

exitOnHelp('usage: npx tsx scripts/portfolio-correlation-conditions.ts A.csv,B.csv[,…]');
setBackend(await createBackend('auto'));
if (!process.argv[2]) {
  console.error('usage: npx tsx scripts/portfolio-correlation-conditions.ts A.csv,B.csv[,…]');
  process.exit(2);
}
const files = process.argv[2].split(',');
const aligned = loadPriceFiles(files, {});
const all = multiAssetLogReturns(aligned.prices);
const split = splitMultiAssetReturns(all, DEFAULT_JOINT_CONFIG.testFraction, DEFAULT_JOINT_CONFIG.validationFraction);
const end = split.split.test[0], testStart = split.split.validation[0];
const returns = sliceDays(all, 0, end);
const forecasters: Forecaster[] = [];
for (const cc of [true, false]) {
  const fit = await trainJointGan({ returns: all, split, config: { ...DEFAULT_JOINT_CONFIG, correlationConditions: cc }, steps: 1000, seed: 1 });
  const f = portfolioForecaster(new JointGanForecaster(jointGenerator(fit.model), { name: cc ? 'with correlation conditions' : 'without' }), returns);
  forecasters.push(f);
}
const report = await backtestReport({ returns: portfolioReturns(returns), testStart, forecasters, horizons: [1, 10], levels: [0.95, 0.99], samples: 500, seeds: 5, seed: 1, dates: aligned.dates.slice(1, end + 1), part: 'validation' });
console.log(formatBacktest(report));
