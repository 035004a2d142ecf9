/**
 * The numeric view of a table that classifiers, SMOTE and distances work on: numeric columns
 * standardised by the real training rows' mean and standard deviation, categorical columns one-hot.
 */
import type { CategoricalColumn, NumericColumn, Table } from '../data/table.js';

/** How rows become classifier features: standardised numbers, one-hot levels, and the total width. */
export interface FeatureScaler {
  numeric: { name: string; mean: number; sd: number }[];
  categorical: { name: string; levels: string[] }[];
  width: number;
}

/** Fit the scaler on real training rows; `exclude` leaves out a column (the target, for classifiers). */
export function fitScaler(table: Table, exclude?: string): FeatureScaler {
  const numeric = table.columns.filter((c): c is NumericColumn => c.kind === 'numeric' && c.name !== exclude).map((c) => {
    const m = c.values.reduce((a, b) => a + b, 0) / c.values.length;
    const sd = Math.sqrt(c.values.reduce((a, b) => a + (b - m) ** 2, 0) / c.values.length);
    // A column constant in the training rows (a median-filled one: 274 × 47.68) has a mean off by rounding
    // and so an sd of 1e-13, not 0: later rows' features and distances would come out near 1e14.
    const constant = c.values.every((v) => v === c.values[0]);
    return { name: c.name, mean: m, sd: sd > 0 && !constant ? sd : 1 };
  });
  const categorical = table.columns.filter((c): c is CategoricalColumn => c.kind === 'categorical' && c.name !== exclude).map((c) => ({ name: c.name, levels: c.levels }));
  return { numeric, categorical, width: numeric.length + categorical.reduce((s, c) => s + c.levels.length, 0) };
}

/** [rows, width] features of a table (same columns as the scaler's; levels matched by name). */
export function features(table: Table, scaler: FeatureScaler): Float32Array {
  const w = scaler.width;
  const out = new Float32Array(table.rows * w);
  const get = (name: string) => {
    const c = table.columns.find((col) => col.name === name);
    if (!c) throw new Error(`${table.file}: no column '${name}'`);
    return c;
  };
  scaler.numeric.forEach((s, j) => {
    const c = get(s.name) as NumericColumn;
    for (let r = 0; r < table.rows; r++) out[r * w + j] = (c.values[r] - s.mean) / s.sd;
  });
  let offset = scaler.numeric.length;
  for (const s of scaler.categorical) {
    const c = get(s.name) as CategoricalColumn;
    const map = c.levels.map((l) => s.levels.indexOf(l));
    for (let r = 0; r < table.rows; r++) {
      const l = map[c.codes[r]];
      if (l >= 0) out[r * w + offset + l] = 1;
    }
    offset += s.levels.length;
  }
  return out;
}

/** 1 where the table's `target` equals `positive`, else 0. */
export function binaryLabels(table: Table, target: string, positive: string): Float32Array {
  const c = table.columns.find((col) => col.name === target) as CategoricalColumn | undefined;
  if (!c || c.kind !== 'categorical') throw new Error(`${table.file}: no categorical column '${target}'`);
  const p = c.levels.indexOf(positive);
  return Float32Array.from(c.codes, (k) => (k === p ? 1 : 0));
}

/** The rows `rows` (in that order) of a [*, width] feature matrix. */
export function pickRows(x: Float32Array, width: number, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) out.set(x.subarray(rows[i] * width, (rows[i] + 1) * width), i * width);
  return out;
}
