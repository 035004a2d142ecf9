/**
 * The return-series GAN: loading prices, transforms, the model, training, generation and evaluation.
 * Functions that read or write files (loadPriceCsv, prepareDataset, trainReturnGan, model files) need
 * Node; the rest also runs in a browser.
 */
export { parsePriceCsv, loadPriceCsv, type PriceSeries, type PriceCsvOptions } from './data/csv.js';
export { decodePriceBytes } from './data/price-text.js';
export { logReturns, pricePath, rollingWindows, chronologicalSplit, type Split } from './data/returns.js';
export { fitTransforms, toModelDomain, toReturns, windowToModel, modelToWindow, type FitTransformOptions, type TransformState } from './data/transforms.js';
export { prepareDataset, datasetFromSeries, minimumTrainingPrices, type ReturnDataset } from './data/dataset.js';
export {
  DEFAULT_CONFIG, buildNetworks, createTrainer, saveModelFile, loadModelFile, encodeModel, decodeModel, modelPaths,
  GENERATOR_KINDS, type GeneratorKind, type ReturnGanConfig, type ReturnGanNetworks, type ModelMetadata, type LoadedModel, type DataInfo,
} from './model/model.js';
export { trainReturnGan, scoreForSelection, type TrainRunOptions, type TrainProgress, type TrainSummary } from './training/train.js';
export { ReturnGan, type ReturnGanForecastOptions, type ReturnGanForecast, type ReturnGanFitOptions, type ReturnGanSampleOptions, type SampledPaths } from './return-gan.js';
export { generateWindows, generatePaths, generatePathChunks, PATH_CHUNK } from './model/generate.js';
export { fitLevelProcess, simulateLevels, rollingLogLevels, type LevelProcessState } from './model/level-process.js';
export { validationScore, validationTerms, scoreFromTerms, type ValidationScore, type ValidationTerms } from './evaluation/validation.js';
export { discriminativeScore, discriminativeFold, scoreFromFolds, type DiscriminativeOptions, type DiscriminativeScorer, type FoldTally } from './evaluation/discriminative.js';
export { evaluateModel, type Evaluation, type Comparison, type ModelColumn, type Criterion, type EvaluateOptions } from './evaluation/evaluate.js';
export { formatEvaluation } from './report/table.js';
/** Stylized-fact statistics (moments, quantiles, W1, ACF, leverage), as a namespace: `stylized.wasserstein1(a, b)`. */
export * as stylized from './evaluation/stylized.js';
export { lineChart, type LineSeries, type ChartOptions } from './report/svg.js';
export { renderReport, type ReportInput } from './report/html.js';
export {
  longHorizonStats, longHorizonReference, compareLongHorizon, averageComparisons, LONG_HORIZON_PATHS, LONG_HORIZON_LENGTH,
  LONG_HORIZON_DRAWS, LAG_BANDS, type LongHorizonOptions, type LongHorizonStats, type LongHorizonReference, type LongHorizonComparison,
  type AveragedComparison, type LongHorizonSpread, type LagBandErrors,
} from './evaluation/index.js';
export {
  fitBaselines, fitGarchT, fitGjrGarchT, fitStationaryBootstrap, fitGaussian, simulateGarch, nelderMead,
  type ReturnModel, type GarchModel, type GarchParameters,
} from './baselines/index.js';
export {
  forecastSummary, checkLevels, checkForecastRequest, sortedQuantile, riskFromSorted, sortedShareBelow, DEFAULT_QUANTILES, MAX_FORECAST_HORIZON, MIN_FORECAST_PATHS,
  type Forecaster, type ForecastOptions, type ForecastSummary, type RiskAtLevel,
} from './forecaster.js';
export {
  historicalSimulationForecaster, HS_WINDOW,
} from './baselines/historical-simulation.js';
export { ewmaNormalForecaster } from './baselines/ewma-normal.js';
export { ewmaStudentTForecaster, fitStudentTDegrees } from './baselines/ewma-t.js';
export { ewmaVariances, RISKMETRICS_LAMBDA } from './baselines/ewma.js';
export { createGjrFilter, sumGarchPaths, DEFAULT_REFIT_EVERY, GJR_FIT_WINDOW, type GjrFilter, type GjrFilterOptions, type GjrState } from './baselines/gjr-filter.js';
export { gjrGarchForecaster } from './baselines/gjr-forecaster.js';
export { filteredHistoricalSimulationForecaster } from './baselines/fhs.js';
export { classicalForecasters, type ClassicalForecasterOptions } from './baselines/forecasters.js';
export { normalCdf, normalQuantile } from '../stats/normal.js';
export * from './evaluation/backtest/index.js';
export { conditionalPaths, marketState, requiredHistory, type ConditionalPathOptions, type MarketState } from './model/conditional.js';
export { GanForecaster, type GanForecasterModel } from './model/gan-forecaster.js';
export { conditioningCheck, conditioningFromSeries, CONDITIONING_DAYS, type ConditioningCheck, type ConditioningSeries } from './evaluation/conditioning.js';
export { forecastFanChart, type FanChartInput } from './report/fan-chart.js';
export { breachPlot, type BreachPlotInput } from './report/breach-plot.js';
export { formatBacktest, backtestPage, type BacktestReport } from './report/backtest-report.js';
// Portfolios: several assets aligned on common dates, the joint baselines and the joint statistics.
export { assetMatrix, fromColumns, assetColumn, assetColumns, sliceDays, type AssetMatrix } from './data/asset-matrix.js';
export { checkCalendars, weekendShare, MixedCalendarsError, SEVEN_DAY_WEEKEND_SHARE, type CalendarSeries } from './data/calendar.js';
export {
  alignPriceSeries, parsePriceFiles, loadPriceFiles, parseWidePriceCsv, loadWidePriceCsv,
  type AlignedPrices, type DroppedDays, type MultiAssetOptions, type PriceFilesOptions, type WidePriceCsvOptions,
} from './data/multi-asset.js';
export { multiAssetLogReturns, splitMultiAssetReturns, type MultiAssetSplit } from './data/multi-asset-returns.js';
export { fitBlockBootstrap } from './baselines/block-bootstrap.js';
export { fitCopulaGjr, simulateCopulaGjrPaths, type CopulaGjrModel } from './baselines/copula-gjr.js';
export { copulaGjrForecaster } from './baselines/copula-gjr-forecaster.js';
export { checkJointTraining, type JointReturnModel } from './baselines/joint-model.js';
export { fitTCopula, sampleTCopula, tCopulaLogLikelihood, kendallCorrelation, type TCopula } from './baselines/t-copula.js';
export { kendallTau } from './baselines/kendall.js';
export { studentTCdf, studentTDensity, studentTQuantile, regularizedIncompleteBeta } from './baselines/student-t-cdf.js';
export { correlationMatrix, correlationMae, averageCorrelation } from './evaluation/correlation.js';
export { jointExceedance, crisisCorrelation, type CrisisCorrelation } from './evaluation/joint-tails.js';
export { jointStats, compareJoint, type JointOptions, type JointStats, type JointComparison } from './evaluation/joint.js';
export { portfolioReturns } from './evaluation/portfolio.js';
export * from './joint.js';
export { evaluatePortfolio, portfolioFigures } from './evaluation/portfolio-evaluation.js';
export { heatMap, divergingColor } from './report/heat-map.js';
