/**
 * Filtered historical simulation (Barone-Adesi et al. 1999) on the GJR filter: the standardised
 * residuals z_s = (r_s − μ)/σ_s of every filtered day up to t are bootstrapped (uniformly, with
 * replacement) as the innovations of GJR paths started from tomorrow's filtered variance, so the shape
 * of the tails comes from the data and the scale from today's volatility.
 */
import { checkOptionNames } from '../../backend/option-names.js';
import type { Forecaster } from '../forecaster.js';
import { gjrPathForecaster, type GjrFilter, type GjrFilterOptions } from './gjr-filter.js';
import { mapToFloat64 } from '../data/map.js';

/** An FHS forecaster on `filter` (share one with the GJR forecaster) or a new filter with these options. */
export function filteredHistoricalSimulationForecaster(options: GjrFilterOptions & { filter?: GjrFilter } = {}): Forecaster {
  checkOptionNames(options, 'refitEvery fitWindow filter', 'filteredHistoricalSimulationForecaster');
  return gjrPathForecaster('FHS', options, ({ parameters: q, start, variances }, history) => {
    // A day of zero filtered variance (a fit with ω = 0 over a stretch of unchanged prices) has no
    // standardised residual (0/0): it is left out of the draws rather than made a NaN path.
    const all = mapToFloat64(variances, (h, i) => (history[start + i] - q.mu) / Math.sqrt(h));
    const z = all.filter(Number.isFinite);
    if (z.length === 0) throw new Error(`FHS: the GJR filter's variance is zero on all ${all.length} days of its window (prices unchanged?): no residuals to draw`);
    return (rng) => z[rng.int(z.length)];
  });
}
