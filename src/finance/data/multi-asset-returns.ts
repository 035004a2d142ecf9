/**
 * From aligned prices to the data a joint model fits: a log-return matrix (one row per day, one column
 * per asset) and its chronological split, the same split the single-asset pipeline uses.
 */
import { assetMatrix, sliceDays, type AssetMatrix } from './asset-matrix.js';
import { chronologicalSplit, type Split } from './returns.js';

/**
 * r_{t,j} = ln(P_{t,j} / P_{t−1,j}) between consecutive rows: (days − 1) rows, row t − 1 being the
 * return into day t. On aligned prices a row spans from one common date to the next.
 */
export function multiAssetLogReturns(prices: AssetMatrix): AssetMatrix {
  const { assets, values } = prices;
  const out = assetMatrix(Math.max(0, prices.days - 1), assets);
  for (let i = 0; i < out.values.length; i++) out.values[i] = Math.log(values[i + assets] / values[i]);
  return out;
}

/** The rows of a return matrix split chronologically, with the index ranges they came from. */
export interface MultiAssetSplit {
  split: Split;
  train: AssetMatrix;
  validation: AssetMatrix;
  test: AssetMatrix;
}

/**
 * Splits whole days (rows) into train, validation and test by {@link chronologicalSplit}, so a joint
 * model and the single-asset models of each column see the same days in each part.
 */
export function splitMultiAssetReturns(returns: AssetMatrix, testFraction?: number, validationFraction?: number): MultiAssetSplit {
  return splitAt(returns, chronologicalSplit(returns.days, testFraction, validationFraction));
}

/** The rows of `returns` in the parts of a given split (a model file's, say). */
export function splitAt(returns: AssetMatrix, split: Split): MultiAssetSplit {
  return { split, train: sliceDays(returns, ...split.train), validation: sliceDays(returns, ...split.validation), test: sliceDays(returns, ...split.test) };
}
