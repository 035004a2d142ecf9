/**
 * What `eval` and `report` check before they trust a data file and before they write a figure: the
 * data is the file the model was trained on (its stored SHA-256), its test part is not flat, and no
 * statistic about to be printed or written is NaN or infinite.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileSha256, prepareDataset, sameDataFile, type ReturnDataset } from '../finance/data/dataset.js';
import { chronologicalSplit, logReturns, type Split } from '../finance/data/returns.js';
import { moments } from '../finance/data/transforms.js';
import { loadPriceCsv, type PriceSeries } from '../finance/data/csv.js';
import type { ModelMetadata } from '../finance/model/model.js';
import { requireInputFile } from './args.js';

/**
 * The data file a model command reads: `dataOption` (--data) when given, else the file the model records
 * (a stored relative path, of older models, is tried from the working directory, then beside the model
 * directory). A --data that names no file or a directory is a usage error (exit 2). A recorded file that
 * has gone is a failure (exit 1) for every command: that path is not an option the user gave but a fact
 * found while working (the model was opened), so the command line was right and its run failed.
 */
export function modelDataFile(metadata: ModelMetadata, modelDir: string, dataOption: string | undefined): string {
  if (dataOption !== undefined) {
    requireInputFile(dataOption);
    return dataOption;
  }
  const stored = metadata.data.file;
  const file = !isAbsolute(stored) && !existsSync(stored) && existsSync(join(dirname(modelDir), stored)) ? join(dirname(modelDir), stored) : stored;
  const gone = recordedFileGone(file);
  if (gone) throw new Error(`${file}: the data file the model was trained on ${gone}; pass --data FILE with a copy of that file`);
  return file;
}

/** Why a file a model records can no longer be read as one ('does not exist', 'is now a directory'), or null. */
export function recordedFileGone(file: string): string | null {
  return !existsSync(file) ? 'does not exist' : statSync(file).isDirectory() ? 'is now a directory' : null;
}

/**
 * The model's data ({@link modelDataFile}), prepared as in training. A file whose SHA-256 differs from the stored one is refused unless `allowChanged`.
 */
export function openModelData(metadata: ModelMetadata, modelDir: string, dataOption: string | undefined, allowChanged: boolean, onWarning?: (line: string) => void): ReturnDataset {
  const file = modelDataFile(metadata, modelDir, dataOption);
  const same = sameDataFile(file, metadata.data.sha256);
  if (!same && !allowChanged) {
    throw new Error(`${file}: differs from the data the model was trained on (SHA-256 ${fileSha256(file).slice(0, 12)}…, trained on ${metadata.data.sha256.slice(0, 12)}…): its test part may overlap the training part. Pass --allow-changed-data to evaluate on it anyway`);
  }
  // The training run already checked (and, with --allow-outliers, warned about) the very same bytes;
  // another file keeps the model's parts by their dates, so that its test part is still unseen.
  const dataset = prepareDataset(file, metadata.config, metadata.data.column, metadata.transforms, same ? { allowOutliers: true, onWarning: () => {} } : onWarning ? { onWarning } : {},
    same ? {} : { split: (dates) => modelSplitByDate(dates, metadata, file) });
  // --allow-changed-data is for a newer copy of the model's data; another market's file runs too, but is said to be one (as forecast says).
  const other = same || !onWarning ? null : otherSeriesWarning(dataset.series.dates, dataset.series.prices, metadata, modelDir, file);
  if (other) onWarning!(`${other.notice ? 'notice' : 'warning'}: ${other.warning}`);
  const test = dataset.part('test');
  const mean = test.reduce((a, b) => a + b, 0) / test.length;
  if (!(test.reduce((a, b) => a + (b - mean) ** 2, 0) > 0)) {
    throw new Error(`${file}: the test part (from ${dataset.info.testStartDate}) has flat prices: every return is ${mean}, so no statistic can be compared`);
  }
  return dataset;
}

/**
 * The model's own parts placed in a changed copy of its data by their dates: training from the model's
 * first day, validation and test starting where they started in training, the test part running to the
 * file's end (a newer copy's test part grows; it never reaches back into days the model was fitted or
 * selected on). The days before the model's first day, if the copy has more, are history only.
 */
export function modelSplitByDate(dates: readonly string[], metadata: ModelMetadata, file: string): Split {
  const { firstDate, lastDate, testStartDate } = metadata.data;
  const first = dates.indexOf(firstDate), testPrice = dates.indexOf(testStartDate);
  if (first < 0 || testPrice < 0) {
    throw new Error(`${file}: has no row of ${first < 0 ? `${firstDate}, the first day of the data the model was trained on` : `${testStartDate}, the first day of the model's test part`}, so its training and test parts cannot be placed in this file; evaluate on a copy of the model's data (more days at the end are fine)`);
  }
  // The model's split in its own data, from the number of returns it had: exact when the copy still
  // holds its last day, else the fewest returns that put its test part where it began.
  const testStart = testPrice - 1 - first;
  const last = dates.indexOf(lastDate);
  let n = last > first ? last - first : Math.max(1, Math.floor(testStart / (1 - metadata.config.testFraction)) - 2);
  const own = () => chronologicalSplit(n, metadata.config.testFraction, metadata.config.validationFraction);
  while (own().test[0] < testStart) n++;
  if (own().test[0] !== testStart) throw new Error(`${file}: the model's test part (from ${testStartDate}) does not fall where its split put it in this file; the days before it differ from the data the model was trained on`);
  const validationStart = first + own().validation[0];
  if (testPrice >= dates.length - 1) throw new Error(`${file}: ends on ${dates[dates.length - 1]}, before the model's test part (from ${testStartDate}) has two days`);
  return { train: [first, validationStart], validation: [validationStart, testPrice - 1], test: [testPrice - 1, dates.length - 1] };
}

/** What {@link otherSeriesWarning} found: a warning, and whether the file's training days were compared and differ. */
export interface OtherSeries {
  /** The line to warn with (a question: another series than the one the model learned?), or a notice's. */
  warning: string;
  /** The line is a notice, not a warning: the same series, cut to start later. */
  notice?: boolean;
  /** The file's returns were compared with the model's data (its training days, or the days both files hold) and differ; false when they could not be compared. */
  differs: boolean;
}

/**
 * Why `prices` (dated `dates`, from `file`) may not be the series the model learned, or null when it
 * holds the model's training days with the same returns (a newer copy). The training part's mean and
 * standard deviation, which the model stores, are compared over the same dates (`differs`: they differ);
 * a file that starts on another day is compared with the model's own data file over the days both hold
 * where it can be (the same market cut short gets a notice; another market `differs`), else by its first
 * day (`differs` false: the same market cut to start later holds days the model saw); one that runs past
 * the model's test start without a place for it (another calendar: a 7-day market with its weekends
 * dropped) is warned about, `differs` false.
 */
export function otherSeriesWarning(dates: readonly string[], prices: ArrayLike<number>, metadata: ModelMetadata, modelDir: string, file: string): OtherSeries | null {
  const { firstDate, testStartDate } = metadata.data;
  let split: Split;
  try {
    split = modelSplitByDate(dates, metadata, file);
  } catch (e) {
    if (dates[0] !== firstDate) return laterStartWarning(dates, prices, metadata, modelDir, file);
    // A copy that ends before the test part cannot be checked further; one that runs past its first day
    // but cannot place it (weekends dropped from a 7-day market, a day missing) is not the training file.
    if (dates[dates.length - 1] < testStartDate) return null;
    const why = dates.includes(testStartDate) ? (e as Error).message.replace(/^.*?: /, '') : `no row of ${testStartDate}, the first day of the model's test part, though its dates run past it (another calendar, such as a 7-day market's weekends dropped?)`;
    return { warning: `${file}: ${why}: forecasting another series than the one it learned?`, differs: false };
  }
  const [from, to] = split.train;
  // The training part's returns (return t is prices t → t + 1), their moments as the transforms computed them.
  const { mean, std } = moments(logReturns(Array.prototype.slice.call(prices, from, to + 1) as number[]));
  const trained = metadata.transforms.std;
  // A copy gives the same numbers up to rounding in the last digits.
  const stdDiffers = Math.abs(std / trained - 1) >= 1e-6;
  if (!stdDiffers && Math.abs(mean - metadata.transforms.mean) < 1e-6 * trained) return null;
  const [now, then] = stdDiffers ? distinctDigits(std, trained) : distinctDigits(mean, metadata.transforms.mean);
  return { warning: `${file}: its returns over the model's training days (${dates[from + 1]} to ${dates[to]}) are not those it was trained on (${metadata.data.file}; ${stdDiffers ? 'standard deviation' : 'mean'} ${now} against ${then}): forecasting another series than the one it learned?`, differs: true };
}

/**
 * The prices of the file the model was trained on (found as {@link modelDataFile} finds it), read
 * quietly; null where that file has gone or can no longer be read: callers then fall back.
 */
export function modelOwnPrices(metadata: ModelMetadata, modelDir: string): PriceSeries | null {
  try {
    return loadPriceCsv(modelDataFile(metadata, modelDir, undefined), { column: metadata.data.column, allowOutliers: true, onWarning: () => {} });
  } catch {
    return null;
  }
}

/** Fewest returns a file must share with the model's own data file to be compared with it. */
const MIN_SHARED_RETURNS = 20;

/**
 * {@link otherSeriesWarning} for a file that starts on another day than the model's data: compared with
 * the model's own data file where it is still there, return by return over the days both hold (a day
 * and the next in both files), so that the same market cut to start later is told apart from another
 * market over the same years (whose "in-sample" dates the model never saw). Without the model's file,
 * or with too few shared days, only the first days are compared (`differs` false).
 */
function laterStartWarning(dates: readonly string[], prices: ArrayLike<number>, metadata: ModelMetadata, modelDir: string, file: string): OtherSeries {
  const { firstDate, file: trainedOn } = metadata.data;
  const unknown = { warning: `${file} starts on ${dates[0]}, the data the model was trained on (${trainedOn}) on ${firstDate}: forecasting another series than the one it learned?`, notice: false, differs: false };
  const own = modelOwnPrices(metadata, modelDir);
  if (!own) return unknown; // the model's data file cannot be read now: the file is judged by its first day
  const at = new Map(own.dates.map((d, i) => [d, i]));
  // Returns agree to a thousandth of a typical day's move: a copy re-saved with fewer digits still agrees.
  const tolerance = 1e-3 * metadata.transforms.std;
  let shared = 0, agree = 0;
  for (let i = 0; i + 1 < dates.length; i++) {
    const j = at.get(dates[i]);
    if (j === undefined || own.dates[j + 1] !== dates[i + 1]) continue;
    shared++;
    if (Math.abs(Math.log(prices[i + 1] / prices[i]) - Math.log(own.prices[j + 1] / own.prices[j])) <= tolerance) agree++;
  }
  if (shared < MIN_SHARED_RETURNS) return unknown;
  if (agree >= 0.9 * shared) return { warning: `${file} starts on ${dates[0]}, later than the data the model was trained on (${trainedOn}, from ${firstDate}); its returns agree with it on the ${shared} days they share: the same series, cut short`, notice: true, differs: false };
  return { warning: `${file}: its returns on the ${shared} days it shares with the data the model was trained on (${trainedOn}) are not those (${shared - agree} differ): forecasting another series than the one it learned?`, notice: false, differs: true };
}

/** Two numbers printed with the fewest significant digits (at least 4) that tell them apart. */
function distinctDigits(a: number, b: number): [string, string] {
  for (let digits = 4; digits < 17; digits++) if (a.toPrecision(digits) !== b.toPrecision(digits)) return [a.toPrecision(digits), b.toPrecision(digits)];
  return [a.toPrecision(17), b.toPrecision(17)];
}

/**
 * Throw naming `what` and the first field of `value` (a tree of objects and arrays) that is not finite.
 * `undefinedAt(path)` marks fields that are NaN by definition, not by damage (e.g. a lag longer than
 * the window has no pairs); JSON writes those as null.
 */
export function assertFinite(value: unknown, what: string, undefinedAt: (path: string) => boolean = () => false, path = ''): void {
  const inner = (v: unknown, p: string) => assertFinite(v, what, undefinedAt, p);
  if (typeof value === 'number') {
    if (!Number.isFinite(value) && !undefinedAt(path)) throw new Error(`${what}: '${path || 'value'}' is ${value}; refusing to report a non-finite statistic`);
  } else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    Array.prototype.forEach.call(value, (v: number, i: number) => inner(v, `${path}[${i}]`));
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => inner(v, `${path}[${i}]`));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) inner(v, path ? `${path}.${k}` : k);
  }
}

/** Leverage at lag k needs pairs k days apart inside one window: lags ≥ the window have none. */
export const leverageBeyondWindow = (window: number) => (path: string): boolean => {
  const lag = /leverage\[(\d+)\]$/.exec(path)?.[1];
  return lag !== undefined && Number(lag) + 1 >= window;
};
