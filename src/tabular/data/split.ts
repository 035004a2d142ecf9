/**
 * The out-of-time split fraud teams use: fit on the past, score the next period. Rows whose value of
 * the split column is at least `testFrom` are the test part, the rest the training part; the split
 * column itself is left out of both (its test values were never seen in training, and within a
 * period it is constant). Every check runs before anything is fitted or written.
 */
import { formatDate, parseDate } from './dates.js';
import { fillMissing } from './fill.js';
import { levelList, quoteLevel } from './levels.js';
import { MISSING_LEVEL, selectRows, type CategoricalColumn, type Table } from './table.js';

/** A split or target that cannot give an evaluation (bad `--split-by`, one class, a class missing from a part). */
export class SplitError extends Error {}

/** Where {@link timeSplit} cuts the table: `--split-by COLUMN --test-from VALUE`. */
export interface TimeSplitOptions {
  /** The column that orders rows in time (a year, a month number, a date). */
  column: string;
  /**
   * First value of the test period, in the column's format: a number, a date (YYYY-MM-DD), a month
   * (YYYY-MM) or a quarter (YYYYQn), compared in time order; any other text is refused.
   */
  testFrom: string;
  /**
   * First value of a validation period inside the training part (before `testFrom`): where the fraud
   * evaluation chooses how many minority rows each oversampler adds, with a GAN fitted on the periods
   * before it. None: every oversampler balances the classes.
   */
  validateFrom?: string;
}

/** Row indices of the two parts, ascending. */
export interface RowSplit {
  train: number[];
  test: number[];
}

/**
 * Periods written as text, each with its time order: the key of a value (months, quarters or days
 * counted from year 0), or null when the value is not one. A text column must hold one of these
 * throughout, and --test-from the same: text compared character by character puts 2003-10 before
 * 2003-9 and '2003-07' anywhere among quarters, a split that would go on silently wrong.
 */
const PERIODS: { name: string; key: (v: string) => number | null }[] = [
  { name: 'month (YYYY-MM)', key: (v) => {
    const m = /^(\d{4})-(\d{1,2})$/.exec(v);
    return m && +m[2] >= 1 && +m[2] <= 12 ? +m[1] * 12 + +m[2] - 1 : null;
  } },
  { name: 'quarter (YYYYQn)', key: (v) => {
    const m = /^(\d{4})-?[Qq]([1-4])$/.exec(v);
    return m ? +m[1] * 4 + +m[2] - 1 : null;
  } },
  { name: 'date (YYYY-MM-DD)', key: (v) => parseDate(v, 'iso') },
  { name: 'date (M/D/YYYY)', key: (v) => parseDate(v, 'mdy') },
];

/** A value's layout: its digits as 9s, everything else as it is ('2003-01-10 10:00' → '9999-99-99 99:99'). */
const layoutOf = (v: string) => v.replace(/\d/g, '9');

/**
 * Year-first text of one fixed layout (timestamps '2003-01-10 10:00:00', weeks '2003-W05', halves
 * '2003H1'): digits in the same places and the same characters between them, so that text order is time
 * order. Its key is a value's rank among the column's values; null for a value of another layout, or a
 * column that is not of one.
 */
function yearFirstLayout(levels: readonly string[]): { name: string; key: (v: string) => number | null } | undefined {
  const values = [...new Set(levels.map((l) => l.trim()))].sort();
  const layout = layoutOf(values[0] ?? '');
  if (!layout.startsWith('9999') || !values.every((v) => layoutOf(v) === layout)) return undefined;
  const rank = (v: string) => { // how many of the values sort before v
    let lo = 0, hi = values.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (values[mid] < v) lo = mid + 1; else hi = mid; }
    return lo;
  };
  return { name: `year-first text laid out as '${values[0]}'`, key: (v) => (layoutOf(v) === layout ? rank(v) : null) };
}

/** What a split column's values are ordered as: a key per value (null: not one), and the words for messages. */
interface PeriodScale {
  what: string;
  /** A value of the column, shown when a value given for it is in another format. */
  example?: string;
  key: (v: string) => number | null;
  /** A key written as the column writes it. */
  show: (k: number) => string;
}

/** A number (`1996`, `3.5`), or null. */
const numberKey = (v: string) => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

/** Each row's order key of `table`'s split column, and how values given for it (--test-from) are read. */
function orderKeys(table: Table, name: string): { keys: number[]; scale: PeriodScale } {
  const c = table.columns.find((col) => col.name === name);
  if (!c) {
    const leftOut = table.header?.includes(name) ? `, which was left out (a row identifier, or --drop): --keep ${name} keeps it` : ', which is not in the table';
    throw new SplitError(`${table.file}: --split-by names column '${name}'${leftOut} (columns: ${table.columns.map((col) => col.name).join(', ')})`);
  }
  // A row without a period cannot be put before or after --test-from: the loader would have given it
  // the median (numbers) or a level '(missing)' compared as text, and the split would go on silently.
  const flags = table.columns.find((col) => col.kind === 'categorical' && col.source === 'missing' && col.flags === name) as CategoricalColumn | undefined;
  const missingLevel = c.kind === 'categorical' ? c.levels.indexOf(MISSING_LEVEL) : -1;
  const blank = flags ? flags.codes.indexOf(1) : missingLevel >= 0 ? (c as CategoricalColumn).codes.indexOf(missingLevel) : -1;
  if (blank >= 0) {
    const where = table.lines ? `${table.file}:${table.lines[blank]}` : `${table.file}: row ${blank + 1}`;
    throw new SplitError(`${where}: the --split-by column '${name}' is blank on this row: every row needs its period to fall before or after --test-from (correct the row, or leave it out of the file)`);
  }
  if (c.kind === 'numeric' && c.date) {
    const format = c.date;
    // A date is given as YYYY-MM-DD (or in the column's own format); parseDate refuses 1996-02-30.
    const scale = { what: format === 'iso' ? 'date (YYYY-MM-DD)' : 'date (YYYY-MM-DD or M/D/YYYY, as the column)', key: (v: string) => parseDate(v.trim(), 'iso') ?? parseDate(v.trim(), format), show: (k: number) => formatDate(k, format) };
    return { keys: Array.from(c.values), scale };
  }
  const numbers: PeriodScale = { what: 'number', key: numberKey, show: String };
  if (c.kind === 'numeric') return { keys: Array.from(c.values), scale: numbers };
  if (c.levels.every((l) => numberKey(l) !== null)) return { keys: Array.from(c.codes, (k) => Number(c.levels[k])), scale: numbers };
  const period = PERIODS.find((p) => c.levels.every((l) => p.key(l.trim()) !== null)) ?? yearFirstLayout(c.levels);
  if (!period) {
    const shown = levelList(c.levels.slice(0, 4)) + (c.levels.length > 4 ? ', …' : '');
    throw new SplitError(`${table.file}: --split-by '${name}' holds text (${shown}), which has no time order: split by a column of numbers (a year: 1996), dates (YYYY-MM-DD or M/D/YYYY), months (YYYY-MM: 1996-01, or 1996-1), quarters (YYYYQn: 1996Q1) or year-first text of one fixed layout (1996-01-10 09:30:00, 1996-W05), one format throughout the column`);
  }
  const byKey = new Map<number, string>();
  const levelKeys = c.levels.map((l) => {
    const k = period.key(l.trim())!;
    if (!byKey.has(k)) byKey.set(k, l);
    return k;
  });
  // A date is given in either layout, as for a column read as dates (both count days the same way).
  const isDate = period.name.startsWith('date');
  const given = isDate ? (v: string) => parseDate(v, 'iso') ?? parseDate(v, 'mdy') : period.key;
  const what = isDate ? 'date (YYYY-MM-DD or M/D/YYYY)' : period.name;
  const scale = { what, example: c.levels[0], key: (v: string) => given(v.trim()), show: (k: number) => byKey.get(k) ?? String(k) };
  return { keys: Array.from(c.codes, (k) => levelKeys[k]), scale };
}

/** The order key of `value`, given by `flag` for the split column: a value in another format than the column's is a usage error. */
function periodKey(scale: PeriodScale, column: string, flag: string, value: string): number {
  const k = value.trim() === '' ? null : scale.key(value);
  if (k === null) throw new SplitError(`${flag} must be a ${scale.what} for column '${column}'${scale.example !== undefined ? ` (its values look like '${scale.example}')` : ''}, got '${value}'`);
  return k;
}

/**
 * The target column, checked: present, categorical, with at least two classes among the rows, none of
 * them on one row alone.
 */
export function checkTarget(table: Table, target: string): CategoricalColumn {
  const t = table.columns.find((c) => c.name === target);
  if (!t) {
    // In the file but left out (a row identifier, or --drop), as --split-by says of its column.
    if (table.header?.includes(target)) throw new SplitError(`${table.file}: --target names column '${target}', which was left out (a row identifier, or --drop): --keep ${target} keeps it`);
    throw new SplitError(`${table.file}: no column '${target}' for --target (columns: ${table.columns.map((c) => c.name).join(', ')})`);
  }
  if (t.kind !== 'categorical') throw new SplitError(`${table.file}: the target '${target}' must be categorical (use --type ${target}=categorical)`);
  const blank = t.levels.indexOf(MISSING_LEVEL);
  if (blank >= 0) {
    const rows = Array.from(t.codes.keys()).filter((r) => t.codes[r] === blank);
    const where = rows.slice(0, 5).map((r) => (table.lines ? `line ${table.lines[r]}` : `row ${r + 1}`)).join(', ') + (rows.length > 5 ? ` and ${rows.length - 5} more` : '');
    throw new SplitError(`${table.file}: the target '${target}' is blank (or a missing-value marker) on ${rows.length} row${rows.length > 1 ? 's' : ''} (${where}): a row without a class can be neither trained on nor scored; fill those cells or leave the rows out`);
  }
  // A level no row has (a one-hot column of zeros): the generator could not be conditioned on it.
  const counts = new Int32Array(t.levels.length);
  for (const k of t.codes) counts[k]++;
  const none = counts.indexOf(0);
  if (none >= 0) {
    const where = t.source === 'onehot' ? ` (its column '${t.name}.${t.levels[none]}' is 0 on every row)` : '';
    throw new SplitError(`${table.file}: the target '${target}' has a class ${quoteLevel(t.levels[none])} that no row has${where}: a class without rows can be neither trained on nor sampled${t.source === 'onehot' ? `; --drop ${t.name}.${t.levels[none]} leaves it out` : ''}`);
  }
  if (new Set(t.codes).size < 2) throw new SplitError(`${table.file}: the target '${target}' has one class only (${quoteLevel(t.levels[t.codes[0]])}): nothing to tell apart`);
  checkNoLoneClass(table, t);
  return t;
}

/**
 * A class on one row cannot be both trained on and tested on, whichever the split. It is most often a
 * value shifted into the class column, so the error names that row's line where the table knows it.
 */
function checkNoLoneClass(table: Table, t: CategoricalColumn): void {
  const counts = new Int32Array(t.levels.length);
  for (const k of t.codes) counts[k]++;
  const lone = counts.indexOf(1);
  if (lone < 0) return;
  const row = t.codes.indexOf(lone);
  const where = table.lines ? `${table.file}:${table.lines[row]}` : `${table.file}: row ${row + 1}`;
  throw new SplitError(`${where}: class ${quoteLevel(t.levels[lone])} of '${t.name}' is on this row only, too few to both train and test on (a value in the wrong column?): correct the row or leave it out`);
}

/** Check the target (see {@link checkTarget}) and that each part has rows of every class. */
export function checkParts(table: Table, target: string, split: RowSplit, describe: { train: string; test: string }): void {
  const t = checkTarget(table, target);
  const used = new Set(t.codes);
  for (const [part, rows] of [[describe.train, split.train], [describe.test, split.test]] as const) {
    if (rows.length === 0) throw new SplitError(`${table.file}: the ${part} has no rows`);
    const seen = new Set(rows.map((r) => t.codes[r]));
    for (const k of used) {
      if (seen.has(k)) continue;
      // A class of a few rows is most often a stray label: name where they are.
      const all = Array.from(t.codes.keys()).filter((r) => t.codes[r] === k);
      const where = all.length <= 5 && table.lines ? ` (its ${all.length} row${all.length === 1 ? ' is on line' : 's are on lines'} ${all.map((r) => table.lines![r]).join(', ')}: a stray label? correct or leave out ${all.length === 1 ? 'that row' : 'those rows'})` : '';
      throw new SplitError(`${table.file}: the ${part} (${rows.length} rows) has no row of class ${quoteLevel(t.levels[k])} of '${target}'${where}`);
    }
  }
}

/** The out-of-time split of `table`: test rows are those with `column` ≥ `testFrom`. */
export function timeSplit(table: Table, target: string, options: TimeSplitOptions): RowSplit {
  // Split by its own class, one part would hold one class only: said as such, not as a part lacking a class.
  if (options.column === target) throw new SplitError(`${table.file}: --split-by names the target '${target}': split by a column of periods (a date, month or year), not by the class`);
  const { keys, scale } = orderKeys(table, options.column);
  const from = periodKey(scale, options.column, '--test-from', options.testFrom);
  if (options.validateFrom !== undefined) {
    // Compared in the column's time order, as the split itself is (2003-9 comes before 2003-10).
    if (periodKey(scale, options.column, '--validate-from', options.validateFrom) >= from) {
      throw new SplitError(`--validate-from ${options.validateFrom} must come before --test-from ${options.testFrom}: the validation period is the end of the training part`);
    }
  }
  const split: RowSplit = { train: [], test: [] };
  keys.forEach((k, r) => (k >= from ? split.test : split.train).push(r));
  if (split.test.length === 0 || split.train.length === 0) {
    // An empty part: say where the column's values lie, so that another --test-from can be chosen.
    const sorted = [...keys].sort((a, b) => a - b);
    const part = split.test.length === 0 ? `test part (${options.column} ≥ ${options.testFrom})` : `training part (${options.column} < ${options.testFrom})`;
    throw new SplitError(`${table.file}: the ${part} has no rows (${options.column} runs from ${scale.show(sorted[0])} to ${scale.show(sorted[sorted.length - 1])})`);
  }
  checkParts(table, target, split, { train: `training part (${options.column} < ${options.testFrom})`, test: `test part (${options.column} ≥ ${options.testFrom})` });
  return split;
}

/**
 * A detector scores one rare class against the normal one: a target with a third class (a few stray
 * labels, often) would make the stray class the one scored. The error counts each class and names the
 * lines of the rarest; a target of several real classes is no detector's: it asks for a two-class one.
 */
export function checkTwoClasses(table: Table, target: string): void {
  const t = checkTarget(table, target);
  const counts = t.levels.map((_, l) => t.codes.filter((k) => k === l).length);
  if (counts.filter((n) => n > 0).length <= 2) return;
  const rarest = counts.indexOf(Math.min(...counts.filter((n) => n > 0)));
  const rows = Array.from(t.codes.keys()).filter((r) => t.codes[r] === rarest).slice(0, 5);
  const lines = table.lines ? `lines ${rows.map((r) => table.lines![r]).join(', ')}${counts[rarest] > 5 ? ', …' : ''}` : `rows ${rows.map((r) => r + 1).join(', ')}`;
  throw new SplitError(`${table.file}: the target '${target}' has ${counts.filter((n) => n > 0).length} classes (${t.levels.map((l, i) => `${quoteLevel(l)}: ${counts[i]} rows`).join(', ')}): a detector scores one rare class against the normal rows; the rarest, ${quoteLevel(t.levels[rarest])}, is on ${lines} — correct or leave out those rows; or, if all ${counts.filter((n) => n > 0).length} classes are real, choose a target of two classes (--target), one of them the rare one to detect`);
}

/** The rarer class of `table`'s target among the classes it has rows of. */
export function rarerClass(table: Table, target: string): string {
  const t = table.columns.find((c) => c.name === target) as CategoricalColumn;
  const counts = t.levels.map((_, l) => t.codes.filter((k) => k === l).length);
  return t.levels[counts.indexOf(Math.min(...counts.filter((c) => c > 0)))];
}

/**
 * The training and held-out parts of `table` as tables, blank numeric cells in both filled with the
 * median of the training rows' observed cells (fill.ts): the held-out values stay out of fitting.
 */
export function tableParts(table: Table, split: RowSplit): { train: Table; test: Table } {
  const filled = fillMissing(table, split.train);
  return { train: selectRows(filled, split.train), test: selectRows(filled, split.test) };
}

/** The table without column `name` (the split column, which must not be a feature). */
export function withoutColumn(table: Table, name: string): Table {
  return { ...table, columns: table.columns.filter((c) => c.name !== name) };
}

/**
 * Notices on classes of the target written alike but for case ('Good' and 'good'): most often one class
 * written two ways, which would train and score as two (the rarer made the class scored).
 */
export function classCaseNotices(table: Table, target: string): string[] {
  const t = table.columns.find((c) => c.name === target);
  if (!t || t.kind !== 'categorical') return [];
  const counts = t.levels.map((_, l) => t.codes.filter((k) => k === l).length);
  const byLower = new Map<string, number[]>();
  t.levels.forEach((level, l) => byLower.set(level.toLowerCase(), [...(byLower.get(level.toLowerCase()) ?? []), l]));
  return [...byLower.values()].filter((ls) => ls.length > 1).map((ls) =>
    `classes ${ls.map((l) => `${quoteLevel(t.levels[l])} (${counts[l]} rows)`).join(' and ')} of '${target}' differ only in case: they are kept as ${ls.length} classes (one class written ${ls.length} ways? write it one way in the file)`);
}
