/**
 * The sanity table: does a forecaster's median say anything about the direction or size of the next
 * h days' return? Its RMSE against the realised return beside the random walk's (a forecast of zero),
 * and its directional hit rate beside the share of up moves (the hit rate of always saying "up").
 */
import type { BacktestResult } from './run-backtest.js';

/** One row of the sanity table. */
export interface SanityRow {
  forecaster: string;
  horizon: number;
  origins: number;
  /** RMSE of the forecast's median. */
  rmseMedian: number;
  /** RMSE of zero (the random walk). */
  rmseZero: number;
  /** Origins where the median is not zero (a zero-mean model such as EWMA calls no direction). */
  directional: number;
  /** Among those, the share where the median and the realised return have the same sign; null if none. */
  hitRate: number | null;
  /** Share of origins with a positive realised return. */
  shareUp: number;
}

/** The sanity table of a backtest, one row per forecaster × horizon. */
export function sanityTable(result: BacktestResult): SanityRow[] {
  return result.entries.map(({ forecaster, horizon, series: { realised, median } }) => {
    let se = 0, seZero = 0, hits = 0, up = 0, directional = 0;
    realised.forEach((y, i) => {
      se += (median[i] - y) ** 2;
      seZero += y * y;
      if (median[i] !== 0) directional++;
      if (median[i] * y > 0) hits++;
      if (y > 0) up++;
    });
    const n = realised.length;
    return { forecaster, horizon, origins: n, rmseMedian: Math.sqrt(se / n), rmseZero: Math.sqrt(seZero / n), directional, hitRate: directional > 0 ? hits / directional : null, shareUp: up / n };
  });
}
