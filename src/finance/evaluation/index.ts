/**
 * Long-horizon evaluation of return paths (N paths of L days against a whole real series): ACF of |r|
 * and r² to lag 250 with errors per lag band, leverage to lag 20, W1 and excess kurtosis of aggregated
 * returns, the share of explosive paths; each model's comparison averaged over independent draws.
 */
export { acfAbs, acfSquared, lagBandErrors, squared, LAG_BANDS, type LagBandErrors } from './acf.js';
export { aggregateReturns } from './aggregation.js';
export { explosiveShare, explosiveThreshold, isExplosive } from './explosive.js';
export {
  longHorizonStats, longHorizonReference, compareLongHorizon, quantileError, LONG_HORIZON_PATHS, LONG_HORIZON_LENGTH,
  type LongHorizonOptions, type LongHorizonStats, type LongHorizonReference, type LongHorizonComparison,
} from './long-horizon.js';
export { averageComparisons, meanOfDraws, spreadOfDraws, LONG_HORIZON_DRAWS, TEST_PART_WINDOWS, type AveragedComparison, type LongHorizonSpread } from './draws.js';
