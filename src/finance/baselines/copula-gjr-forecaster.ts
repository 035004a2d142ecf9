/**
 * Copula-GJR as a forecaster of several assets' next days (a {@link JointForecaster}): the multi-asset
 * model a risk desk would run, beside the joint GAN in `gangrad portfolio backtest`.
 *
 * Each asset has its own GJR-GARCH(1,1)-t filter, re-fitted on the rolling calendar of the single-asset
 * GJR forecaster (gjr-filter.ts: every 40 days on the last 2,500 returns) and filtered daily, so a path
 * starts from every margin's variance for tomorrow. The t copula is re-fitted with the margins, on the
 * uniforms of their standardised residuals over the same fit window (as copula-gjr.ts fits it once on
 * the training part). Paths are drawn as copula-gjr.ts draws them.
 */
import { checkOptionNames } from '../../backend/option-names.js';
import { Rng } from '../../tensor/index.js';
import { assetColumns, assetMatrix, type AssetMatrix } from '../data/asset-matrix.js';
import type { ForecastOptions } from '../forecaster.js';
import type { JointForecaster } from '../joint-forecaster.js';
import { simulateCopulaGjrPaths } from './copula-gjr.js';
import { createGjrFilter, type GjrFilter, type GjrFilterOptions, type GjrState } from './gjr-filter.js';
import { studentTCdf } from './student-t-cdf.js';
import { fitTCopula, insideUnit, type TCopula } from './t-copula.js';

/** Fitted copulas kept (one per refit day; a backtest walks forward, so few are needed). */
const MAX_CACHED = 64;

/** Copula-GJR re-fitted on a rolling calendar, forecasting from each margin's filtered variance. */
export function copulaGjrForecaster(options: GjrFilterOptions = {}): JointForecaster & { readonly minHistory: number } {
  // Here, not at the first forecast, where each asset's filter is made.
  checkOptionNames(options, 'refitEvery fitWindow', 'copulaGjrForecaster');
  const name = 'copula-GJR';
  const filters: GjrFilter[] = [];
  const copulas = new Map<string, TCopula>();
  const filterOf = (j: number) => (filters[j] ??= createGjrFilter(options));
  return {
    name,
    get minHistory() {
      return filterOf(0).minHistory;
    },
    async paths(history: AssetMatrix, horizon: number, { samples, seed }: ForecastOptions): Promise<AssetMatrix[]> {
      if (!Number.isInteger(horizon) || horizon < 1) throw new Error(`gangrad: ${name}: the horizon must be a positive integer number of days, got ${horizon}`);
      if (history.assets < 2) throw new Error(`gangrad: ${name} needs at least 2 assets, got ${history.assets}`);
      if (history.days < filterOf(0).minHistory) throw new Error(`gangrad: ${name} needs at least ${filterOf(0).minHistory} days of history, got ${history.days}`);
      const states = assetColumns(history).map((column, j) => filterOf(j).state(column));
      const copula = copulaFor(states, history);
      return simulateCopulaGjrPaths(states.map((s) => s.parameters), copula, samples, horizon, new Rng(seed), (h) => {
        states.forEach((s, j) => { h[j] = s.nextVariance; });
      });
    },
  };

  /** The copula of the margins' last fit: their residuals' uniforms over the fit window (cached per window and fit). */
  function copulaFor(states: readonly GjrState[], history: AssetMatrix): TCopula {
    const d = states.length, start = states[0].start;
    // The refit day: every filter fits on the same calendar, so their windows end together.
    const end = Math.floor(history.days / filterOf(0).refitEvery) * filterOf(0).refitEvery;
    const key = `${start}:${end}:${states.map((s) => Object.values(s.parameters).join(',')).join(';')}`;
    let copula = copulas.get(key);
    if (!copula) {
      const uniforms = assetMatrix(end - start, d);
      states.forEach((s, j) => {
        const { mu, nu } = s.parameters;
        for (let t = start; t < end; t++) {
          const z = (history.values[t * d + j] - mu) / Math.sqrt(s.variances[t - start]);
          uniforms.values[(t - start) * d + j] = insideUnit(studentTCdf(z * Math.sqrt(nu / (nu - 2)), nu));
        }
      });
      if (copulas.size >= MAX_CACHED) copulas.clear();
      copula = fitTCopula(uniforms);
      copulas.set(key, copula);
    }
    return copula;
  }
}
