import { absolute, autocorrelation, meanAbsoluteError, standardise, wasserstein1, type Series } from './stylized.js';

/**
 * The score used to pick the best checkpoint during training: GAN losses do not show sample quality,
 * so we measure it. Lower is better: W1 between the standardised return distributions, plus the mean
 * absolute errors of the ACF of |r| (volatility clustering) and of the ACF of r (real returns have
 * almost none; a generator that makes smooth windows gives itself away there), over lags 1–20.
 */
export interface ValidationScore {
  w1: number;
  acfAbsError: number;
  acfError: number;
  score: number;
}

export function validationScore(real: Series, synthetic: Series[]): ValidationScore {
  const pooledSynthetic = Float64Array.from(synthetic.flatMap((s) => Array.from(s)));
  const w1 = wasserstein1(standardise(real), standardise(pooledSynthetic));
  const acfAbsError = meanAbsoluteError(autocorrelation(absolute([real])[0], 20), autocorrelation(absolute(synthetic), 20));
  const acfError = meanAbsoluteError(autocorrelation(real, 20), autocorrelation(synthetic, 20));
  return { w1, acfAbsError, acfError, score: w1 + acfAbsError + acfError };
}
