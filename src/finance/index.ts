/**
 * The return-series GAN: loading prices, transforms, the model, training, generation and evaluation.
 * Functions that read or write files (loadPriceCsv, prepareDataset, trainReturnGan, model files) need
 * Node; the rest also runs in a browser.
 */
export { parsePriceCsv, loadPriceCsv, type PriceSeries, type PriceCsvOptions } from './data/csv.js';
export { logReturns, pricePath, rollingWindows, chronologicalSplit, type Split } from './data/returns.js';
export { fitTransforms, toModelDomain, toReturns, windowToModel, modelToWindow, type FitTransformOptions, type TransformState } from './data/transforms.js';
export { prepareDataset, datasetFromSeries, type ReturnDataset } from './data/dataset.js';
export {
  DEFAULT_CONFIG, buildNetworks, createTrainer, saveModelFile, loadModelFile, encodeModel, decodeModel, modelPaths,
  GENERATOR_KINDS, type GeneratorKind, type ReturnGanConfig, type ReturnGanNetworks, type ModelMetadata, type LoadedModel, type DataInfo,
} from './model/model.js';
export { trainReturnGan, scoreForSelection, type TrainRunOptions, type TrainProgress, type TrainSummary } from './training/train.js';
export { ReturnGan, type ReturnGanFitOptions, type ReturnGanSampleOptions, type SampledPaths } from './return-gan.js';
export { generateWindows, generatePaths, generatePathChunks, PATH_CHUNK } from './model/generate.js';
export { fitLevelProcess, simulateLevels, rollingLogLevels, type LevelProcessState } from './model/level-process.js';
export { validationScore, type ValidationScore } from './evaluation/validation.js';
export { discriminativeScore, type DiscriminativeOptions } from './evaluation/discriminative.js';
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
