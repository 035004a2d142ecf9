/**
 * RiskMetrics EWMA with normal innovations. The h-day return is N(0, h·σ²_{t+1}) (√h scaling: the
 * variance held at tomorrow's level over the horizon, the RiskMetrics rule), returned as a grid of
 * `samples` quantiles at the probabilities (i + ½)/samples: exact, no Monte Carlo noise, the seed unused.
 */
import { checkOptionNames } from '../../backend/option-names.js';
import { checkForecastRequest, type Forecaster } from '../forecaster.js';
import { checkLambda, ewmaVariances, EWMA_MIN_HISTORY, RISKMETRICS_LAMBDA } from './ewma.js';
import { normalQuantile } from '../../stats/normal.js';

/** An EWMA-normal forecaster with decay λ (default 0.94). */
export function ewmaNormalForecaster(options: { lambda?: number } = {}): Forecaster {
  checkOptionNames(options, 'lambda', 'ewmaNormalForecaster');
  const lambda = options.lambda ?? RISKMETRICS_LAMBDA;
  const name = 'EWMA-normal';
  checkLambda(name, lambda);
  return {
    name,
    minHistory: EWMA_MIN_HISTORY,
    async forecast(history, horizon, options) {
      checkForecastRequest(name, history, horizon, options, EWMA_MIN_HISTORY);
      const variances = ewmaVariances(history, lambda);
      const scale = Math.sqrt(horizon * variances[history.length]);
      const n = options.samples, grid = new Float64Array(n);
      // Mirrored (an odd grid's middle point stays 0) so the median is exactly the model's, zero.
      for (let i = 0; i < Math.floor(n / 2); i++) {
        grid[i] = scale * normalQuantile((i + 0.5) / n);
        grid[n - 1 - i] = -grid[i];
      }
      return grid;
    },
  };
}
