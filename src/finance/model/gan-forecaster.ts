/**
 * The GAN as a {@link Forecaster}: scenario paths from the observed history (conditional.ts), summed
 * over the horizon. The backtest judges it exactly like the classical baselines.
 */
import type { Module } from '../../nn/index.js';
import type { TransformState } from '../data/transforms.js';
import { checkForecastRequest, type ForecastOptions, type Forecaster } from '../forecaster.js';
import { conditionalPaths, requiredHistory } from './conditional.js';

/** What a GAN forecaster needs of a trained model. */
export interface GanForecasterModel {
  generator: Module;
  latentDim: number;
  transforms: TransformState;
}

/** Forecasts the h-day log return with the GAN's conditional scenario paths. */
export class GanForecaster implements Forecaster {
  readonly name: string;

  constructor(private readonly model: GanForecasterModel, options: { name?: string } = {}) {
    this.name = options.name ?? 'GAN';
  }

  /** Days of history a forecast needs. */
  get minHistory(): number {
    return requiredHistory(this.model.transforms);
  }

  async forecast(history: Float64Array, horizon: number, options: ForecastOptions): Promise<Float64Array> {
    checkForecastRequest(this.name, history, horizon, options, this.minHistory);
    const { generator, latentDim, transforms } = this.model;
    const paths = await conditionalPaths(generator, latentDim, transforms, history, { horizon, paths: options.samples, seed: options.seed });
    return Float64Array.from(paths, (p) => p.reduce((a, b) => a + b, 0));
  }
}
