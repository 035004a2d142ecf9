/**
 * GJR-GARCH(1,1)-t as a forecaster: parameters re-fitted every N days on the returns up to then, the
 * variance filtered through every day up to t, and the h-day return simulated from tomorrow's filtered
 * variance with Student-t innovations (the variance path evolves along each simulated path).
 */
import { Rng } from '../../tensor/index.js';
import { checkForecastRequest, type Forecaster } from '../forecaster.js';
import { createGjrFilter, sumGarchPaths, type GjrFilter, type GjrFilterOptions } from './gjr-filter.js';
import { sampleStandardT } from './student-t.js';

/** A GJR-GARCH(1,1)-t forecaster on `filter` (share one with FHS so each refit runs once) or a new filter with these options. */
export function gjrGarchForecaster(options: GjrFilterOptions & { filter?: GjrFilter } = {}): Forecaster {
  const filter = options.filter ?? createGjrFilter(options);
  const name = 'GJR-GARCH-t';
  return {
    name,
    async forecast(history, horizon, { samples, seed }) {
      checkForecastRequest(name, history, horizon, { samples, seed }, filter.minHistory);
      const { parameters: q, nextVariance } = filter.state(history);
      return sumGarchPaths(q, nextVariance, horizon, samples, (rng) => sampleStandardT(q.nu, rng), new Rng(seed));
    },
  };
}
