/**
 * GJR-GARCH(1,1)-t as a forecaster: parameters re-fitted every N days on the returns up to then, the
 * variance filtered through every day up to t, and the h-day return simulated from tomorrow's filtered
 * variance with Student-t innovations (the variance path evolves along each simulated path).
 */
import { checkOptionNames } from '../../backend/option-names.js';
import type { Forecaster } from '../forecaster.js';
import { gjrPathForecaster, type GjrFilter, type GjrFilterOptions } from './gjr-filter.js';
import { sampleStandardT } from './student-t.js';

/** A GJR-GARCH(1,1)-t forecaster on `filter` (share one with FHS so each refit runs once) or a new filter with these options. */
export function gjrGarchForecaster(options: GjrFilterOptions & { filter?: GjrFilter } = {}): Forecaster {
  checkOptionNames(options, 'refitEvery fitWindow filter', 'gjrGarchForecaster');
  return gjrPathForecaster('GJR-GARCH-t', options, ({ parameters }) => (rng) => sampleStandardT(parameters.nu, rng));
}
