/**
 * The classical forecasters a risk desk uses, side by side for a backtest: HS, EWMA-normal, EWMA-t,
 * GJR-GARCH-t and FHS, the last two on one shared GJR filter so each refit runs once.
 */
import { checkOptionNames } from '../../backend/option-names.js';
import type { Forecaster } from '../forecaster.js';
import { ewmaNormalForecaster } from './ewma-normal.js';
import { ewmaStudentTForecaster } from './ewma-t.js';
import { filteredHistoricalSimulationForecaster } from './fhs.js';
import { createGjrFilter } from './gjr-filter.js';
import { gjrGarchForecaster } from './gjr-forecaster.js';
import { historicalSimulationForecaster } from './historical-simulation.js';

/** Options of {@link classicalForecasters}. */
export interface ClassicalForecasterOptions {
  /** Days between GJR and EWMA-t re-fits (default 40). */
  refitEvery?: number;
  /** Returns a GJR fit uses at most (default 2500). */
  fitWindow?: number;
  /** HS window in days (default 500). */
  hsWindow?: number;
  /** EWMA decay (default 0.94). */
  lambda?: number;
}

/** HS, EWMA-normal, EWMA-t, GJR-GARCH-t and FHS, in that order. */
export function classicalForecasters(options: ClassicalForecasterOptions = {}): Forecaster[] {
  checkOptionNames(options, 'refitEvery fitWindow hsWindow lambda', 'classicalForecasters');
  const filter = createGjrFilter({ refitEvery: options.refitEvery, fitWindow: options.fitWindow });
  return [
    historicalSimulationForecaster({ window: options.hsWindow }),
    ewmaNormalForecaster({ lambda: options.lambda }),
    ewmaStudentTForecaster({ lambda: options.lambda, refitEvery: options.refitEvery }),
    gjrGarchForecaster({ filter }),
    filteredHistoricalSimulationForecaster({ filter }),
  ];
}
