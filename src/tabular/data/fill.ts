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
 * `table` with each numeric column's blank cells (those its flag `NAME_missing` marks) filled with the
 * median of the column's observed cells among `rows` (row indices of `table`: the training rows).
 * Cells that are not blank are kept; a column of `rows` without an observed cell is filled with
 * {@link FILL_WITHOUT_OBSERVED_CELLS}. Columns without blanks are shared with `table`, not copied.
 */
export function fillMissing(table: Table, rows: ArrayLike<number>): Table {
  const flags = new Map<string, CategoricalColumn>();
  for (const c of table.columns) if (c.kind === 'categorical' && c.source === 'missing' && c.flags) flags.set(c.flags, c);
  const columns = table.columns.map((c): Column => {
    const flag = c.kind === 'numeric' ? flags.get(c.name) : undefined;
    if (c.kind !== 'numeric' || !flag || !flag.codes.includes(MISSING_CODE)) return c;
    const observed: number[] = [];
    for (let i = 0; i < rows.length; i++) if (flag.codes[rows[i]] !== MISSING_CODE) observed.push(c.values[rows[i]]);
    const fill = observed.length > 0 ? medianOf(observed) : FILL_WITHOUT_OBSERVED_CELLS;
    return { ...c, values: Float64Array.from(c.values, (v, r) => (flag.codes[r] === MISSING_CODE ? fill : v)) };
  });
  return { ...table, columns };
}
