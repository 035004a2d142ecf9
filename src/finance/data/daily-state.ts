/**
 * The daily state of a return series: the log RMS of an exponentially weighted average of squared
 * returns (λ = 0.9, RiskMetrics' filter with a shorter memory), in the standardised level units of the
 * window conditions. Window levels (64 days) say how volatile the quarter is; the daily state says how
 * volatile the last week or two were. Both the near-term correction of a forecast
 * (model/short-term.ts) and the generator's optional third condition (config `dailyCondition`) read it.
 */
import type { TransformState } from './transforms.js';

/** Decay of the daily filters: near the β a GJR fit gives these markets; 0.8 and 0.94 screened no better (docs/forecasting.md). */
export const DAILY_DECAY = 0.9;
/** Days of history the filters run over: λ^100 ≈ 3e-5, so the start value no longer matters. */
export const DAILY_STATE_DAYS = 100;
/** Floor on a standardised RMS before its log: a day of exactly zero return would be an outlier of −14. */
const RMS_FLOOR = 0.05;

/** Standardised level of a mean square `ms` of standardised returns (the window conditions' units). */
export function levelOfMeanSquare(ms: number, t: TransformState): number {
  return (Math.log(Math.max(RMS_FLOOR, Math.sqrt(ms))) - t.regime!.mean) / t.regime!.std;
}

/**
 * The daily state just before day `end`: the filter run over returns[max(0, end − 100) … end − 1]
 * (real units, standardised here), started from the unconditional mean square 1.
 */
export function dailyState(returns: ArrayLike<number>, end: number, t: TransformState): number {
  let ms = 1;
  for (let i = Math.max(0, end - DAILY_STATE_DAYS); i < end; i++) {
    const u = (returns[i] - t.mean) / t.std;
    ms = DAILY_DECAY * ms + (1 - DAILY_DECAY) * u * u;
  }
  return levelOfMeanSquare(ms, t);
}
