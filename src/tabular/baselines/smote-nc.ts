/**
 * SMOTE-NC (Chawla et al. 2002, §6.1), SMOTE for tables of nominal and continuous columns. SMOTE on
 * one-hot columns makes fractional categories; SMOTE-NC keeps every category whole:
 * - distance: Euclidean over the continuous columns (each standardised by its minority-row standard
 *   deviation) plus Med² for every nominal column on which two rows differ, Med being the median of
 *   the continuous columns' standard deviations (1 after standardising; 1 also without continuous columns);
 * - a synthetic row: continuous values on the segment from a minority row to one of its k nearest
 *   minority neighbours, and for each nominal column the level most of those k neighbours have (the
 *   lowest level code on a tie).
 * A model like the GAN: fit on the minority rows of a table, then sample rows of that table's columns.
 */
import { Rng } from '../../tensor/index.js';
import { nearestNeighbours } from './neighbours.js';
import type { CategoricalColumn, Column, NumericColumn, Table } from '../data/table.js';

/** SMOTE-NC on a {@link Table} of minority rows: `new SmoteNc(k).fit(table).sample(count, seed)` gives a table of the same columns. */
export class SmoteNc {
  private table: Table | null = null;
  private neighbours: Int32Array[] = [];

  constructor(readonly k = 5) {
    if (!Number.isInteger(k) || k < 1) throw new Error(`gangrad: SMOTE-NC needs k ≥ 1, got ${k}`);
  }

  /** Fit on the minority rows (every row of `table`): each row's k nearest other rows. */
  fit(table: Table): this {
    const n = table.rows;
    if (n < 2) throw new Error(`gangrad: SMOTE-NC needs at least 2 minority rows, got ${n}`);
    const numeric = table.columns.filter((c): c is NumericColumn => c.kind === 'numeric').map((c) => {
      const m = c.values.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(c.values.reduce((a, b) => a + (b - m) ** 2, 0) / n);
      return Float64Array.from(c.values, (v) => (sd > 0 ? v / sd : 0));
    });
    const nominal = table.columns.filter((c): c is CategoricalColumn => c.kind === 'categorical').map((c) => c.codes);
    const med2 = 1; // the median of standardised standard deviations (see the file comment)
    const k = Math.min(this.k, n - 1);
    this.neighbours = nearestNeighbours(n, k, (i, j) => {
      let s = 0;
      for (const v of numeric) s += (v[i] - v[j]) ** 2;
      for (const codes of nominal) if (codes[i] !== codes[j]) s += med2;
      return s;
    });
    this.table = table;
    return this;
  }

  /** The k nearest other rows of minority row `i`, nearest first (after fit). */
  neighboursOf(i: number): number[] {
    return Array.from(this.neighbours[i]);
  }

  /** `count` synthetic rows in the fitted table's columns: each from a uniformly chosen row, neighbour and gap. */
  sample(count: number, seed = 1): Table {
    const t = this.table;
    if (!t) throw new Error('gangrad: SMOTE-NC sample before fit');
    const rng = new Rng(seed);
    const base = new Int32Array(count), other = new Int32Array(count), gap = new Float64Array(count);
    for (let s = 0; s < count; s++) {
      base[s] = rng.int(t.rows);
      const nb = this.neighbours[base[s]];
      other[s] = nb[rng.int(nb.length)];
      gap[s] = rng.uniform();
    }
    const columns: Column[] = t.columns.map((c) => {
      if (c.kind === 'numeric') {
        return { ...c, values: Float64Array.from(base, (i, s) => c.values[i] + gap[s] * (c.values[other[s]] - c.values[i])) };
      }
      return { ...c, codes: Int32Array.from(base, (i) => majorityLevel(c, this.neighbours[i])) };
    });
    // Synthetic rows come from no line of the file: the source's line numbers do not carry over.
    const { lines: _lines, ...source } = t;
    return { ...source, file: 'SMOTE-NC', rows: count, columns };
  }
}

/** The level most of `rows` have in column `c` (the lowest code on a tie). */
function majorityLevel(c: CategoricalColumn, rows: ArrayLike<number>): number {
  const votes = new Int32Array(c.levels.length);
  for (let i = 0; i < rows.length; i++) votes[c.codes[rows[i]]]++;
  let best = 0;
  for (let l = 1; l < votes.length; l++) if (votes[l] > votes[best]) best = l;
  return best;
}
