/**
 * Columns that another column determines. In the fraud table `BasePolicy` and `VehicleCategory` are
 * functions of `PolicyType` ('Sedan - Liability' → Liability, Sport) on every row, and the age band
 * `AgeOfPolicyHolder` of the whole-number `Age`. A GAN that makes both sides must get them to agree at
 * once; in practice it left the whole 'Liability' cluster out (a third of the claims) and gave half its
 * rows an age band their age does not have (docs/fraud.md). A determined column is therefore not
 * generated: it is written back from its determining column's value, through the map the training
 * rows show.
 */
import type { CategoricalColumn, NumericColumn } from './table.js';

/** A categorical column made from another column's value: `map[k]` is its level for the k-th value. */
export interface DerivedColumn {
  name: string;
  from: string;
  /** With a whole-number column as `from`: its values, ascending (the k of `map`); absent for a categorical one (k = its level). */
  fromValues?: number[];
  /** This column's level (an index into its levels) for each value of `from`. */
  map: number[];
}

/** Fewest training rows per value of the determining column: below it an exact map may be chance. */
const ROWS_PER_SOURCE_VALUE = 20;

/** A column as codes 0 … count − 1: a categorical column's levels, or a whole-number column's distinct values. */
interface Coded {
  column: CategoricalColumn | NumericColumn;
  codes: ArrayLike<number>;
  count: number;
  values?: number[];
}

function coded(column: CategoricalColumn | NumericColumn): Coded {
  if (column.kind === 'categorical') return { column, codes: column.codes, count: column.levels.length };
  const values = [...new Set(column.values)].sort((a, b) => a - b);
  const index = new Map(values.map((v, k) => [v, k]));
  return { column, codes: Int32Array.from(column.values, (v) => index.get(v)!), count: values.length, values };
}

/** The level of `target` for each code of `source` if the source determines it on every row, else null. */
function levelMap(source: Coded, target: CategoricalColumn): number[] | null {
  const map = new Int32Array(source.count).fill(-1);
  const seen = new Int32Array(target.levels.length);
  for (let r = 0; r < target.codes.length; r++) {
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
 * The categorical columns (training rows) determined by another column: by a categorical one with
 * more levels in use, or as many and before it (of two that determine each other the first is
 * generated), or by a whole-number column (an age, a count). The first such column in order is taken;
 * a column that determines another stays generated, and so do flags of missing numbers.
 */
export function findDerivedColumns(categorical: CategoricalColumn[], wholeNumbers: NumericColumn[] = []): DerivedColumn[] {
  const rows = categorical[0]?.codes.length ?? 0;
  const sources = [...categorical.filter((c) => c.source !== 'missing'), ...wholeNumbers].map(coded);
  const inUse = sources.map((s) => new Set(Array.from(s.codes)).size);
  const derived: DerivedColumn[] = [];
  const used = new Set<string>();
  for (const target of categorical) {
    if (target.source === 'missing' || used.has(target.name)) continue;
    const b = sources.findIndex((s) => s.column === target);
    for (let a = 0; a < sources.length; a++) {
      const source = sources[a];
      if (a === b || derived.some((d) => d.name === source.column.name)) continue;
      if (source.column.kind === 'categorical' && !(inUse[a] > inUse[b] || (inUse[a] === inUse[b] && a < b))) continue;
      if (rows < ROWS_PER_SOURCE_VALUE * inUse[a]) continue;
      const map = levelMap(source, target);
      if (!map) continue;
      derived.push({ name: target.name, from: source.column.name, ...(source.values ? { fromValues: source.values } : {}), map });
      used.add(source.column.name);
      break;
    }
  }
  return derived;
}

/** The derived column's levels (indices) for the determining column's codes or whole-number values. */
export function derivedCodes(d: DerivedColumn, from: CategoricalColumn | NumericColumn): Int32Array {
  if (from.kind === 'categorical') return Int32Array.from(from.codes, (k) => d.map[k]);
  const values = d.fromValues!;
  return Int32Array.from(from.values, (v) => {
    // The value's place among the training values (generated whole numbers are training values; any other, the nearest below).
    let lo = 0, hi = values.length - 1;
    while (lo < hi) { const m = (lo + hi + 1) >> 1; if (values[m] <= v) lo = m; else hi = m - 1; }
    return d.map[lo];
  });
}
