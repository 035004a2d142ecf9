/**
 * Columns that another column determines. In the fraud table `BasePolicy` and `VehicleCategory` are
 * functions of `PolicyType` ('Sedan - Liability' → Liability, Sport) on every row. A GAN that makes all
 * three must get the three heads to agree at once; in practice it left the whole 'Liability' cluster out
 * (a third of the claims; docs/fraud.md). A determined column is therefore not generated: it is written
 * back from its determining column's level, through the map the training rows show.
 */
import type { CategoricalColumn } from './table.js';

/** A categorical column made from another one's level: `map[level of from]` is its level. */
export interface DerivedColumn {
  name: string;
  from: string;
  /** This column's level for each level of `from` (indices into the two columns' levels). */
  map: number[];
}

/** Fewest training rows per level of the determining column: below it an exact map may be chance. */
const ROWS_PER_SOURCE_LEVEL = 20;

/** The level of `target` for each level of `source` if one determines the other on every row, else null. */
function levelMap(source: CategoricalColumn, target: CategoricalColumn): number[] | null {
  const map = new Int32Array(source.levels.length).fill(-1);
  const seen = new Int32Array(target.levels.length);
  for (let r = 0; r < source.codes.length; r++) {
    const s = source.codes[r], t = target.codes[r];
    if (map[s] === -1) map[s] = t;
    else if (map[s] !== t) return null;
    seen[t]++;
  }
  if (seen.filter((n) => n > 0).length < 2) return null; // a constant column is no one's function
  // A level of the source no training row has: the target's commonest level.
  const commonest = seen.indexOf(Math.max(...seen));
  return Array.from(map, (t) => (t === -1 ? commonest : t));
}

/**
 * The columns of `columns` (training rows) determined by another of them: a column is derived from
 * the first column, in order, that determines it on every row and has more levels in use, or as many
 * and comes before it (of two columns that determine each other the first is generated). A column
 * that determines another stays generated; so do flags of missing numbers.
 */
export function findDerivedColumns(columns: CategoricalColumn[]): DerivedColumn[] {
  const rows = columns[0]?.codes.length ?? 0;
  const inUse = columns.map((c) => new Set(c.codes).size);
  const derived: DerivedColumn[] = [];
  const sources = new Set<number>();
  columns.forEach((target, b) => {
    if (target.source === 'missing' || sources.has(b)) return;
    for (let a = 0; a < columns.length; a++) {
      const source = columns[a];
      if (a === b || source.source === 'missing' || derived.some((d) => d.name === source.name)) continue;
      if (!(inUse[a] > inUse[b] || (inUse[a] === inUse[b] && a < b))) continue;
      if (rows < ROWS_PER_SOURCE_LEVEL * inUse[a]) continue;
      const map = levelMap(source, target);
      if (!map) continue;
      derived.push({ name: target.name, from: source.name, map });
      sources.add(a);
      return;
    }
  });
  return derived;
}
