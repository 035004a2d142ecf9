/**
 * The forecasting contract of several assets: a model that, given every asset's daily log returns up to
 * day t, returns joint scenario paths of the next h days. A portfolio's risk is then read off the paths;
 * {@link portfolioForecaster} turns a joint forecaster into a {@link Forecaster} of the equal-weight
 * portfolio's h-day log return, so the single-asset backtest judges it beside classical models fitted
 * to the portfolio's own return series.
 */
import { sliceDays, type AssetMatrix } from './data/asset-matrix.js';
import { portfolioReturns } from './evaluation/portfolio.js';
import type { ForecastOptions, Forecaster } from './forecaster.js';

/** A model of the next days of several assets together, from all of their history. */
export interface JointForecaster {
  readonly name: string;
  /** `history`: days × assets of daily log returns up to and including day t. Returns `options.samples` paths of `horizon` days × assets. */
  paths(history: AssetMatrix, horizon: number, options: ForecastOptions): Promise<AssetMatrix[]>;
}

/** The h-day log return of the equal-weight portfolio (rebalanced daily) along each path. */
export function portfolioPathReturns(paths: readonly AssetMatrix[]): Float64Array {
  return Float64Array.from(paths, (p) => portfolioReturns(p).reduce((a, b) => a + b, 0));
}

/**
 * A {@link Forecaster} of the equal-weight portfolio of `returns`' assets, forecasting with `joint`.
 * It is handed the portfolio's series up to day t (as every forecaster is) and gives `joint` the
 * assets' rows up to the same day; a history whose first or last day differs from `portfolio`'s (not
 * this portfolio's series) is refused.
 */
export function portfolioForecaster(joint: JointForecaster, returns: AssetMatrix): Forecaster & { readonly portfolio: Float64Array } {
  const portfolio = portfolioReturns(returns);
  const { minHistory } = joint as { minHistory?: number };
  return {
    name: joint.name,
    ...(minHistory !== undefined ? { minHistory } : {}),
    portfolio,
    async forecast(history: Float64Array, horizon: number, options: ForecastOptions): Promise<Float64Array> {
      const t = history.length;
      if (t < 1 || t > portfolio.length || history[t - 1] !== portfolio[t - 1] || history[0] !== portfolio[0]) {
        throw new Error(`gangrad: ${joint.name}: the history handed to the portfolio forecaster is not the portfolio's own return series (its first ${t} days)`);
      }
      return portfolioPathReturns(await joint.paths(sliceDays(returns, 0, t), horizon, options));
    },
  };
}
