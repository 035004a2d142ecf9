/**
 * Acerbi & Székely's (2014) second ES backtest, with its p-value simulated from the forecasts themselves:
 *   Z2 = Σ_t X_t·I_t / (T·α·ES_t) + 1,   I_t = 1[X_t < −VaR_t],   α = 1 − a,
 * X_t the realised return, VaR and ES positive losses. Under a correct forecast E[Z2] = 0; an ES or VaR
 * that is too small pushes Z2 below 0. The p-value is the share of M replications, each drawing every
 * day's X_t from that day's forecast samples, with Z2 at or below the observed one ((count + 1)/(M + 1)).
 * Only a forecast's samples below its −VaR enter Z2, so a day keeps just those (its `tail`).
 */
import { Rng } from '../../../tensor/index.js';
import { checkLevels } from '../../forecaster.js';
import type { LikelihoodRatioTest } from './kupiec.js';

/** One day of an ES backtest. */
export interface EsBacktestDay {
  realised: number;
  valueAtRisk: number;
  expectedShortfall: number;
  /** The forecast's samples strictly below −VaR (see {@link forecastTail}). */
  tail: Float64Array;
  /** How many samples the forecast had in all. */
  samples: number;
}

/** Replications of the simulated p-value, by default. */
export const ES_TEST_SIMULATIONS = 1000;

/** The samples of an ascending forecast strictly below −VaR: the only ones Z2 looks at. */
export function forecastTail(sorted: Float64Array, valueAtRisk: number): Float64Array {
  let count = 0;
  while (count < sorted.length && sorted[count] < -valueAtRisk) count++;
  return sorted.slice(0, count);
}

function z2(days: readonly EsBacktestDay[], level: number, outcome: (day: EsBacktestDay) => number): number {
  const alpha = 1 - level;
  let sum = 0;
  for (const day of days) {
    const x = outcome(day);
    if (x < -day.valueAtRisk) sum += x / day.expectedShortfall;
  }
  return sum / (days.length * alpha) + 1;
}

/** The Z2 statistic of realised returns against their VaR and ES at level `level`. */
export function acerbiSzekelyZ2(days: readonly EsBacktestDay[], level: number): number {
  checkLevels([level], 'ES backtest');
  if (days.length === 0) throw new Error('gangrad: ES backtest: no days to test');
  for (const d of days) {
    if (!(d.expectedShortfall > 0)) throw new Error(`gangrad: ES backtest: an ES must be a positive loss, got ${d.expectedShortfall}`);
  }
  return z2(days, level, (d) => d.realised);
}

/** Z2 and its one-sided p-value (small: the forecast's tail is too thin), simulated with `seed`. */
export function esBacktest(days: readonly EsBacktestDay[], level: number, options: { simulations?: number; seed: number }): LikelihoodRatioTest {
  const statistic = acerbiSzekelyZ2(days, level);
  const simulations = options.simulations ?? ES_TEST_SIMULATIONS;
  if (!Number.isInteger(simulations) || simulations < 1) throw new Error(`gangrad: ES backtest: simulations must be a positive integer, got ${simulations}`);
  const rng = new Rng(options.seed);
  // A draw from a day's forecast: one of its samples, uniformly; only those in the tail count.
  const draw = (d: EsBacktestDay) => {
    const j = rng.int(d.samples);
    return j < d.tail.length ? d.tail[j] : Infinity;
  };
  let atOrBelow = 0;
  for (let m = 0; m < simulations; m++) if (z2(days, level, draw) <= statistic) atOrBelow++;
  return { statistic, pValue: (atOrBelow + 1) / (simulations + 1) };
}
