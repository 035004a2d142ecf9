/**
 * The multi-seed experiment behind the README table: for each seed, a fresh stratified split (or, out
 * of time, the same past/future split for every seed), a GAN trained on the training part only, and
 * the full evaluation on the held-out part.
 */
import { disposeModule } from '../../nn/index.js';
import { evaluatedClass, evaluateTabular, type EvaluationOptions, type TableSampler, type TabularEvaluation } from './evaluate.js';
import { chooseAmounts, evaluateFraud, type AmountChoice } from './fraud-figures.js';
import type { TabularGanConfig } from '../model/model.js';
import { sampleTable, stratifiedSplit } from '../model/sample.js';
import { loadTable, selectRows, type CategoricalColumn, type Table } from '../data/table.js';
import { SplitError, tableParts, timeSplit, withoutColumn, type TimeSplitOptions } from '../data/split.js';
import { fitOnRows } from './fit-rows.js';
import { fittedBatch, trainTabularGan, type TabularFit, type TabularProgress } from '../training/train.js';

/**
 * Evaluate a fitted model on its own held-out rows (sampling seeds derived from `seed`); with
 * `ranking`, the fraud figures too (evaluateFraud).
 */
export async function evaluateFit(fit: Pick<TabularFit, 'networks' | 'metadata' | 'train' | 'test'>, seed: number, options: { ranking?: boolean; progress?: (line: string) => void; validation?: { train: Table; validation: Table } } & Pick<EvaluationOptions, 'closestDistances'> = {}): Promise<TabularEvaluation> {
  let draw = 0;
  const sampler: TableSampler = (count, classLevel) => sampleTable(fit.networks, fit.metadata, count, { classLevel, seed: seed * 1000 + draw++ });
  const target = fit.metadata.config.target;
  const evaluation = await evaluateTabular(fit.train, fit.test, sampler, { target, seed, progress: options.progress, closestDistances: options.closestDistances });
  if (!options.ranking) return evaluation;
  const logisticDecay = evaluation.logisticDecay.weightDecay;
  const choice = options.validation ? await amountsChosenOnValidation(options.validation, { ...fit.metadata.config, seed }, seed, logisticDecay, options.progress) : undefined;
  const ranking = await evaluateFraud(fit.train, fit.test, sampler, { target, seed, positive: evaluation.positive, logisticDecay, amounts: choice?.amounts, amountChoice: choice?.validation, progress: options.progress });
  return { ...evaluation, ranking };
}

/** Options for {@link runTabularExperiment}: the data, the GAN's configuration, and the seeds to repeat it for. */
export interface ExperimentOptions {
  /** The table, or a CSV file to read (with `config.columnTypes`). */
  data: string | (Table & { sha256?: string });
  /** The GAN's configuration; its `seed` is replaced by each seed of `seeds`. */
  config: TabularGanConfig;
  /** One split (when random), GAN and evaluation per seed. */
  seeds: number[];
  /** Out-of-time split, the same for every seed; default: a stratified random split per seed. */
  split?: TimeSplitOptions;
  /** Also the fraud figures (evaluateFraud); default: with a split. */
  ranking?: boolean;
  /** Called after every training step of each seed's GAN. */
  onProgress?: (seed: number, p: TabularProgress) => void;
  /** Hears a line as each evaluation stage of a seed starts. */
  onEvaluationStage?: (seed: number, line: string) => void;
  /** Called as each seed's evaluation is done, with the seconds its GAN trained. */
  onSeed?: (seed: number, evaluation: TabularEvaluation, trainSeconds: number) => void;
  /** What computes the nearest-row distances (see {@link EvaluationOptions}). */
  closestDistances?: EvaluationOptions['closestDistances'];
}

/**
 * The training and test parts of an out-of-time split, the split column left out of both (checked: see
 * timeSplit), blank numeric cells filled from the training part (tableParts).
 */
export function outOfTimeParts(table: Table, target: string, split: TimeSplitOptions): { train: Table; test: Table } {
  return tableParts(withoutColumn(table, split.column), timeSplit(table, target, split));
}

/**
 * The training part of an out-of-time split cut again at `split.validateFrom`: the periods before it,
 * and the validation period from it up to `split.testFrom` (checked as timeSplit checks; an error
 * names --validate-from).
 */
export function validationParts(table: Table, target: string, split: TimeSplitOptions & { validateFrom: string }): { train: Table; validation: Table } {
  // timeSplit reads --validate-from in the column's format and time order, and refuses it at or after --test-from.
  const past = selectRows(table, timeSplit(table, target, split).train);
  try {
    const { train, test } = outOfTimeParts(past, target, { column: split.column, testFrom: split.validateFrom });
    // The amounts are chosen by oversampling the part before it (SMOTE-NC needs 2 rows of the class).
    evaluatedClass(train, target, { folds: 2 });
    return { train, validation: test };
  } catch (e) {
    if (!(e instanceof SplitError)) throw e;
    throw new SplitError(`--validate-from ${split.validateFrom} (the validation period ${split.column} ${split.validateFrom} to before ${split.testFrom}): ${e.message.replace(/--test-from/g, '--validate-from').replace(/test part/g, 'validation period').replace(/training part/g, 'part before it')}`);
  }
}

/**
 * For each oversampler and classifier, the amount of minority rows chosen on the validation period
 * (chooseAmounts), with a GAN of the experiment's configuration fitted on the periods before it.
 */
async function amountsChosenOnValidation(parts: { train: Table; validation: Table }, config: TabularGanConfig, seed: number, logisticDecay: number, progress?: (line: string) => void): Promise<AmountChoice> {
  progress?.(`a GAN on the ${parts.train.rows} rows before the validation period, to choose the amounts of added rows`);
  // Fewer rows than the model's batch: the GAN trains at the largest batch they allow (trainTabularGan).
  const rows = parts.train.rows;
  if (config.batch > rows) progress?.(`batch ${fittedBatch(rows, config.pac, 'rows before the validation period')} rows, not ${config.batch}: the GAN is fitted on the ${rows} rows before the validation period`);
  const fit = await fitOnRows(parts.train, config);
  let draw = 0;
  const sample: TableSampler = (count, classLevel) => sampleTable(fit.networks, fit.metadata, count, { classLevel, seed: seed * 1000 + draw++ });
  try {
    return await chooseAmounts(parts.train, parts.validation, sample, { target: config.target, seed, logisticDecay, progress });
  } finally {
    disposeModule(fit.networks.generator);
    disposeModule(fit.networks.discriminator);
  }
}

/** The stratified random split `trainTabularGan` draws for `seed`, as tables filled as it fills them (tableParts). */
export function randomParts(table: Table, target: string, testFraction: number, seed: number): { train: Table; test: Table } {
  const t = table.columns.find((c) => c.name === target) as CategoricalColumn;
  return tableParts(table, stratifiedSplit(t.codes, testFraction, seed * 11 + 5, { classNames: t.levels, file: table.file }));
}

/**
 * The multi-seed experiment (see the top of this file): per seed, train a GAN on the training part and
 * evaluate it on the held-out part; returns the evaluations in seed order.
 */
export async function runTabularExperiment(options: ExperimentOptions): Promise<TabularEvaluation[]> {
  const table = typeof options.data === 'string' ? loadTable(options.data, { kinds: options.config.columnTypes }) : options.data;
  const results: TabularEvaluation[] = [];
  const parts = options.split ? outOfTimeParts(table, options.config.target, options.split) : null;
  const split = options.split;
  const validation = split?.validateFrom !== undefined ? validationParts(table, options.config.target, { ...split, validateFrom: split.validateFrom }) : undefined;
  for (const seed of options.seeds) {
    const config = { ...options.config, seed };
    const onProgress = (p: TabularProgress) => options.onProgress?.(seed, p);
    const fit = parts ? { ...await fitOnRows(parts.train, config, onProgress), ...parts } : await trainTabularGan({ data: table, config, onProgress });
    const evaluation = await evaluateFit(fit, seed, { ranking: options.ranking ?? options.split !== undefined, validation, progress: (line) => options.onEvaluationStage?.(seed, line), closestDistances: options.closestDistances });
    disposeModule(fit.networks.generator);
    disposeModule(fit.networks.discriminator);
    results.push(evaluation);
    options.onSeed?.(seed, evaluation, fit.elapsedSeconds);
  }
  return results;
}
