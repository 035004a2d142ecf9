/**
 * Historical simulation (HS): the h-day return's distribution is the empirical one of the last `window`
 * days (default 500). For h > 1 its samples are the window's overlapping h-day sums (window − h + 1 of
 * them), not a bootstrap, so the forecast is deterministic, ignores the seed and returns that many
 * samples whatever `samples` asks for.
 */
import { checkOptionNames } from '../../backend/option-names.js';
import { checkForecastRequest, type Forecaster } from '../forecaster.js';

/** Days of the HS window, by default. */
export const HS_WINDOW = 500;

/** A historical-simulation forecaster over the last `window` days. */
export function historicalSimulationForecaster(options: { window?: number } = {}): Forecaster {
  checkOptionNames(options, 'window', 'historicalSimulationForecaster');
  const window = options.window ?? HS_WINDOW;
  if (!Number.isInteger(window) || window < 2) throw new Error(`gangrad: HS: the window must be an integer of at least 2 days, got ${window}`);
  const name = 'HS';
  return {
    name,
    minHistory: window,
    async forecast(history, horizon, options) {
      checkForecastRequest(name, history, horizon, options, window);
      if (horizon > window) throw new Error(`gangrad: HS: a ${horizon}-day horizon is longer than its ${window}-day window`);
      const x = history.subarray(history.length - window);
      const out = new Float64Array(window - horizon + 1);
      let sum = 0;
      for (let i = 0; i < horizon; i++) sum += x[i];
      out[0] = sum;
      for (let i = 1; i < out.length; i++) out[i] = (sum += x[i + horizon - 1] - x[i - 1]);
      return out;
    },
  };
}
