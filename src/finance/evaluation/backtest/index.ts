/**
 * Risk-forecast backtests: coverage tests of VaR (Kupiec, Christoffersen, the Basel traffic light), the
 * Acerbi–Székely ES test, scores (pinball, FZ0, CRPS), the whole distribution's calibration (PIT,
 * Berkowitz), the driver that walks the test part, and the sanity table of median forecasts against
 * the random walk.
 */
export { chiSquareCdf, chiSquareSurvival } from './chi-square.js';
export { MIN_CALIBRATION_PITS, pitFromSorted, berkowitzTest, pitHistogram, uniformityTest, calibration, type BerkowitzTest, type CalibrationResult } from './calibration.js';
export { kupiecPof, bernoulliLogLikelihood, type LikelihoodRatioTest } from './kupiec.js';
export { christoffersen, type ChristoffersenTest } from './christoffersen.js';
export { baselZone, baselTrafficLight, BASEL_DAYS, type BaselZone } from './basel.js';
export { acerbiSzekelyZ2, esBacktest, forecastTail, ES_TEST_SIMULATIONS, type EsBacktestDay } from './es-test.js';
export { pinballLoss, fz0Score, crpsSorted, crpsSamples } from './scores.js';
export {
  runBacktest, backtestOrigins, forecastSeed,
  type BacktestOptions, type BacktestProgress, type BacktestResult, type BacktestEntry, type BacktestLevelResult, type BacktestSeries,
} from './run-backtest.js';
export { sanityTable, type SanityRow } from './sanity.js';
