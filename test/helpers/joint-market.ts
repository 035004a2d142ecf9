import { fromColumns, type AssetMatrix } from '../../src/finance/data/asset-matrix.js';
import { Rng } from '../../src/index.js';

/**
 * `assets` assets' daily returns (3 unless given) driven by one market factor (loadings give pair
 * correlations of about 0.5) and one persistent volatility regime shared by all: what a joint model
 * should reproduce. Asset j's scale is 1 + 0.3j.
 */
export function simulateMarket(days: number, seed: number, assets = 3): AssetMatrix {
  const rng = new Rng(seed);
  const columns = Array.from({ length: assets }, () => new Float64Array(days));
  let logVol = 0;
  for (let t = 0; t < days; t++) {
    logVol = 0.995 * logVol + 0.08 * rng.normal();
    const f = rng.normal();
    columns.forEach((col, j) => { col[t] = 0.01 * (1 + 0.3 * j) * Math.exp(logVol) * (0.7 * f + 0.7 * rng.normal()); });
  }
  return fromColumns(columns);
}
