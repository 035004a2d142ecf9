import { absolute, autocorrelation, leverage, meanAbsoluteError, pooled, standardise, wasserstein1, type Series } from './stylized.js';

/**
 * The score used to pick the best checkpoint during training: GAN losses do not show sample quality,
 * so we measure it on generated paths. Lower is better: W1 between the standardised return
 * distributions, plus the mean absolute errors of the ACF of |r| (volatility clustering) and of the ACF
 * of r (real returns have almost none; a generator that makes smooth windows gives itself away there)
 * over lags 1–20 against the validation part, plus (given `longReference`) the ACF of |r| over lags
 * 1–100 against a longer real series (the training and validation parts: the validation part alone is
 * too short to estimate lag-100 autocorrelations), so a checkpoint whose windows break volatility
 * memory at their borders loses, plus the error of the leverage effect corr(r_t, r²_{t+k}) over lags
 * 1–5 against the same longer series (an early generator that has learnt clustering but not yet the
 * asymmetry of falls and rises would otherwise win on the other terms alone), plus (given one) how far
 * a classifier's accuracy at telling generated windows from the validation part's exceeds chance: the
 * stylized-fact terms can all be small while the windows are still easy to tell apart (on the S&P 500,
 * seed 2, the weights of step 3,000 won on those terms, then scored 0.79 on the test part's
 * discriminative score, against 0.71 for the last weights).
 */
export interface ValidationScore {
  w1: number;
  acfAbsError: number;
  acfError: number;
  /** ACF(|r|) MAE over lags 1–100 against `longReference` (0 without one). */
  acfAbsLongError: number;
  /** Leverage MAE over lags 1–{@link LEVERAGE_LAG} against `longReference` (the validation part without one). */
  leverageError: number;
  /** Held-out accuracy of a classifier telling generated from real validation windows, as many of each (null: not measured). */
  discriminative: number | null;
  score: number;
}

/** Longest lag of the long-horizon term. */
export const LONG_LAG = 100;
/** Longest lag of the leverage term (the effect is strongest over the first days). */
export const LEVERAGE_LAG = 5;

/** The stylized-fact terms of {@link validationScore}: all but the classifier's, which may be computed meanwhile. */
export type ValidationTerms = Omit<ValidationScore, 'discriminative' | 'score'>;

/** The stylized-fact terms of the score of `synthetic` paths against the validation part `real`. */
export function validationTerms(real: Series, synthetic: Series[], longReference?: Series): ValidationTerms {
  const w1 = wasserstein1(standardise(real), standardise(pooled(synthetic)));
  const syntheticAbs = absolute(synthetic);
  const acfAbsError = meanAbsoluteError(autocorrelation(absolute([real])[0], 20), autocorrelation(syntheticAbs, 20));
  const acfError = meanAbsoluteError(autocorrelation(real, 20), autocorrelation(synthetic, 20));
  const acfAbsLongError = longReference ? meanAbsoluteError(autocorrelation(absolute([longReference])[0], LONG_LAG), autocorrelation(syntheticAbs, LONG_LAG)) : 0;
  const leverageError = meanAbsoluteError(leverage([longReference ?? real], LEVERAGE_LAG), leverage(synthetic, LEVERAGE_LAG));
  return { w1, acfAbsError, acfError, acfAbsLongError, leverageError };
}

/** The score from its terms and `discriminative` (an accuracy, 0.5 = indistinguishable), which adds its excess over chance. */
export function scoreFromTerms(terms: ValidationTerms, discriminative?: number): ValidationScore {
  const { w1, acfAbsError, acfError, acfAbsLongError, leverageError } = terms;
  const detectable = discriminative === undefined ? 0 : Math.max(0, discriminative - 0.5);
  return {
    w1, acfAbsError, acfError, acfAbsLongError, leverageError, discriminative: discriminative ?? null,
    score: w1 + acfAbsError + acfError + acfAbsLongError + leverageError + detectable,
  };
}

/**
 * The score of `synthetic` paths against the validation part `real`; `discriminative` (an accuracy,
 * 0.5 = indistinguishable) adds its excess over chance.
 */
export function validationScore(real: Series, synthetic: Series[], longReference?: Series, discriminative?: number): ValidationScore {
  return scoreFromTerms(validationTerms(real, synthetic, longReference), discriminative);
}
