import { nodeModules } from '../io/node.js';
import { loadPriceCsv, type PriceCsvOptions, type PriceSeries } from './csv.js';
import type { DataInfo, ReturnGanConfig } from './model.js';
import { chronologicalSplit, logReturns, rollingWindows, type Split } from './returns.js';
import { fitTransforms, toModelDomain, windowToModel, type TransformState } from './transforms.js';

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
 * condition column. The GAN learns the shape of a window given its level; generation draws levels from
 * the training windows' distribution (generate.ts), so calm and turbulent regimes occur as often as in
 * the data.
 */
function conditionalRows(train: Float64Array, window: number, stride: number, transforms: TransformState): { rows: Float32Array; count: number } {
  const { rows: raw, count } = rollingWindows(train, window, stride);
  const out = new Float32Array(count * (window + 1));
  for (let i = 0; i < count; i++) {
    const { values, condition } = windowToModel(raw.subarray(i * window, (i + 1) * window), transforms);
    out.set(values, i * (window + 1));
    out[i * (window + 1) + window] = condition;
  }
  return { rows: out, count };
}

export function fileSha256(file: string): string {
  const { crypto, fs } = nodeModules('fileSha256');
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * Load prices, take log returns, split chronologically (train | validation | test), fit the transforms
 * on the training part only, and cut the training part into windows.
 */
export function prepareDataset(file: string, config: ReturnGanConfig, column?: string, transforms?: TransformState, csv: PriceCsvOptions = {}): ReturnDataset {
  const series = loadPriceCsv(file, { ...csv, column, minRows: config.window * 4 });
  return datasetFromSeries(series, config, { file, sha256: fileSha256(file) }, transforms);
}

/**
 * {@link prepareDataset} for a price series already in memory (a browser page, say: parse the text with
 * `parsePriceCsv`). `source` names the data in error messages and in the model's metadata.
 */
export function datasetFromSeries(series: PriceSeries, config: ReturnGanConfig, source: { file: string; sha256?: string }, transforms?: TransformState): ReturnDataset {
  const { file } = source;
  if (series.prices.length < config.window * 4) {
    throw new Error(`${file}: ${series.prices.length} prices, fewer than four windows of ${config.window}`);
  }
  const returns = logReturns(series.prices);
  const split = chronologicalSplit(returns.length, config.testFraction, config.validationFraction);
  const part = (name: keyof Split) => returns.slice(split[name][0], split[name][1]);
  const train = part('train');
  if (train.length < config.window * 2) {
    throw new Error(`${file}: the training part has ${train.length} returns, fewer than two windows of ${config.window}`);
  }
  const conditional = config.conditioning === 'volatility';
  const fitted = transforms ?? fitTransforms(train, config.tails, conditional ? config.window : undefined);
  const { rows, count } = conditional
    ? conditionalRows(train, config.window, config.stride, fitted)
    : rollingWindows(toModelDomain(train, fitted), config.window, config.stride);
  return {
    series, returns, split, transforms: fitted, windows: rows, windowCount: count, part,
    info: {
      file, column: series.column, sha256: source.sha256 ?? '',
      firstDate: series.dates[0], lastDate: series.dates[series.dates.length - 1],
      testStartDate: series.dates[split.test[0] + 1],
    },
  };
}
