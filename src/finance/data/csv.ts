import { nodeModules } from '../../io/node.js';

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

/** Default bound of a one-day price ratio: the S&P 500's worst day since 1928 was a factor 1.26. */
export const DEFAULT_MAX_DAILY_FACTOR = 5;

/**
 * How a one-day move from `previous` to `price` exceeds `factor` ("85.3 times", "1/12.0 of"), or null
 * when it does not: the plausibility check of prices read from a file and of prices given in memory.
 */
export function implausibleJump(previous: number, price: number, factor = DEFAULT_MAX_DAILY_FACTOR): string | null {
  const ratio = price / previous;
  if (ratio <= factor && ratio >= 1 / factor) return null;
  return ratio >= 1 ? `${ratio.toPrecision(3)} times` : `1/${(1 / ratio).toPrecision(3)} of`;
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

const ADJUSTED_CLOSE = ['adj close', 'adj_close', 'adjclose'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A header's names for an error message: all of a short one, the first 12 of a long one and a count, each name cut to 40 characters. */
export function headerList(header: readonly string[]): string {
  const shown = header.slice(0, 12).map((h) => (h.length > 40 ? `${h.slice(0, 40)}…` : h));
  return header.length <= 12 ? shown.join(', ') : `${shown.join(', ')}, … and ${header.length - 12} more`;
}

/** The delimiter of a CSV file, from its header line: semicolons when they outnumber commas. */
export function csvDelimiter(headerLine: string): string {
  return (headerLine.match(/;/g)?.length ?? 0) > (headerLine.match(/,/g)?.length ?? 0) ? ';' : ',';
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
 * Parse daily prices from CSV text: a `date` column plus a price column, comma- or
 * semicolon-separated, header names matched case-insensitively. Rows are sorted by date. Every error
 * names the file and the line at fault.
 */
export function parsePriceCsv(text: string, file: string, options: PriceCsvOptions = {}): PriceSeries {
  // Plain-JavaScript callers get no type check: the name labels every error and the series, so it is required.
  if (typeof text !== 'string') throw new Error(`parsePriceCsv: expected the CSV's text, got ${typeof text}${(text as unknown) instanceof Uint8Array ? ' (decode bytes first: new TextDecoder().decode(bytes))' : ''}`);
  if (typeof file !== 'string' || file === '') throw new Error("parsePriceCsv: pass a name for the data as the second argument (e.g. 'prices.csv'): errors and the model's metadata use it");
  // A model file or a spreadsheet read by mistake would otherwise fill the header error with bytes.
  if (text.slice(0, 4096).includes('\u0000')) throw new Error(`${file}: binary data, not a CSV of prices${text.includes('"__metadata__"') ? ' (a model file? ReturnGan.load reads those)' : ''}`);
  const factor = options.maxDailyFactor ?? DEFAULT_MAX_DAILY_FACTOR;
  // At 1 or below every price move would be implausible (gangrad train's --max-jump is checked alike); said before any row.
  if (!(factor > 1)) throw new Error(`parsePriceCsv: maxDailyFactor must be a number above 1 (a one-day price ratio), got ${factor}`);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerLine = lines[0] ?? '';
  if (headerLine.trim() === '') throw new Error(`${file}:1: empty file or missing header`);
  const delimiter = csvDelimiter(headerLine);
  const header = splitLine(headerLine, delimiter).map((h) => h.trim());
  const lower = header.map((h) => h.toLowerCase());
  const dateIndex = lower.indexOf('date');
  if (dateIndex < 0) throw new Error(`${file}:1: no 'date' column in header (${headerList(header)})${headerLine.includes('\t') ? ': the file is tab-separated; price files are read with commas or semicolons between fields' : ''}`);
  let priceIndex: number;
  if (options.column) {
    priceIndex = lower.indexOf(options.column.toLowerCase());
    if (priceIndex < 0) throw new Error(`${file}:1: no column '${options.column}' in header (${headerList(header)})`);
  } else {
    priceIndex = lower.findIndex((h) => ADJUSTED_CLOSE.includes(h));
    if (priceIndex < 0) priceIndex = lower.indexOf('close');
    if (priceIndex < 0) throw new Error(`${file}:1: no price column: expected 'adj close', 'adj_close', 'adjclose' or 'close' (or pass a column name)`);
  }
  const warn = options.onWarning ?? console.warn;
  /** An implausible row: an error, or with `allowOutliers` a warning (and `keep` says whether the row stays). */
  const implausible = (message: string, keep: boolean): boolean => {
    if (!options.allowOutliers) throw new Error(`${message} (to ${keep ? 'keep' : 'skip'} it with a warning: --allow-outliers with gangrad train and forecast, allowOutliers: true in code; the portfolio commands need the file corrected)`);
    warn(`warning: ${message}; ${keep ? 'kept' : 'row skipped'} (--allow-outliers)`);
    return keep;
  };
  const rows: { date: string; price: number; line: number }[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const lineNo = i + 1;
    const fields = splitLine(line, delimiter);
    // A row of empty fields (',,,,' as spreadsheets export past the data) is a blank line.
    if (fields.every((f) => f.trim() === '')) continue;
    // More fields than the header (but empty trailing ones): a field split by a stray delimiter, such as
    // an unquoted thousands separator in 1,462.42, would otherwise shift or cut the price silently.
    if (fields.length < header.length || fields.slice(header.length).some((f) => f.trim() !== '')) {
      const split = fields.length > header.length && delimiter === ',' ? ' (an unquoted thousands separator? write 1462.42, not 1,462.42)' : '';
      throw new Error(`${file}:${lineNo}: ${fields.length} fields, the header has ${header.length}${split}`);
    }
    const date = fields[dateIndex].trim();
    if (!ISO_DATE.test(date) || Number.isNaN(Date.parse(date))) {
      throw new Error(`${file}:${lineNo}: date '${date}' is not an ISO date (YYYY-MM-DD)`);
    }
    if (!isCalendarDate(date) && !implausible(`${file}:${lineNo}: date '${date}' is not a calendar date`, false)) continue;
    const cell = fields[priceIndex].trim();
    const price = cell === '' ? NaN : Number(cell);
    // Always an error, never a row to skip: such a file writes every price (or every one above 999) so,
    // and --allow-outliers would drop them all, or silently every high one.
    if (!Number.isFinite(price) && GROUPED_NUMBER.test(cell)) {
      throw new Error(`${file}:${lineNo}: ${header[priceIndex]} '${cell}' looks like a number with a thousands separator or a decimal comma; write plain numbers with a '.' decimal point and no separators (${plainNumber(cell)}, not ${cell})`);
    }
    // Yahoo Finance marks days without data 'null': skippable like the other unusable rows.
    if (!Number.isFinite(price) && !implausible(`${file}:${lineNo}: ${header[priceIndex]} '${cell}' is not a number`, false)) continue;
    if (price <= 0) throw new Error(`${file}:${lineNo}: ${header[priceIndex]} ${price} is not positive`);
    if (!DECIMAL.test(cell) && !implausible(`${file}:${lineNo}: ${header[priceIndex]} '${cell}' is not a decimal number`, false)) continue;
    if (price < PRICE_RANGE[0] || price > PRICE_RANGE[1]) implausible(`${file}:${lineNo}: ${header[priceIndex]} ${cell} is outside the plausible range [${PRICE_RANGE.join(', ')}]`, true);
    rows.push({ date, price, line: lineNo });
  }
  rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.line - b.line));
  for (let i = 1; i < rows.length; i++) {
    const jump = implausibleJump(rows[i - 1].price, rows[i].price, factor);
    if (jump) implausible(`${file}:${rows[i].line}: ${header[priceIndex]} ${rows[i].price} on ${rows[i].date} is ${jump} the previous day's ${rows[i - 1].price} (line ${rows[i - 1].line}), beyond a factor ${factor} in one day`, true);
  }
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].date === rows[i - 1].date) {
      throw new Error(`${file}:${rows[i].line}: date ${rows[i].date} repeats line ${rows[i - 1].line}`);
    }
  }
  warnOfGaps(rows, file, warn);
  const minRows = options.minRows ?? 2;
  if (rows.length < minRows) throw new Error(`${file}: ${rows.length} price rows, at least ${minRows} needed`);
  return { file, column: header[priceIndex], dates: rows.map((r) => r.date), prices: Float64Array.from(rows, (r) => r.price) };
}

/** Calendar days between two rows beyond which rows are missing, not a holiday (the longest market closure in the bundled data is 12 days, March 1933). */
export const MAX_DATE_GAP_DAYS = 14;

/** Rows missing for weeks make the return across the gap count as one day's: a warning naming the longest gap. */
function warnOfGaps(rows: readonly { date: string; line: number }[], file: string, warn: (message: string) => void): void {
  let longest = 0, at = -1, count = 0;
  for (let i = 1; i < rows.length; i++) {
    const days = (Date.parse(rows[i].date) - Date.parse(rows[i - 1].date)) / 86_400_000;
    if (days <= MAX_DATE_GAP_DAYS) continue;
    count++;
    if (days > longest) { longest = days; at = i; }
  }
  if (at < 0) return;
  warn(`warning: ${file}:${rows[at].line}: ${rows[at].date} follows ${rows[at - 1].date} (line ${rows[at - 1].line}) after ${longest} days${count > 1 ? ` (${count} gaps of more than ${MAX_DATE_GAP_DAYS} days in all)` : ''}: rows missing? The return across a gap counts as one day's`);
}

/** Read and parse a price CSV file (see {@link parsePriceCsv}). */
export function loadPriceCsv(file: string, options: PriceCsvOptions = {}): PriceSeries {
  let text: string;
  const { fs } = nodeModules('loadPriceCsv'); // outside the try: in a page its own message says what to do instead
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parsePriceCsv(text, file, options);
}
