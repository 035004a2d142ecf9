/**
 * Column transforms of the tabular GAN, fitted on the training rows and stored with the model:
 * - numeric columns: a quantile transform to normal scores (value → its empirical CDF → Φ⁻¹), so the
 *   generator's linear output only has to match a standard normal, whatever the column's shape
 *   (skewed amounts, spiky durations); the inverse maps scores back through the stored quantiles;
 * - categorical columns: one-hot spans, which the generator produces with softmax heads; a column
 *   another column determines on every training row is not generated but written from its value (derived.ts),
 *   and two columns far from independent are generated as one column of their pairs (joint.ts).
 * The target (class) column is not generated: it is the condition.
 */
import type { Rng } from '../../tensor/index.js';
import { normalCdf, normalQuantile } from '../../stats/normal.js';
import type { DateFormat } from './dates.js';
import { derivedCodes, findDerivedColumns, type DerivedColumn } from './derived.js';
import { findJointPairs, jointCodes } from './joint.js';
import { levelList, quoteLevel } from './levels.js';
import type { CategoricalColumn, Column, NumericColumn, Table } from './table.js';

/** Points of a numeric column's stored quantile function (fewer when the column has fewer rows). */
const QUANTILE_POINTS = 1000;

/** A numeric column's quantile transform to normal scores ({@link toScore}, {@link fromScore}). */
export interface NumericTransform {
  kind: 'numeric';
  name: string;
  /** Whether decoded values are rounded to whole numbers. */
  integer: boolean;
  /** Empirical quantiles at probabilities (i + 0.5) / length, ascending. */
  quantiles: number[];
  /** A date column's format (values are days since 1970-01-01). */
  date?: DateFormat;
  /** Most decimals of the column's cells: values are written with no more (absent in older model files). */
  decimals?: number;
}

/** A categorical column's levels, in the order of its one-hot span, and how it is written back. */
export interface CategoricalTransform {
  kind: 'categorical';
  name: string;
  /** Level names; level i is position i of the column's span. */
  levels: string[];
  source: CategoricalColumn['source'];
  /** With source `missing`: the numeric column this flags. */
  flags?: string;
  /**
   * Two columns generated as one (joint.ts): its levels are their pairs, level k being `parts[0]`'s
   * level `pairs[k][0]` with `parts[1]`'s level `pairs[k][1]`; absent for a column of the table.
   */
  joint?: { parts: [CategoricalTransform, CategoricalTransform]; pairs: [number, number][] };
}

/** A categorical column written from a generated column's value (derived.ts), not generated itself. */
export type DerivedTransform = CategoricalTransform & DerivedColumn;

/** Everything needed to encode rows for the GAN and decode its output: JSON, stored in model files. */
export interface TableTransform {
  target: CategoricalTransform;
  /** Generated numeric columns (first in the encoded row, one score each). */
  numeric: NumericTransform[];
  /** Generated categorical columns (after the numeric ones, one span of levels each). */
  categorical: CategoricalTransform[];
  /** Categorical columns made from another column's value (absent in model files from before them). */
  derived?: DerivedTransform[];
  header: string[];
}

/** Encoded width of a row and where each categorical span starts (relative to the categorical block). */
export function layout(t: TableTransform): { width: number; numericWidth: number; categoricalWidth: number; spans: { start: number; width: number }[] } {
  const spans: { start: number; width: number }[] = [];
  let start = 0;
  for (const c of t.categorical) {
    spans.push({ start, width: c.levels.length });
    start += c.levels.length;
  }
  return { width: t.numeric.length + start, numericWidth: t.numeric.length, categoricalWidth: start, spans };
}

/**
 * The quantile transform of a numeric column, fitted on its observed cells only (those `missing`, its
 * flag column, does not mark): the median that fills blank cells would otherwise be a spike of the
 * fitted distribution, made as an observed value.
 */
export function fitNumeric(c: NumericColumn, missing?: CategoricalColumn): NumericTransform {
  const observed = missing ? c.values.filter((_, r) => missing.codes[r] === 0) : c.values;
  const sorted = Float64Array.from(observed.length > 0 ? observed : c.values).sort();
  const n = sorted.length, k = Math.min(QUANTILE_POINTS, n);
  const quantiles = Array.from({ length: k }, (_, i) => {
    const pos = ((i + 0.5) / k) * n - 0.5;
    const lo = Math.max(0, Math.floor(pos)), hi = Math.min(n - 1, lo + 1), f = Math.max(0, pos - lo);
    // Whole-number columns keep order statistics (values that occur), others interpolate.
    return c.integer ? sorted[Math.min(n - 1, Math.round(pos))] : sorted[lo] + f * (sorted[hi] - sorted[lo]);
  });
  return { kind: 'numeric', name: c.name, integer: c.integer, quantiles, ...(c.date ? { date: c.date } : {}), ...(c.decimals !== undefined ? { decimals: c.decimals } : {}) };
}

/**
 * Normal score of one value. A value tied over several quantile points (a spike: durations of 12 or
 * 24 months) takes a position spread uniformly over its run by `u` ∈ [0, 1) (dequantisation), so the
 * scores of a column are continuous and standard normal, which a generator's linear output can match;
 * {@link fromScore} maps the whole run back to the value. Without `u` the run's middle is used.
 */
export function toScore(t: NumericTransform, v: number, u = 0.5): number {
  const q = t.quantiles, k = q.length;
  let lo = 0, hi = k;
  while (lo < hi) { const m = (lo + hi) >> 1; if (q[m] < v) lo = m + 1; else hi = m; } // first q ≥ v
  let upper = lo;
  while (upper < k && q[upper] === v) upper++; // one past the last q = v
  let p: number; // a probability in (0, 1) whose quantile is v
  if (upper > lo) p = (lo + u * (upper - lo)) / k;
  else if (lo === 0) p = 0.5 / k;
  else if (lo === k) p = 1 - 0.5 / k;
  else p = (lo - 0.5 + (v - q[lo - 1]) / (q[lo] - q[lo - 1])) / k;
  return normalQuantile(Math.min(Math.max(p, 0.25 / k), 1 - 0.25 / k));
}

/**
 * The value of a normal score: Φ(z) read off the stored quantile function. Whole-number columns take
 * the quantile point it falls on (so spikes come back exactly and no value between them appears);
 * others interpolate linearly between neighbouring points.
 */
export function fromScore(t: NumericTransform, z: number): number {
  const q = t.quantiles, k = q.length;
  if (t.integer) return q[Math.min(k - 1, Math.max(0, Math.floor(normalCdf(z) * k)))];
  const pos = Math.min(Math.max(normalCdf(z) * k - 0.5, 0), k - 1);
  const lo = Math.floor(pos), hi = Math.min(k - 1, lo + 1);
  return q[lo] + (pos - lo) * (q[hi] - q[lo]);
}

function categorical(c: CategoricalColumn): CategoricalTransform {
  return { kind: 'categorical', name: c.name, levels: [...c.levels], source: c.source, ...(c.flags ? { flags: c.flags } : {}) };
}

/** Fit the transforms on a (training) table; `target` must be categorical. */
export function fitTransform(table: Table, target: string): TableTransform {
  const targetColumn = table.columns.find((c) => c.name === target);
  if (!targetColumn) throw new Error(`${table.file}: no column '${target}' (columns: ${table.columns.map((c) => c.name).join(', ')})`);
  if (targetColumn.kind !== 'categorical') throw new Error(`${table.file}: the target '${target}' must be categorical (it holds numbers with more than 2 values; use --type ${target}=categorical)`);
  const rest = table.columns.filter((c) => c !== targetColumn);
  const categoricalColumns = rest.filter((c): c is CategoricalColumn => c.kind === 'categorical');
  const wholeNumbers = rest.filter((c): c is NumericColumn => c.kind === 'numeric' && c.integer);
  const derived = findDerivedColumns(categoricalColumns, wholeNumbers);
  const generated = categoricalColumns.filter((c) => !derived.some((d) => d.name === c.name));
  const joints = findJointPairs(generated);
  // A joint column takes its first part's place among the generated columns; its second part's place goes.
  const columns = generated.flatMap((c): CategoricalTransform[] => {
    const j = joints.find((p) => p.columns.includes(c));
    if (!j) return [categorical(c)];
    if (j.columns[1] === c) return [];
    const parts = j.columns.map(categorical) as [CategoricalTransform, CategoricalTransform];
    return [{
      kind: 'categorical', name: `${parts[0].name} & ${parts[1].name}`, source: 'text',
      levels: j.pairs.map(([a, b]) => `${parts[0].levels[a]} & ${parts[1].levels[b]}`), joint: { parts, pairs: j.pairs },
    }];
  });
  return {
    target: categorical(targetColumn),
    numeric: rest.filter((c): c is NumericColumn => c.kind === 'numeric').map((c) => fitNumeric(c, categoricalColumns.find((f) => f.source === 'missing' && f.flags === c.name))),
    categorical: columns,
    derived: derived.map((d) => ({ ...categorical(categoricalColumns.find((c) => c.name === d.name)!), ...d })),
    header: table.header,
  };
}

function find(table: Table, name: string, kind: Column['kind']): Column {
  const c = table.columns.find((col) => col.name === name);
  if (!c || c.kind !== kind) throw new Error(`${table.file}: the model needs ${kind} column '${name}'`);
  return c;
}

/** Level codes of `table`'s column in the transform's level order (a level the model never saw is an error). */
function codesIn(table: Table, t: CategoricalTransform): Int32Array {
  const c = find(table, t.name, 'categorical') as CategoricalColumn;
  const map = c.levels.map((l) => {
    const i = t.levels.indexOf(l);
    if (i < 0) throw new Error(`${table.file}: column '${t.name}' has level ${quoteLevel(l)}, unknown to the model (levels: ${levelList(t.levels)})`);
    return i;
  });
  return Int32Array.from(c.codes, (k) => map[k]);
}

/** A generated column's level codes: its own, or a joint column's pair of its parts' (−1: a pair no training row had). */
function generatedCodes(table: Table, t: CategoricalTransform): Int32Array {
  if (!t.joint) return codesIn(table, t);
  return jointCodes(t.joint.pairs, codesIn(table, t.joint.parts[0]), codesIn(table, t.joint.parts[1]));
}

/** The table's categorical columns a model generates: each joint column as its two parts. */
export function generatedCategoricalColumns(t: TableTransform): CategoricalTransform[] {
  return t.categorical.flatMap((c) => c.joint?.parts ?? [c]);
}

/**
 * Encode a table as [rows, width] GAN rows, plus each row's class code and categorical codes. `rng`
 * dequantises tied numeric values (see {@link toScore}); without it ties take their middle score. A
 * row whose two columns of a joint column make a pair no training row had (possible in held-out rows
 * only) gets code −1 and an empty span there.
 */
export function encode(t: TableTransform, table: Table, rng?: Rng): { rows: Float32Array; classes: Int32Array; codes: Int32Array[] } {
  const { width, numericWidth, spans } = layout(t);
  const rows = new Float32Array(table.rows * width);
  t.numeric.forEach((nt, j) => {
    const values = (find(table, nt.name, 'numeric') as NumericColumn).values;
    for (let r = 0; r < table.rows; r++) rows[r * width + j] = toScore(nt, values[r], rng ? rng.uniform() : 0.5);
  });
  const codes = t.categorical.map((ct) => generatedCodes(table, ct));
  codes.forEach((cs, j) => {
    for (let r = 0; r < table.rows; r++) if (cs[r] >= 0) rows[r * width + numericWidth + spans[j].start + cs[r]] = 1;
  });
  return { rows, classes: codesIn(table, t.target), codes };
}

/** The level a categorical span encodes: the index of its largest value (the first on ties). */
export function spanLevel(rows: ArrayLike<number>, offset: number, width: number): number {
  let best = 0;
  for (let l = 1; l < width; l++) if (rows[offset + l] > rows[offset + best]) best = l;
  return best;
}

/**
 * Decode generated rows (categorical spans by argmax) with their class codes into a table: the inverse
 * of {@link encode}, columns in the original header's order.
 */
export function decode(t: TableTransform, rows: ArrayLike<number>, count: number, classes: ArrayLike<number>, file = 'synthetic'): Table {
  const { width, numericWidth, spans } = layout(t);
  const columns: Column[] = [];
  const byName = new Map<string, Column>();
  t.numeric.forEach((nt, j) => {
    byName.set(nt.name, { kind: 'numeric', name: nt.name, integer: nt.integer, ...(nt.date ? { date: nt.date } : {}), ...(nt.decimals !== undefined ? { decimals: nt.decimals } : {}), values: Float64Array.from({ length: count }, (_, r) => fromScore(nt, rows[r * width + j])) });
  });
  t.categorical.forEach((ct, j) => {
    const { start, width: w } = spans[j];
    const codes = new Int32Array(count);
    for (let r = 0; r < count; r++) codes[r] = spanLevel(rows, r * width + numericWidth + start, w);
    const written = ct.joint ? ct.joint.parts.map((p, side) => ({ part: p, codes: Int32Array.from(codes, (k) => ct.joint!.pairs[k][side]) })) : [{ part: ct, codes }];
    for (const { part, codes: partCodes } of written) {
      byName.set(part.name, { kind: 'categorical', name: part.name, levels: part.levels, source: part.source, ...(part.flags ? { flags: part.flags } : {}), codes: partCodes });
    }
  });
  for (const d of t.derived ?? []) {
    byName.set(d.name, { kind: 'categorical', name: d.name, levels: d.levels, source: d.source, codes: derivedCodes(d, byName.get(d.from)!) });
  }
  byName.set(t.target.name, { ...t.target, codes: Int32Array.from(classes) });
  // Columns in the order of the original header (a one-hot group sits where its first column was).
  for (const h of t.header) {
    const name = byName.has(h) ? h : h.slice(0, Math.max(0, h.indexOf('.')));
    const c = byName.get(name);
    if (c && !columns.includes(c)) columns.push(c);
  }
  for (const c of byName.values()) if (!columns.includes(c)) columns.push(c);
  return { file, rows: count, columns, header: t.header };
}
