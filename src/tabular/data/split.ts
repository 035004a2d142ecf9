/**
 * The out-of-time split fraud teams use: fit on the past, score the next period. Rows whose value of
 * the split column is at least `testFrom` are the test part, the rest the training part; the split
 * column itself is left out of both (its test values were never seen in training, and within a
 * period it is constant). Every check runs before anything is fitted or written.
 */
import { MISSING_LEVEL, type CategoricalColumn, type Table } from './table.js';

/** A split or target that cannot give an evaluation (bad `--split-by`, one class, a class missing from a part). */
export class SplitError extends Error {}

/** Where {@link timeSplit} cuts the table: `--split-by COLUMN --test-from VALUE`. */
export interface TimeSplitOptions {
  /** The column that orders rows in time (a year, a month number, a date). */
  column: string;
  /** First value of the test period (compared as a number or date when the column holds those, else as text). */
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

/** The value of row `r` of `table`'s column, as a number where it is one (numeric columns, numeric levels), else as text. */
function orderKeys(table: Table, name: string): (number | string)[] {
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
  if (c.kind === 'numeric') return Array.from(c.values);
  const numeric = c.levels.every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  // Text is compared character by character: right for periods that start with the year (1996-01,
  // 1996Q1), wrong for month names or any other words, which would split the table silently at random.
  if (!numeric && !c.levels.every((l) => /^\d{4}(\D|$)/.test(l.trim()))) {
    const shown = c.levels.slice(0, 4).map((l) => `'${l}'`).join(', ') + (c.levels.length > 4 ? ', …' : '');
    throw new SplitError(`${table.file}: --split-by '${name}' holds text (${shown}), which has no time order: split by a column of numbers (a year), dates (YYYY-MM-DD or M/D/YYYY) or periods that start with the year (1996-01, 1996Q1)`);
  }
  return Array.from(c.codes, (k) => (numeric ? Number(c.levels[k]) : c.levels[k]));
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
  if (new Set(t.codes).size < 2) throw new SplitError(`${table.file}: the target '${target}' has one class only ('${t.levels[t.codes[0]]}'): nothing to tell apart`);
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
  throw new SplitError(`${where}: class '${t.levels[lone]}' of '${t.name}' is on this row only, too few to both train and test on (a value in the wrong column?): correct the row or leave it out`);
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
      throw new SplitError(`${table.file}: the ${part} (${rows.length} rows) has no row of class '${t.levels[k]}' of '${target}'${where}`);
    }
  }
}

/** The out-of-time split of `table`: test rows are those with `column` ≥ `testFrom`. */
export function timeSplit(table: Table, target: string, options: TimeSplitOptions): RowSplit {
  const keys = orderKeys(table, options.column);
  const numeric = typeof keys[0] === 'number';
  let from: number | string = options.testFrom;
  const c = table.columns.find((col) => col.name === options.column)!;
  if (numeric) {
    const parsed = c.kind === 'numeric' && c.date ? Date.parse(`${options.testFrom}T00:00:00Z`) / 86_400_000 : Number(options.testFrom);
    // Date.parse rolls a day the calendar lacks over (1996-02-30 is March 1st): refused instead.
    const calendarDay = !(c.kind === 'numeric' && c.date) || (Number.isFinite(parsed) && new Date(parsed * 86_400_000).toISOString().slice(0, 10) === options.testFrom.trim());
    if (options.testFrom.trim() === '' || !Number.isFinite(parsed) || !calendarDay) throw new SplitError(`--test-from must be a ${c.kind === 'numeric' && c.date ? 'date (YYYY-MM-DD)' : 'number'} for column '${options.column}', got '${options.testFrom}'`);
    from = parsed;
  }
  const split: RowSplit = { train: [], test: [] };
  keys.forEach((k, r) => (k >= from ? split.test : split.train).push(r));
  if (split.test.length === 0 || split.train.length === 0) {
    // An empty part: say where the column's values lie, so that another --test-from can be chosen.
    const shown = (k: number | string) => (c.kind === 'numeric' && c.date ? new Date(Number(k) * 86_400_000).toISOString().slice(0, 10) : String(k));
    const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const part = split.test.length === 0 ? `test part (${options.column} ≥ ${options.testFrom})` : `training part (${options.column} < ${options.testFrom})`;
    throw new SplitError(`${table.file}: the ${part} has no rows (${options.column} runs from ${shown(sorted[0])} to ${shown(sorted[sorted.length - 1])})`);
  }
  checkParts(table, target, split, { train: `training part (${options.column} < ${options.testFrom})`, test: `test part (${options.column} ≥ ${options.testFrom})` });
  return split;
}

/**
 * A detector scores one rare class against the normal one: a target with a third class (a few stray
 * labels, often) would make the stray class the one scored. The error counts each class and names the
 * lines of the rarest.
 */
export function checkTwoClasses(table: Table, target: string): void {
  const t = checkTarget(table, target);
  const counts = t.levels.map((_, l) => t.codes.filter((k) => k === l).length);
  if (counts.filter((n) => n > 0).length <= 2) return;
  const rarest = counts.indexOf(Math.min(...counts.filter((n) => n > 0)));
  const rows = Array.from(t.codes.keys()).filter((r) => t.codes[r] === rarest).slice(0, 5);
  const lines = table.lines ? `lines ${rows.map((r) => table.lines![r]).join(', ')}${counts[rarest] > 5 ? ', …' : ''}` : `rows ${rows.map((r) => r + 1).join(', ')}`;
  throw new SplitError(`${table.file}: the target '${target}' has ${counts.filter((n) => n > 0).length} classes (${t.levels.map((l, i) => `'${l}': ${counts[i]} rows`).join(', ')}): a detector scores one rare class against the normal rows; the rarest, '${t.levels[rarest]}', is on ${lines} — correct or leave out those rows`);
}

/** The rarer class of `table`'s target among the classes it has rows of. */
export function rarerClass(table: Table, target: string): string {
  const t = table.columns.find((c) => c.name === target) as CategoricalColumn;
  const counts = t.levels.map((_, l) => t.codes.filter((k) => k === l).length);
  return t.levels[counts.indexOf(Math.min(...counts.filter((c) => c > 0)))];
}

/** The table without column `name` (the split column, which must not be a feature). */
export function withoutColumn(table: Table, name: string): Table {
  return { ...table, columns: table.columns.filter((c) => c.name !== name) };
}
