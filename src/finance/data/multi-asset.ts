/**
 * Several assets' prices on common dates: from one price CSV per asset (each read by
 * {@link parsePriceCsv}, so every single-file check applies) or from one wide CSV (a date column and one
 * price column per asset).
 *
 * The alignment rule is an inner join on dates: a day is kept when every asset has a price on it, and
 * dropped otherwise. A holiday of one market therefore removes that day for all, and each asset's return
 * across it spans the gap (the prices on both sides are real closes, so nothing is filled in or
 * interpolated). Each asset's count of dropped days is reported, split into days outside the common
 * period (one history starts earlier or ends later) and days inside it (calendar differences).
 */
import { checkOptionNames } from '../../backend/option-names.js';
import { TooLittleDataError } from '../../io/too-little-data.js';
import { ColumnNotFoundError } from '../../io/column-not-found.js';
import { assetMatrix, type AssetMatrix } from './asset-matrix.js';
import { checkCalendars } from './calendar.js';
import { alignmentGapWarning } from './common-gaps.js';
import { crOnlyMessage, defaultPriceColumn, GROUPED_NUMBER, headerLineOf, headerList, isoDate, noDateColumnMessage, parsePriceCsv, PRICE_CSV_OPTIONS, priceCsvOptions, readPriceText, splitLine, withoutCurrencySymbol, yfinanceAsWide, type PriceCsvOptions, type PriceSeries } from './csv.js';

/** How the join treated one asset. */
export interface DroppedDays {
  asset: string;
  file: string;
  column: string;
  /** Price rows the asset had. */
  rows: number;
  /** Rows not in the aligned data: rows − common days. */
  dropped: number;
  /** The dates of those rows, ascending (which asset lacks a day that another has). */
  droppedDates: string[];
  /** Of those, the rows before the first or after the last common date. */
  outsideCommonPeriod: number;
  /** Of those, the rows after the last common date (a file that runs on past the others); absent when none. */
  afterCommonPeriod?: number;
  /**
   * A wide CSV's blank cells in this column dated after its first price (a holiday, a missing price,
   * a delisting; not the blanks of an asset not listed yet): how many, and the line of the first.
   * Each such day is left out for every asset. Absent when there are none (and for one file per asset).
   */
  blankCells?: { count: number; firstLine: number };
}

/** Prices of several assets on their common dates. */
export interface AlignedPrices {
  assets: string[];
  /** The common dates, ascending. */
  dates: string[];
  /** dates.length × assets.length, column j = assets[j]. */
  prices: AssetMatrix;
  dropped: DroppedDays[];
}

/** Options for reading and aligning several assets. */
export interface MultiAssetOptions extends Omit<PriceCsvOptions, 'column'> {
  /** Fewer common dates than this is an error; default 2 (one return), as a single file's minimum. */
  minCommonDays?: number;
  /** Align a 7-day market with 5-day ones (see calendar.ts for why it is refused by default). */
  allowMixedCalendars?: boolean;
}

/** Options for several files: asset names default to the files' base names (`data/AAPL.csv` → `AAPL`). */
export interface PriceFilesOptions extends MultiAssetOptions {
  names?: string[];
  /** Price column in every file (default: each file's adjusted close, else close). */
  column?: string;
}

/** Options for a wide CSV: the price columns default to every column but the date. */
export interface WidePriceCsvOptions extends MultiAssetOptions {
  columns?: string[];
}

/** The fields of {@link MultiAssetOptions}: the price reader's but `column`, and the alignment's. */
const MULTI_ASSET_OPTIONS = [...PRICE_CSV_OPTIONS.filter((k) => k !== 'column'), 'minCommonDays', 'allowMixedCalendars'];

/** A file's name without its folder and extension: an asset's default name. */
export const baseName = (file: string) => file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
const labelOf = (s: PriceSeries, wide: boolean) => (wide ? `${s.file} column '${s.column}'` : s.file);

/** Refuses a series whose prices never change: it has no returns to model. */
function checkNotConstant(s: PriceSeries, prices: ArrayLike<number>, where: string): void {
  for (let t = 1; t < prices.length; t++) if (prices[t] !== prices[0]) return;
  throw new Error(`${s.file}: column '${s.column}' is constant ${where} (every price ${prices[0]}): no returns to model`);
}

/**
 * Aligns already-parsed series on their common dates (the inner join above). `names` label the assets;
 * `wide` says the series are columns of one file (messages then name the column).
 */
export function alignPriceSeries(series: readonly PriceSeries[], names: readonly string[], options: MultiAssetOptions = {}, wide = false): AlignedPrices {
  if (series.length < 2) {
    const what = wide ? `${series.length} price column${series.length === 1 ? '' : 's'} besides the date` : `${series.length} price file${series.length === 1 ? '' : 's'}`;
    throw new Error(`gangrad: a portfolio needs at least 2 assets, got ${what}${series.length ? ` (${series.map((s) => labelOf(s, wide)).join(', ')})` : ''}: for one asset, use ReturnGan (gangrad train, forecast, backtest)`);
  }
  if (names.length !== series.length) throw new Error(`gangrad: ${series.length} assets but ${names.length} names`);
  const seen = new Map<string, string>();
  series.forEach((s, j) => {
    const other = seen.get(names[j]);
    if (other !== undefined) throw new Error(`gangrad: two assets are named '${names[j]}' (${other} and ${labelOf(s, wide)}); give them distinct names`);
    seen.set(names[j], labelOf(s, wide));
  });
  checkCalendars(series.map((s) => ({ label: labelOf(s, wide), dates: s.dates })), options.allowMixedCalendars ?? false);
  for (const s of series) checkNotConstant(s, s.prices, `over its ${s.prices.length} rows`);

  // Count in how many series each date appears; dates are unique within a series (parsePriceCsv checks).
  const count = new Map<string, number>();
  for (const s of series) for (const d of s.dates) count.set(d, (count.get(d) ?? 0) + 1);
  const dates = [...count].filter(([, c]) => c === series.length).map(([d]) => d).sort();
  const minDays = options.minCommonDays ?? 2;
  if (dates.length < minDays) {
    const ranges = series.map((s) => `${labelOf(s, wide)} ${s.dates[0]} … ${s.dates[s.dates.length - 1]} (${s.dates.length} rows)`).join('; ');
    throw new TooLittleDataError(`gangrad: only ${dates.length} date${dates.length === 1 ? '' : 's'} common to all ${series.length} assets, at least ${minDays} needed (days are kept when every asset has a price): ${ranges}`);
  }

  const gap = alignmentGapWarning(series.map((s) => ({ label: labelOf(s, wide), dates: s.dates })), dates);
  if (gap) (options.onWarning ?? console.warn)(gap);

  const prices = assetMatrix(dates.length, series.length);
  const common = new Set(dates);
  const dropped = series.map((s, j): DroppedDays => {
    const index = new Map(s.dates.map((d, i) => [d, i]));
    dates.forEach((d, t) => { prices.values[t * series.length + j] = s.prices[index.get(d)!]; });
    const outside = s.dates.filter((d) => d < dates[0] || d > dates[dates.length - 1]).length;
    const after = s.dates.filter((d) => d > dates[dates.length - 1]).length;
    return { asset: names[j], file: s.file, column: s.column, rows: s.dates.length, dropped: s.dates.length - dates.length, droppedDates: s.dates.filter((d) => !common.has(d)), outsideCommonPeriod: outside, ...(after ? { afterCommonPeriod: after } : {}) };
  });
  series.forEach((s, j) => checkNotConstant(s, Array.from({ length: dates.length }, (_, t) => prices.values[t * series.length + j]), `over the ${dates.length} common dates`));
  return { assets: [...names], dates, prices, dropped };
}


/** A single asset's columns besides its close, which say a header is one asset's, not a wide CSV's. */
const ONE_ASSET_HEADER = /^(open|high|low|last|volume|vol|vwap|change|change ?%|mid|bid|ask)$/i;

/**
 * Refuses a file given as one asset that reads as a wide CSV (no close, two or more columns of numbers):
 * the single-file reader's message points at --column, which the portfolio commands lack.
 */
function refuseWideAsOneAsset(text: string, file: string): void {
  if (typeof text !== 'string') return; // parsePriceCsv says what it expected
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const { top, headerLine, delimiter } = headerLineOf(lines);
  const header = splitLine(headerLine, delimiter).map((h) => h.trim());
  const lower = header.map((h) => h.toLowerCase());
  if (!lower.includes('date') || defaultPriceColumn(header) >= 0 || header.some((h) => ONE_ASSET_HEADER.test(h))) return;
  const priced = header.filter((h, at) => lower[at] !== 'date' && h !== '' && !NON_PRICE_HEADER.test(h) && textColumn(lines, top, delimiter, at) === null);
  if (priced.length < 2) return;
  throw new Error(`${file}:${top + 1}: no price column in header (${headerList(header)}): a close or an adjusted close is read from each file; if the file holds one price column per asset (${priced.length}: ${headerList(priced)}), read it with --wide ${file} instead of --data (parseWidePriceCsv in code), else name its price column 'close'`);
}

/** Parses one price CSV per asset (texts keyed by file name, as read) and aligns them. */
export function parsePriceFiles(files: readonly { file: string; text: string }[], options: PriceFilesOptions = {}): AlignedPrices {
  checkOptionNames(options, [...MULTI_ASSET_OPTIONS, 'names', 'column'].join(' '), 'parsePriceFiles');
  const names = options.names ?? files.map((f) => baseName(f.file));
  if (options.column === undefined) for (const f of files) refuseWideAsOneAsset(f.text, f.file);
  const series = files.map((f) => parsePriceCsv(f.text, f.file, priceCsvOptions(options)));
  return alignPriceSeries(series, names, options);
}

/** Reads one price CSV per asset and aligns them on their common dates. */
export function loadPriceFiles(files: readonly string[], options: PriceFilesOptions = {}): AlignedPrices {
  checkOptionNames(options, [...MULTI_ASSET_OPTIONS, 'names', 'column'].join(' '), 'loadPriceFiles'); // before any file is read
  return parsePriceFiles(files.map((file) => ({ file, text: readPriceText(file, 'loadPriceFiles') })), options);
}

/** Headers of columns that hold numbers but no prices (volumes, open interest). */
const NON_PRICE_HEADER = /volume|^vol$|open.?interest/i;

/**
 * The first non-blank cell of column `at` when none of its cells is a number (a text column: notes,
 * tickers), else null. A column with some numbers is a price column with bad cells, which
 * parsePriceCsv names one by one.
 */
function textColumn(lines: readonly string[], top: number, delimiter: string, at: number): { line: number; cell: string } | null {
  let first: { line: number; cell: string } | null = null;
  for (let i = top + 1; i < lines.length; i++) {
    const cell = (splitLine(lines[i], delimiter)[at] ?? '').trim();
    // 'null' is Yahoo Finance's day without data; grouped numbers (1,462.42) and currency amounts ($2786.24)
    // are numbers written oddly, which parsePriceCsv names.
    if (cell === '' || cell.toLowerCase() === 'null') continue;
    if (Number.isFinite(Number(cell)) || GROUPED_NUMBER.test(cell) || withoutCurrencySymbol(cell) !== null) return null;
    first ??= { line: i + 1, cell };
  }
  return first;
}

/**
 * Parses a wide CSV: a `date` column and one price column per asset (named by its header). An empty
 * cell means the asset has no price that day (not listed yet, a holiday): the day drops out of the join;
 * each column's blank cells after its first price are counted in its `dropped` entry (`blankCells`).
 * Each column is read by {@link parsePriceCsv}, so errors name the file, line and column; the header
 * (after Excel's `sep=;` line) and the dates are found by its helpers, so both readers take the same files.
 */
export function parseWidePriceCsv(text: string, file: string, options: WidePriceCsvOptions = {}): AlignedPrices {
  checkOptionNames(options, [...MULTI_ASSET_OPTIONS, 'columns'].join(' '), 'parseWidePriceCsv');
  const read = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const found = headerLineOf(read);
  // yfinance's file of several tickers is a wide CSV under a three-line header: its closes, named by ticker.
  const yfinance = yfinanceAsWide(read, found.top, found.delimiter, file);
  const lines = yfinance?.lines ?? read;
  const { top, headerLine, delimiter } = yfinance ? headerLineOf(lines) : found;
  const at1 = `${file}:${yfinance?.namesLine ?? top + 1}`; // the line of the header's names (yfinance's Ticker line)
  if (headerLine.trimEnd().includes('\r')) throw new Error(crOnlyMessage(file));
  const header = splitLine(headerLine, delimiter).map((h) => h.trim());
  const lower = header.map((h) => h.toLowerCase());
  const dateAt = lower.indexOf('date');
  if (dateAt < 0) throw new Error(noDateColumnMessage(at1, header));
  // Every column is read from the same rows: a remark on them (rows out of date order) is made once.
  const said = new Set<string>();
  const warn = options.onWarning ?? console.warn;
  const once = (message: string) => { if (!said.has(message)) { said.add(message); warn(message); } };
  const chosen = options.columns !== undefined;
  const columns = options.columns ?? header.filter((h, i) => lower[i] !== 'date' && h !== '');
  // Say how the price columns are chosen when a column read as one is not (by default every column is).
  const choose = chosen ? 'choose the price columns with --names (columns in code)' : 'every column but the date is read as a price column unless --names (columns in code) chooses them';
  const series = columns.map((column) => {
    const at = lower.indexOf(column.toLowerCase());
    if (at < 0) throw new ColumnNotFoundError(`${at1}: no column '${column}' in header (${headerList(header)})`);
    // Names are matched case-insensitively, so a repeated one would read its first column twice.
    const twice = lower.indexOf(lower[at], at + 1);
    if (twice >= 0) throw new Error(`${at1}: column '${header[at]}' appears twice in the header (fields ${at + 1} and ${twice + 1}); rename one of them in the file: each price column is an asset, named by its header`);
    if (at === dateAt) throw new ColumnNotFoundError(`${at1}: column '${header[at]}' is the date column, not a price column; ${choose}`);
    // A volume column passes the number checks and then fails a one-day jump far from its cause.
    if (!chosen && NON_PRICE_HEADER.test(header[at])) throw new Error(`${at1}: column '${header[at]}' is not a price column (a volume, by its name); ${choose}`);
    const text = textColumn(lines, top, delimiter, at);
    if (text) throw new Error(`${file}:${text.line}: column '${header[at]}' is not a price column: none of its cells is a number ('${text.cell}' here); ${choose}`);
    // Blank the rows where this column is empty (parsePriceCsv skips blank lines, keeping line numbers).
    // A row that stops before this column (some writers drop trailing empty fields) is blank here too;
    // a row too short for the date stays, so parsePriceCsv reports it.
    const blanks: { line: number; date: string }[] = [];
    const own = lines.map((line, i) => {
      if (i <= top || line.trim() === '') return line;
      const fields = splitLine(line, delimiter);
      if (fields.length <= dateAt) return line;
      if (at < fields.length && fields[at].trim() !== '') return line + delimiter.repeat(Math.max(0, header.length - fields.length));
      blanks.push({ line: i + 1, date: isoDate(fields[dateAt].trim()) });
      return '';
    });
    const parsed = parsePriceCsv(own.join('\n'), file, { ...priceCsvOptions(options), column, onWarning: once });
    // The blanks after the column's first price (ISO dates compare as strings; parsePriceCsv checked its own,
    // and isoDate above read the blanks' as it does).
    const inside = blanks.filter((b) => b.date > parsed.dates[0]);
    return { series: parsed, blankCells: inside.length ? { count: inside.length, firstLine: inside.reduce((first, b) => Math.min(first, b.line), Infinity) } : undefined };
  });
  const aligned = alignPriceSeries(series.map((c) => c.series), series.map((c) => c.series.column), options, true);
  return { ...aligned, dropped: aligned.dropped.map((d, j) => (series[j].blankCells ? { ...d, blankCells: series[j].blankCells } : d)) };
}

/** Reads a wide CSV (see {@link parseWidePriceCsv}). */
export function loadWidePriceCsv(file: string, options: WidePriceCsvOptions = {}): AlignedPrices {
  checkOptionNames(options, [...MULTI_ASSET_OPTIONS, 'columns'].join(' '), 'loadWidePriceCsv'); // before the file is read
  return parseWidePriceCsv(readPriceText(file, 'loadWidePriceCsv'), file, options);
}
