/**
 * The value a numeric column's blank cells hold: the median of its observed cells in the training rows.
 * The loader fills blanks with the median of every row; once the rows are split, {@link fillMissing}
 * fills them again from the training rows alone, so the held-out rows' values never reach the
 * training features (nor, through the fill, the distances and classifiers of the evaluation).
 */
import type { CategoricalColumn, Column, Table } from './table.js';

/** The code of a missing flag's level `missing` (levels `present`, `missing`: table.ts's FLAG_LEVELS). */
const MISSING_CODE = 1;

/** The median of `values` (not empty). */
export function medianOf(values: ArrayLike<number>): number {
  const s = Float64Array.from(values).sort(), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The value blank cells of a column take when `rows` observe none of its cells: there is nothing to take a median of. */
export const FILL_WITHOUT_OBSERVED_CELLS = 0;

/**
 * The value each numeric column with blank cells (those its flag `NAME_missing` marks) takes: the
 * median of the column's observed cells among `rows` (row indices of `table`: the training rows), or
 * {@link FILL_WITHOUT_OBSERVED_CELLS} where `rows` observe none. Keyed by column name.
 */
export function missingFills(table: Table, rows: ArrayLike<number>): Map<string, number> {
  const fills = new Map<string, number>();
  for (const c of table.columns) {
    const flag = flagOf(table, c);
    if (c.kind !== 'numeric' || !flag) continue;
    const observed: number[] = [];
    for (let i = 0; i < rows.length; i++) if (flag.codes[rows[i]] !== MISSING_CODE) observed.push(c.values[rows[i]]);
    fills.set(c.name, observed.length > 0 ? medianOf(observed) : FILL_WITHOUT_OBSERVED_CELLS);
  }
  return fills;
}

/**
 * `table` with the blank cells of each column named in `fills` set to its value (cells not blank are
 * kept). Columns without blanks are shared with `table`, not copied.
 */
export function withFills(table: Table, fills: ReadonlyMap<string, number>): Table {
  const columns = table.columns.map((c): Column => {
    const flag = flagOf(table, c), fill = fills.get(c.name);
    if (c.kind !== 'numeric' || !flag || fill === undefined || !flag.codes.includes(MISSING_CODE)) return c;
    return { ...c, values: Float64Array.from(c.values, (v, r) => (flag.codes[r] === MISSING_CODE ? fill : v)) };
  });
  return { ...table, columns };
}

/** `table` with each numeric column's blank cells filled from the observed cells among `rows` ({@link missingFills}). */
export function fillMissing(table: Table, rows: ArrayLike<number>): Table {
  return withFills(table, missingFills(table, rows));
}

/** The missing flag of numeric column `c`, if it has one. */
function flagOf(table: Table, c: Column): CategoricalColumn | undefined {
  if (c.kind !== 'numeric') return undefined;
  return table.columns.find((f): f is CategoricalColumn => f.kind === 'categorical' && f.source === 'missing' && f.flags === c.name);
}
