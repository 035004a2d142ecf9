/**
 * The joint GAN as a {@link JointForecaster}: joint scenario paths from the observed history of every
 * asset (conditional.ts), each asset's first window moved by its own near-term correction — the one the
 * single-asset forecaster uses (short-term.ts), fitted on that asset's history alone — and the
 * generator's drift by window position taken out.
 */
import { periodicRefit, type PeriodicRefit } from '../../baselines/periodic-refit.js';
import { assetColumn, type AssetMatrix } from '../../data/asset-matrix.js';
import type { ForecastOptions } from '../../forecaster.js';
import type { JointForecaster } from '../../joint-forecaster.js';
import { SHORT_TERM_REFIT_EVERY } from '../gan-forecaster.js';
import { fitShortTerm, shortTermHistory, shortTermShift, type ShortTermFit } from '../short-term.js';
import { jointConditionalPaths, jointRequiredHistory } from './conditional.js';
import type { JointGenerator } from './generate.js';

/** Forecasts every asset's next days together with the joint GAN's conditional scenario paths. */
export class JointGanForecaster implements JointForecaster {
  readonly name: string;
  /** The near-term correction's fits, one refit schedule per asset and horizon. */
  private readonly fits = new Map<string, PeriodicRefit<ShortTermFit>>();

  constructor(private readonly model: JointGenerator, options: { name?: string } = {}) {
    this.name = options.name ?? 'joint GAN';
    const missing = model.transforms.findIndex((t) => !t.levelProcess);
    if (missing >= 0) throw new Error(`gangrad: asset ${missing + 1}'s transforms have no level process, which the near-term correction needs (a joint model trained before forecasting); retrain it with gangrad portfolio train`);
  }

  /** Days of history a forecast needs. */
  get minHistory(): number {
    return Math.max(jointRequiredHistory(this.model), ...this.model.transforms.map(shortTermHistory));
  }

  /** Each asset's near-term level correction for a forecast from the last day of `history`. */
  levelShifts(history: AssetMatrix, horizon: number): number[] {
    return this.model.transforms.map((transforms, j) => {
      const key = `${j}:${horizon}`;
      let fit = this.fits.get(key);
      if (!fit) this.fits.set(key, (fit = periodicRefit(SHORT_TERM_REFIT_EVERY, Infinity, (data) => fitShortTerm(data, transforms, horizon))));
      const column = assetColumn(history, j);
      return shortTermShift(fit(column), column, transforms);
    });
  }

  async paths(history: AssetMatrix, horizon: number, options: ForecastOptions): Promise<AssetMatrix[]> {
    if (!Number.isInteger(options.samples) || options.samples < 1) throw new Error(`gangrad: ${this.name}: samples must be a positive integer, got ${options.samples}`);
    if (history.days < this.minHistory) throw new Error(`gangrad: ${this.name} needs at least ${this.minHistory} days of history, got ${history.days}`);
    if (!history.values.every(Number.isFinite)) throw new Error(`gangrad: ${this.name}: the history holds a value that is not a finite number`);
    return jointConditionalPaths(this.model, history, {
      horizon, paths: options.samples, seed: options.seed, levelShifts: this.levelShifts(history, horizon), removePositionDrift: true,
    });
  }
}
