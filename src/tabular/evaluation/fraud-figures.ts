/**
 * The fraud evaluation: each classifier (logistic regression, the MLP, boosted trees) trained on the
 * real training rows with each way of handling the rare class (nothing, class weights, random
 * oversampling, SMOTE-NC, the GAN's minority rows; oversamplers add rows until the classes balance),
 * and on GAN rows alone (train on synthetic), scored on the test part by the ranking figures of
 * ranking.ts. Classifier settings are the same for every method, so they stay one yardstick.
 */
import { Rng } from '../../tensor/index.js';
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
  /** Minority rows each oversampler added to the training rows (enough for the classes to balance). */
  addedRows: number;
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

const stack = (a: Float32Array, b: Float32Array) => { const o = new Float32Array(a.length + b.length); o.set(a); o.set(b, a.length); return o; };

export interface FraudEvaluationOptions {
  target: string;
  /** The rare class; default: the rarer class of the training rows. */
  positive?: string;
  seed?: number;
  logisticDecay?: number;
  classifierSteps?: number;
  /** Hears a line as each ranker starts. */
  progress?: (line: string) => void;
}

/**
 * The fraud evaluation (see the top of this file) on a real train/test split: `sample(count, classLevel?)`
 * supplies GAN rows. Every classifier is fitted on each method's training rows and scored on `test`.
 */
export async function evaluateFraud(train: Table, test: Table, sample: TableSampler, options: FraudEvaluationOptions): Promise<RankingEvaluation> {
  const seed = options.seed ?? 1;
  const positive = options.positive ?? rarerClass(train, options.target);
  const scaler: FeatureScaler = fitScaler(train, options.target);
  const w = scaler.width;
  const xTrain = features(train, scaler), yTrain = binaryLabels(train, options.target, positive);
  const xTest = features(test, scaler), yTest = binaryLabels(test, options.target, positive);
  const minorityRows = Array.from(yTrain.keys()).filter((i) => yTrain[i] === 1);
  const extra = Math.max(0, train.rows - 2 * minorityRows.length);
  const minority = selectRows(train, minorityRows);
  const rng = new Rng(seed * 13 + 1);
  const oversampled = selectRows(minority, Array.from({ length: extra }, () => rng.int(minority.rows)));
  const smoteNc = new SmoteNc(5).fit(minority).sample(extra, seed * 17 + 3);
  const ganRows = await sample(extra, positive);
  const synthetic = await sample(train.rows);
  const ones = new Float32Array(extra).fill(1);
  const sets: Record<ImbalanceMethod, { x: Float32Array; y: Float32Array; classWeights?: boolean }> = {
    none: { x: xTrain, y: yTrain },
    weights: { x: xTrain, y: yTrain, classWeights: true },
    oversample: { x: stack(xTrain, features(oversampled, scaler)), y: stack(yTrain, ones) },
    smotenc: { x: stack(xTrain, features(smoteNc, scaler)), y: stack(yTrain, ones) },
    gan: { x: stack(xTrain, features(ganRows, scaler)), y: stack(yTrain, ones) },
    synthetic: { x: features(synthetic, scaler), y: binaryLabels(synthetic, options.target, positive) },
  };
  const figures = {} as RankingEvaluation['figures'];
  const curves = {} as RankingEvaluation['curves'];
  for (const method of IMBALANCE_METHODS) {
    options.progress?.(`fraud figures: ${RANKERS.join(', ')} with ${IMBALANCE_METHOD_NAMES[method]}`);
    figures[method] = {} as Record<Ranker, RankingFigures>;
    const set = sets[method];
    for (const kind of RANKERS) {
      const model = fitRanker(kind, set.x, set.y, w, { seed, logisticDecay: options.logisticDecay, classifierSteps: options.classifierSteps, classWeights: set.classWeights });
      const p = await model.predict(xTest, test.rows);
      model.dispose();
      figures[method][kind] = rankingFigures(p, yTest);
      if (method === 'none' || method === 'gan') (curves[kind] ??= {} as RankingEvaluation['curves'][Ranker])[method] = thin(precisionRecallCurve(p, yTest));
    }
  }
  return {
    positive, trainRows: train.rows, testRows: test.rows, testPositiveShare: yTest.reduce((a, b) => a + b, 0) / test.rows,
    addedRows: extra, figures, curves,
  };
}
