/**
 * The tabular GAN's evaluation against a held-out real test part that no model was fitted on:
 * 1. utility: train-on-synthetic-test-on-real (TSTR) AUC against train-on-real (TRTR);
 * 2. augmentation: a classifier on the real training rows plus extra minority rows (none, random
 *    oversampling, SMOTE, the GAN), scored on the test part by minority recall at a fixed precision,
 *    F1 and AUC;
 * 3. fidelity: per-column distances (KS for numeric, total variation for categorical), the mean
 *    absolute difference of the correlation matrices, and a detection score (cross-validated AUC of a
 *    classifier telling real training rows from synthetic rows: 0.5 is indistinguishable);
 * 4. privacy: distance from each synthetic row to its closest real training row (DCR), against the
 *    same distance for the real test rows, which are fresh draws from the data's own distribution.
 * Fidelity figures come with a reference: the real training part scored against the test part, the
 * best a perfect copy of the training distribution could do with this many rows. The one setting chosen
 * from data, the logistic regression's weight decay, is chosen by cross-validation on the real training
 * rows (select.ts); the test part only ever scores.
 */
import { Rng } from '../../tensor/index.js';
import { Smote } from '../baselines/smote.js';
import type { RankingEvaluation } from './fraud-figures.js';
import type { CategoricalColumn, NumericColumn, Table } from '../data/table.js';
import { SplitError } from '../data/split.js';
import { levelList, quoteLevel } from '../data/levels.js';
import { trainClassifier, type ClassifierKind, type ClassifierOptions } from '../../scoring/classifier.js';
import { eventLoopTurn } from '../../gan/index.js';
import { binaryLabels, features, fitScaler, pickRows, type FeatureScaler } from './features.js';
import { chooseWeightDecay, WEIGHT_DECAYS } from './select.js';
import { correlationDistance, correlationMatrix, f1Score, ksStatistic, median, recallAtPrecision, rocAuc, totalVariation } from './metrics.js';

/** Draws synthetic rows: `count` rows, all of class `classLevel` when given, else in the training proportions. */
export type TableSampler = (count: number, classLevel?: string) => Promise<Table>;

/** One classifier's scores on the test part, the minority class positive. */
export interface ClassifierScores {
  /** ROC AUC. */
  auc: number;
  /** F1 at probability threshold 0.5. */
  f1: number;
  /** Minority recall at precision ≥ `recallPrecision`. */
  recall: number;
}

/**
 * The ways to add fraud rows before a classifier is trained: none, random oversampling, SMOTE-NC, GAN
 * rows.
 */
export const AUGMENTATIONS = ['none', 'oversample', 'smote', 'gan'] as const;
/** One of {@link AUGMENTATIONS}. */
export type Augmentation = (typeof AUGMENTATIONS)[number];
/** The classifiers the synthetic-table evaluation trains (the fraud evaluation adds boosted trees: `RANKERS`). */
export const CLASSIFIERS: ClassifierKind[] = ['logistic', 'mlp'];

/** What {@link evaluateTabular} finds: utility, augmentation, fidelity and privacy (see the top of this file). */
export interface TabularEvaluation {
  /** The class column. */
  target: string;
  /** The minority class, positive for every classifier score. */
  positive: string;
  /**
   * The target's other classes, scored together as the negative one: present when the target has more
   * than two classes (absent with two, and in evaluations written before it).
   */
  others?: string[];
  /** Rows of `positive` in the test part (absent in evaluations written before it). */
  testPositives?: number;
  /** The precision at which `recall` of {@link ClassifierScores} is read. */
  recallPrecision: number;
  /** Rows of the real training and test parts. */
  trainRows: number;
  testRows: number;
  /** AUC on the test part of classifiers trained on real (TRTR) or synthetic (TSTR) rows. */
  utility: Record<ClassifierKind, { real: number; synthetic: number }>;
  /** Test-part scores of each classifier trained on the real rows plus each augmentation's minority rows. */
  augmentation: Record<Augmentation, Record<ClassifierKind, ClassifierScores>>;
  /** Minority rows added by each augmentation (to balance the classes). */
  augmentedRows: number;
  /** Logistic regression's weight decay, chosen by cross-validated AUC on the real training rows; every candidate's score. */
  logisticDecay: { weightDecay: number; candidates: number[]; scores: number[] };
  /**
   * How close the synthetic rows come to the real test part (lower is closer), each figure beside its
   * `reference`, the real training rows' own distance: per column (KS or total variation), their means,
   * and the correlation matrices' mean absolute difference. `detection`: each classifier's
   * cross-validated AUC telling real training rows from synthetic ones (0.5: indistinguishable).
   */
  fidelity: {
    columns: { name: string; kind: 'numeric' | 'categorical'; statistic: 'KS' | 'TV'; synthetic: number; reference: number }[];
    meanKs: { synthetic: number; reference: number };
    meanTv: { synthetic: number; reference: number };
    /**
     * The same for every pair of categorical columns: total variation of their joint level shares,
     * averaged over the pairs, and the five pairs farthest from the test part's (absent in evaluations
     * written before it). Marginals can match while the columns' dependence is lost.
     */
    pairTv?: { synthetic: number; reference: number; worst: { columns: [string, string]; synthetic: number; reference: number }[] };
    correlation: { synthetic: number; reference: number };
    detection: Record<ClassifierKind, number>;
  };
  privacy: {
    /** Median distance to the closest training record: synthetic rows, real test rows. */
    syntheticMedian: number;
    testMedian: number;
    /** 5th percentile of the same distances. */
    synthetic5th: number;
    test5th: number;
    /** Synthetic rows identical to a training row. */
    exactCopies: number;
  };
  /** The fraud figures (three classifiers, every way of handling the rare class), when asked for. */
  ranking?: RankingEvaluation;
}

/** Options for {@link evaluateTabular}. */
export interface EvaluationOptions {
  /** The class column. */
  target: string;
  /** Minority class; default: the rarer class of the training rows. */
  positive?: string;
  /** Precision at which minority recall is read; default 0.5. */
  recallPrecision?: number;
  /** Seed of the classifiers, the oversamplers and the folds; default 1. */
  seed?: number;
  /** Folds of the detection score's cross-validation; default 5. */
  folds?: number;
  /** Minibatch steps of every classifier (default: the classifier's own). */
  classifierSteps?: number;
  /** Hears a line as each long stage starts (an evaluation of a large table takes minutes). */
  progress?: (line: string) => void;
  /**
   * What computes the nearest-row distances (default {@link closestDistances} on this thread); the CLI
   * passes worker threads splitting the rows (the same distances), which run during the detection fits.
   */
  closestDistances?: (x: Float32Array, reference: Float32Array, width: number) => Promise<Float64Array>;
}

function codes(table: Table, name: string): CategoricalColumn {
  const c = table.columns.find((col) => col.name === name);
  if (!c || c.kind !== 'categorical') throw new Error(`${table.file}: no categorical column '${name}'`);
  return c;
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

async function scores(kind: ClassifierKind, x: Float32Array, y: Float32Array, width: number, test: Float32Array, testY: Float32Array, precision: number, options: ClassifierOptions): Promise<ClassifierScores> {
  const model = trainClassifier(kind, x, y, width, options);
  const p = await model.predict(test, testY.length);
  model.dispose();
  await eventLoopTurn(); // an evaluation fits dozens of classifiers: a signal (Ctrl-C) gets in between them
  return { auc: rocAuc(p, testY), f1: f1Score(p, testY), recall: recallAtPrecision(p, testY, precision) };
}

/** Distance from each row of `x` to its nearest row of `reference` (both [*, width]). */
export function closestDistances(x: Float32Array, reference: Float32Array, width: number): Float64Array {
  const n = x.length / width, m = reference.length / width;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let j = 0; j < m && best > 0; j++) {
      let s = 0;
      for (let c = 0; c < width && s < best; c++) s += (x[i * width + c] - reference[j * width + c]) ** 2;
      best = Math.min(best, s);
    }
    out[i] = Math.sqrt(best);
  }
  return out;
}

const quantile = (v: Float64Array, q: number) => Float64Array.from(v).sort()[Math.min(v.length - 1, Math.floor(q * v.length))];

/** Cross-validated AUC of a classifier separating rows of `a` (label 1) from rows of `b` (label 0). */
async function detectionAuc(kind: ClassifierKind, a: Float32Array, b: Float32Array, width: number, folds: number, seed: number, steps?: number): Promise<number> {
  const all = concat(a, b);
  const n = all.length / width, na = a.length / width;
  const labels = Float32Array.from({ length: n }, (_, i) => (i < na ? 1 : 0));
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = new Rng(seed);
  for (let i = n - 1; i > 0; i--) { const j = rng.int(i + 1); [order[i], order[j]] = [order[j], order[i]]; }
  const predicted = new Float64Array(n);
  for (let f = 0; f < folds; f++) {
    const held = order.filter((_, k) => k % folds === f), kept = order.filter((_, k) => k % folds !== f);
    const model = trainClassifier(kind, pickRows(all, width, kept), Float32Array.from(kept, (r) => labels[r]), width, { seed: seed + f, steps });
    const p = await model.predict(pickRows(all, width, held), held.length);
    model.dispose();
    await eventLoopTurn();
    held.forEach((r, i) => { predicted[r] = p[i]; });
  }
  return rocAuc(predicted, labels);
}

function fidelityColumns(synthetic: Table, train: Table, test: Table, target: string): TabularEvaluation['fidelity']['columns'] {
  return test.columns.filter((c) => c.name !== target).map((c) => {
    const find = (t: Table) => t.columns.find((x) => x.name === c.name)!;
    if (c.kind === 'numeric') {
      const v = (t: Table) => (find(t) as NumericColumn).values;
      return { name: c.name, kind: c.kind, statistic: 'KS' as const, synthetic: ksStatistic(v(synthetic), c.values), reference: ksStatistic(v(train), c.values) };
    }
    const inTest = (t: Table) => {
      const col = find(t) as CategoricalColumn;
      return Int32Array.from(col.codes, (k) => c.levels.indexOf(col.levels[k]));
    };
    return { name: c.name, kind: c.kind, statistic: 'TV' as const, synthetic: totalVariation(inTest(synthetic), c.codes, c.levels.length), reference: totalVariation(inTest(train), c.codes, c.levels.length) };
  });
}

/**
 * Total variation between the joint level shares of every two categorical columns (`target` left out)
 * of `synthetic` and of `test`, and of `train` and `test` as the reference: the mean over the pairs and
 * the five pairs where the synthetic rows are farthest (see `fidelity.pairTv`); null with fewer than two
 * such columns (no pair: a mean over none is no figure, not a perfect 0).
 */
export function fidelityPairs(synthetic: Table, train: Table, test: Table, target: string): NonNullable<TabularEvaluation['fidelity']['pairTv']> | null {
  const columns = test.columns.filter((c): c is CategoricalColumn => c.kind === 'categorical' && c.name !== target);
  // Codes in the test part's level order; a level the test part lacks gets one past its levels.
  const inTest = (t: Table, c: CategoricalColumn) => {
    const col = t.columns.find((x) => x.name === c.name) as CategoricalColumn;
    const map = col.levels.map((l) => { const k = c.levels.indexOf(l); return k < 0 ? c.levels.length : k; });
    return Int32Array.from(col.codes, (k) => map[k]);
  };
  const codes = (t: Table) => columns.map((c) => inTest(t, c));
  const [s, r, e] = [codes(synthetic), codes(train), codes(test)];
  const pairs: { columns: [string, string]; synthetic: number; reference: number }[] = [];
  for (let a = 0; a < columns.length; a++) {
    for (let b = a + 1; b < columns.length; b++) {
      const wb = columns[b].levels.length + 1, cells = (columns[a].levels.length + 1) * wb;
      const joint = (x: Int32Array[]) => Int32Array.from(x[a], (k, i) => k * wb + x[b][i]);
      pairs.push({ columns: [columns[a].name, columns[b].name], synthetic: totalVariation(joint(s), joint(e), cells), reference: totalVariation(joint(r), joint(e), cells) });
    }
  }
  if (pairs.length === 0) return null;
  const mean = (key: 'synthetic' | 'reference') => pairs.reduce((t, p) => t + p[key], 0) / pairs.length;
  return { synthetic: mean('synthetic'), reference: mean('reference'), worst: [...pairs].sort((x, y) => y.synthetic - x.synthetic).slice(0, 5) };
}

/** The `pairTv` field when there are pairs (absent otherwise, as in evaluations written before it). */
const optionalPairs = (pairTv: ReturnType<typeof fidelityPairs>) => (pairTv ? { pairTv } : {});

/**
 * Fewer test rows of the scored class than this, and the criteria scored on them are not judged: even
 * with 10 an AUC's standard error is about 0.09 (Hanley–McNeil), above the 0.05 gap a criterion judges.
 */
export const MIN_JUDGED_TEST_ROWS = 10;

/** The warning when `count` test rows of class `positive` of `target` are too few to judge the criteria scored on them; '' when enough. */
export function fewTestRowsLine(count: number, positive: string, target: string): string {
  if (count >= MIN_JUDGED_TEST_ROWS) return '';
  return `the test part holds ${count} row${count === 1 ? '' : 's'} of class ${quoteLevel(positive)} of '${target}', fewer than ${MIN_JUDGED_TEST_ROWS}: too few to judge the criteria scored on it (TSTR, augmentation), marked "too few test rows to judge"; use more data or a larger --test-fraction`;
}

/**
 * Fewer rows than this in a part, and the criteria computed on whole parts are not judged: the
 * detection AUC (the training rows against as many synthetic ones) and the distance to the closest
 * training row (its median over the test rows, and over as many synthetic rows as training rows). Near
 * the 0.75 line a detection AUC's standard error is about 0.08 with 20 rows a side, 0.11 with 10
 * (Hanley–McNeil); and classifiers fitted on a dozen rows tell nothing apart, which reads as a pass.
 */
export const MIN_JUDGED_ROWS = 20;

/** Which criteria computed on whole parts a split of `trainRows` and `testRows` rows is too small to judge (see {@link MIN_JUDGED_ROWS}). */
export function unjudgedWholeParts(trainRows: number, testRows: number): { detection: boolean; privacy: boolean } {
  const detection = trainRows < MIN_JUDGED_ROWS;
  return { detection, privacy: detection || testRows < MIN_JUDGED_ROWS };
}

/** The warning when the parts are too small to judge the detection AUC or the closest-row distances by; '' when enough. */
export function fewRowsLine(trainRows: number, testRows: number): string {
  const { detection, privacy } = unjudgedWholeParts(trainRows, testRows);
  if (!privacy) return '';
  const rows = (n: number) => `${n} row${n === 1 ? '' : 's'}`;
  const what = detection
    ? `the training part holds ${rows(trainRows)}${testRows < MIN_JUDGED_ROWS ? ` and the test part ${testRows}` : ''}, fewer than ${MIN_JUDGED_ROWS}: too few to judge the detection AUC (the training rows against as many synthetic ones) or the distance to the closest training row`
    : `the test part holds ${rows(testRows)}, fewer than ${MIN_JUDGED_ROWS}: too few to judge the distance to the closest training row (its median over the test rows)`;
  return `${what}, marked "too few rows to judge"; use more data${detection ? '' : ' or a larger --test-fraction'}`;
}

/** Which class an evaluation scores: `positive`, else the training part's rarest; `folds` of its cross-validation (default 5). */
export interface EvaluatedClassOptions {
  positive?: string;
  folds?: number;
}

/**
 * The class an evaluation of `train` scores and its training rows, checked: SMOTE needs 2 or more, and
 * the weight decay's cross-validation a row in every fold. Exported so that a command refuses such a
 * table before it trains, not after.
 */
export function evaluatedClass(train: Table, target: string, options: EvaluatedClassOptions = {}): { positive: string; minority: number } {
  const t = codes(train, target), folds = options.folds ?? 5;
  const counts = t.levels.map((_, l) => t.codes.filter((k) => k === l).length);
  const positive = options.positive ?? t.levels[counts.indexOf(Math.min(...counts))];
  const pIndex = t.levels.indexOf(positive);
  if (pIndex < 0) throw new Error(`${train.file}: ${quoteLevel(positive)} is not a level of '${target}' (levels: ${levelList(t.levels)})`);
  const minority = counts[pIndex];
  if (minority < 2) throw new SplitError(`${train.file}: the training part holds ${minority} row${minority === 1 ? '' : 's'} of class ${quoteLevel(positive)} of '${target}', too few to oversample (SMOTE needs 2 or more) or to learn from: use more data, or fewer classes`);
  // The weight decay's stratified cross-validation scores an AUC on every fold: each needs a row of the class.
  if (minority < folds) throw new SplitError(`${train.file}: the training part holds ${minority} rows of class ${quoteLevel(positive)} of '${target}', too few for the evaluation's ${folds}-fold cross-validation (a row of the class in every fold: ${folds} or more): use more data`);
  return { positive, minority };
}

/**
 * Evaluate synthetic rows from `sample` against the real `test` part, with `train` the rows the GAN was
 * fitted on: utility, augmentation, fidelity and privacy (see the top of this file).
 */
export async function evaluateTabular(train: Table, test: Table, sample: TableSampler, options: EvaluationOptions): Promise<TabularEvaluation> {
  const { target } = options;
  const seed = options.seed ?? 1, precision = options.recallPrecision ?? 0.5, folds = options.folds ?? 5;
  const t = codes(train, target);
  const { positive, minority } = evaluatedClass(train, target, { positive: options.positive, folds });
  const majority = train.rows - minority;
  const progress = options.progress ?? (() => {});
  if (t.levels.length > 2) progress(`'${target}' has ${t.levels.length} classes (${levelList(t.levels)}): the figures score ${quoteLevel(positive)}${options.positive ? '' : ', the rarest,'} against the other ${t.levels.length - 1} together`);

  // Classifier view: the target left out, scaled on the real training rows.
  const scaler: FeatureScaler = fitScaler(train, target);
  const w = scaler.width;
  const xTrain = features(train, scaler), yTrain = binaryLabels(train, target, positive);
  const xTest = features(test, scaler), yTest = binaryLabels(test, target, positive);
  progress(`sampling ${train.rows} synthetic rows and ${Math.max(0, majority - minority)} of class ${positive}; SMOTE and random oversampling`);
  const synthetic = await sample(train.rows);
  const xSyn = features(synthetic, scaler), ySyn = binaryLabels(synthetic, target, positive);

  const utility = {} as TabularEvaluation['utility'];
  const augmentation = { none: {}, oversample: {}, smote: {}, gan: {} } as TabularEvaluation['augmentation'];
  const extra = Math.max(0, majority - minority);
  const minorityRows = Array.from(yTrain.keys()).filter((i) => yTrain[i] === 1);
  const xMinority = pickRows(xTrain, w, minorityRows);
  const rng = new Rng(seed * 13 + 1);
  const oversampled = new Float32Array(extra * w);
  for (let i = 0; i < extra; i++) {
    const r = rng.int(minorityRows.length);
    oversampled.set(xMinority.subarray(r * w, (r + 1) * w), i * w);
  }
  const smoteRows = new Smote(5).fit(xMinority, minorityRows.length, w).sample(extra, seed * 17 + 3);
  const ganRows = extra > 0 ? features(await sample(extra, positive), scaler) : new Float32Array(0);
  const ones = Float32Array.from({ length: extra }, () => 1);
  const added: Record<Augmentation, Float32Array> = { none: new Float32Array(0), oversample: oversampled, smote: smoteRows, gan: ganRows };
  // The logistic regression's weight decay (its pull towards 0), chosen by cross-validation on the real training rows only,
  // then the same for real, synthetic and every augmented training set.
  progress(`logistic regression's weight decay: ${folds}-fold cross-validation on the real training rows`);
  const decay = await chooseWeightDecay('logistic', xTrain, yTrain, w, { seed, steps: options.classifierSteps });
  const settings: Record<ClassifierKind, ClassifierOptions> = {
    logistic: { seed, steps: options.classifierSteps, weightDecay: decay.weightDecay },
    mlp: { seed, steps: options.classifierSteps },
  };
  for (const kind of CLASSIFIERS) {
    progress(`${kind}: trained on real rows, on synthetic rows, and with each augmentation; scored on the ${test.rows} held-out rows`);
    const real = await scores(kind, xTrain, yTrain, w, xTest, yTest, precision, settings[kind]);
    const syn = await scores(kind, xSyn, ySyn, w, xTest, yTest, precision, settings[kind]);
    utility[kind] = { real: real.auc, synthetic: syn.auc };
    augmentation.none[kind] = real;
    for (const a of ['oversample', 'smote', 'gan'] as const) {
      augmentation[a][kind] = await scores(kind, concat(xTrain, added[a]), concat(yTrain, extra > 0 ? ones : new Float32Array(0)), w, xTest, yTest, precision, settings[kind]);
    }
  }

  // Fidelity and privacy see every column, the target included.
  const full = fitScaler(train);
  const fTrain = features(train, full), fTest = features(test, full), fSyn = features(synthetic, full);
  const columns = fidelityColumns(synthetic, train, test, target);
  const meanOf = (kind: 'numeric' | 'categorical', key: 'synthetic' | 'reference') => {
    const v = columns.filter((c) => c.kind === kind).map((c) => c[key]);
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0;
  };
  const cTest = correlationMatrix(fTest, test.rows, full.width);
  const detection = {} as Record<ClassifierKind, number>;
  progress(`detection: can a classifier tell synthetic from real rows (${folds}-fold)? Then distances to the closest training row`);
  const nearest = options.closestDistances ?? (async (x: Float32Array, reference: Float32Array, width: number) => closestDistances(x, reference, width));
  // Started first: on worker threads the distances are computed while this thread fits the detectors.
  const distances = Promise.all([nearest(fSyn, fTrain, full.width), nearest(fTest, fTrain, full.width)]);
  distances.catch(() => {}); // awaited below; a detector's failure is reported first, not as unhandled
  for (const kind of CLASSIFIERS) detection[kind] = await detectionAuc(kind, fTrain, fSyn, full.width, folds, seed, options.classifierSteps);
  const [dSyn, dTest] = await distances;

  return {
    target, positive, ...(t.levels.length > 2 ? { others: t.levels.filter((l) => l !== positive) } : {}),
    testPositives: yTest.reduce((n, y) => n + y, 0), recallPrecision: precision, trainRows: train.rows, testRows: test.rows,
    utility, augmentation, augmentedRows: extra,
    logisticDecay: { weightDecay: decay.weightDecay, candidates: WEIGHT_DECAYS, scores: decay.scores },
    fidelity: {
      columns,
      meanKs: { synthetic: meanOf('numeric', 'synthetic'), reference: meanOf('numeric', 'reference') },
      meanTv: { synthetic: meanOf('categorical', 'synthetic'), reference: meanOf('categorical', 'reference') },
      ...optionalPairs(fidelityPairs(synthetic, train, test, target)),
      correlation: {
        synthetic: correlationDistance(correlationMatrix(fSyn, synthetic.rows, full.width), cTest, full.width),
        reference: correlationDistance(correlationMatrix(fTrain, train.rows, full.width), cTest, full.width),
      },
      detection,
    },
    privacy: {
      syntheticMedian: median(dSyn), testMedian: median(dTest),
      synthetic5th: quantile(dSyn, 0.05), test5th: quantile(dTest, 0.05),
      exactCopies: dSyn.filter((d) => d === 0).length,
    },
  };
}
