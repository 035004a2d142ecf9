/**
 * Joint tails of several assets: how often they fall together, and how their correlation changes on the
 * portfolio's worst days (correlations rise in sell-offs).
 */
import { assetColumn, type AssetMatrix } from '../data/asset-matrix.js';
import { averageCorrelation } from './correlation.js';
import { portfolioReturns } from './portfolio.js';
import { quantile } from './stylized.js';

/**
 * For each pair of assets (order of upperTriangle), the share of days on which both fall strictly below
 * their own p-quantile (each asset's quantile from its own column). Independent assets give p², assets
 * that move as one give p.
 */
export function jointExceedance(m: AssetMatrix, p: number): number[] {
  const d = m.assets;
  const below = Array.from({ length: d }, (_, j) => {
    const column = assetColumn(m, j), q = quantile(column, p);
    return Uint8Array.from(column, (v) => (v < q ? 1 : 0));
  });
  const out: number[] = [];
  for (let j = 0; j < d; j++) {
    for (let k = j + 1; k < d; k++) {
      let both = 0;
      for (let t = 0; t < m.days; t++) both += below[j][t] & below[k][t];
      out.push(both / m.days);
    }
  }
  return out;
}

/** Average pairwise correlation on the portfolio's worst days and on the others. */
export interface CrisisCorrelation {
  crisis: number;
  calm: number;
  /** Days counted as crisis days. */
  crisisDays: number;
}

/**
 * The average pairwise correlation on the equal-weight portfolio's worst `share` of days (the
 * ⌈share · days⌉ lowest portfolio returns, ties by order) and on its other days.
 */
export function crisisCorrelation(m: AssetMatrix, share = 0.1): CrisisCorrelation {
  const r = portfolioReturns(m);
  const order = Array.from({ length: m.days }, (_, t) => t).sort((a, b) => r[a] - r[b] || a - b);
  const k = Math.ceil(share * m.days);
  if (k < 3 || m.days - k < 3) throw new Error(`gangrad: crisis correlation needs at least 3 crisis and 3 other days, got ${k} of ${m.days}`);
  return { crisis: averageCorrelation(m, order.slice(0, k)), calm: averageCorrelation(m, order.slice(k)), crisisDays: k };
}
