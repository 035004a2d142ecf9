/**
 * The stationary block bootstrap of aligned days: paths glued from blocks of whole training rows, every
 * asset's return of a day taken together (see bootstrap.ts for the blocks). The cross-section of each
 * day (correlations, joint crashes) is kept exactly; dependence longer than a few blocks is lost.
 */
import { assetMatrix, type AssetMatrix } from '../data/asset-matrix.js';
import { checkBootstrap, MEAN_BLOCK, stationaryBootstrapDays } from './bootstrap.js';
import { checkJointTraining, type JointReturnModel } from './joint-model.js';
import { checkSimulationSize } from './return-model.js';

/** The block bootstrap of whole days of `train` (days × assets), with geometric blocks of mean `meanBlock`. */
export function fitBlockBootstrap(train: AssetMatrix, assets?: readonly string[], meanBlock = MEAN_BLOCK): JointReturnModel {
  const name = 'block bootstrap';
  checkBootstrap(train.days, meanBlock, 'training days');
  const names = checkJointTraining(name, train, assets, 2);
  const d = train.assets, data = Float64Array.from(train.values);
  return {
    name, assets: names,
    describe: () => `stationary block bootstrap of aligned days: mean block ${meanBlock} days, from ${train.days} training days of ${d} assets`,
    simulate(paths, length, rng) {
      checkSimulationSize(name, paths, length);
      return Array.from({ length: paths }, () => {
        const out = assetMatrix(length, d);
        stationaryBootstrapDays(train.days, length, meanBlock, rng).forEach((day, t) => out.values.set(data.subarray(day * d, day * d + d), t * d));
        return out;
      });
    },
  };
}
