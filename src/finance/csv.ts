import { nodeModules } from '../io/node.js';

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

export interface PriceCsvOptions {
  /** Price column (case-insensitive); default: an adjusted close if present, else `close`. */
  column?: string;
  /** Fewer rows than this is an error; default 2 (one return). */
  minRows?: number;
}

const ADJUSTED_CLOSE = ['adj close', 'adj_close', 'adjclose'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Split one CSV line; quotes are honoured so a quoted field may hold the delimiter. */
function splitLine(line: string, delimiter: string): string[] {
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
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerLine = lines[0] ?? '';
  if (headerLine.trim() === '') throw new Error(`${file}:1: empty file or missing header`);
  const delimiter = (headerLine.match(/;/g)?.length ?? 0) > (headerLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const header = splitLine(headerLine, delimiter).map((h) => h.trim());
  const lower = header.map((h) => h.toLowerCase());
  const dateIndex = lower.indexOf('date');
  if (dateIndex < 0) throw new Error(`${file}:1: no 'date' column in header (${header.join(', ')})`);
  let priceIndex: number;
  if (options.column) {
    priceIndex = lower.indexOf(options.column.toLowerCase());
    if (priceIndex < 0) throw new Error(`${file}:1: no column '${options.column}' in header (${header.join(', ')})`);
  } else {
    priceIndex = lower.findIndex((h) => ADJUSTED_CLOSE.includes(h));
    if (priceIndex < 0) priceIndex = lower.indexOf('close');
    if (priceIndex < 0) throw new Error(`${file}:1: no price column: expected 'adj close', 'adj_close', 'adjclose' or 'close' (or pass a column name)`);
  }
  const rows: { date: string; price: number; line: number }[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const lineNo = i + 1;
    const fields = splitLine(line, delimiter);
    if (fields.length < header.length) {
      throw new Error(`${file}:${lineNo}: ${fields.length} fields, the header has ${header.length}`);
    }
    const date = fields[dateIndex].trim();
    if (!ISO_DATE.test(date) || Number.isNaN(Date.parse(date))) {
      throw new Error(`${file}:${lineNo}: date '${date}' is not an ISO date (YYYY-MM-DD)`);
    }
    const cell = fields[priceIndex].trim();
    const price = cell === '' ? NaN : Number(cell);
    if (!Number.isFinite(price)) throw new Error(`${file}:${lineNo}: ${header[priceIndex]} '${cell}' is not a number`);
    if (price <= 0) throw new Error(`${file}:${lineNo}: ${header[priceIndex]} ${price} is not positive`);
    rows.push({ date, price, line: lineNo });
  }
  rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.line - b.line));
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].date === rows[i - 1].date) {
      throw new Error(`${file}:${rows[i].line}: date ${rows[i].date} repeats line ${rows[i - 1].line}`);
    }
  }
  const minRows = options.minRows ?? 2;
  if (rows.length < minRows) throw new Error(`${file}: ${rows.length} price rows, at least ${minRows} needed`);
  return { file, column: header[priceIndex], dates: rows.map((r) => r.date), prices: Float64Array.from(rows, (r) => r.price) };
}

/** Read and parse a price CSV file (see {@link parsePriceCsv}). */
export function loadPriceCsv(file: string, options: PriceCsvOptions = {}): PriceSeries {
  let text: string;
  try {
    text = nodeModules('loadPriceCsv').fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parsePriceCsv(text, file, options);
}
