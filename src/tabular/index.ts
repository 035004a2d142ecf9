/**
 * The class-conditional tabular GAN (credit risk, fraud): loading tables, column transforms, the model,
 * training, sampling, SMOTE and the evaluation. Functions that read or write files (loadTable,
 * trainTabularGan with `out`, model files) need Node; the rest also runs in a browser.
 */
export {
  parseTable, loadTable, parseCsvRecords, formatTable, selectRows, TableOptionError, MISSING_LEVEL,
  type Table, type Column, type ColumnKind, type NumericColumn, type CategoricalColumn, type TableOptions,
} from './data/table.js';
export { fitTransform, encode, decode, toScore, fromScore, type TableTransform, type NumericTransform, type CategoricalTransform } from './data/transforms.js';
export { TabularGenerator } from './model/generator.js';
export { ConditionSampler } from './model/conditions.js';
export {
  DEFAULT_TABULAR_CONFIG, buildTabularNetworks, createTabularTrainer, saveTabularModel, loadTabularModel, tabularModelPaths,
  type TabularGanConfig, type TabularNetworks, type TabularMetadata, type TabularResumeState, type LoadedTabularModel,
} from './model/model.js';
export { trainTabularGan, batchTooLarge, type TabularTrainOptions, type TabularFit, type TabularProgress } from './training/train.js';
export { MAX_TABLE_SAMPLE_ROWS, sampleTable, stratifiedSplit, type StratifiedSplitOptions, type TableSampleOptions } from './model/sample.js';
export { Smote } from './baselines/smote.js';
export { SmoteNc } from './baselines/smote-nc.js';
export { IsolationForest, type IsolationForestOptions } from './baselines/isolation-forest.js';
export { timeSplit, tableParts, checkTarget, rarerClass, SplitError, type TimeSplitOptions, type RowSplit } from './data/split.js';
export { fillMissing } from './data/fill.js';
export { constantInTrainingNotices } from './data/training-constants.js';
export { parseDate, formatDate, type DateFormat } from './data/dates.js';
export { trainBoostedTrees, type BoostedTreesOptions } from './evaluation/trees.js';
export { evaluateFraud, chooseAmounts, rankingFigures, RANKERS, IMBALANCE_METHODS, OVERSAMPLERS, AMOUNT_FRACTIONS, BALANCE, type RankingEvaluation, type RankingFigures, type Ranker, type ImbalanceMethod, type Oversampler, type MinorityAmounts, type AmountChoice } from './evaluation/fraud-figures.js';
export { evaluateDetectors, discriminatorScores, type DetectorEvaluation } from './evaluation/detectors.js';
export { fitOnRows } from './evaluation/fit-rows.js';
/** Ranking figures of fraud detection (average precision, recall at a false-positive rate, precision at the top). */
export * as rankingMetrics from './evaluation/ranking.js';
export { trainClassifier, type Classifier, type ClassifierKind, type ClassifierOptions } from '../scoring/classifier.js';
export { evaluateTabular, closestDistances, type TabularEvaluation, type TableSampler, type EvaluationOptions, type ClassifierScores } from './evaluation/evaluate.js';
/** Scores of the tabular evaluation (AUC, F1, recall at precision, KS, total variation, correlations), as a namespace. */
export * as tabularMetrics from './evaluation/metrics.js';
export { runTabularExperiment, evaluateFit, outOfTimeParts, validationParts, randomParts, type ExperimentOptions } from './evaluation/experiment.js';
export { markdownReport, htmlReport } from './report/report.js';
