/**
 * RiskMetrics EWMA with standardised Student-t innovations. ν is fitted by maximum likelihood on the
 * EWMA-standardised returns z_s = r_s/σ_s of the history, re-fitted every N days (default 40) on the
 * days up to the last refit day like the GJR filter. The h-day return is simulated as the sum of h
 * independent σ_{t+1}·t_ν draws (the variance held at tomorrow's level, as √h scaling does, but the
 * sum's tails are the t's convolved, not a rescaled t).
 */
import { Rng } from '../../tensor/index.js';
import { checkOptionNames } from '../../backend/option-names.js';
import { checkForecastRequest, type Forecaster } from '../forecaster.js';
import { checkLambda, ewmaVariances, EWMA_MIN_HISTORY, EWMA_SEED_DAYS, RISKMETRICS_LAMBDA } from './ewma.js';
import { DEFAULT_REFIT_EVERY } from './gjr-filter.js';
import { periodicRefit } from './periodic-refit.js';
import { sampleStandardT, studentTLogConstant, studentTLogDensity } from './student-t.js';

const NU_MIN = 2.05, NU_MAX = 300;

/** The ML degrees of freedom of a standardised t for unit-variance residuals z, by golden-section search on ln(ν − 2). */
export function fitStudentTDegrees(z: ArrayLike<number>): number {
  const logLikelihood = (u: number) => {
    const nu = 2 + Math.exp(u), c = studentTLogConstant(nu);
    let ll = 0;
    for (let i = 0; i < z.length; i++) ll += studentTLogDensity(z[i], 1, nu, c);
    return ll;
  };
  let a = Math.log(NU_MIN - 2), b = Math.log(NU_MAX - 2);
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a), d = a + g * (b - a), fc = logLikelihood(c), fd = logLikelihood(d);
  while (b - a > 1e-4) {
    if (fc > fd) {
      b = d; d = c; fd = fc; c = b - g * (b - a); fc = logLikelihood(c);
    } else {
      a = c; c = d; fc = fd; d = a + g * (b - a); fd = logLikelihood(d);
    }
  }
  return 2 + Math.exp((a + b) / 2);
}

/** An EWMA-t forecaster with decay λ (default 0.94), ν re-fitted every `refitEvery` days. */
export function ewmaStudentTForecaster(options: { lambda?: number; refitEvery?: number } = {}): Forecaster {
  checkOptionNames(options, 'lambda refitEvery', 'ewmaStudentTForecaster');
  const lambda = options.lambda ?? RISKMETRICS_LAMBDA;
  const refitEvery = options.refitEvery ?? DEFAULT_REFIT_EVERY;
  const name = 'EWMA-t';
  checkLambda(name, lambda);
  const degrees = periodicRefit(refitEvery, Infinity, (data) => {
    const h = ewmaVariances(data, lambda);
    return fitStudentTDegrees(Float64Array.from(data.subarray(EWMA_SEED_DAYS), (r, i) => r / Math.sqrt(h[i + EWMA_SEED_DAYS])));
  });
  const minHistory = Math.max(EWMA_MIN_HISTORY, refitEvery);
  return {
    name,
    minHistory,
    async forecast(history, horizon, options) {
      checkForecastRequest(name, history, horizon, options, minHistory);
      const nu = degrees(history);
      const sigma = Math.sqrt(ewmaVariances(history, lambda)[history.length]);
      const rng = new Rng(options.seed);
      const out = new Float64Array(options.samples);
      for (let i = 0; i < out.length; i++) {
        let sum = 0;
        for (let k = 0; k < horizon; k++) sum += sampleStandardT(nu, rng);
        out[i] = sigma * sum;
      }
      return out;
    },
  };
}
