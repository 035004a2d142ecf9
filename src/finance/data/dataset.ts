import { fileSha256 } from '../../io/data-file.js';
import { TooLittleDataError } from '../../io/too-little-data.js';
import { loadPriceCsv, type PriceCsvOptions, type PriceSeries } from './csv.js';
import { checkGeneratorOutput, type DataInfo, type ReturnGanConfig } from '../model/config.js';
import { chronologicalSplit, fewestReturnsForTraining, logReturns, rollingWindows, type Split } from './returns.js';
import { dailyState, DAILY_STATE_DAYS } from './daily-state.js';
import { tooFewDistinctReturns } from '../model/shape-head.js';
import { fitTransforms, moments, toModelDomain, windowToModel, type TransformState } from './transforms.js';

/** A price file turned into everything training and evaluation need. */
export interface ReturnDataset {
  series: PriceSeries;
  returns: Float64Array;
  split: Split;
  transforms: TransformState;
  /** Training windows in the model's domain, [count, window]. */
  windows: Float32Array;
  windowCount: number;
  info: DataInfo;
  part(name: keyof Split): Float64Array;
}

/**
 * Scale-mixture form of the training windows (the volatility-conditional model): each window's shape
 * (divided by its own RMS) in the GAN's domain, followed by its standardised log volatility level as the
 * condition column, and with `previous` also the level of the window just before it (days t−W … t−1),
 * so that the generator learns how a window's shape depends on the transition from the previous level.
 * The GAN learns the shape of a window given its level(s); generation draws the levels (generate.ts).
 */
function conditionalRows(train: Float64Array, window: number, stride: number, transforms: TransformState, previous: boolean): { rows: Float32Array; count: number } {
  const offset = previous ? window : 0; // the first window with a full window before it
  const { rows: raw, count } = rollingWindows(train.subarray(offset), window, stride);
  const daily = previous && transforms.dailyCondition === true;
  const width = window + (previous ? 2 : 1) + (daily ? 1 : 0);
  const out = new Float32Array(count * width);
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const start = offset + i * stride; // the window's first day in `train`
    if (daily && start < DAILY_STATE_DAYS) continue; // the daily state needs its filter's days before the window
    const { values, condition } = windowToModel(raw.subarray(i * window, (i + 1) * window), transforms);
    out.set(values, kept * width);
    out[kept * width + window] = condition;
    if (previous) out[kept * width + window + 1] = windowToModel(train.subarray(i * stride, i * stride + window), transforms).condition;
    if (daily) out[kept * width + window + 2] = dailyState(train, start, transforms);
    kept++;
  }
  return { rows: out.subarray(0, kept * width), count: kept };
}

/** A data file's checksum, and whether a file is a model's data (shared with the tables: `src/io/data-file.ts`). */
export { fileSha256, sameDataFile } from '../../io/data-file.js';

/**
 * Load prices, take log returns, split chronologically (train | validation | test), fit the transforms
 * on the training part only, and cut the training part into windows.
 */
export function prepareDataset(file: string, config: ReturnGanConfig, column?: string, transforms?: TransformState, csv: PriceCsvOptions = {}, options: DatasetOptions = {}): ReturnDataset {
  // The length the model needs is checked by datasetFromSeries, with the number of prices to give: the
  // reader's own floor (2 rows) would say a one-row file needs 2, not the hundreds training does.
  const series = loadPriceCsv(file, { minRows: 0, ...csv, column });
  return datasetFromSeries(series, config, { file, sha256: fileSha256(file) }, transforms, options);
}

/** Options of {@link prepareDataset} and {@link datasetFromSeries}. */
export interface DatasetOptions {
  /**
   * The parts, as indices of the returns, from the prices' dates (one more than the returns), instead
   * of the chronological split by the config's fractions: a trained model's own parts placed by their
   * dates in a newer copy of its data, say (cli/data-check.ts).
   */
  split?: (dates: readonly string[]) => Split;
}

/**
 * Why returns [from, to) have no variance, naming the file and column: every price the same, in the whole
 * series or over the training part (prices from … to); fitTransforms alone could name neither.
 */
function flatTrainingMessage(series: PriceSeries, [from, to]: readonly [number, number]): string {
  const { file, column, dates, prices } = series;
  const where = `${file}: column '${column}'`;
  if (prices.every((p) => p === prices[0])) return `${where} holds one price (${prices[0]}) on all ${prices.length} rows: its returns are all 0, so there is nothing to learn`;
  const days = `the training part (${dates[from]} to ${dates[to]})`;
  if (prices.subarray(from, to + 1).every((p) => p === prices[from])) return `${where} holds one price (${prices[from]}) on every day of ${days}: its training returns are all 0, so there is nothing to learn`;
  return `${where}: every return of ${days} is the same (${Math.log(prices[from + 1] / prices[from])}): the training returns have zero variance, so there is nothing to learn`;
}

/** The returns the training part must hold: the level process of `window-ar-level` needs 8 windows of regression rows. */
function minimumTrainReturns(config: ReturnGanConfig): number {
  return config.conditioning === 'volatility' && config.generator === 'window-ar-level' ? 10 * config.window : 2 * config.window;
}

/**
 * The fewest prices training with `config` needs (916 with the defaults): four windows, and a training
 * part, after the chronological split, of the windows the model needs. A page can check a file with it.
 */
export function minimumTrainingPrices(config: ReturnGanConfig): number {
  return Math.max(4 * config.window, fewestReturnsForTraining(minimumTrainReturns(config), config.testFraction, config.validationFraction) + 1);
}

/**
 * {@link prepareDataset} for a price series already in memory (a browser page, say: parse the text with
 * `parsePriceCsv`). `source` names the data in error messages and in the model's metadata.
 */
export function datasetFromSeries(series: PriceSeries, config: ReturnGanConfig, source: { file: string; sha256?: string }, transforms?: TransformState, options: DatasetOptions = {}): ReturnDataset {
  const { file } = source;
  const persistent = config.conditioning === 'volatility' && config.generator === 'window-ar-level';
  const minimum = minimumTrainReturns(config);
  if (series.prices.length < config.window * 4) {
    // The same count as the training part's check below asks for, which this quicker one implies.
    throw new TooLittleDataError(`${file}: ${series.prices.length} price${series.prices.length === 1 ? '' : 's'}, fewer than four windows of ${config.window}: give at least ${minimumTrainingPrices(config)} prices (a training part of ${minimum / config.window} windows besides the test and validation parts), or a shorter window`);
  }
  const returns = logReturns(series.prices);
  const split = options.split?.(series.dates) ?? chronologicalSplit(returns.length, config.testFraction, config.validationFraction);
  const part = (name: keyof Split) => returns.slice(split[name][0], split[name][1]);
  const train = part('train');
  if (train.length < minimum) {
    throw new TooLittleDataError(`${file}: ${series.prices.length} prices leave a training part of ${train.length} returns, fewer than the ${minimum / config.window} windows of ${config.window} days the model needs: `
      + `give at least ${minimumTrainingPrices(config)} prices (with test and validation parts of ${config.testFraction} and ${config.validationFraction}), or a shorter window`);
  }
  if (!transforms && !(moments(train).std > 0)) throw new Error(flatTrainingMessage(series, split.train));
  const conditional = config.conditioning === 'volatility';
  checkGeneratorOutput(config);
  const fitted = transforms ?? fitTransforms(train, {
    tails: config.tails, regimeWindow: conditional ? config.window : undefined, levelProcess: persistent, unitRmsShapes: config.generatorOutput === 'unit-rms-shape',
  });
  const unmodellable = transforms ? undefined : tooFewDistinctReturns(train, fitted, config.generatorOutput);
  if (unmodellable) throw new Error(`${file}: column '${series.column}': ${unmodellable}`);
  if (!transforms && persistent && config.dailyCondition) fitted.dailyCondition = true;
  const { rows, count } = conditional
    ? conditionalRows(train, config.window, config.stride, fitted, persistent)
    : rollingWindows(toModelDomain(train, fitted), config.window, config.stride);
  if (count === 0) throw new Error(`${file}: no training window has the ${DAILY_STATE_DAYS} days before it that the daily condition reads (the training part has ${train.length} returns)`);
  return {
    series, returns, split, transforms: fitted, windows: rows, windowCount: count, part,
    info: {
      file, column: series.column, sha256: source.sha256 ?? '',
      firstDate: series.dates[0], lastDate: series.dates[series.dates.length - 1],
      testStartDate: series.dates[split.test[0] + 1],
    },
  };
}
