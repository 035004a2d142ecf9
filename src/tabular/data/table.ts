/**
 * A table of mixed columns read from CSV: numeric columns and categorical ones (text, 0/1 flags, or
 * groups of one-hot 0/1 columns named `Group.level`). Types are inferred and can be overridden; every
 * error names the file, the line and the column.
 */
import { nodeModules } from '../../io/node.js';
import { TooLittleDataError } from '../../io/too-little-data.js';
import { dateFormatOf, formatDate, parseDate, type DateFormat } from './dates.js';
import { medianOf } from './fill.js';
import { counterWithTextReason, distinctWholeNumbersReason, identifierReason, MIN_IDENTIFIER_ROWS } from './identifiers.js';

/** How a column is modelled. */
export type ColumnKind = 'numeric' | 'categorical';

/**
 * A numeric column: its values, and whether every value is a whole number (written back rounded).
 * `date` marks a date column (values are days since 1970-01-01, written back in that format).
 */
export interface NumericColumn {
  kind: 'numeric';
  name: string;
  values: Float64Array;
  integer: boolean;
  date?: DateFormat;
  /** Most decimals of the cells read (absent: some cell in exponent notation, or a generated column of an older model). */
  decimals?: number;
}

/**
 * A categorical column: level names and one code per row. `source` says how it is written: one text
 * column (`text`), one 0/1 column per level named `name.level` (`onehot`; the German credit data), or
 * not at all (`missing`: the flag of numeric column `flags`, levels `present`/`missing`, written back
 * as blank cells of that column).
 */
export interface CategoricalColumn {
  kind: 'categorical';
  name: string;
  levels: string[];
  codes: Int32Array;
  source: 'text' | 'onehot' | 'missing';
  /** With source `missing`: the numeric column this flags. */
  flags?: string;
}

/** One column of a {@link Table}: switch on `kind`. */
export type Column = NumericColumn | CategoricalColumn;

/** A table read by {@link loadTable} or {@link parseTable} (or generated): columns of equal length. */
export interface Table {
  /** Where it came from, for messages (`synthetic` for generated tables). */
  file: string;
  /** Number of rows; every column holds this many values. */
  rows: number;
  /** The modelled columns (a one-hot group is one categorical column). */
  columns: Column[];
  /** The CSV header in file order, so a written table has the same column order. */
  header: string[];
  /** What the loader decided for the user to know: columns left out, missing cells filled. */
  notices?: string[];
  /** The CSV line each row starts on, for messages about one row (absent for generated tables). */
  lines?: Int32Array;
}

/** The level of a categorical column for a blank (or `--na`) cell; written back blank. */
export const MISSING_LEVEL = '(missing)';
/** Levels of a numeric column's missing flag. */
export const FLAG_LEVELS = ['present', 'missing'];

/** How {@link parseTable} and {@link loadTable} type and select columns: the CLI's `--type`, `--drop`, `--keep`, `--na`. */
export interface TableOptions {
  /** Force these columns (or one-hot groups, by prefix) to a kind. */
  kinds?: Record<string, ColumnKind>;
  /**
   * Numeric columns with at most this many distinct whole-number values are categorical (flags, counts,
   * 1–4 ratings); default 10. A softmax head reproduces such a column's few levels exactly.
   */
  maxIntegerLevels?: number;
  /** Detect groups of one-hot columns `prefix.level`; default true. */
  oneHotGroups?: boolean;
  /** Columns left out (`--drop`); each must be in the header. */
  drop?: string[];
  /** Columns kept even when they look like row identifiers (`--keep`). */
  keep?: string[];
  /** Cell values that mean "missing", besides a blank cell (`--na '?'`). */
  na?: string[];
}

/** Split CSV text into records of fields (RFC 4180 quoting; quoted fields may hold commas and newlines). */
export function parseCsvRecords(text: string): { fields: string[]; line: number }[] {
  const records: { fields: string[]; line: number }[] = [];
  let fields: string[] = [], field = '', quoted = false, line = 1, start = 1, fieldQuoted = false;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '' && !fieldQuoted)) records.push({ fields, line: start });
    fields = []; field = ''; fieldQuoted = false;
  };
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else { if (ch === '\n') line++; field += ch; }
    } else if (ch === '"') { quoted = true; fieldQuoted = true; }
    else if (ch === ',') { fields.push(field); field = ''; fieldQuoted = false; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else field += ch;
  }
  if (quoted) throw new Error(`line ${start}: a quoted field is not closed`);
  if (field !== '' || fields.length > 0 || fieldQuoted) endRecord();
  return records;
}

/** A decimal number; not hex, binary or octal ('0x1F'), which Number() reads but would be written back in decimal. */
const isNumber = (s: string) => s.trim() !== '' && !/^\s*[-+]?0[xXbBoO]/.test(s) && Number.isFinite(Number(s));

/** Whether cells that are all numbers make a numeric column: a fraction, or more whole numbers than `maxLevels` distinct ones. */
const numbersAreNumeric = (cells: string[], maxLevels: number) => !(new Set(cells).size <= maxLevels && cells.every((v) => Number.isInteger(Number(v))));

/** Share of distinct values or of cells that must be numbers for text among numbers to be a stray (rule 1 of {@link strayText}). */
const NEARLY_ALL_NUMBERS = 0.9;
/** At most this many text cells, and at most {@link STRAY_SHARE} of the cells, are strays among codes (rule 2 of {@link strayText}). */
const STRAY_CELLS = 3;
const STRAY_SHARE = 0.01;

/**
 * The text cells of a column whose cells are nearly all numbers, or null when it has none or is
 * rightly text. Reading such a column as categories would hide a typo or a shifted row, so the loader
 * refuses it. Nearly all numbers means either:
 * 1. the numbers alone would make a numeric column (see {@link numbersAreNumeric}) and at least 90 %
 *    of the distinct values, or of the cells, are numbers: the text would turn amounts into one level
 *    per amount;
 * 2. at most 3 cells, and at most 1 % of the cells, are text: a stray among codes or 0/1 flags, as a
 *    row shifted by one field leaves.
 * A column of text with a few numbers (levels such as `0`, `1`, `2 to 4`) meets neither.
 */
function strayText(cells: string[], maxLevels: number): string[] | null {
  const numbers = cells.filter(isNumber);
  const text = cells.filter((v) => !isNumber(v));
  if (text.length === 0 || numbers.length === 0) return null;
  const distinctNumbers = new Set(numbers).size, distinct = distinctNumbers + new Set(text).size;
  const amounts = numbersAreNumeric(numbers, maxLevels) && (distinctNumbers >= NEARLY_ALL_NUMBERS * distinct || numbers.length >= NEARLY_ALL_NUMBERS * cells.length);
  const strays = text.length <= STRAY_CELLS && text.length <= STRAY_SHARE * cells.length;
  return amounts || strays ? text : null;
}

/**
 * The cells of a column that are not dates when nearly all (at least 90 %) of them are dates of one
 * format, or null: a mistyped day (2020-13-45) or a word among dates would otherwise turn the column
 * into one category per date. Returns the format and the cells that do not parse.
 */
function strayAmongDates(cells: string[]): { format: DateFormat; text: string[] } | null {
  for (const format of ['iso', 'mdy'] as const) {
    const text = cells.filter((v) => parseDate(v, format) === null);
    if (text.length > 0 && text.length < cells.length && cells.length - text.length >= NEARLY_ALL_NUMBERS * cells.length) return { format, text };
  }
  return null;
}

/** `s` as one shell word, quoted where a shell would split or expand it. */
export const shellWord = (s: string) => (/^[\w.,:@%+=/-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The error for {@link strayText}: where the first text cell is, and the ways on (fix it, `--na`, `--type`). */
function strayTextError(file: string, line: number, name: string, text: string[], cells: number, allDistinct: boolean): Error {
  const values = [...new Set(text)];
  const others = values.length > 1 ? ` (and ${values.length - 1} other text value${values.length > 2 ? 's' : ''}, ${text.length} cells in all)` : '';
  const na = values.slice(0, 3).map((v) => `--na ${shellWord(v)}`).join(' ') + (values.length > 3 ? ' …' : '');
  return new Error(`${file}:${line}: column '${name}' holds '${values[0]}'${others}, but ${cells - text.length} of its ${cells} cells are numbers (a typo, or a row whose values are shifted?): correct the file, pass ${na} to read such cells as missing, or --type ${shellWord(`${name}=categorical`)} to keep the column as categories${allDistinct ? ` (every value differs: if it is a row identifier, --drop ${shellWord(name)} leaves it out)` : ''}`);
}

/** Pairs of boolean words whose case variants ('TRUE', 'True', 'true') are one level. */
const BOOLEAN_WORDS = [['true', 'false'], ['yes', 'no']];

/**
 * For cells that are all one pair of boolean words, spelt in more than one case, the first spelling
 * seen of each word (by its lower case) and every spelling there is; otherwise null. Only boolean
 * words: 'A' and 'a' in a code column may well be different codes.
 */
function booleanSpellings(cells: string[]): { first: Map<string, string>; variants: string[] } | null {
  const lower = new Set(cells.map((v) => v.toLowerCase()));
  if (cells.length === 0 || !BOOLEAN_WORDS.some((pair) => [...lower].every((w) => pair.includes(w)))) return null;
  const counts = new Map<string, number>();
  for (const v of cells) counts.set(v, (counts.get(v) ?? 0) + 1);
  if (counts.size === lower.size) return null;
  // Each word is written back as its most common spelling (the first seen of equals).
  const first = new Map<string, string>();
  for (const [v, n] of counts) {
    const word = v.toLowerCase(), best = first.get(word);
    if (best === undefined || n > counts.get(best)!) first.set(word, v);
  }
  // Only the words spelt more than one way are named.
  const variants = [...counts.keys()].filter((v) => [...counts.keys()].some((u) => u !== v && u.toLowerCase() === v.toLowerCase()));
  return { first, variants };
}

/** At most this share of rows (or one row) breaking a one-hot group is a fault in the file, not separate flags (with at least {@link MIN_IDENTIFIER_ROWS} rows that keep it). */
const BROKEN_GROUP_SHARE = 0.01;

/** The error for a one-hot group that a few rows break: where the first such row is, what it holds, the ways on. */
function brokenGroupError(file: string, line: number, prefix: string, names: string[], cells: string[], broken: number, rows: number): Error {
  const shown = names.map((n, i) => `${n}=${cells[i] === '' ? '(blank)' : cells[i]}`).join(', ');
  return new Error(`${file}:${line}: columns ${names.map((n) => `'${n}'`).join(', ')} form a one-hot group '${prefix}' (one 1 and the rest 0 on ${rows - broken} of ${rows} rows), but this row holds ${shown}${broken > 1 ? ` (${broken} rows in all)` : ''}: correct the file, or pass --type ${shellWord(`${prefix}=numeric`)} to model the columns one by one`);
}

/** A table option (`--type`, `--drop`, `--keep`) names a column the file does not have: a usage error. */
export class TableOptionError extends Error {}

/** Every name in `names` must be a column of the header (or a one-hot group prefix). */
/** The one-hot group a column would belong to: the part of its name before the first dot ('Purpose.NewCar' → 'Purpose'). */
const groupOf = (name: string): string | null => (name.includes('.') ? name.slice(0, name.indexOf('.')) : null);

function checkNames(header: string[], names: Iterable<string>, flag: string, file: string): void {
  for (const name of names) {
    if (!header.includes(name) && !header.some((h) => groupOf(h) === name)) throw new TableOptionError(`${file}: ${flag} names column '${name}', which is not in the header (nor a one-hot group's name, the part before a column's first dot)`);
  }
}

/** The option names of {@link TableOptions}: a misspelt one (`dorp`) is an error, not ignored. */
const TABLE_OPTIONS: readonly string[] = ['kinds', 'maxIntegerLevels', 'oneHotGroups', 'drop', 'keep', 'na'] satisfies (keyof TableOptions)[];

/** Check the options' names and types (a string where a list belongs would be read letter by letter). */
function checkTableOptions(options: TableOptions, file: string): void {
  for (const key of Object.keys(options)) {
    if (!TABLE_OPTIONS.includes(key)) throw new TableOptionError(`${file}: unknown table option '${key}' (options: ${TABLE_OPTIONS.join(', ')})`);
  }
  for (const key of ['drop', 'keep', 'na'] as const) {
    const v = options[key];
    if (v !== undefined && (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))) throw new TableOptionError(`${file}: the table option ${key} must be an array of strings, got ${JSON.stringify(v)}`);
  }
  for (const [name, kind] of Object.entries(options.kinds ?? {})) {
    if (kind !== 'numeric' && kind !== 'categorical') throw new TableOptionError(`${file}: the kind of column '${name}' must be 'numeric' or 'categorical', got ${JSON.stringify(kind)}`);
  }
}

/** Parse a table from CSV text (`file` names it in errors). */
export function parseTable(text: string, file: string, options: TableOptions = {}): Table {
  if (typeof text !== 'string') throw new Error(`${file}: parseTable needs the CSV as text (a string), got ${text === null ? 'null' : typeof text}: decode bytes first (e.g. bytes.toString('utf8'))`);
  checkTableOptions(options, file);
  let records;
  try {
    records = parseCsvRecords(text);
  } catch (e) {
    throw new Error(`${file}:${(e as Error).message.replace(/^line /, '')}`);
  }
  // Excel's 'sep=,' first line names the delimiter: not the header. Another delimiter is refused.
  const sepLine = records.length > 0 && records[0].fields.length <= 2 && /^sep=.?$/i.test(records[0].fields.join(','));
  // Quoted, 'sep=,' is one field (as pandas writes a field holding a comma): still the comma's hint.
  if (sepLine && records[0].fields.length === 1 && records[0].fields[0].toLowerCase() !== 'sep=,') throw new Error(`${file}:1: the first line is Excel's '${records[0].fields[0]}': the file is separated by '${records[0].fields[0].slice(4) || '(nothing)'}', and tables are read with commas between fields: save it as CSV with commas`);
  if (sepLine) records = records.slice(1);
  if (records.length === 0) throw new Error(`${file}:1: empty file or missing header`);
  const header = records[0].fields.map((h) => h.trim());
  // One column whose name holds the other delimiters: the columns would all be lost as one text column.
  if (header.length === 1 && /[;\t]/.test(header[0])) {
    throw new Error(`${file}:1: the header is one column, '${header[0].slice(0, 60)}${header[0].length > 60 ? '…' : ''}': is the file separated by ${header[0].includes(';') ? 'semicolons' : 'tabs'}? Tables are read with commas between fields`);
  }
  const seen = new Set<string>();
  // An empty last name with every row's last cell empty: most often a comma ending every line.
  const trailing = (c: number) => c === header.length - 1 && records.length > 1 && records.slice(1).every((r) => r.fields.length === header.length && r.fields[c].trim() === '');
  header.forEach((h, c) => {
    if (h === '') throw new Error(`${file}:1: column ${c + 1} has an empty name${trailing(c) ? ', and every row\'s last cell is empty: a trailing comma on every line? Remove it' : ''}`);
    if (seen.has(h)) throw new Error(`${file}:1: column '${h}' appears twice`);
    seen.add(h);
  });
  const body = records.slice(1);
  if (body.length < 2) throw new TooLittleDataError(`${file}: ${body.length} data row${body.length === 1 ? '' : 's'}, at least 2 needed`);
  for (const r of body) {
    if (r.fields.length !== header.length) throw new Error(`${file}:${r.line}: ${r.fields.length} fields, the header has ${header.length}${header.length === 1 && records[0].fields[0].startsWith('#') ? ` (is line ${records[0].line}, '${records[0].fields[0].slice(0, 40)}', a comment? The first line must be the header)` : ''}`);
    // A row of empty fields (a spreadsheet's trailing rows) would be one more row, missing in every column.
    if (header.length > 1 && r.fields.every((f) => f.trim() === '')) throw new Error(`${file}:${r.line}: every field of this row is empty (a spreadsheet's blank row?): remove the row`);
  }
  const notices: string[] = sepLine ? [`line 1, Excel's 'sep=,', is not the header: the header is line ${records[0].line}`] : [];
  const kinds = options.kinds ?? {};
  checkNames(header, Object.keys(kinds), '--type', file);
  checkNames(header, options.drop ?? [], '--drop', file);
  checkNames(header, options.keep ?? [], '--keep', file);
  // A one-hot group's name stands for all its columns: dropping only the name would leave the columns
  // in, no longer a group, each modelled as its own 0/1 column and made breaking the one-hot rule.
  // A group's name stands for its columns; a dotted prefix that is no group's name ('Personal.Male') for none.
  const members = (names: string[]) => names.flatMap((n) => (header.includes(n) ? [n] : header.filter((h) => groupOf(h) === n)));
  const dropped = new Set(members(options.drop ?? []));
  const keep = new Set(members(options.keep ?? []));
  // Dropped in silence otherwise: --keep only overrides the row-identifier guess, never --drop.
  const both = [...keep].find((name) => dropped.has(name));
  if (both !== undefined) throw new Error(`${file}: column '${both}' is both dropped (--drop) and kept (--keep); name it in one of them`);
  const na = new Set(options.na ?? []);
  const isMissing = (v: string) => v === '' || na.has(v);
  const raw = header.map((_, c) => body.map((r) => r.fields[c].trim()));
  // Spreadsheet exports mix 'TRUE' and 'True' in one column: one word, not two levels.
  header.forEach((name, c) => {
    const spelling = dropped.has(name) ? null : booleanSpellings(raw[c].filter((v) => !isMissing(v)));
    if (!spelling) return;
    raw[c] = raw[c].map((v) => (isMissing(v) ? v : spelling.first.get(v.toLowerCase())!));
    // Not begun "column 'NAME'": the CLI holds back such notices about the target, and this one holds for it too.
    notices.push(`${spelling.variants.map((v) => `'${v}'`).join(', ')} in column '${name}' differ only in case: read as one level per word, written back as ${[...new Set(spelling.variants.map((v) => spelling.first.get(v.toLowerCase())!))].map((v) => `'${v}'`).join(' and ')}`);
  });
  const missing = raw.map((vals) => vals.map(isMissing));
  const present = raw.map((vals, c) => vals.filter((_, r) => !missing[c][r]));
  const numeric = present.map((vals) => vals.length > 0 && vals.every(isNumber));
  const binary = raw.map((vals, c) => numeric[c] && present[c].length === vals.length && vals.every((v) => Number(v) === 0 || Number(v) === 1));

  // One-hot groups: ≥ 2 columns `prefix.level`, all 0/1, exactly one 1 per row. A column of 0/1 but
  // for a few cells is a candidate too, so that a group a few rows break is caught, not split apart.
  const grouped = new Map<string, number[]>();
  const byPrefix = new Map<string, number[]>();
  if (options.oneHotGroups ?? true) {
    const flag = (c: number, r: number) => raw[c][r] === '0' || raw[c][r] === '1' || (binary[c] && isNumber(raw[c][r]));
    const fewBroken = (count: number) => count <= Math.max(1, BROKEN_GROUP_SHARE * body.length);
    header.forEach((h, c) => {
      const dot = h.indexOf('.');
      if (dot > 0 && dot < h.length - 1 && kinds[h] === undefined && !dropped.has(h) && fewBroken(body.filter((_, r) => !flag(c, r)).length)) {
        const p = h.slice(0, dot);
        byPrefix.set(p, [...(byPrefix.get(p) ?? []), c]);
      }
    });
    for (const [prefix, cols] of byPrefix) {
      if (cols.length < 2 || header.includes(prefix)) continue;
      const broken: number[] = [];
      body.forEach((_, r) => { if (!cols.every((c) => flag(c, r)) || cols.reduce((sum, c) => sum + Number(raw[c][r]), 0) !== 1) broken.push(r); });
      if (kinds[prefix] === 'numeric') {
        // The way out of a group a few rows break (brokenGroupError): its columns modelled one by one.
        // A group every row keeps would be broken apart for nothing, and the rows made would break its rule.
        if (broken.length === 0) throw new TableOptionError(`${file}: --type ${prefix}=numeric names the one-hot group '${prefix}' (${cols.map((c) => `'${header[c]}'`).join(', ')}: one 1 on every row), which is one categorical column; modelled one by one as numbers its columns would be made with several 1s or none on a row: leave it categorical, or --drop ${shellWord(prefix)} to leave out all its columns`);
        continue;
      }
      if (broken.length === 0) grouped.set(prefix, cols);
      else if (body.length - broken.length >= MIN_IDENTIFIER_ROWS && fewBroken(broken.length)) throw brokenGroupError(file, body[broken[0]].line, prefix, cols.map((c) => header[c]), cols.map((c) => raw[c][broken[0]]), broken.length, body.length);
    }
  }
  // A --type on a prefix acts only on a one-hot group (categorical: the group; numeric: its columns one
  // by one); on columns that form none it would do nothing, silently.
  for (const [name, kind] of Object.entries(kinds)) {
    if (header.includes(name) || (kind === 'categorical' ? grouped.has(name) : (byPrefix.get(name)?.length ?? 0) >= 2)) continue;
    const cols = header.filter((h) => groupOf(h) === name && !dropped.has(h));
    if (cols.length === 0) continue; // a dropped group's type, as a dropped column's, is moot
    throw new TableOptionError(`${file}: --type ${shellWord(`${name}=${kind}`)} names no column: '${name}' is the prefix of ${cols.map((h) => `'${h}'`).join(', ')}, which form no one-hot group (0/1 columns with one 1 on each row)${options.oneHotGroups === false ? ', and one-hot groups are not being read' : ''}: give each column its own --type (${shellWord(`${cols[0] ?? name}=${kind}`)})`);
  }
  const inGroup = new Map<number, string>();
  for (const [p, cols] of grouped) for (const c of cols) inGroup.set(c, p);

  const columns: Column[] = [];
  const maxLevels = options.maxIntegerLevels ?? 10;
  header.forEach((name, c) => {
    const group = inGroup.get(c);
    if (group !== undefined) {
      const cols = grouped.get(group)!;
      if (cols[0] !== c) return;
      const codes = Int32Array.from(body, (_, r) => cols.findIndex((k) => raw[k][r] === '1' || Number(raw[k][r]) === 1));
      columns.push({ kind: 'categorical', name: group, levels: cols.map((k) => header[k].slice(group.length + 1)), codes, source: 'onehot' });
      return;
    }
    if (dropped.has(name)) return;
    const values = raw[c], blanks = missing[c].filter(Boolean).length;
    if (blanks === body.length) {
      notices.push(`column '${name}' is missing on every row: left out`);
      return;
    }
    let kind = kinds[name];
    // Whole numbers with leading zeros (a zip code '01543', an account code) are codes: as numbers they
    // would be modelled as amounts and written back without their zeros. Codes have one width, and more
    // than a stray padded cell: a typo ('007' among amounts) leaves an amounts column numeric.
    const zeroPadded = kind === undefined && numeric[c] && present[c].every((v) => /^\d+$/.test(v) && v.length === present[c][0].length)
      && present[c].filter((v) => /^0\d/.test(v)).length >= Math.max(2, 0.01 * present[c].length);
    // Whole numbers of more digits than a double keeps (a merchant or account id) would be changed ('…678' read as '…680'): codes.
    const longDigits = kind === undefined && numeric[c] && present[c].find((v) => /^[-+]?\d{16,}$/.test(v) && !Number.isSafeInteger(Number(v)));
    const date = numeric[c] || kind === 'categorical' ? null : dateFormatOf(present[c]);
    // Before the identifier check: distinct amounts with one typo would otherwise look like distinct text.
    // A counter with a few text ids is an identifier all the same (left out below, or kept with --keep).
    const textIds = kind === undefined && blanks === 0 && !numeric[c] && !date && counterWithTextReason(values) !== null;
    if (kind === undefined && !numeric[c] && !date && !(textIds && !keep.has(name))) {
      const text = strayText(present[c], maxLevels);
      if (text) throw strayTextError(file, body[values.findIndex((v, r) => !missing[c][r] && v === text[0])].line, name, text, present[c].length, new Set(values).size === values.length);
      const amongDates = strayAmongDates(present[c]);
      if (amongDates) {
        const first = amongDates.text[0], line = body[values.findIndex((v, r) => !missing[c][r] && v === first)].line;
        const others = amongDates.text.length > 1 ? ` (${amongDates.text.length} cells in all are not dates)` : '';
        throw new Error(`${file}:${line}: column '${name}' holds '${first}'${others}, but ${present[c].length - amongDates.text.length} of its ${present[c].length} cells are dates (${amongDates.format === 'iso' ? 'YYYY-MM-DD' : 'M/D/YYYY'}): correct the file, pass --na ${shellWord(first)} to read such cells as missing, or --type ${shellWord(`${name}=categorical`)} to keep the column as categories`);
      }
    }
    // Distinct dates are a time column (an observation day, a claim date), not row identifiers.
    if (kind === undefined && blanks === 0 && !keep.has(name) && !date) {
      // Long digit strings are told apart as text: as numbers, distinct ids could round to equal ones.
      const reason = longDigits ? (values.length >= MIN_IDENTIFIER_ROWS && new Set(values).size === values.length ? `${values.length} distinct values` : null) : identifierReason(values);
      if (reason) {
        const like = numberLikeText(present[c]);
        notices.push(`column '${name}' looks like a row identifier (${reason}): left out (--keep ${name} to model it)${like ? `; its values are ${like.what} ('${like.example}'): ${like.fix.replace('the numbers', 'them')} to model it as a number` : ''}`);
        return;
      }
      // Distinct whole numbers that are no counter (ids of a sample of rows) may still be amounts: said, not left out.
      const distinct = numeric[c] && !zeroPadded && !longDigits ? distinctWholeNumbersReason(values) : null;
      if (distinct) notices.push(`column '${name}' looks like a row identifier (${distinct}): modelled as a number; --drop ${shellWord(name)} leaves it out, --keep ${shellWord(name)} models it without this notice`);
    }
    if (kind === 'numeric' && !numeric[c] && !date) {
      const bad = body.findIndex((_, r) => !missing[c][r] && !isNumber(values[r]));
      throw new Error(`${file}:${body[bad].line}: column '${name}' is numeric but holds '${values[bad]}'`);
    }
    const distinct = new Set(present[c]);
    if (distinct.size === 1 && blanks === 0) notices.push(`column '${name}' holds '${present[c][0]}' on every row: it tells the rows apart in nothing (--drop ${shellWord(name)} leaves it out)`);
    if (!kind && zeroPadded && numbersAreNumeric(present[c], maxLevels)) notices.push(`column '${name}' holds numbers with leading zeros ('${present[c].find((v) => /^[-+]?0\d/.test(v))}'): read as codes (categories), written back as they are; --type ${shellWord(`${name}=numeric`)} models it as a number`);
    if (longDigits) notices.push(`column '${name}' holds whole numbers of more digits than a number keeps exactly ('${longDigits}'): read as codes (categories), written back as they are; --type ${shellWord(`${name}=numeric`)} models it as a number`);
    if (!kind) kind = date || (numeric[c] && !zeroPadded && !longDigits && numbersAreNumeric(present[c], maxLevels)) ? 'numeric' : 'categorical';
    if (kind === 'numeric') {
      const parse = (v: string) => (date ? parseDate(v, date)! : Number(v));
      // The median of every row: a split fills the blanks again from its training rows (fill.ts).
      const fill = blanks > 0 ? medianOf(present[c].map(parse)) : 0;
      const v = Float64Array.from(values, (cell, r) => (missing[c][r] ? fill : parse(cell)));
      // Whole numbers or not as the observed cells are: a median between two of them fills blanks only.
      const integer = v.every((x, r) => missing[c][r] || Number.isInteger(x));
      // Recorded for fractions only: whole numbers are written rounded (and their model files stay as they were).
      const decimals = date || integer ? undefined : decimalsOf(present[c]);
      columns.push({ kind, name, values: v, integer, ...(date ? { date } : {}), ...(decimals !== undefined ? { decimals } : {}) });
      const dotted = kinds[name] === undefined && decimals === 3 ? dotThousands(present[c]) : null;
      if (dotted) notices.push(`column '${name}' holds numbers such as '${dotted.fraction}' beside whole numbers below 1000 ('${dotted.whole}'): read with '.' as the decimal point; if '.' separates thousands there, write the numbers without separators`);
      if (blanks > 0 && header.includes(`${name}_missing`) && !dropped.has(`${name}_missing`)) {
        // The flag would take the name of a column of the file: the two would be confused when encoding.
        throw new Error(`${file}:1: column '${name}' has ${blanks} missing cell${blanks === 1 ? '' : 's'}, flagged in a column '${name}_missing' that gangrad adds, but the file already has a column '${name}_missing': rename that column, or --drop ${shellWord(`${name}_missing`)} (or fill the missing cells of '${name}')`);
      }
      if (blanks > 0) {
        // Imputation alone would hide which values were made up: the flag keeps that, as a column of its own.
        columns.push({ kind: 'categorical', name: `${name}_missing`, levels: [...FLAG_LEVELS], codes: Int32Array.from(missing[c], (m) => (m ? 1 : 0)), source: 'missing', flags: name });
        notices.push(`column '${name}': ${blanks} missing cells filled with the median of the training rows, flagged in '${name}_missing'`);
      }
    } else {
      // Numbers as levels sort numerically, text alphabetically: a stable order the model file records.
      const levels = [...distinct].sort(numeric[c] && !zeroPadded ? (a, b) => Number(a) - Number(b) : undefined);
      const like = numbersAndText(present[c]);
      if (kinds[name] === undefined && levels.length > maxLevels && like) {
        notices.push(`column '${name}' holds ${like.what} ('${like.example}'): read as text, ${levels.length} categories; ${like.fix} to model it as a number`);
      }
      if (blanks > 0) {
        levels.push(MISSING_LEVEL);
        notices.push(`column '${name}': ${blanks} missing cells are the level '${MISSING_LEVEL}'`);
      }
      const index = new Map(levels.map((l, i) => [l, i]));
      columns.push({ kind: 'categorical', name, levels, codes: Int32Array.from(values, (v, r) => index.get(missing[c][r] ? MISSING_LEVEL : v)!), source: 'text' });
    }
  });
  return { file, rows: body.length, columns, header, notices, lines: Int32Array.from(body, (r) => r.line) };
}

/**
 * Numbers written as text, each with what they look like and how to write them as numbers: read as
 * text, each amount would be its own category (or, all distinct, an identifier).
 */
const NUMBER_LIKE_TEXT: { pattern: RegExp; what: string; fix: string; example?: (like: string[]) => string }[] = [
  { pattern: /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/, what: 'numbers with thousands separators', fix: 'write the numbers without separators' },
  { pattern: /^[-+]?[$€£¥]\s?[\d,]*\d(\.\d+)?$|^[-+]?[\d,]*\d(\.\d+)?\s?[$€£¥]$/, what: 'money amounts with a currency sign', fix: 'write the numbers without the currency sign (and without thousands separators)' },
  { pattern: /^[-+]?\d+(\.\d+)?\s?%$/, what: 'percentages with a % sign', fix: 'write the numbers without the % sign' },
  { pattern: /^[-+]?\d+,\d+$/, what: 'numbers with a decimal comma', fix: 'write the numbers with a decimal point' },
  { pattern: /^[-+]?\d{1,3}([ \u00a0\u202f']\d{3})+([.,]\d+)?$/, what: 'numbers with spaces or apostrophes between digit groups', fix: 'write the numbers without separators' },
  { pattern: /^\([$€£¥]?[\d,]*\d(\.\d+)?\)$/, what: 'negative amounts in parentheses', fix: 'write negative numbers with a minus sign' },
  { pattern: /^[\u2212\u2012\u2013]\d*\.?\d+$/, what: 'numbers with a typographic minus sign', fix: "write the minus as '-'" },
  // Its example a date no month can start (13/01/2020), not one M/D/YYYY reads as well (01/01/2020).
  { pattern: /^\d{1,2}[./-]\d{1,2}[./-]\d{4}$/, what: 'dates not in YYYY-MM-DD or M/D/YYYY form (day first?)', fix: 'write the dates as YYYY-MM-DD', example: (like) => like.find((v) => Number(v.split(/[./-]/)[0]) > 12) ?? like[0] },
];

/**
 * What `cells` look like when at least half of them are numbers, plain or written as text ("1,169",
 * "$198.51", "28.1%", "1234,56", "(1,200)"), with a text one, or null. Plain numbers count: amounts
 * under 1,000 have no separator, and only the negative ones of a column have parentheses.
 */
function numberLikeText(cells: string[]): { example: string; what: string; fix: string } | null {
  const numbers = cells.filter(isNumber).length;
  for (const { pattern, what, fix, example } of NUMBER_LIKE_TEXT) {
    const like = cells.filter((v) => !isNumber(v) && pattern.test(v.trim()));
    if (like.length > 0 && like.length + numbers >= 0.5 * cells.length) return { example: example ? example(like) : like[0], what, fix };
  }
  return null;
}

/**
 * {@link numberLikeText}, or, when at least half of `cells` are numbers, their share with a text cell of
 * no known form: such a column made into categories would otherwise be made so without a word.
 */
function numbersAndText(cells: string[]): { example: string; what: string; fix: string } | null {
  const like = numberLikeText(cells);
  if (like) return like;
  const numbers = cells.filter(isNumber).length, text = cells.find((v) => !isNumber(v));
  return text !== undefined && numbers >= 0.5 * cells.length ? { example: text, what: `numbers (${numbers} of ${cells.length} cells) and text`, fix: 'write the text cells as plain numbers (or pass --na for a missing-value marker)' } : null;
}

/**
 * A fraction and a whole number of `cells` when they read as amounts with '.' between thousands (1.169
 * for 1169 beside 841): every fraction has 1–3 digits before the point (none 0) and 3 after, and some
 * cells are whole numbers. Read as decimals, such amounts would be a thousand times too small, silently.
 */
function dotThousands(cells: string[]): { fraction: string; whole: string } | null {
  const fractions = cells.filter((v) => v.includes('.')), whole = cells.find((v) => /^[-+]?\d+$/.test(v));
  if (whole === undefined || fractions.length === 0 || !fractions.every((v) => /^[-+]?[1-9]\d{0,2}\.\d{3}$/.test(v))) return null;
  return { fraction: fractions[0], whole };
}

/** The most decimals among `cells` (numbers), or undefined when one is in exponent notation (1e-5). */
function decimalsOf(cells: string[]): number | undefined {
  let most = 0;
  for (const v of cells) {
    const m = /^[-+]?\d*(?:\.(\d*))?$/.exec(v.trim());
    if (!m) return undefined;
    most = Math.max(most, m[1]?.length ?? 0);
  }
  return most;
}

/** Read and parse a CSV table from disk; also returns the file's SHA-256 (recorded in model files). */
export function loadTable(file: string, options: TableOptions = {}): Table & { sha256: string } {
  const { fs, crypto } = nodeModules('loadTable');
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new Error(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  // Line breaks read as \n, inside quoted cells too: a copy saved with Windows line endings is the same
  // data (as the model's checksum check accepts it), so its cells must read the same.
  const text = utf8Text(bytes, file).replace(/\r\n/g, '\n');
  return { ...parseTable(text, file, options), sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
}

/**
 * The file's bytes as UTF-8 text. A byte that is not UTF-8 (a file saved as Latin-1, Windows-1252 or
 * UTF-16) is an error naming its line: decoded leniently, 'Köln' would become 'K�ln' in the model and its rows.
 */
const utf16Error = (file: string) => new Error(`${file}: the file is UTF-16 text; tables are read as UTF-8: save it as UTF-8 (in Excel: CSV UTF-8)`);

function utf8Text(bytes: Uint8Array, file: string): string {
  // UTF-16 without a byte-order mark: a NUL beside each ASCII letter of the header.
  if (bytes.length >= 4 && ((bytes[1] === 0 && bytes[3] === 0) || (bytes[0] === 0 && bytes[2] === 0))) throw utf16Error(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) throw utf16Error(file);
    // The text before the first bad byte decodes as it is: its UTF-8 length is that byte's offset (the
    // byte-order mark kept, so that it counts; a U+FFFD the file really holds skipped).
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), encoder = new TextEncoder();
    let at = -1;
    for (let i = text.indexOf('\uFFFD'); i >= 0 && at < 0; i = text.indexOf('\uFFFD', i + 1)) {
      const offset = encoder.encode(text.slice(0, i)).length;
      if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) at = offset;
    }
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    const byte = bytes[at];
    throw new Error(`${file}:${line}: byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} is not UTF-8 (a file saved as Latin-1 or Windows-1252?): save it as UTF-8 (in Excel: CSV UTF-8)`);
  }
  // A NUL elsewhere would sit in a cell unseen, making a level of its own.
  if (text.includes('\0')) {
    const at = text.indexOf('\0');
    throw new Error(`${file}:${text.slice(0, at).split('\n').length}: a NUL byte (0x00): the file is not CSV text (binary, or a damaged copy?)`);
  }
  return text;
}

/** The column named `name`, or an error listing what exists. */
export function column(table: Table, name: string): Column {
  const c = table.columns.find((col) => col.name === name);
  if (!c) throw new Error(`${table.file}: no column '${name}' (columns: ${table.columns.map((col) => col.name).join(', ')})`);
  return c;
}

/** The rows at `indices`, as a new table over the same columns. */
export function selectRows(table: Table, indices: ArrayLike<number>): Table {
  const pick = <T extends Float64Array | Int32Array>(a: T): T => {
    const out = new (a.constructor as { new(n: number): T })(indices.length);
    for (let i = 0; i < indices.length; i++) out[i] = a[indices[i]];
    return out;
  };
  return {
    ...table,
    rows: indices.length,
    columns: table.columns.map((c) => (c.kind === 'numeric' ? { ...c, values: pick(c.values) } : { ...c, codes: pick(c.codes) })),
    ...(table.lines ? { lines: pick(table.lines) } : {}),
  };
}

/**
 * CSV text of a table, in the header order it was read with (one-hot groups written back as 0/1
 * columns, dates in their format, missing cells blank: a numeric column's where its flag says missing).
 */
export function formatTable(table: Table): string {
  const cells: string[][] = [];
  const names: string[] = [];
  const flagOf = new Map<string, CategoricalColumn>();
  for (const c of table.columns) if (c.kind === 'categorical' && c.source === 'missing' && c.flags) flagOf.set(c.flags, c);
  for (const c of table.columns) {
    if (c.kind === 'numeric') {
      const flag = flagOf.get(c.name);
      // No more decimals than the cells read had (a price of 198.51 is not written 198.5137); 7 digits without that record.
      const write = (v: number) => (c.date ? formatDate(v, c.date) : c.integer ? String(Math.round(v)) : c.decimals !== undefined ? String(Number(v.toFixed(Math.min(c.decimals, 20)))) : String(Number(v.toPrecision(7))));
      names.push(c.name);
      cells.push(Array.from(c.values, (v, r) => (flag && flag.levels[flag.codes[r]] === FLAG_LEVELS[1] ? '' : write(v))));
    } else if (c.source === 'onehot') {
      c.levels.forEach((level, l) => {
        names.push(`${c.name}.${level}`);
        cells.push(Array.from(c.codes, (k) => (k === l ? '1' : '0')));
      });
    } else if (c.source === 'text') {
      names.push(c.name);
      cells.push(Array.from(c.codes, (k) => (c.levels[k] === MISSING_LEVEL ? '' : c.levels[k])));
    }
  }
  const order = table.header.filter((h) => names.includes(h));
  for (const n of names) if (!order.includes(n)) order.push(n);
  const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const index = order.map((n) => names.indexOf(n));
  const lines = [order.map(quote).join(',')];
  for (let r = 0; r < table.rows; r++) lines.push(index.map((i) => quote(cells[i][r])).join(','));
  return lines.join('\n') + '\n';
}
