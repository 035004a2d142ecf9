/** Sampling synthetic rows from a trained tabular GAN, and the stratified train/test split. */
import { LatentSampler } from '../gan/index.js';
import { concatColumns, noGrad, Rng, tensor, tidy } from '../tensor/index.js';
import type { TabularMetadata, TabularNetworks } from './model.js';
import { decode, layout } from './transforms.js';
import type { Table } from './table.js';

/**
 * Row indices of a stratified split: within each class, a seeded shuffle puts round(share · n) rows
 * in the test part. Returns both parts in ascending order.
 */
export function stratifiedSplit(classes: Int32Array, testFraction: number, seed: number): { train: number[]; test: number[] } {
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`gangrad: the test fraction must lie in (0, 1), got ${testFraction}`);
  const rng = new Rng(seed);
  const byClass = new Map<number, number[]>();
  classes.forEach((c, r) => byClass.set(c, [...(byClass.get(c) ?? []), r]));
  const train: number[] = [], test: number[] = [];
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = byClass.get(c)!;
    for (let i = rows.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    const k = Math.round(testFraction * rows.length);
    if (k < 1 || k >= rows.length) throw new Error(`gangrad: class ${c} has ${rows.length} rows, too few to hold out ${testFraction} of them`);
    test.push(...rows.slice(0, k));
    train.push(...rows.slice(k));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

export interface TableSampleOptions {
  /** Class level to generate (every row); default: classes drawn by their training frequency. */
  classLevel?: string;
  /**
   * Also condition every row on one level of a generated categorical column (CTGAN's conditional
   * vector, which training-by-sampling taught the generator to honour); default: a column and level
   * drawn per row by their training frequencies.
   */
  condition?: { column: string; level: string };
  seed?: number;
}

/** `count` synthetic rows as a table in the data's own columns and units. */
export async function sampleTable(networks: TabularNetworks, metadata: TabularMetadata, count: number, options: TableSampleOptions = {}): Promise<Table> {
  const t = metadata.transform;
  if (!Number.isInteger(count) || count < 1) throw new Error(`gangrad: sample count must be a positive integer, got ${count}`);
  let fixed: number | null = null;
  if (options.classLevel !== undefined) {
    fixed = t.target.levels.indexOf(options.classLevel);
    if (fixed < 0) throw new Error(`gangrad: class '${options.classLevel}' is not a level of '${t.target.name}' (levels: ${t.target.levels.join(', ')})`);
  }
  const { width, spans, categoricalWidth } = layout(t);
  const classCount = t.target.levels.length;
  const cw = classCount + categoricalWidth;
  const rng = new Rng(options.seed ?? 1);
  const pick = (weights: number[]) => {
    const total = weights.reduce((a, b) => a + b, 0);
    let u = rng.uniform() * total;
    for (let i = 0; i < weights.length; i++) { u -= weights[i]; if (u < 0) return i; }
    return weights.length - 1;
  };
  let chosen: { span: number; level: number } | null = null;
  if (options.condition) {
    const { column, level } = options.condition;
    const span = t.categorical.findIndex((c) => c.name === column);
    if (span < 0) throw new Error(`gangrad: '${column}' is not a generated categorical column (those are: ${t.categorical.map((c) => c.name).join(', ')})`);
    const l = t.categorical[span].levels.indexOf(level);
    if (l < 0) throw new Error(`gangrad: '${level}' is not a level of '${column}' (levels: ${t.categorical[span].levels.join(', ')})`);
    chosen = { span, level: l };
  }
  const classes = new Int32Array(count);
  const conditions = new Float32Array(count * cw);
  for (let i = 0; i < count; i++) {
    const c = fixed ?? pick(metadata.classWeights);
    classes[i] = c;
    conditions[i * cw + c] = 1;
    if (chosen) conditions[i * cw + classCount + spans[chosen.span].start + chosen.level] = 1;
    else if (spans.length > 0) {
      const j = rng.int(spans.length);
      conditions[i * cw + classCount + spans[j].start + pick(metadata.levelCounts[c][j])] = 1;
    }
  }
  networks.generator.gumbel.setState(new Rng(rng.fork()).getState());
  const latent = new LatentSampler(metadata.config.latentDim, rng.fork());
  const rows = new Float32Array(count * width);
  const chunk = 1024;
  for (let start = 0; start < count; start += chunk) {
    const n = Math.min(chunk, count - start);
    const out = noGrad(() => tidy(() => networks.generator.forward(concatColumns(latent.sample(n), tensor(conditions.subarray(start * cw, (start + n) * cw), [n, cw])))));
    rows.set(await out.data(), start * width);
    out.dispose();
  }
  return decode(t, rows, count, classes);
}
