/**
 * The stationary block bootstrap (Politis & Romano 1994): paths glued from blocks of consecutive
 * training returns, each block starting at a uniformly random day, with geometric lengths of mean
 * `meanBlock` (each day ends the block with probability 1/meanBlock), wrapping around the end of the
 * series. It keeps the marginal distribution exactly and the dependence within a block; dependence
 * longer than a few blocks is lost.
 */
import type { Rng } from '../../tensor/index.js';
import { checkSimulationSize, type ReturnModel } from './return-model.js';

/** The default mean block length in days. */
export const MEAN_BLOCK = 20;

/** Refuses fewer than 2 training days or a mean block shorter than a day. */
export function checkBootstrap(days: number, meanBlock: number, what = 'training returns'): void {
  if (days < 2) throw new Error(`gangrad: the bootstrap needs at least 2 ${what}, got ${days}`);
  if (!(meanBlock >= 1)) throw new Error(`gangrad: bootstrap mean block length must be ≥ 1, got ${meanBlock}`);
}

/** The training days (indices into n) one bootstrap path of `length` days is glued from. */
export function stationaryBootstrapDays(n: number, length: number, meanBlock: number, rng: Rng): Int32Array {
  const days = new Int32Array(length);
  let at = rng.int(n);
  for (let t = 0; t < length; t++) {
    if (t > 0) at = rng.uniform() < 1 / meanBlock ? rng.int(n) : (at + 1) % n;
    days[t] = at;
  }
  return days;
}

/** The stationary bootstrap over `train` (nothing to estimate: it keeps the returns themselves). */
export function fitStationaryBootstrap(train: ArrayLike<number>, meanBlock = MEAN_BLOCK): ReturnModel {
  checkBootstrap(train.length, meanBlock);
  const data = Float64Array.from(train);
  const n = data.length;
  return {
    name: 'bootstrap',
    parameters: { meanBlock, days: n },
    describe: () => `stationary block bootstrap (Politis–Romano): mean block ${meanBlock} days, from ${n} training returns`,
    simulate(paths, length, rng) {
      checkSimulationSize('bootstrap', paths, length);
      return Array.from({ length: paths }, () => Float64Array.from(stationaryBootstrapDays(n, length, meanBlock, rng), (at) => data[at]));
    },
  };
}
