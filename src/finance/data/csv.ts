import { checkOptionNames } from '../../backend/option-names.js';
import { nodeModules } from '../../io/node.js';
import { TooLittleDataError } from '../../io/too-little-data.js';
import { ColumnNotFoundError } from '../../io/column-not-found.js';
import { decodePriceBytes } from './price-text.js';
import { SEVEN_DAY_WEEKEND_SHARE, weekendShare, withinLongClosure } from './calendar.js';

/** A daily price series read from a CSV file. */
export interface PriceSeries {
  /** The file it came from (for messages and model metadata). */
  file: string;
  /** The column the prices came from, as written in the header. */
  column: string;
  /** ISO dates, strictly ascending. */
  dates: string[];
  prices: Float64Array;
}

/** Options for {@link parsePriceCsv} and {@link loadPriceCsv}: which column, and how strict to be. */
export interface PriceCsvOptions {
  /** Price column (case-insensitive); default: an adjusted close if present, else `close`. */
  column?: string;
  /** Fewer rows than this is an error; default 2 (one return). */
  minRows?: number;
  /**
   * A price more than this factor above or below the previous day's is implausible (an unadjusted
   * split, a typo, a unit change); default {@link DEFAULT_MAX_DAILY_FACTOR}.
   */
  maxDailyFactor?: number;
  /**
   * Implausible rows become warnings instead of errors: a jump or an out-of-range price is kept, a row
   * whose date is not a calendar date or whose price is not a decimal number is skipped (but a price
   * written with a thousands separator or a decimal comma stays an error: the whole file is written so).
   */
  allowOutliers?: boolean;
  /** Where warnings go; default `console.warn`. */
  onWarning?: (message: string) => void;
}

/** The fields of {@link PriceCsvOptions}: any other is refused as a misspelling. */
export const PRICE_CSV_OPTIONS: readonly (keyof PriceCsvOptions)[] = ['column', 'minRows', 'maxDailyFactor', 'allowOutliers', 'onWarning'];

/** The {@link PriceCsvOptions} among a wider options object (the multi-asset readers'), for parsePriceCsv. */
export function priceCsvOptions(options: PriceCsvOptions): PriceCsvOptions {
  return Object.fromEntries(PRICE_CSV_OPTIONS.filter((k) => k in options).map((k) => [k, options[k]]));
}

/** Default bound of a one-day price ratio: the S&P 500's worst day since 1928 was a factor 1.26. */
export const DEFAULT_MAX_DAILY_FACTOR = 5;

/**
 * How a one-day move from `previous` to `price` exceeds `factor` ("85.3 times", "1/12.0 of"), or null
 * when it does not: the plausibility check of prices read from a file and of prices given in memory.
 */
export function implausibleJump(previous: number, price: number, factor = DEFAULT_MAX_DAILY_FACTOR): string | null {
  const ratio = price / previous;
  if (ratio <= factor && ratio >= 1 / factor) return null;
  return ratioText(ratio);
}

/** A one-day price ratio as a message says it: "2.01 times", "1/3.02 of". */
function ratioText(ratio: number): string {
  return ratio >= 1 ? `${ratio.toPrecision(3)} times` : `1/${(1 / ratio).toPrecision(3)} of`;
}

/**
 * Stock splits as [new shares, old shares]: an unadjusted a:b split divides the price by a/b overnight,
 * a reverse one multiplies it. 5:4 is left out: a real 25 % day (JPM, 2009-01-21) sits on it.
 */
const SPLITS: readonly (readonly [number, number])[] = [[3, 2], [2, 1], [3, 1], [4, 1], [5, 1], [10, 1]];
/**
 * How far (as a factor) a day's ratio may sit from a split's: a split day still moves by an ordinary
 * day's amount. Tight on purpose: AAPL's real fall of 2000-09-29 (to 0.4813, 3.7 % off 1/2) stays silent.
 */
export const SPLIT_RATIO_TOLERANCE = 1.03;
/**
 * A split-like ratio is only suspect when the move is extreme for the series: at least this many times
 * its median absolute log return (a 3:2 split is ~31 times a typical stock's median move; the bundled
 * files' largest days are 20 to 57 times theirs, none within the tolerance of a split).
 */
export const SPLIT_MOVE_MULTIPLE = 10;

/**
 * The split a one-day move from `previous` to `price` looks like ("2:1 split", "1:3 reverse split"), or
 * null: a ratio within {@link SPLIT_RATIO_TOLERANCE} of a split's, and a log move at least
 * {@link SPLIT_MOVE_MULTIPLE} times `typicalMove` (the series' median absolute log return). The companion
 * of {@link implausibleJump}, for the splits below its factor.
 */
export function splitLikeJump(previous: number, price: number, typicalMove: number): string | null {
  const move = Math.log(price / previous);
  if (!(Math.abs(move) >= SPLIT_MOVE_MULTIPLE * typicalMove)) return null;
  for (const [a, b] of SPLITS) {
    // A rise matches only reverse splits of whole shares (1:2, 1:10): a 2:3 reverse split is unheard of,
    // and a 50 % day is an ordinary day for a small biotech.
    if (move > 0 && b !== 1) continue;
    const split = Math.log(a / b);
    if (Math.abs(Math.abs(move) - split) > Math.log(SPLIT_RATIO_TOLERANCE)) continue;
    return move < 0 ? `${a}:${b} split` : `${b}:${a} reverse split`;
  }
  return null;
}
/** Prices outside this range are implausible in any currency unit, and overflow log and exp downstream. */
const PRICE_RANGE = [1e-12, 1e15] as const;
/** A plain decimal number: no hexadecimal, binary, `Infinity` or digit separators, which `Number()` accepts. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/**
 * A number as a spreadsheet's locale writes it, which `Number()` refuses: digits grouped by a thousands
 * separator (8,921.59 · 8.921,59 · 8 921,59 · 8'921.59) or a decimal comma (8921,59).
 */
export const GROUPED_NUMBER = /^[+-]?(\d{1,3}([,.' \u00a0\u202f]\d{3})+([.,]\d+)?|\d+,\d+)$/;

/** Currency symbols a price export may write before or after the number ($2786.24 in a Nasdaq export, 12,50 €). */
const CURRENCY_SYMBOL = /^[$€£¥][\s\u00a0]*(.+)$|^(.+?)[\s\u00a0]*[$€£¥]$/;

/** The number in a price written with a currency symbol ('$2786.24' → '2786.24'), or null if the cell is no such thing. */
export function withoutCurrencySymbol(cell: string): string | null {
  const m = CURRENCY_SYMBOL.exec(cell);
  const rest = m ? (m[1] ?? m[2]) : null;
  return rest !== null && (DECIMAL.test(rest) || GROUPED_NUMBER.test(rest)) ? rest : null;
}

/**
 * A {@link GROUPED_NUMBER} cell as a plain decimal ('8,921.59' → '8921.59', '8921,59' → '8921.59'); both
 * readings when it cannot be told: one mark and three digits after it ('1,234' → '1234 or 1.234').
 */
function plainNumber(cell: string): string {
  const marks = cell.match(/[.,]/g) ?? [];
  const last = Math.max(cell.lastIndexOf('.'), cell.lastIndexOf(','));
  const digits = (text: string) => text.replace(/[^\d+-]/g, '');
  if (marks.length === 0) return digits(cell); // grouped by spaces or apostrophes only: 1 234 → 1234
  const withPoint = `${digits(cell.slice(0, last))}.${cell.slice(last + 1)}`;
  if (new Set(marks).size === 2) return withPoint; // both marks: the last one is the decimal point
  if (marks.length > 1) return digits(cell); // one mark, repeated: it groups digits
  if (cell.length - last - 1 !== 3 || /[' \u00a0\u202f]/.test(cell)) return withPoint;
  return `${digits(cell)} or ${withPoint}`;
}

/** Whether an ISO date names a real calendar day (`Date.parse` rolls 2001-02-30 over to March 2). */
function isCalendarDate(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * A header name reduced to its letters and digits, lower-cased: the vendors' spellings of one column meet
 * (Adj Close, adj_close, Adj. Close in Quandl's, Adjusted_close in EODHD's, Adj Close** in Yahoo's web table).
 */
const columnKey = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const ADJUSTED_CLOSE = ['adjclose', 'adjustedclose'];

/**
 * The price column a header's names default to: the first adjusted close, else the first close, in any
 * vendor's spelling (see the column key above); -1 when there is neither.
 */
export function defaultPriceColumn(header: readonly string[]): number {
  const keys = header.map(columnKey);
  const adjusted = keys.findIndex((k) => ADJUSTED_CLOSE.includes(k));
  return adjusted >= 0 ? adjusted : keys.indexOf('close');
}
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/**
 * A date at midnight, as pandas writes a daily index (yfinance's: 2024-01-02 00:00:00-05:00): the day is
 * its date part, the exchange's own; converting the offset to UTC would move it to the day before.
 */
const MIDNIGHT = /^(\d{4}-\d{2}-\d{2})[T ]00:00(:00(\.0+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
/** A year-first date with slashes (2024/01/04, 2024/1/4 in Japanese and Chinese exports): unambiguous, unlike 1/4/2024. */
const YEAR_FIRST = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;

/**
 * A date cell as an ISO date where it is one unambiguously written otherwise (pandas' midnight timestamps,
 * year-first slashes); else as it is, for the caller's ISO check to refuse. Shared by the wide reader.
 */
export function isoDate(cell: string): string {
  const midnight = MIDNIGHT.exec(cell);
  if (midnight) return midnight[1];
  const slashed = YEAR_FIRST.exec(cell);
  return slashed ? `${slashed[1]}-${slashed[2].padStart(2, '0')}-${slashed[3].padStart(2, '0')}` : cell;
}

/** A header's names for an error message: all of a short one, the first 12 of a long one and a count, each name cut to 40 characters. */
export function headerList(header: readonly string[]): string {
  const shown = header.slice(0, 12).map((h) => (h.length > 40 ? `${h.slice(0, 40)}…` : h));
  return header.length <= 12 ? shown.join(', ') : `${shown.join(', ')}, … and ${header.length - 12} more`;
}

/**
 * The delimiter of a CSV file, from its header line: tabs (Excel's 'Unicode Text') or semicolons when they
 * outnumber commas and each other, else commas.
 */
export function csvDelimiter(headerLine: string): string {
  const count = (ch: string) => headerLine.split(ch).length - 1;
  const [commas, semicolons, tabs] = [count(','), count(';'), count('\t')];
  return tabs > commas && tabs > semicolons ? '\t' : semicolons > commas ? ';' : ',';
}

/** Split one CSV line; quotes are honoured so a quoted field may hold the delimiter. */
export function splitLine(line: string, delimiter: string): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) { fields.push(field); field = ''; }
    else field += ch;
  }
  fields.push(field);
  return fields;
}

/**
 * The `Price` and `Ticker` lines' fields of yfinance's three header lines (then `Date,,…`) from line `top`,
 * and their line numbers; null for other text. Either order: `group_by='ticker'` puts the tickers first.
 */
function yfinanceHeader(lines: readonly string[], top: number, delimiter: string): { price: string[]; ticker: string[]; priceLine: number; tickerLine: number } | null {
  const fields = (i: number) => splitLine(lines[top + i] ?? '', delimiter).map((f) => f.trim());
  const [first, second, date] = [fields(0), fields(1), fields(2)];
  if (!(date[0].toLowerCase() === 'date' && date.slice(1).every((f) => f === ''))) return null;
  const [a, b] = [first[0].toLowerCase(), second[0].toLowerCase()];
  if (a === 'price' && b === 'ticker') return { price: first, ticker: second, priceLine: top + 1, tickerLine: top + 2 };
  if (a === 'ticker' && b === 'price') return { price: second, ticker: first, priceLine: top + 2, tickerLine: top + 1 };
  return null;
}

/**
 * yfinance's download().to_csv() (0.2.51 on) writes three header lines, `Price,Close,…`, `Ticker,AAPL,…`
 * (the two the other way round with `group_by='ticker'`) and `Date,,…`: for such a file the header (the
 * `Price` line's names, its dates in the first column), 2 lines more and the `Price` line's number, which
 * header errors cite; else null. A file of several
 * tickers repeats each column name, so it is refused: a close would be any ticker's.
 */
function yfinanceHeaderLines(lines: readonly string[], top: number, delimiter: string, file: string): { header: string[]; extra: number; line: number } | null {
  const found = yfinanceHeader(lines, top, delimiter);
  if (!found) return null;
  const tickers = [...new Set(found.ticker.slice(1))];
  if (tickers.length > 1) throw new Error(`${file}:${found.tickerLine}: prices of ${tickers.length} tickers (${headerList(tickers)}) in one yfinance file; gangrad train and forecast read one market a file: download each ticker on its own (the portfolio commands read this file as it is, with --wide)`);
  return { header: ['Date', ...found.price.slice(1)], extra: 2, line: found.priceLine };
}

/**
 * yfinance's file of several tickers (`Price,Close,Close,High,…` / `Ticker,AAPL,MSFT,…` / `Date,,…`, or
 * with `group_by='ticker'` `Ticker,AAPL,AAPL,…` / `Price,Open,High,…` / `Date,,…`) as
 * a wide CSV of their closes (the adjusted close where the file has one): `date,AAPL,MSFT` and its rows,
 * the two extra header lines left blank so that every line keeps its number, and the `Ticker` line's number
 * (the names' line, which header errors cite); null for any other text. A file without a close is refused,
 * naming its `Price` line.
 */
export function yfinanceAsWide(lines: readonly string[], top: number, delimiter: string, file: string): { lines: string[]; namesLine: number } | null {
  const header = yfinanceHeader(lines, top, delimiter);
  if (!header) return null;
  const { price, ticker, priceLine, tickerLine } = header;
  const keys = price.map(columnKey);
  const kind = keys.some((k) => ADJUSTED_CLOSE.includes(k)) ? (k: string) => ADJUSTED_CLOSE.includes(k) : (k: string) => k === 'close';
  const at = keys.flatMap((k, i) => (i > 0 && kind(k) ? [i] : []));
  // Read as a plain header, the first line would be refused for want of a 'date' column.
  if (at.length === 0) throw new Error(`${file}:${priceLine}: no close in the yfinance file's Price line (${headerList(price)}): expected a 'Close' or 'Adj Close' column for each ticker, as yfinance writes them`);
  const row = (cells: readonly string[]) => [cells[0], ...at.map((i) => cells[i] ?? '')].join(delimiter);
  return {
    lines: [
      ...lines.slice(0, top), row(['date', ...ticker.slice(1)]), '', '',
      ...lines.slice(top + 3).map((line) => (line.trim() === '' ? line : row(splitLine(line, delimiter)))),
    ],
    namesLine: tickerLine,
  };
}

/** Whether column `at` holds no digit on any data row of `lines` from `first` on, and there is such a row. */
function noNumberIn(lines: readonly string[], first: number, delimiter: string, at: number): boolean {
  let rows = 0;
  for (let i = first; i < lines.length; i++) {
    const fields = splitLine(lines[i], delimiter);
    if (fields.every((f) => f.trim() === '')) continue; // a blank line, or one of empty fields
    if (/\d/.test(fields[at] ?? '')) return false;
    rows++;
  }
  return rows > 0;
}

/** Headers other exports give their dates (Alpha Vantage's timestamp, FRED's observation_date). */
const DATE_LIKE = /^(timestamp|datetime|time|day|observation_date|trade_?date|datum|fecha)$/i;

/** What to rename in a header without a 'date' column: a date-like name, or pandas' unnamed index. */
function dateColumnHint(header: readonly string[]): string {
  const like = header.find((h) => DATE_LIKE.test(h));
  if (like) return `: rename its '${like}' column 'date' if it holds the dates (YYYY-MM-DD)`;
  return header[0] === '' ? ": its first column has no name (pandas' index, written without a label?): name it 'date' if it holds the dates" : '';
}

/**
 * The error for a header without a 'date' column, `at` naming the file and line, and what to rename.
 * Shared by the single-file and the wide reader.
 */
export function noDateColumnMessage(at: string, header: readonly string[]): string {
  return `${at}: no 'date' column in header (${headerList(header)})${dateColumnHint(header)}`;
}

/**
 * A price file's header line, its index and the delimiter: after Excel's delimiter hint (a first line
 * such as 'sep=;', which names it) when there is one, else the first line, its delimiter guessed.
 * Shared by the wide reader.
 */
export function headerLineOf(lines: readonly string[]): { top: number; headerLine: string; delimiter: string } {
  const hint = /^sep=(.)$/i.exec(lines[0] ?? '');
  const headerLine = lines[hint ? 1 : 0] ?? '';
  return { top: hint ? 1 : 0, headerLine, delimiter: hint ? hint[1] : csvDelimiter(headerLine) };
}

/**
 * Parse daily prices from CSV text: a `date` column plus a price column, comma-, semicolon- or
 * tab-separated, header names matched case-insensitively. Rows are sorted by date. Every error
 * names the file and the line at fault.
 */
export function parsePriceCsv(text: string, file: string, options: PriceCsvOptions = {}): PriceSeries {
  // Plain-JavaScript callers get no type check: the name labels every error and the series, so it is required.
  if (typeof text !== 'string') throw new Error(`parsePriceCsv: expected the CSV's text, got ${typeof text}${(text as unknown) instanceof Uint8Array ? ' (decode bytes first: new TextDecoder().decode(bytes))' : ''}`);
  if (typeof file !== 'string' || file === '') throw new Error("parsePriceCsv: pass a name for the data as the second argument (e.g. 'prices.csv'): errors and the model's metadata use it");
  checkOptionNames(options, PRICE_CSV_OPTIONS.join(' '), 'parsePriceCsv');
  // A model file or a spreadsheet read by mistake would otherwise fill the header error with bytes.
  if (text.slice(0, 4096).includes('\u0000')) throw new Error(`${file}: binary data, not a CSV of prices${text.includes('"__metadata__"') ? ' (a model file? ReturnGan.load reads those)' : ''}`);
  const factor = options.maxDailyFactor ?? DEFAULT_MAX_DAILY_FACTOR;
  // At 1 or below every price move would be implausible (gangrad train's --max-jump is checked alike); said before any row.
  if (!(factor > 1)) throw new Error(`parsePriceCsv: maxDailyFactor must be a number above 1 (a one-day price ratio), got ${factor}`);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const { top, headerLine, delimiter } = headerLineOf(lines);
  let at = `${file}:${top + 1}`;
  if (headerLine.trim() === '') throw new Error(`${at}: empty file or missing header`);
  // Said first: read as one line, such a file fails the column checks with a header that is the whole file.
  if (headerLine.trimEnd().includes('\r')) throw new Error(crOnlyMessage(file));
  const yfinance = yfinanceHeaderLines(lines, top, delimiter, file);
  if (yfinance) at = `${file}:${yfinance.line}`; // the names' line, the second with group_by='ticker'
  const header = yfinance?.header ?? splitLine(headerLine, delimiter).map((h) => h.trim());
  const extraHeader = yfinance?.extra ?? 0;
  const lower = header.map((h) => h.toLowerCase());
  const dateIndex = lower.indexOf('date');
  if (dateIndex < 0) throw new Error(noDateColumnMessage(at, header));
  let priceIndex: number;
  if (options.column) {
    priceIndex = lower.indexOf(options.column.toLowerCase());
    if (priceIndex < 0) throw new ColumnNotFoundError(`${at}: no column '${options.column}' in header (${headerList(header)}); name the price column with --column NAME (gangrad train and forecast; column: 'NAME' in code)`);
    // Its dates hold digits, so it would pass as a price column and fail on its first row, with advice (--allow-outliers) that skips every row.
    if (priceIndex === dateIndex) throw new ColumnNotFoundError(`${at}: column '${header[priceIndex]}' is the date column, not prices; name the price column with --column NAME among the header's (${headerList(header)})`);
  } else {
    priceIndex = defaultPriceColumn(header);
    if (priceIndex < 0) throw new Error(`${at}: no price column in header (${headerList(header)}): expected an adjusted close ('Adj Close', 'adj_close', 'Adj. Close', 'Adjusted_close') or 'close'; name the column with --column NAME (gangrad train and forecast; column: 'NAME' in code), or rename it in the file for the portfolio commands`);
  }
  // A column without a number on any row (an empty Adj Close, Yahoo's null throughout) is the wrong column,
  // not a file of rows to skip: --allow-outliers would warn of every row, then find none left.
  const first = top + 1 + extraHeader;
  if (noNumberIn(lines, first, delimiter, priceIndex)) {
    throw new Error(`${file}: column '${header[priceIndex]}' holds no number on any row (blank or not a number from line ${first + 1} on); name the price column with --column NAME (gangrad train and forecast; column: 'NAME' in code) among the header's (${headerList(header)})`);
  }
  const warn = options.onWarning ?? console.warn;
  let skipped = 0;
  /** An implausible row: an error, or with `allowOutliers` a warning (and `keep` says whether the row stays). */
  const implausible = (message: string, keep: boolean): boolean => {
    if (!options.allowOutliers) throw new Error(`${message} (to ${keep ? 'keep' : 'skip'} it with a warning: --allow-outliers with gangrad train and forecast, allowOutliers: true in code; backtest, report, eval and the portfolio commands take no such option: correct the file)`);
    // Skipped rows are named up to a few, then counted: decades of Yahoo data can hold hundreds of null days.
    if (keep || ++skipped <= MAX_SKIPPED_WARNINGS) warn(`warning: ${message}; ${keep ? 'kept' : 'row skipped'} (--allow-outliers)`);
    return keep;
  };
  const rows: { date: string; price: number; line: number }[] = [];
  for (let i = first; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const lineNo = i + 1;
    const fields = splitLine(line, delimiter);
    // A row of empty fields (',,,,' as spreadsheets export past the data) is a blank line.
    if (fields.every((f) => f.trim() === '')) continue;
    // More fields than the header (but empty trailing ones): a field split by a stray delimiter, such as
    // an unquoted thousands separator in 1,462.42, would otherwise shift or cut the price silently. Empty
    // trailing ones too when the price and the next field join into such a number with decimals (123 then a
    // volume of 456 may be two fields): a blank last column took the shift, and the price would be its thousands.
    const joined = fields.length > header.length && delimiter === ',' && /^\d{1,3},\d{3}\.\d+$/.test(`${fields[priceIndex].trim()},${fields[priceIndex + 1].trim()}`);
    if (joined || fields.length < header.length || fields.slice(header.length).some((f) => f.trim() !== '')) {
      const split = fields.length > header.length && delimiter === ',' ? ' (an unquoted thousands separator? write 1462.42, not 1,462.42)' : '';
      throw new Error(`${file}:${lineNo}: ${fields.length} fields, the header has ${header.length}${split}`);
    }
    const cellDate = fields[dateIndex].trim();
    const date = isoDate(cellDate);
    if (!ISO_DATE.test(date) || Number.isNaN(Date.parse(date))) {
      const time = /^\d{4}-\d{2}-\d{2}[T ]\d/.test(date) ? ': it has a time of day other than midnight; daily prices are read, one row a day' : '';
      throw new Error(`${file}:${lineNo}: date '${date}' is not an ISO date (YYYY-MM-DD)${time}`);
    }
    if (!isCalendarDate(date) && !implausible(`${file}:${lineNo}: date '${cellDate}' is not a calendar date`, false)) continue;
    const cell = fields[priceIndex].trim();
    const price = cell === '' ? NaN : Number(cell);
    // Always an error, never a row to skip: such a file writes every price (or every one above 999) so,
    // and --allow-outliers would drop them all, or silently every high one.
    if (!Number.isFinite(price) && GROUPED_NUMBER.test(cell)) {
      throw new Error(`${file}:${lineNo}: ${header[priceIndex]} '${cell}' looks like a number with a thousands separator or a decimal comma; write plain numbers with a '.' decimal point and no separators (${plainNumber(cell)}, not ${cell})`);
    }
    // Like the grouped numbers: an export writes every price with its currency symbol, so skipping is no way out.
    const bare = Number.isFinite(price) ? null : withoutCurrencySymbol(cell);
    if (bare !== null) {
      const plain = GROUPED_NUMBER.test(bare) ? `${plainNumber(bare)}, not ${cell}: a '.' decimal point and no separators either` : `${bare}, not ${cell}`;
      throw new Error(`${file}:${lineNo}: ${header[priceIndex]} '${cell}' has a currency symbol; remove it and write plain numbers (${plain})`);
    }
    // Yahoo Finance marks days without data 'null': skippable like the other unusable rows.
    if (!Number.isFinite(price) && !implausible(`${file}:${lineNo}: ${header[priceIndex]} '${cell}' is not a number`, false)) continue;
    if (price <= 0) throw new Error(`${file}:${lineNo}: ${header[priceIndex]} ${price} is not positive`);
    if (!DECIMAL.test(cell) && !implausible(`${file}:${lineNo}: ${header[priceIndex]} '${cell}' is not a decimal number`, false)) continue;
    if (price < PRICE_RANGE[0] || price > PRICE_RANGE[1]) implausible(`${file}:${lineNo}: ${header[priceIndex]} ${cell} is outside the plausible range [${PRICE_RANGE.join(', ')}]`, true);
    rows.push({ date, price, line: lineNo });
  }
  if (skipped > MAX_SKIPPED_WARNINGS) warn(`warning: ${file}: ${skipped - MAX_SKIPPED_WARNINGS} more rows skipped (${skipped} in all, --allow-outliers)`);
  const shuffled = outOfOrder(rows);
  rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.line - b.line));
  if (shuffled) warn(`notice: ${file}:${shuffled.line}: rows are not in date order (${shuffled.date} follows ${shuffled.previous} on line ${shuffled.previousLine}): sorted by date`);
  const column = header[priceIndex];
  const typicalMove = medianAbsoluteLogReturn(rows);
  const splits: string[] = [];
  for (let i = 1; i < rows.length; i++) {
    const [before, row] = [rows[i - 1], rows[i]];
    const jump = implausibleJump(before.price, row.price, factor);
    if (jump) implausible(`${file}:${row.line}: ${column} ${row.price} on ${row.date} is ${jump} the previous day's ${before.price} (line ${before.line}), beyond a factor ${factor} in one day`, true);
    const split = jump ? null : splitLikeJump(before.price, row.price, typicalMove);
    if (!split) continue;
    const move = Math.abs(Math.log(row.price / before.price));
    const extreme = typicalMove > 0 ? `${(move / typicalMove).toFixed(0)} times the median one-day move` : 'while the median one-day move is 0';
    splits.push(`${file}:${row.line}: ${column} ${row.price} on ${row.date} is ${ratioText(row.price / before.price)} the previous day's ${before.price} (line ${before.line}), near a ${split} and ${extreme}`);
  }
  const repeats = rows.filter((row, i) => i > 0 && row.date === rows[i - 1].date);
  if (repeats.length > 0) {
    const [row, before] = [repeats[0], rows[rows.indexOf(repeats[0]) - 1]];
    // All of them, not one per run: a download appended to an overlapping one repeats every shared day.
    const more = repeats.length === 1 ? '' : ` (${repeats.length} repeated dates in all, ${repeats[0].date} to ${repeats[repeats.length - 1].date}: two downloads that overlap, joined?)`;
    throw new Error(`${file}:${row.line}: date ${row.date} repeats line ${before.line}${more}`);
  }
  // Warnings, not errors: a single stock can really halve in a day. A file of many is named once at the end.
  for (const line of splitWarnings(splits, file)) warn(line);
  warnOfGaps(rows, file, warn);
  warnOfStalePrices(rows, file, column, warn);
  const minRows = options.minRows ?? 2;
  if (rows.length < minRows) throw new TooLittleDataError(`${file}: ${rows.length} price row${rows.length === 1 ? '' : 's'}, at least ${minRows} needed`);
  return { file, column: header[priceIndex], dates: rows.map((r) => r.date), prices: Float64Array.from(rows, (r) => r.price) };
}

/**
 * Calendar days between two common dates of aligned files beyond which rows are missing, not holidays
 * (two exchanges' holidays can add up; the longest market closure in the bundled data is 12 days, March 1933).
 */
export const MAX_DATE_GAP_DAYS = 14;

/**
 * Calendar days between two rows of a 5-day market (an exchange) beyond which rows are missing: a week
 * of trading days without a row spans 8, the longest closure since 1933 7 (9/11: 2001-09-10 to
 * 09-17), Christmas at most 6 (the DAX). Longer closures are listed ({@link LONG_EXCHANGE_CLOSURES}).
 */
export const MAX_FIVE_DAY_GAP_DAYS = 7;

/**
 * The same for a market that trades 7 days a week (crypto): it has no holidays, so a missing week, which
 * an exchange's calendar would pass for a closure, is rows missing.
 */
export const MAX_SEVEN_DAY_GAP_DAYS = 4;

/** Rows missing for weeks make the return across the gap count as one day's: a warning naming the longest gap. */
function warnOfGaps(rows: readonly { date: string; line: number }[], file: string, warn: (message: string) => void): void {
  let longest = 0, at = -1, count = 0;
  const sevenDay = weekendShare(rows.map((r) => r.date)) > SEVEN_DAY_WEEKEND_SHARE;
  const limit = sevenDay ? MAX_SEVEN_DAY_GAP_DAYS : MAX_FIVE_DAY_GAP_DAYS;
  for (let i = 1; i < rows.length; i++) {
    const days = (Date.parse(rows[i].date) - Date.parse(rows[i - 1].date)) / 86_400_000;
    if (days <= limit || (!sevenDay && withinLongClosure(rows[i - 1].date, rows[i].date))) continue;
    count++;
    if (days > longest) { longest = days; at = i; }
  }
  if (at < 0) return;
  warn(`warning: ${file}:${rows[at].line}: ${rows[at].date} follows ${rows[at - 1].date} (line ${rows[at - 1].line}) after ${longest} days${count > 1 ? ` (${count} gaps of more than ${limit} days in all)` : ''}${sevenDay ? ' in a market that trades 7 days a week: rows missing?' : ': rows missing, or a closure of more than a week (Lunar New Year or Golden Week on Chinese exchanges)?'} The return across a gap counts as one day's`);
}

/** The message for a file whose first line holds a carriage return not followed by a newline. */
export function crOnlyMessage(file: string): string {
  return `${file}:1: the header line holds a bare carriage return ('\\r'): the file has old-Mac CR-only line endings, so it reads as one line; save it with LF (or CRLF) line endings`;
}

/** Rows skipped with --allow-outliers named one by one; the rest are counted. */
const MAX_SKIPPED_WARNINGS = 5;

/** Split-like days named one by one; beyond this a file has a unit problem more than splits. */
const MAX_SPLIT_WARNINGS = 5;

/**
 * The first row that breaks the file's date order, or null when its rows run oldest first or, as many
 * exports write them, newest first (both say nothing: sorting them is what the user expects).
 */
function outOfOrder(rows: readonly { date: string; line: number }[]): { line: number; date: string; previous: string; previousLine: number } | null {
  // The file's direction by its neighbouring rows' majority: the first and last rows alone mislead when
  // one of them is the row out of place.
  let falling = 0;
  for (let i = 1; i < rows.length; i++) if (rows[i].date < rows[i - 1].date) falling++;
  const newestFirst = 2 * falling > rows.length - 1;
  for (let i = 1; i < rows.length; i++) {
    // The first row against the file's overall direction.
    if (newestFirst ? rows[i].date <= rows[i - 1].date : rows[i].date >= rows[i - 1].date) continue;
    return { line: rows[i].line, date: rows[i].date, previous: rows[i - 1].date, previousLine: rows[i - 1].line };
  }
  return null;
}

/**
 * What the CSV reader warns of, for prices given in memory (they have no dates or lines): days that look
 * like an unadjusted stock split, and runs of identical prices (stale or forward-filled). `name` names the
 * array in the messages.
 */
export function inMemoryPriceWarnings(prices: ArrayLike<number>, name: string): string[] {
  const typicalMove = medianAbsoluteLogReturn(Array.from(prices, (price) => ({ price })));
  const splits: string[] = [];
  for (let i = 1; i < prices.length; i++) {
    const split = splitLikeJump(prices[i - 1], prices[i], typicalMove);
    if (split) splits.push(`${name}: prices[${i}] = ${prices[i]} is ${ratioText(prices[i] / prices[i - 1])} prices[${i - 1}] = ${prices[i - 1]}, near a ${split}`);
  }
  const warnings = splitWarnings(splits, name);
  const { zeros, longest, end } = staleStatistics(prices), returns = prices.length - 1;
  if (returns >= MIN_RETURNS_FOR_SHARE && zeros > MAX_ZERO_RETURN_SHARE * returns) {
    warnings.push(`warning: ${name}: ${zeros} of the ${returns} one-day returns are zero, more than ${100 * MAX_ZERO_RETURN_SHARE} %: forward-filled or stale prices? They make the series look calmer than it was`);
  }
  if (longest >= STALE_RUN_ROWS) warnings.push(`warning: ${name}: prices[${end - longest + 1}] to prices[${end}] are all ${prices[end]} (${longest} in a row): stale prices? Those days' returns are all 0`);
  return warnings;
}

/** Zero one-day returns, and the longest run of identical prices (its length and last index). */
function staleStatistics(prices: ArrayLike<number>): { zeros: number; longest: number; end: number } {
  let zeros = 0, run = 1, longest = 1, end = 0;
  for (let i = 1; i < prices.length; i++) {
    const same = prices[i] === prices[i - 1];
    if (same) zeros++;
    run = same ? run + 1 : 1;
    if (run > longest) { longest = run; end = i; }
  }
  return { zeros, longest, end };
}

/** Split-like days as warnings: the first {@link MAX_SPLIT_WARNINGS}, then a count of the rest under `name`. */
function splitWarnings(splits: readonly string[], name: string): string[] {
  const shown = splits.slice(0, MAX_SPLIT_WARNINGS).map((s) => `warning: ${s}: an unadjusted stock split? Use split-adjusted prices (an adjusted close, such as Yahoo's Adj Close)`);
  return splits.length > MAX_SPLIT_WARNINGS ? [...shown, `warning: ${name}: ${splits.length - MAX_SPLIT_WARNINGS} more split-like days (${splits.length} in all)`] : shown;
}

/** The median of |ln(P_t / P_{t−1})| over consecutive rows (sorted by date): the series' typical one-day move. */
function medianAbsoluteLogReturn(rows: readonly { price: number }[]): number {
  const moves = Float64Array.from({ length: Math.max(0, rows.length - 1) }, (_, i) => Math.abs(Math.log(rows[i + 1].price / rows[i].price))).sort();
  return moves.length === 0 ? 0 : moves[moves.length >> 1];
}

/**
 * Beyond this share of zero one-day returns a series looks forward-filled or stale: a 5-day market filled
 * to 7 days has at least 2/7 ≈ 29 %. The bundled files measure 0.0 % (DAX) to 2.3 % (JPM) in all, and at
 * most 17 % over any 100 days in a row (JPM 1991, prices in eighths of a dollar), so no excerpt of them warns.
 */
export const MAX_ZERO_RETURN_SHARE = 0.2;
/** The share is only judged over this many returns or more (over 50 days JPM 1991 reaches 26 %). */
const MIN_RETURNS_FOR_SHARE = 100;
/** A run of this many identical prices in a row looks stale; the bundled files' longest is 6 rows (JPM, 1991). */
export const STALE_RUN_ROWS = 10;

/** Forward-filled or stale prices make the series look calmer than it was: a warning naming the share or the longest run. */
function warnOfStalePrices(rows: readonly { date: string; price: number; line: number }[], file: string, column: string, warn: (message: string) => void): void {
  const returns = rows.length - 1;
  const { zeros, longest, end } = staleStatistics(rows.map((r) => r.price));
  let weekendZeros = 0, weekend = 0;
  for (let i = 1; i < rows.length; i++) {
    const day = new Date(`${rows[i].date}T00:00:00Z`).getUTCDay();
    if (day === 0 || day === 6) { weekend++; if (rows[i].price === rows[i - 1].price) weekendZeros++; }
  }
  if (returns >= MIN_RETURNS_FOR_SHARE && zeros > MAX_ZERO_RETURN_SHARE * returns) {
    const share = ((100 * zeros) / returns).toFixed(1);
    // A 5-day market filled to 7 days repeats Friday's price on every Saturday and Sunday.
    const filled = weekend > 0 && weekendZeros > weekend / 2 ? `; ${weekendZeros} of its ${weekend} Saturday and Sunday rows repeat the day before: a 5-day market filled to 7 days?` : '';
    warn(`warning: ${file}: ${zeros} of the ${returns} one-day returns (${share} %) are zero (a ${column} equal to the previous row's), more than ${100 * MAX_ZERO_RETURN_SHARE} %: forward-filled or stale prices? They make the series look calmer than it was${filled}`);
  }
  if (longest >= STALE_RUN_ROWS) {
    const first = rows[end - longest + 1], last = rows[end];
    warn(`warning: ${file}:${first.line}: ${column} ${first.price} is the same on ${longest} rows in a row (lines ${first.line} to ${last.line}, ${first.date} to ${last.date}): stale prices? Those days' returns are all 0`);
  }
}

/**
 * The price column `file`'s header defaults to, as written there (its adjusted close, else its close), or
 * null when it has neither or cannot be read: what train would take from it, for a reader told another column.
 */
export function filePriceColumn(file: string): string | null {
  try {
    const { headerLine, delimiter } = headerLineOf(readPriceText(file, 'filePriceColumn').replace(/^\uFEFF/, '').split(/\r?\n/));
    const header = splitLine(headerLine, delimiter).map((h) => h.trim());
    return header[defaultPriceColumn(header)] ?? null;
  } catch {
    return null; // unreadable: loadPriceCsv says why
  }
}

/**
 * A file's text, decoded by {@link decodePriceBytes} (UTF-16 by its byte-order mark, else UTF-8). A file
 * that cannot be read is named; in a page, `nodeModules`' own message says what to do instead.
 */
export function readPriceText(file: string, what: string): string {
  const { fs } = nodeModules(what);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new Error(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return decodePriceBytes(bytes);
}

/** Read and parse a price CSV file (see {@link parsePriceCsv}). */
export function loadPriceCsv(file: string, options: PriceCsvOptions = {}): PriceSeries {
  nodeModules('loadPriceCsv'); // first: in a page its own message says what to do instead
  checkOptionNames(options, PRICE_CSV_OPTIONS.join(' '), 'loadPriceCsv'); // before the file is read, and under this function's name
  return parsePriceCsv(readPriceText(file, 'loadPriceCsv'), file, options);
}
