/**
 * The GAN as a {@link Forecaster}: scenario paths from the observed history (conditional.ts), summed
 * over the horizon. The backtest judges it exactly like the classical baselines.
 */
import type { Module } from '../../nn/index.js';
import type { TransformState } from '../data/transforms.js';
import { checkForecastRequest, pathReturns, type ForecastOptions, type Forecaster } from '../forecaster.js';
import { periodicRefit, type PeriodicRefit } from '../baselines/periodic-refit.js';
import { conditionalPaths, requiredHistory } from './conditional.js';
import { fitShortTerm, shortTermHistory, shortTermShift, type ShortTermFit } from './short-term.js';

/** Days between re-fits of the near-term correction (short-term.ts). */
export const SHORT_TERM_REFIT_EVERY = 250;

/** What a GAN forecaster needs of a trained model. */
export interface GanForecasterModel {
  generator: Module;
  latentDim: number;
  transforms: TransformState;
}

/** Forecasts the h-day log return with the GAN's conditional scenario paths. */
export class GanForecaster implements Forecaster {
  readonly name: string;
  private readonly shortTerm: boolean;
  /** The near-term correction's fits, one refit schedule per horizon. */
  private readonly fits = new Map<number, PeriodicRefit<ShortTermFit>>();

  /** `shortTerm: false` leaves out the near-term correction of the first window's level (short-term.ts). */
  constructor(private readonly model: GanForecasterModel, options: { name?: string; shortTerm?: boolean } = {}) {
    this.name = options.name ?? 'GAN';
    this.shortTerm = options.shortTerm ?? true;
  }

  /** The near-term level correction for a forecast from the last day of `history` (0 without it). */
  levelShift(history: Float64Array, horizon: number): number {
    if (!this.shortTerm) return 0;
    const { transforms } = this.model;
    let fit = this.fits.get(horizon);
    if (!fit) this.fits.set(horizon, (fit = periodicRefit(SHORT_TERM_REFIT_EVERY, Infinity, (data) => fitShortTerm(data, transforms, horizon))));
    return shortTermShift(fit(history), history, transforms);
  }

  /** Days of history a forecast needs. */
  get minHistory(): number {
    const need = requiredHistory(this.model.transforms);
    return this.shortTerm && Number.isFinite(need) ? Math.max(need, shortTermHistory(this.model.transforms)) : need;
  }

  /**
   * Scenario paths of `horizon` daily log returns after the last day of `history` (what `forecast`
   * sums), without the generator's drift by window position (position-drift.ts).
   */
  async paths(history: Float64Array, horizon: number, options: ForecastOptions): Promise<Float64Array[]> {
    checkForecastRequest(this.name, history, horizon, options, this.minHistory);
    const { generator, latentDim, transforms } = this.model;
    return conditionalPaths(generator, latentDim, transforms, history, {
      horizon, paths: options.samples, seed: options.seed, levelShift: this.levelShift(history, horizon), removePositionDrift: true,
    });
  }

  async forecast(history: Float64Array, horizon: number, options: ForecastOptions): Promise<Float64Array> {
    const paths = await this.paths(history, horizon, options);
    return pathReturns(paths);
  }
}
