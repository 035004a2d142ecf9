/**
 * The fraud evaluation: each classifier (logistic regression, the MLP, boosted trees) trained on the
 * real training rows with each way of handling the rare class (nothing, class weights, random
 * oversampling, SMOTE-NC, the GAN's minority rows), and on GAN rows alone (train on synthetic), scored
 * on the test part by the ranking figures of ranking.ts. Classifier settings are the same for every
 * method, so they stay one yardstick.
 *
 * An oversampler adds rows until the classes balance, or a fraction of that amount chosen for each
 * oversampler and classifier on a validation part ({@link chooseAmounts}: out of time, the last
 * training period, with the GAN fitted on the periods before it). Balance swamps boosted trees with
 * synthetic rows (docs/fraud.md, "How many rows to add for the trees").
 */
import { Rng } from '../../tensor/index.js';
import { eventLoopTurn } from '../../gan/index.js';
import { SmoteNc } from '../baselines/smote-nc.js';
import { selectRows, type Table } from '../data/table.js';
import { rarerClass } from '../data/split.js';
import { trainClassifier, type Classifier, type ClassifierKind } from '../../scoring/classifier.js';
import type { TableSampler } from './evaluate.js';
import { binaryLabels, features, fitScaler, type FeatureScaler } from './features.js';
import { rocAuc } from './metrics.js';
import { averagePrecision, precisionAtTop, precisionRecallCurve, recallAtFpr } from './ranking.js';
import { trainBoostedTrees } from './trees.js';

/** The classifiers the fraud evaluation ranks claims with: logistic regression, the MLP, boosted trees. */
export const RANKERS = ['logistic', 'mlp', 'trees'] as const;
/** One of {@link RANKERS}. */
export type Ranker = (typeof RANKERS)[number];
/** The ways of handling the rare class that the fraud evaluation compares; see {@link ImbalanceMethod}. */
export const IMBALANCE_METHODS = ['none', 'weights', 'oversample', 'smotenc', 'gan', 'synthetic'] as const;
/** `synthetic`: trained on GAN rows only (train on synthetic, test on real); the others add to the real rows. */
export type ImbalanceMethod = (typeof IMBALANCE_METHODS)[number];
/** The methods that add minority rows, in an amount that may be chosen ({@link chooseAmounts}). */
export const OVERSAMPLERS = ['oversample', 'smotenc', 'gan'] as const;
/** One of {@link OVERSAMPLERS}. */
export type Oversampler = (typeof OVERSAMPLERS)[number];
/** The amounts {@link chooseAmounts} tries, as fractions of the rows that balance the classes. */
export const AMOUNT_FRACTIONS: readonly number[] = [0.05, 0.1, 0.2, 0.35, 0.5, 1];
/** The fraction of the balancing rows each oversampler adds, per classifier. */
export type MinorityAmounts = Record<Oversampler, Record<Ranker, number>>;
/** Every oversampler adds rows until the classes balance, for every classifier. */
export const BALANCE: MinorityAmounts = Object.fromEntries(OVERSAMPLERS.map((m) => [m, Object.fromEntries(RANKERS.map((k) => [k, 1]))])) as MinorityAmounts;

/** Each method's name in tables and progress lines. */
export const IMBALANCE_METHOD_NAMES: Record<ImbalanceMethod, string> = {
  none: 'real rows, nothing done', weights: 'class weights', oversample: 'random oversampling', smotenc: 'SMOTE-NC (k = 5)',
  gan: 'GAN minority rows', synthetic: 'GAN rows only (train on synthetic)',
};

/** The ranking figures of one classifier's scores on the test part ({@link rankingFigures}). */
export interface RankingFigures {
  /** Average precision (area under the PR curve). */
  ap: number;
  /** Recall at 1 % and 5 % false-positive rate. */
  recallAt1: number;
  recallAt5: number;
  /** Precision in the top 1 % of scores. */
  precisionTop1: number;
  /** ROC AUC. */
  auc: number;
}

/** What {@link evaluateFraud} finds: the ranking figures of every classifier under every imbalance method. */
export interface RankingEvaluation {
  /** The class treated as positive (the fraud class). */
  positive: string;
  /** Rows of the training and the test part. */
  trainRows: number;
  testRows: number;
  /** Share of the positive class in the test part (the average precision of a random ranking). */
  testPositiveShare: number;
  /** Minority rows that balance the classes: each oversampler adds this many, or its fraction in {@link amounts}. */
  addedRows: number;
  /** The fraction of {@link addedRows} each oversampler added for each classifier. */
  amounts: MinorityAmounts;
  /** Where the amounts were chosen ({@link chooseAmounts}): its rows, and the average precision there at each of {@link AMOUNT_FRACTIONS}. */
  amountChoice?: AmountChoice['validation'];
  /** Figures by imbalance method, then by classifier. */
  figures: Record<ImbalanceMethod, Record<Ranker, RankingFigures>>;
  /** PR curves on the test part (at most 101 points each) of each classifier with no handling and with GAN rows. */
  curves: Record<Ranker, Record<'none' | 'gan', { recall: number[]; precision: number[] }>>;
}

/** Ranking figures of scores against 0/1 labels. */
export function rankingFigures(scores: ArrayLike<number>, labels: ArrayLike<number>): RankingFigures {
  return {
    ap: averagePrecision(scores, labels), recallAt1: recallAtFpr(scores, labels, 0.01), recallAt5: recallAtFpr(scores, labels, 0.05),
    precisionTop1: precisionAtTop(scores, labels, 0.01), auc: rocAuc(scores, labels),
  };
}

/**
 * Settings of the fraud figures' rankers: seed, the logistic regression's decay, training steps, class
 * weights.
 */
export interface RankerSettings {
  seed: number;
  /** The logistic regression's weight decay (chosen on the training rows by the main evaluation). */
  logisticDecay?: number;
  classifierSteps?: number;
  classWeights?: boolean;
}

/** Fit one of the three classifiers on features `x` with labels `y`. */
export function fitRanker(kind: Ranker, x: Float32Array, y: Float32Array, width: number, s: RankerSettings): Classifier {
  if (kind === 'trees') return trainBoostedTrees(x, y, width, { classWeights: s.classWeights });
  return trainClassifier(kind as ClassifierKind, x, y, width, { seed: s.seed, steps: s.classifierSteps, classWeights: s.classWeights, weightDecay: kind === 'logistic' ? s.logisticDecay : undefined });
}

function thin(curve: { recall: number[]; precision: number[] }): { recall: number[]; precision: number[] } {
  const n = curve.recall.length, keep = Math.min(n, 101);
  const at = Array.from({ length: keep }, (_, i) => Math.round((i * (n - 1)) / Math.max(1, keep - 1)));
  return { recall: at.map((i) => curve.recall[i]), precision: at.map((i) => curve.precision[i]) };
}

/** Options of {@link evaluateFraud} and {@link chooseAmounts}. */
export interface FraudEvaluationOptions {
  target: string;
  /** The rare class; default: the rarer class of the training rows. */
  positive?: string;
  seed?: number;
  logisticDecay?: number;
  classifierSteps?: number;
  /** The fraction of the balancing rows each oversampler adds per classifier; default {@link BALANCE}. */
  amounts?: MinorityAmounts;
  /** Recorded with the figures when the amounts were chosen ({@link chooseAmounts}). */
  amountChoice?: AmountChoice['validation'];
  /** Hears a line as each ranker starts. */
  progress?: (line: string) => void;
}

/** The training part's features and labels, the test part's, and each oversampler's balancing rows. */
interface PreparedParts {
  scaler: FeatureScaler;
  width: number;
  xTrain: Float32Array; yTrain: Float32Array;
  xTest: Float32Array; yTest: Float32Array;
  /** Rows that balance the classes: each oversampler's rows below, of which a fraction is added. */
  extra: number;
  rows: Record<Oversampler, Float32Array>;
}

/**
 * Features of both parts (scaled on the training part) and each oversampler's balancing rows, drawn
 * once: a smaller amount takes the first rows of the same draw.
 */
async function prepareParts(train: Table, test: Table, sample: TableSampler, target: string, positive: string, seed: number): Promise<PreparedParts> {
  const scaler: FeatureScaler = fitScaler(train, target);
  const xTrain = features(train, scaler), yTrain = binaryLabels(train, target, positive);
  const minorityRows = Array.from(yTrain.keys()).filter((i) => yTrain[i] === 1);
  const extra = Math.max(0, train.rows - 2 * minorityRows.length);
  const minority = selectRows(train, minorityRows);
  const rng = new Rng(seed * 13 + 1);
  const oversampled = selectRows(minority, Array.from({ length: extra }, () => rng.int(minority.rows)));
  const smoteNc = new SmoteNc(5).fit(minority).sample(extra, seed * 17 + 3);
  const ganRows = await sample(extra, positive);
  return {
    scaler, width: scaler.width, xTrain, yTrain, xTest: features(test, scaler), yTest: binaryLabels(test, target, positive), extra,
    rows: { oversample: features(oversampled, scaler), smotenc: features(smoteNc, scaler), gan: features(ganRows, scaler) },
  };
}

/** The training rows plus the first `fraction` of an oversampler's balancing rows. */
function withAddedRows(p: PreparedParts, method: Oversampler, fraction: number): { x: Float32Array; y: Float32Array } {
  const n = Math.round(fraction * p.extra);
  const x = new Float32Array(p.xTrain.length + n * p.width);
  x.set(p.xTrain);
  x.set(p.rows[method].subarray(0, n * p.width), p.xTrain.length);
  const y = new Float32Array(p.yTrain.length + n);
  y.set(p.yTrain);
  y.fill(1, p.yTrain.length);
  return { x, y };
}

/** What {@link chooseAmounts} chose, and on what. */
export interface AmountChoice {
  amounts: MinorityAmounts;
  validation: {
    /** Rows of the part the classifiers were fitted on, and of the part they were scored on. */
    trainRows: number;
    validationRows: number;
    /** The fractions of the balancing rows tried, in the order of {@link ap}'s lists. */
    fractions: number[];
    /** Average precision on the validation part at each of {@link fractions}. */
    ap: Record<Oversampler, Record<Ranker, number[]>>;
  };
}

/**
 * Choose, for each oversampler and classifier, how many minority rows to add: the fraction of the
 * balancing amount (of {@link AMOUNT_FRACTIONS}) whose classifier, fitted on `train` plus those rows,
 * ranks `validation` with the highest average precision (the smaller fraction on a tie). `sample` must
 * come from a GAN fitted on `train` alone, so that nothing of `validation` chooses its own amount.
 */
export async function chooseAmounts(train: Table, validation: Table, sample: TableSampler, options: Omit<FraudEvaluationOptions, 'amounts' | 'amountChoice'>): Promise<AmountChoice> {
  const seed = options.seed ?? 1;
  const positive = options.positive ?? rarerClass(train, options.target);
  const p = await prepareParts(train, validation, sample, options.target, positive, seed);
  const amounts = {} as MinorityAmounts;
  const ap = {} as AmountChoice['validation']['ap'];
  for (const method of OVERSAMPLERS) {
    options.progress?.(`choosing the amount of ${IMBALANCE_METHOD_NAMES[method]} on ${validation.rows} validation rows`);
    amounts[method] = {} as Record<Ranker, number>;
    ap[method] = {} as Record<Ranker, number[]>;
    for (const kind of RANKERS) {
      const scores: number[] = [];
      for (const fraction of AMOUNT_FRACTIONS) {
        const set = withAddedRows(p, method, fraction);
        const model = fitRanker(kind, set.x, set.y, p.width, { seed, logisticDecay: options.logisticDecay, classifierSteps: options.classifierSteps });
        scores.push(averagePrecision(await model.predict(p.xTest, validation.rows), p.yTest));
        model.dispose();
        await eventLoopTurn(); // 54 fits take a minute: a signal (Ctrl-C) gets in between them
      }
      ap[method][kind] = scores;
      amounts[method][kind] = AMOUNT_FRACTIONS[scores.indexOf(Math.max(...scores))];
    }
  }
  return { amounts, validation: { trainRows: train.rows, validationRows: validation.rows, fractions: [...AMOUNT_FRACTIONS], ap } };
}

/**
 * The fraud evaluation (see the top of this file) on a real train/test split: `sample(count, classLevel?)`
 * supplies GAN rows. Every classifier is fitted on each method's training rows and scored on `test`.
 */
export async function evaluateFraud(train: Table, test: Table, sample: TableSampler, options: FraudEvaluationOptions): Promise<RankingEvaluation> {
  const seed = options.seed ?? 1;
  const positive = options.positive ?? rarerClass(train, options.target);
  const amounts = options.amounts ?? BALANCE;
  const p = await prepareParts(train, test, sample, options.target, positive, seed);
  const synthetic = await sample(train.rows);
  const sets: Record<Exclude<ImbalanceMethod, Oversampler>, { x: Float32Array; y: Float32Array; classWeights?: boolean }> = {
    none: { x: p.xTrain, y: p.yTrain },
    weights: { x: p.xTrain, y: p.yTrain, classWeights: true },
    synthetic: { x: features(synthetic, p.scaler), y: binaryLabels(synthetic, options.target, positive) },
  };
  const isOversampler = (m: ImbalanceMethod): m is Oversampler => (OVERSAMPLERS as readonly string[]).includes(m);
  const figures = {} as RankingEvaluation['figures'];
  const curves = {} as RankingEvaluation['curves'];
  for (const method of IMBALANCE_METHODS) {
    options.progress?.(`fraud figures: ${RANKERS.join(', ')} with ${IMBALANCE_METHOD_NAMES[method]}`);
    figures[method] = {} as Record<Ranker, RankingFigures>;
    for (const kind of RANKERS) {
      const set: { x: Float32Array; y: Float32Array; classWeights?: boolean } = isOversampler(method) ? withAddedRows(p, method, amounts[method][kind]) : sets[method];
      const model = fitRanker(kind, set.x, set.y, p.width, { seed, logisticDecay: options.logisticDecay, classifierSteps: options.classifierSteps, classWeights: set.classWeights });
      const scores = await model.predict(p.xTest, test.rows);
      model.dispose();
      await eventLoopTurn(); // let a signal (Ctrl-C) in between fits
      figures[method][kind] = rankingFigures(scores, p.yTest);
      if (method === 'none' || method === 'gan') (curves[kind] ??= {} as RankingEvaluation['curves'][Ranker])[method] = thin(precisionRecallCurve(scores, p.yTest));
    }
  }
  return {
    positive, trainRows: train.rows, testRows: test.rows, testPositiveShare: p.yTest.reduce((a, b) => a + b, 0) / test.rows,
    addedRows: p.extra, amounts, ...(options.amountChoice ? { amountChoice: options.amountChoice } : {}), figures, curves,
  };
}
