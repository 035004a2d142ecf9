/** A joint model directory and the data it records, opened the way every `gangrad portfolio` command needs them. */
import { recordedFileGone } from './data-check.js';
import { resolve } from 'node:path';
import { MixedCalendarsError } from '../finance/data/calendar.js';
import { baseName, type AlignedPrices } from '../finance/data/multi-asset.js';
import { loadJointInputs, readJointInputs, type JointDataInputs, type JointInputsOptions, type JointReadOptions } from '../finance/data/multi-asset-inputs.js';
import { multiAssetLogReturns } from '../finance/data/multi-asset-returns.js';
import { sameDataFile } from '../finance/data/dataset.js';
import { assetColumn, fromColumns, sliceDays, type AssetMatrix } from '../finance/data/asset-matrix.js';
import { loadJointModel, returnsSha256, type JointGanModel } from '../finance/joint.js';
import { refuseOutputsOverInputs, requireInputFile, resolvedPath, UsageError } from './args.js';
import { modelDirInputs } from './model-dir.js';

/** A joint model with the returns it was trained on, read again from the files it records. */
export interface JointModelData {
  model: JointGanModel;
  aligned: AlignedPrices;
  /** Daily log returns, days × assets; return i is dated `aligned.dates[i + 1]`. */
  returns: AssetMatrix;
  /** The price files read: those given (--data, --wide), else those the model records. */
  files: string[];
  /**
   * The files' returns over the model's days differ from those it was trained on, used as given
   * (--allow-changed-data): re-based prices of the same markets, or other markets.
   */
  changed: boolean;
}

/** The price options of the portfolio commands, as parsed. */
export interface PriceFileOptions {
  data?: string;
  wide?: string;
  names?: string;
  'allow-mixed-calendars'?: boolean;
  'allow-changed-data'?: boolean;
}

/** The parser entries of {@link PriceFileOptions} and --allow-changed-data. */
export const PRICE_FILE_PARSE = {
  data: { type: 'string' }, wide: { type: 'string' }, names: { type: 'string' }, 'allow-mixed-calendars': { type: 'boolean' }, 'allow-changed-data': { type: 'boolean' },
} as const;

/** The help lines of the price options for commands that read a model's data (`newerCopy`: forecast). */
export function priceFileOptionsHelp(newerCopy: boolean): string {
  return `  --data A,B,...     read these price files instead of those the model records (${newerCopy ? 'a newer copy, with more\n                     days, to forecast from a later date; ' : 'moved, say; '}their returns over the model's days must be the ones it
                     was trained on)
  --wide FILE        or one CSV with a date column and one price column per asset (a blank cell, or
                     a row that stops before it, leaves its day out for every asset, with a notice)
  --names N1,N2,...  with --data, the asset names; with --wide, the price columns (default: all);
                     assets named as the model's but in another order are matched to them by name
  --allow-mixed-calendars   align a 7-day market with 5-day ones, as the model's training did
  --allow-changed-data      use files whose returns over the model's days differ from those it was
                     trained on (adjusted prices re-based by a dividend), with a warning`;
}


/**
 * The price files that --data or --wide name, checked before anything is read (each exists; at least
 * two files, or one wide file; as many names as files), with resolved paths; null when neither is given.
 */
export function priceInputOptions(o: PriceFileOptions): JointInputsOptions | null {
  if (o.data === undefined && o.wide === undefined) {
    const orphan = (['names', 'allow-mixed-calendars', 'allow-changed-data'] as const).find((k) => o[k] !== undefined);
    if (orphan) throw new UsageError(`--${orphan} applies to the price files of --data or --wide, and neither is given`);
    return null;
  }
  if (o.data !== undefined && o.wide !== undefined) throw new UsageError('give the prices as --data A.csv,B.csv,... or as --wide FILE (one of the two)');
  const paths = (o.data ?? o.wide!).split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (o.data !== undefined && paths.length < 2) throw new UsageError(`--data: a portfolio needs at least 2 price files, got ${paths.length}${paths.length ? ` (${paths[0]})` : ''}; one asset is gangrad train's job`);
  if (o.wide !== undefined && paths.length !== 1) throw new UsageError(`--wide takes one file, got ${paths.length}`);
  for (const p of paths) requireInputFile(p, o.wide !== undefined ? 'wide' : 'data');
  const names = o.names?.split(',').map((s) => s.trim());
  // An empty name would train a nameless asset (or, twice, read as a repeated name).
  const empty = names?.findIndex((n) => n === '') ?? -1;
  if (empty >= 0) throw new UsageError(`--names: name ${empty + 1} of ${names!.length} is empty; give every ${o.wide !== undefined ? 'price column' : 'asset'} a name`);
  // The wide file's date column (parseWidePriceCsv reads it as 'date') holds no prices.
  const date = o.wide !== undefined ? names?.findIndex((n) => n.toLowerCase() === 'date') ?? -1 : -1;
  if (date >= 0) throw new UsageError(`--names: '${names![date]}' (name ${date + 1}) is the date column of the --wide file, not a price column; name the price columns`);
  if (names && o.data !== undefined && names.length !== paths.length) throw new UsageError(`--names: ${names.length} names for ${paths.length} files`);
  if (names && o.wide !== undefined && names.length < 2) throw new UsageError(`--names: a portfolio needs at least 2 columns, got ${names.length} (${names.join(', ')}); one asset is gangrad train's job`);
  const twice = (list: string[]) => list.find((v, i) => list.indexOf(v) !== i);
  // Column names match case-insensitively, so 'SPX' and 'spx' are one name.
  const repeatedName = names && twice(names.map((n) => n.toLowerCase()));
  if (repeatedName !== undefined) throw new UsageError(`--names: '${names!.find((n) => n.toLowerCase() === repeatedName)}' is given twice (names are matched ignoring case); give each asset its own name`);
  const repeatedFile = o.data !== undefined ? twice(paths.map((p) => resolve(p))) : undefined;
  if (repeatedFile !== undefined) throw new UsageError(`--data: ${repeatedFile} is given twice; a portfolio holds each market once`);
  // A link to a file given beside it is the same market under another name.
  const reals = o.data !== undefined ? paths.map(resolvedPath) : [];
  const linked = reals.findIndex((r, i) => reals.indexOf(r) !== i);
  if (linked >= 0) throw new UsageError(`--data: ${paths[linked]} and ${paths[reals.indexOf(reals[linked])]} are the same file (${reals[linked]}); a portfolio holds each market once`);
  // Without --names the assets are named by the files' base names: two files of one name in two folders clash.
  const bases = o.data !== undefined && !names ? paths.map(baseName) : [];
  const sameBase = twice(bases);
  if (sameBase !== undefined) {
    const [a, b] = paths.filter((_, j) => bases[j] === sameBase);
    throw new UsageError(`--data: ${a} and ${b} would both be named '${sameBase}' (assets are named by their files' base names); give each asset its own name with --names N1,N2,...`);
  }
  // Resolved paths, so that a model records files that other commands find from any working directory.
  return { kind: o.wide !== undefined ? 'wide' : 'files', paths: paths.map((p) => resolve(p)), names, allowMixedCalendars: o['allow-mixed-calendars'] };
}

/**
 * The price files of --data or --wide, read and aligned (readJointInputs); mismatched calendars are a
 * usage error (exit 2), since one option, --allow-mixed-calendars, settles them.
 */
export function readPriceInputs(inputs: JointInputsOptions, read: JointReadOptions = {}): { aligned: AlignedPrices; inputs: JointDataInputs } {
  try {
    return readJointInputs(inputs, read);
  } catch (e) {
    if (e instanceof MixedCalendarsError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * A notice per column of a wide CSV with blank cells after its first price (AlignedPrices' `blankCells`),
 * naming the file, the first such line and the column, and how many there are: each such day is left
 * out for every asset, which a later day count would otherwise leave unexplained.
 */
export function blankCellNotices(aligned: AlignedPrices): string[] {
  return aligned.dropped.flatMap(({ file, column, blankCells: b }) => (b ? [
    `notice: ${file}:${b.firstLine}: column '${column}' is blank, ${b.count === 1 ? 'its only blank cell' : `the first of ${b.count} blank cells`} after its first price; ${b.count === 1 ? 'that day is' : 'those days are'} left out for every asset (days are kept when every asset has a price)`,
  ] : []));
}

/**
 * Which assets have no price on `date`, a day not common to all (AlignedPrices' `droppedDates` hold the
 * days an asset has beyond the common ones): 'C.csv has no row on DATE' per file, or per column of a wide
 * file, or that no file has one.
 */
export function lackingDate(aligned: AlignedPrices, date: string): string {
  const wide = aligned.dropped.every((d) => d.file === aligned.dropped[0].file);
  const lacking = aligned.dropped.filter((d) => !d.droppedDates.includes(date));
  if (lacking.length === aligned.dropped.length) return `no ${wide ? 'column' : 'file'} has a price on ${date}`;
  return lacking.map((d) => (wide ? `${d.file} column '${d.column}' has no price on ${date}` : `${d.file} has no row on ${date}`)).join(', ');
}

/**
 * A warning for each pair of assets with the same price on every common day (one file given twice under
 * two names, say): the joint model would learn a correlation of 1 that no market has.
 */
export function identicalAssetWarnings(aligned: AlignedPrices): string[] {
  const { days, assets, values } = aligned.prices;
  const same = (a: number, b: number) => { for (let t = 0; t < days; t++) if (values[t * assets + a] !== values[t * assets + b]) return false; return true; };
  const lines: string[] = [];
  for (let a = 0; a < assets; a++) for (let b = a + 1; b < assets; b++) {
    if (same(a, b)) lines.push(`warning: assets '${aligned.assets[a]}' and '${aligned.assets[b]}' have the same price on every one of the ${days} common days: the same series twice?`);
  }
  return lines;
}

/**
 * A warning for each asset that loses more than half of its days inside the common period to the other
 * files' calendars (a weekly file beside daily ones): the returns then span several days each, though
 * they are modelled, and labelled, as daily.
 */
export function sparseCalendarWarnings(aligned: AlignedPrices): string[] {
  return aligned.dropped.flatMap((d) => {
    const inside = d.rows - d.outsideCommonPeriod, lost = d.dropped - d.outsideCommonPeriod;
    return lost > inside / 2
      ? [`warning: ${d.asset} (${d.file}) loses ${lost} of its ${inside} days in the common period to the other files' calendars: every return spans several of its days (a weekly or monthly file beside daily ones?), though modelled as daily`]
      : [];
  });
}

/** Which prices {@link openJointModelData} reads instead of the model's recorded files, and how it checks them. */
export interface GivenPrices {
  /** The files (see {@link priceInputOptions}). */
  inputs: JointInputsOptions;
  /**
   * May they hold more days than the model was trained on (a newer copy, to forecast from a later day)?
   * Otherwise they must give exactly the returns it was trained on (the files moved, say).
   */
  newerCopy: boolean;
  /** Accept files whose first days differ from the model's returns (re-based adjusted prices), with a warning. */
  allowChanged: boolean;
}

/**
 * `aligned` with its assets in the order of `assets` (the model's) when its asset names are those in
 * another order: files given in another order than the model's are matched by name, not by place.
 * Otherwise (the same order, or other names) `aligned` itself.
 */
export function inModelOrder(aligned: AlignedPrices, assets: readonly string[]): AlignedPrices {
  const order = assets.map((a) => aligned.assets.indexOf(a));
  const permuted = aligned.assets.length === assets.length && new Set(aligned.assets).size === assets.length && order.every((j) => j >= 0);
  if (!permuted || order.every((j, i) => j === i)) return aligned;
  return {
    assets: order.map((j) => aligned.assets[j]),
    dates: aligned.dates,
    prices: fromColumns(order.map((j) => assetColumn(aligned.prices, j))),
    dropped: order.map((j) => aligned.dropped[j]),
  };
}

/** Which prices {@link openJointModelData} reads, and where it says what it finds in them. */
export interface OpenJointOptions {
  /** Other files than those the model records; absent: the recorded ones. */
  given?: GivenPrices;
  /**
   * Hears each warning and notice on the data, with its 'warning: ' or 'notice: ' prefix (a command's
   * Warnings.warn, which keeps them for its JSON and page); default: printed on stderr.
   */
  warn?: (line: string) => void;
  /** The model in `file`, when the caller has loaded it already (to check its options before any data is read). */
  model?: JointGanModel;
  /**
   * The command forecasts from a newer copy of the files (forecast): a recorded file that changed since
   * training (a day appended, say) is then pointed at --data, which takes it; otherwise at a copy as it was.
   */
  takesNewerCopy?: boolean;
}

/**
 * `load()` (the recorded files read again), its error naming what to do when a recorded file changed
 * since training: the commonest case is a price file updated in place, which only forecast can use.
 */
function withChangedFileHint<T>(load: () => T, inputs: JointDataInputs, takesNewerCopy: boolean): T {
  try {
    return load();
  } catch (e) {
    // A file that cannot be read is left to load()'s own message.
    const changed = inputs.files.some(({ path, sha256 }) => { try { return !sameDataFile(path, sha256); } catch { return false; } });
    if (!changed) throw e;
    const option = inputs.kind === 'wide' ? '--wide' : '--data';
    throw new Error(`${(e as Error).message}. ${takesNewerCopy
      ? `A newer copy (the model's days, then more) is read with ${option}: to forecast from these files, add ${option} ${inputs.files.map((f) => f.path).join(',')}${inputs.names ? ` --names ${inputs.names.join(',')}` : ''}${inputs.allowMixedCalendars ? ' --allow-mixed-calendars' : ''}`
      : `Pass ${option} with a copy of the files as they were when the model was trained (only gangrad portfolio forecast takes a newer copy, with more days)`}`);
  }
}

/** The number of assets the given files hold, when it is known without reading them: one per --data file, or one per --names column of --wide. */
function givenAssetCount(inputs: JointInputsOptions): number | undefined {
  return inputs.kind === 'files' ? inputs.paths.length : inputs.names?.length;
}

/** A usage error when the given files hold another number of assets than the model `file` (`count`: those read, or those named). */
function refuseOtherAssetCount(inputs: JointInputsOptions, count: number | undefined, model: JointGanModel, file: string): void {
  const { assets } = model.metadata;
  if (count === undefined || count === assets.length) return;
  throw new UsageError(`${inputs.paths.join(', ')}: ${count} assets, but ${file} is a model of ${assets.length} (${assets.join(', ')})`);
}

/**
 * Every check of a portfolio command's options against its model that needs none of the price files
 * read, so that a usage error comes before any warning on the data: no output over an input
 * ({@link refusePortfolioOutputsOverInputs}), and as many --data files (or --names columns of --wide) as the model has assets.
 */
export function checkPortfolioOptions(outputs: (string | undefined)[], dir: string, file: string, model: JointGanModel, given: JointInputsOptions | null): void {
  refusePortfolioOutputsOverInputs(outputs, dir, model, given);
  if (given) refuseOtherAssetCount(given, givenAssetCount(given), model, file);
}

/**
 * Load the joint model `file` and its returns: by default from the price files it records (each must be
 * unchanged: SHA-256); with `given`, from those files instead, which must give the returns the model
 * was trained on (SHA-256 of the return matrix) — as their first days, for a newer copy. Throws naming
 * the file when they do not, or when they hold another number of assets.
 */
export function openJointModelData(file: string, options: OpenJointOptions = {}): JointModelData {
  const { given, warn = (line: string) => console.error(line) } = options;
  const model = options.model ?? loadJointModel(file);
  const { data, assets } = model.metadata;
  if (!given) {
    if (!data.inputs) throw new Error(`${file}: records no data files (trained before models recorded them, or in memory); retrain it with gangrad portfolio train`);
    // A recorded file that has gone is a failure (exit 1), as for the single-asset commands (modelDataFile).
    const gone = data.inputs.files.map((f) => ({ path: f.path, why: recordedFileGone(f.path) })).find((f) => f.why);
    if (gone) throw new Error(`${gone.path}: the price file ${file} was trained on ${gone.why}; pass ${data.inputs.kind === 'wide' ? '--wide FILE with a copy of it' : '--data A,B,… with copies of the files'}`);
    const inputs = data.inputs;
    const aligned = withChangedFileHint(() => loadJointInputs(inputs, file, { onWarning: warn }), inputs, options.takesNewerCopy ?? false);
    for (const line of blankCellNotices(aligned)) warn(line);
    const returns = multiAssetLogReturns(aligned.prices);
    if (returns.days !== data.days) throw new Error(`${file}: trained on ${data.days} days of returns, the files give ${returns.days}`);
    return { model, aligned, returns, files: data.inputs.files.map((f) => f.path), changed: false };
  }
  const read = readPriceInputs(given.inputs, { onWarning: warn }).aligned;
  for (const line of blankCellNotices(read)) warn(line);
  const files = given.inputs.paths.join(', ');
  refuseOtherAssetCount(given.inputs, read.assets.length, model, file);
  const aligned = inModelOrder(read, assets);
  if (aligned !== read) {
    warn(`notice: ${files}: the assets read (${read.assets.join(', ')}) are the model's in another order; each is taken as the model's asset of its name (${assets.join(', ')})`);
  } else if (read.assets.some((a, j) => a !== assets[j])) {
    warn(`warning: the assets read (${read.assets.join(', ')}) are not named as the model's (${assets.join(', ')}); each column is taken as the model's asset in the same place`);
  }
  const returns = multiAssetLogReturns(aligned.prices);
  // Files that do not hold the model's days are the wrong data (exit 1), as changed files are, not a wrong option.
  if (given.newerCopy ? returns.days < data.days : returns.days !== data.days) {
    throw new Error(`${files}: the files give ${returns.days} days of returns, ${file} was trained on ${data.days}${given.newerCopy
      ? ': forecast needs them all (a newer copy holds them and more)'
      : `: this command needs exactly the model's days (the files moved, say); only gangrad portfolio forecast takes a newer copy, with more days`}`);
  }
  const changed = data.returnsSha256 !== undefined && returnsSha256(sliceDays(returns, 0, data.days)) !== data.returnsSha256;
  if (changed) {
    const what = `${files}: their first ${data.days} days of returns differ from those ${file} was trained on (SHA-256)`;
    if (!given.allowChanged) throw new Error(`${what}: not the same data, or re-based adjusted prices; pass --allow-changed-data to use them anyway`);
    warn(`warning: ${what}; used as given (--allow-changed-data): the model's parts are placed by their count of days, not by dates`);
  }
  return { model, aligned, returns, files: given.inputs.paths, changed };
}

/**
 * Refuses (a usage error, even with --force) an output that would replace what a portfolio command reads:
 * a file of the model directory `dir`, a price file the model records, or one of --data/--wide (`given`).
 */
export function refusePortfolioOutputsOverInputs(outputs: (string | undefined)[], dir: string, model: JointGanModel, given: JointInputsOptions | null): void {
  const read = given?.paths.map((path) => ({ path, what: given.kind === 'wide' ? 'the price file of --wide' : 'a price file of --data' })) ?? [];
  const recorded = (model.metadata.data.inputs?.files ?? []).map(({ path }) => ({ path, what: `a price file ${dir} was trained on` }));
  refuseOutputsOverInputs(outputs, [...read, ...recorded, ...modelDirInputs(dir)]);
}
