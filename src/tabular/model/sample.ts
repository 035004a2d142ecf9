/** Sampling synthetic rows from a trained tabular GAN, and the stratified train/test split. */
import { checkOptionNames } from '../../backend/option-names.js';
import { eventLoopTurns, LatentSampler } from '../../gan/index.js';
import { checkSeed, concatColumns, keep, noGrad, Rng, tensor, tidy, type Tensor } from '../../tensor/index.js';
import type { TabularMetadata, TabularNetworks } from './model.js';
import { decode, generatedCategoricalColumns, layout, spanLevel } from '../data/transforms.js';
import type { Table } from '../data/table.js';
import { levelList, quoteLevel } from '../data/levels.js';
import { TooLittleDataError } from '../../io/too-little-data.js';

/** How `stratifiedSplit` names a class, and the data, in its errors. */
export interface StratifiedSplitOptions {
  /** The class codes' levels (a categorical column's `levels`), so an error names 'fraud' rather than 1. */
  classNames?: readonly string[];
  /** The table's file, which begins the errors about too few rows. */
  file?: string;
}

/**
 * Row indices of a stratified split: within each class, a seeded shuffle puts round(share · n) rows
 * in the test part. Returns both parts in ascending order.
 */
export function stratifiedSplit(classes: Int32Array, testFraction: number, seed: number, options: StratifiedSplitOptions = {}): { train: number[]; test: number[] } {
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`gangrad: the test fraction must lie in (0, 1), got ${testFraction}`);
  const rng = new Rng(seed);
  const byClass = new Map<number, number[]>();
  classes.forEach((c, r) => {
    const rows = byClass.get(c);
    if (rows) rows.push(r);
    else byClass.set(c, [r]);
  });
  const train: number[] = [], test: number[] = [];
  // Enough rows but too small a share: the fraction is what to change, named with the least that holds
  // out a row of every class (that of the smallest class it fails).
  const starved = [...byClass].filter(([, rows]) => rows.length >= 2 && Math.round(testFraction * rows.length) < 1).sort((a, b) => a[1].length - b[1].length)[0];
  if (starved) {
    const [c, { length: n }] = starved;
    const name = options.classNames?.[c] !== undefined ? quoteLevel(options.classNames[c]) : `${c}`;
    const least = 0.5 / n, step = 10 ** (Math.floor(Math.log10(least)) - 1); // rounded up to 2 digits
    throw new TooLittleDataError(`${options.file ?? 'gangrad'}: a test fraction of ${testFraction} holds out no row of class ${name} (${n} rows × ${testFraction} rounds to 0): use a test fraction of at least ${+(Math.ceil(least / step) * step).toPrecision(2)}`);
  }
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = byClass.get(c)!;
    for (let i = rows.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    const k = Math.round(testFraction * rows.length);
    if (k < 1 || k >= rows.length) {
      const name = options.classNames?.[c] !== undefined ? quoteLevel(options.classNames[c]) : `${c}`;
      throw new TooLittleDataError(`${options.file ?? 'gangrad'}: class ${name} has ${rows.length} row${rows.length === 1 ? '' : 's'}, too few to hold out a share of ${testFraction} (${k} row${k === 1 ? '' : 's'}) and keep one to train on`);
    }
    test.push(...rows.slice(0, k));
    train.push(...rows.slice(k));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

/** Options for {@link sampleTable}: which class and condition to generate, and the seed. */
export interface TableSampleOptions {
  /** Class level to generate (every row); default: classes drawn by their training frequency. */
  classLevel?: string;
  /**
   * Also condition every row on one level of a generated categorical column (CTGAN's conditional
   * vector, which training-by-sampling taught the generator to honour); default: per row, a column
   * drawn uniformly and its level by its training frequency within the row's class.
   */
  condition?: { column: string; level: string };
  /** Seed of the classes, conditions and noise drawn; default 1. The same seed gives the same table. */
  seed?: number;
  /**
   * With `condition`: the most rows generated in all to find `count` with the level (default
   * 100 × count); fewer found is an error saying how rare the level is in the model's output.
   */
  maxDraws?: number;
}

/** Generator output before decoding: encoded rows [count, width], their conditions [count, conditionWidth] and classes. */
export interface EncodedSample {
  rows: Float32Array;
  conditions: Float32Array;
  classes: Int32Array;
}

/**
 * A condition resolved to the generator's levels: one span and the levels of it that satisfy the
 * condition (one, or for a column generated jointly with another, every pair that holds its level).
 */
export interface ChosenCondition {
  span: number;
  levels: number[];
}

/**
 * Resolve `--class` and `--condition` against the model's levels (errors list the valid ones). A
 * condition level no training row of the class (or of any class) has is refused: the generator never
 * saw it, and forced into its condition it would make rows no data supports.
 */
export function resolveSampleOptions(metadata: TabularMetadata, options: TableSampleOptions): { fixed: number | null; chosen: ChosenCondition | null } {
  const t = metadata.transform;
  const c = options.condition as unknown;
  if (c !== undefined && (typeof c !== 'object' || c === null || typeof (c as { column?: unknown }).column !== 'string' || typeof (c as { level?: unknown }).level !== 'string')) {
    throw new Error(`gangrad: condition must be { column, level } (e.g. { column: 'Purpose', level: 'NewCar' }), got ${JSON.stringify(c) ?? String(c)}`);
  }
  let fixed: number | null = null;
  if (options.classLevel !== undefined) {
    // Levels are text: a number 1 would be refused as "class '1' is not a level" beside a level '1'.
    if (typeof options.classLevel !== 'string') throw new Error(`gangrad: classLevel must be a level of '${t.target.name}' as text (levels: ${levelList(t.target.levels)}), got the ${typeof options.classLevel} ${String(options.classLevel)}`);
    fixed = t.target.levels.indexOf(options.classLevel);
    if (fixed < 0) throw new Error(`gangrad: class ${quoteLevel(String(options.classLevel))} is not a level of '${t.target.name}' (levels: ${levelList(t.target.levels)})`);
  }
  let chosen: ChosenCondition | null = null;
  if (options.condition) {
    const { column, level } = options.condition;
    const span = t.categorical.findIndex((c) => (c.joint ? c.joint.parts.some((p) => p.name === column) : c.name === column));
    if (span < 0 && column === t.target.name) throw new Error(`gangrad: '${column}' is the class the rows are conditioned on, not a generated column: ask for a class with --class ${level} (in the library, the option classLevel: '${level}')`);
    const derived = t.derived?.find((d) => d.name === column);
    if (span < 0 && derived) {
      const made = `gangrad: '${column}' is made from '${derived.from}', which determines it on every training row`;
      const source = generatedCategoricalColumns(t).find((c) => c.name === derived.from);
      if (!source) throw new Error(`${made}; a number column is not a condition: sample rows and keep those with ${column}=${level}`);
      const giving = source.levels.filter((_, k) => derived.levels[derived.map[k]] === level);
      throw new Error(`${made}: condition on ${derived.from}${giving.length ? ` (its levels that give ${column}=${level}: ${levelList(giving)})` : ''}`);
    }
    // The --split-by column is read for the split only: say so, not just that it is missing from the list.
    const splitColumn = (metadata.config as { split?: { column?: string } } | undefined)?.split?.column;
    if (span < 0 && column === splitColumn) throw new Error(`gangrad: '${column}' is the column the model's rows were split by (--split-by), no feature: the model does not make it; sample rows and add it yourself`);
    if (span < 0) throw new Error(`gangrad: '${column}' is not a generated categorical column (those are: ${generatedCategoricalColumns(t).map((c) => c.name).join(', ')})`);
    const generated = t.categorical[span];
    const side = generated.joint ? generated.joint.parts.findIndex((p) => p.name === column) : -1;
    const columnLevels = side >= 0 ? generated.joint!.parts[side].levels : generated.levels;
    const l = columnLevels.indexOf(level);
    if (l < 0) throw new Error(`gangrad: '${level}' is not a level of '${column}' (levels: ${levelList(columnLevels)})`);
    const levels = side >= 0 ? generated.joint!.pairs.flatMap(([a, b], k) => ([a, b][side] === l ? [k] : [])) : [l];
    const classes = fixed === null ? metadata.levelCounts.map((_, c) => c) : [fixed];
    if (classes.every((c) => levels.every((k) => metadata.levelCounts[c][span][k] === 0))) {
      throw new Error(`gangrad: no training row${fixed === null ? '' : ` of class ${quoteLevel(String(options.classLevel))}`} has ${column}=${level}: the model never saw it, so it cannot make such rows`);
    }
    chosen = { span, levels };
  }
  return { fixed, chosen };
}

/** `count` encoded rows from the generator, with conditions drawn (or fixed) from `rng`. */
export async function generateEncoded(
  networks: TabularNetworks, metadata: TabularMetadata, count: number, fixed: number | null,
  chosen: ChosenCondition | null, rng: Rng,
): Promise<EncodedSample> {
  const { width, spans, categoricalWidth } = layout(metadata.transform);
  const classCount = metadata.transform.target.levels.length;
  const cw = classCount + categoricalWidth;
  const pick = (weights: number[]) => {
    const total = weights.reduce((a, b) => a + b, 0);
    let u = rng.uniform() * total;
    for (let i = 0; i < weights.length; i++) { u -= weights[i]; if (u < 0) return i; }
    return weights.length - 1;
  };
  const classes = new Int32Array(count);
  const conditions = new Float32Array(count * cw);
  for (let i = 0; i < count; i++) {
    const c = fixed ?? pick(metadata.classWeights);
    classes[i] = c;
    conditions[i * cw + c] = 1;
    // Of several levels that satisfy the condition, one by its training frequency within the class.
    if (chosen) conditions[i * cw + classCount + spans[chosen.span].start + (chosen.levels.length === 1 ? chosen.levels[0] : chosen.levels[pick(chosen.levels.map((k) => metadata.levelCounts[c][chosen.span][k]))])] = 1;
    else if (spans.length > 0) {
      const j = rng.int(spans.length);
      conditions[i * cw + classCount + spans[j].start + pick(metadata.levelCounts[c][j])] = 1;
    }
  }
  networks.generator.gumbel.setState(new Rng(rng.fork()).getState());
  const latent = new LatentSampler(metadata.config.latentDim, rng.fork());
  const rows = new Float32Array(count * width);
  const chunk = 1024;
  const turns = eventLoopTurns(); // a process can take a signal (Ctrl-C) while a large sample is made
  // Levels no training row has (only held-out rows, or none: a one-hot column of zeros) are never drawn.
  const mask = unseenLevelMask(metadata, spans, categoricalWidth);
  networks.generator.levelMask = mask;
  try {
    for (let start = 0; start < count; start += chunk) {
      await turns();
      const n = Math.min(chunk, count - start);
      const out = noGrad(() => tidy(() => networks.generator.forward(concatColumns(latent.sample(n), tensor(conditions.subarray(start * cw, (start + n) * cw), [n, cw])))));
      rows.set(await out.data(), start * width);
      out.dispose();
    }
  } finally {
    networks.generator.levelMask = null;
    mask?.dispose();
  }
  return { rows, conditions, classes };
}

/** The generator's {@link TabularGenerator.levelMask} for the model's training counts; null when every level was seen. */
function unseenLevelMask(metadata: TabularMetadata, spans: readonly { start: number; width: number }[], categoricalWidth: number): Tensor | null {
  const mask = new Float32Array(categoricalWidth);
  let unseen = 0;
  spans.forEach(({ start, width }, j) => {
    for (let k = 0; k < width; k++) {
      if (metadata.levelCounts.every((byClass) => byClass[j][k] === 0)) { mask[start + k] = UNSEEN_LOGIT; unseen++; }
    }
  });
  return unseen === 0 ? null : keep(tensor(mask, [1, categoricalWidth]));
}

/** Added to an unseen level's logit: far below any trained logit, finite (so a softmax has no NaN). */
const UNSEEN_LOGIT = -1e4;

const SAMPLE_OPTIONS: readonly string[] = ['classLevel', 'condition', 'seed', 'maxDraws'] satisfies (keyof TableSampleOptions)[];

/** The most rows one {@link sampleTable} call makes (the CLI's `tabular sample --count` cap too): the table is held in memory. */
export const MAX_TABLE_SAMPLE_ROWS = 1_000_000;

/** `count` synthetic rows as a table in the data's own columns and units. */
export async function sampleTable(networks: TabularNetworks, metadata: TabularMetadata, count: number, options: TableSampleOptions = {}): Promise<Table> {
  if (!Number.isInteger(count) || count < 1) throw new Error(`sampleTable: the count must be a positive integer, got ${typeof count === 'string' ? `'${count}'` : count}`);
  // The table is made in memory in one piece: 10⁸ rows ran for minutes before it could fail.
  if (count > MAX_TABLE_SAMPLE_ROWS) throw new Error(`sampleTable: the count ${count} is above the ${MAX_TABLE_SAMPLE_ROWS.toLocaleString('en-US')} rows one call makes (the table is held in memory): sample in several calls with different seeds`);
  if (typeof options !== 'object' || options === null) throw new Error(`sampleTable: options must be an object (e.g. { classLevel: 'bad' }), got ${options === null ? 'null' : typeof options}`);
  // A misspelt option (`class` for `classLevel`) is an error, not rows of every class.
  checkOptionNames(options, SAMPLE_OPTIONS.join(' '), 'sampleTable');
  // Swapped or missing arguments, named here rather than as "Cannot read properties of null (reading 'transform')".
  if (typeof metadata?.transform !== 'object' || metadata.transform === null) throw new Error('sampleTable: metadata must be a model\'s metadata (loadTabularModel(dir).metadata, or trainTabularGan\'s result), got ' + (metadata === null ? 'null' : typeof metadata));
  if (typeof networks?.generator !== 'object' || networks.generator === null) throw new Error('sampleTable: networks must be a model\'s networks (loadTabularModel(dir).networks, or trainTabularGan\'s result), got ' + (networks === null ? 'null' : typeof networks));
  // Named here, not as the first freed weight matrix the generator's forward pass touches.
  if (networks?.generator?.parameters().some((p) => p.isDisposed)) throw new Error('sampleTable: the generator was disposed (disposeModule); load the model again (loadTabularModel) or train a new one');
  const { fixed, chosen } = resolveSampleOptions(metadata, options);
  const rng = new Rng(checkSeed(options.seed ?? 1, 'sampleTable'));
  if (!chosen) {
    const { rows, classes } = await generateEncoded(networks, metadata, count, fixed, chosen, rng);
    return decode(metadata.transform, rows, count, classes);
  }
  // The condition and the penalty only pull the chosen span's logits towards the level; the Gumbel
  // draw can still land elsewhere. Rejection keeps the rows that have it, drawing more until `count`.
  const { width, numericWidth, spans } = layout(metadata.transform);
  const span = spans[chosen.span];
  const maxDraws = options.maxDraws ?? 100 * count;
  if (!(Number.isInteger(maxDraws) && maxDraws >= count)) throw new Error(`gangrad: maxDraws must be a whole number ≥ the count (${count}), got ${maxDraws}`);
  const rows = new Float32Array(count * width), classes = new Int32Array(count);
  let kept = 0, drawn = 0;
  while (kept < count && drawn < maxDraws) {
    // Enough rows for what is missing at the acceptance seen so far (at least 1%), within the budget.
    const rate = drawn > 0 ? Math.max(kept / drawn, 0.01) : 1;
    const n = Math.min(maxDraws - drawn, Math.max(64, Math.ceil((1.2 * (count - kept)) / rate)));
    const e = await generateEncoded(networks, metadata, n, fixed, chosen, rng);
    drawn += n;
    for (let r = 0; r < n && kept < count; r++) {
      if (!chosen.levels.includes(spanLevel(e.rows, r * width + numericWidth + span.start, span.width))) continue;
      rows.set(e.rows.subarray(r * width, (r + 1) * width), kept * width);
      classes[kept++] = e.classes[r];
    }
  }
  if (kept < count) {
    const { column, level } = options.condition!;
    throw new Error(`gangrad: only ${kept} of ${drawn} generated rows had ${column}=${level} (${((100 * kept) / drawn).toFixed(2)}%), short of ${count}: the model rarely or never makes this level${options.classLevel ? ` for class ${options.classLevel}` : ''}; ask for fewer rows or another level`);
  }
  return decode(metadata.transform, rows, count, classes);
}
