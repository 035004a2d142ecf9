/**
 * Filtered historical simulation (Barone-Adesi et al. 1999) on the GJR filter: the standardised
 * residuals z_s = (r_s − μ)/σ_s of every filtered day up to t are bootstrapped (uniformly, with
 * replacement) as the innovations of GJR paths started from tomorrow's filtered variance, so the shape
 * of the tails comes from the data and the scale from today's volatility.
 */
import { Rng } from '../../tensor/index.js';
import { checkForecastRequest, type Forecaster } from '../forecaster.js';
import { createGjrFilter, sumGarchPaths, type GjrFilter, type GjrFilterOptions } from './gjr-filter.js';

/** An FHS forecaster on `filter` (share one with the GJR forecaster) or a new filter with these options. */
export function filteredHistoricalSimulationForecaster(options: GjrFilterOptions & { filter?: GjrFilter } = {}): Forecaster {
  const filter = options.filter ?? createGjrFilter(options);
  const name = 'FHS';
  return {
    name,
    async forecast(history, horizon, { samples, seed }) {
      checkForecastRequest(name, history, horizon, { samples, seed }, filter.minHistory);
      const { parameters: q, nextVariance, start, variances } = filter.state(history);
      const z = Float64Array.from(variances, (h, i) => (history[start + i] - q.mu) / Math.sqrt(h));
      return sumGarchPaths(q, nextVariance, horizon, samples, (rng) => z[rng.int(z.length)], new Rng(seed));
    },
  };
}
