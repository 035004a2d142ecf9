/**
 * The discriminative score: how well a small classifier, trained with gangrad itself, tells real
 * windows from synthetic ones. Balanced accuracy on held-out windows (the mean of the two groups'
 * accuracies, so that a classifier that answers "synthetic" every time scores 0.5 however many windows
 * each group has): 0.5 means indistinguishable, 1.0 means every synthetic window gives itself away.
 *
 * What the classifier sees, per window: the returns, their absolute values and the returns sorted. The
 * absolute values make volatility clustering a pattern an MLP finds easily; the sorted window is the
 * window's own empirical distribution, so heavy tails and a window's volatility level are directly
 * visible. (On the raw returns alone an MLP this size cannot tell an i.i.d. Gaussian from real returns:
 * it scored 0.48–0.61 on Gaussian windows, which made the score a weak test.) Each set is divided by
 * its own root mean square, as every other criterion compares standardised returns: the score judges
 * shape, not the volatility level of one test period, which a model of the training era cannot know.
 *
 * Held-out accuracy comes from k-fold cross-validation over contiguous blocks. Real windows overlap
 * (stride < length), so a window's neighbours share most of its days: the `purge` windows on each side
 * of a held-out block are left out of training, else the classifier would be tested on near-copies of
 * what it learnt (purged cross-validation). Synthetic windows are independent draws.
 */
import { trainClassifier } from '../../scoring/classifier.js';
import { rollingWindows } from '../data/returns.js';

/** Options for the discriminative score: the classifier's training and the cross-validation. */
export interface DiscriminativeOptions {
  /** Seed of the classifiers' weights and batches (fold i uses seed + i). Default 17. */
  seed?: number;
  /** Classifier training steps per fold (batch 128). Default 600. */
  steps?: number;
  /** Cross-validation folds. Default 5. */
  folds?: number;
  /** Real windows on each side of a held-out block kept out of training (overlapping neighbours). Default 0. */
  purge?: number;
}

/** Days between the starts of the real windows the classifier sees (`eval`'s test part, selection's validation part). */
export const REAL_WINDOW_STRIDE = 4;

/**
 * The real windows of `series` for the classifier, every {@link REAL_WINDOW_STRIDE}th day, and the
 * neighbours on each side that share days with a window (what cross-validation must purge).
 */
export function realWindowsForScore(series: ArrayLike<number>, window: number): { windows: Float64Array[]; purge: number } {
  const { rows, count } = rollingWindows(series, window, REAL_WINDOW_STRIDE);
  const windows = Array.from({ length: count }, (_, i) => Float64Array.from(rows.subarray(i * window, (i + 1) * window)));
  return { windows, purge: Math.ceil(window / REAL_WINDOW_STRIDE) - 1 };
}

/** The classifier's input for one window scaled by `scale`: [returns, |returns|, sorted returns]. */
export function windowFeatures(window: ArrayLike<number>, scale: number): Float32Array {
  const n = window.length;
  const out = new Float32Array(3 * n);
  for (let j = 0; j < n; j++) {
    out[j] = window[j] * scale;
    out[n + j] = Math.abs(window[j] * scale);
  }
  out.set(out.subarray(0, n).slice().sort(), 2 * n);
  return out;
}

/**
 * Indices of fold `fold` of `count` items in contiguous blocks: the held-out block, and the training
 * indices outside it and outside `purge` items on each side of it.
 */
export function purgedFold(count: number, folds: number, fold: number, purge: number): { train: number[]; test: number[] } {
  const begin = Math.floor((count * fold) / folds), end = Math.floor((count * (fold + 1)) / folds);
  const train: number[] = [], test: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i >= begin && i < end) test.push(i);
    else if (i < begin - purge || i >= end + purge) train.push(i);
  }
  return { train, test };
}

/** Fewer real windows than this to train on in some fold, and the score says nothing (the classifier learns "synthetic"). */
export const MIN_REAL_TRAINING_WINDOWS = 20;

/** The fewest real windows any fold's classifier trains on, of `count` windows purged by `purge` on each side. */
export function fewestRealTrainingWindows(count: number, purge: number, folds = 5): number {
  return Math.min(...Array.from({ length: folds }, (_, fold) => purgedFold(count, folds, fold, purge).train.length));
}

function rootMeanSquare(windows: readonly Float64Array[]): number {
  let s = 0, n = 0;
  for (const w of windows) for (const v of w) { s += v * v; n++; }
  return Math.sqrt(s / n);
}

/** Anything that computes {@link discriminativeScore}'s figure: the function itself, or a pool of worker threads running its folds. */
export type DiscriminativeScorer = (real: Float64Array[], synthetic: Float64Array[], options?: DiscriminativeOptions) => Promise<number>;

/** One fold's held-out windows: how many the classifier labelled right, of how many, and of those the real ones. */
export interface FoldTally {
  correct: number;
  total: number;
  realCorrect: number;
  realTotal: number;
}

function checkCounts(real: Float64Array[], synthetic: Float64Array[], folds: number): void {
  if (real.length < folds || synthetic.length < folds) throw new Error(`gangrad: the discriminative score needs at least ${folds} real and synthetic windows, got ${real.length} and ${synthetic.length}`);
}

/** Every window's classifier input, each set scaled by its own root mean square. */
function scoreFeatures(real: Float64Array[], synthetic: Float64Array[]): { real: Float32Array[]; synthetic: Float32Array[] } {
  const realScale = 1 / rootMeanSquare(real), syntheticScale = 1 / rootMeanSquare(synthetic);
  return { real: real.map((w) => windowFeatures(w, realScale)), synthetic: synthetic.map((w) => windowFeatures(w, syntheticScale)) };
}

/** Fold `fold` on features made once for all folds: a classifier trained on the other folds, its tally on this one. */
async function foldTally(features: { real: Float32Array[]; synthetic: Float32Array[] }, fold: number, options: DiscriminativeOptions): Promise<FoldTally> {
  const folds = options.folds ?? 5, purge = options.purge ?? 0, seed = options.seed ?? 17;
  const r = purgedFold(features.real.length, folds, fold, purge), s = purgedFold(features.synthetic.length, folds, fold, 0);
  const trainSet = [...r.train.map((i) => [features.real[i], 1] as const), ...s.train.map((i) => [features.synthetic[i], 0] as const)];
  const testSet = [...r.test.map((i) => [features.real[i], 1] as const), ...s.test.map((i) => [features.synthetic[i], 0] as const)];
  const width = trainSet[0][0].length;
  // Rows in the order of trainSet, so a minibatch draw picks the same row as drawing from trainSet.
  const x = new Float32Array(trainSet.length * width), y = new Float32Array(trainSet.length);
  trainSet.forEach(([row, label], i) => { x.set(row, i * width); y[i] = label; });
  const classifier = trainClassifier('mlp', x, y, width, { seed: seed + fold, batchSeed: seed + fold, lr: 1e-3, weightDecay: 0, steps: options.steps ?? 600, batch: 128 });
  const inputs = new Float32Array(testSet.length * width);
  testSet.forEach(([row], i) => inputs.set(row, i * width));
  const values = await classifier.logits(inputs, testSet.length);
  classifier.dispose();
  let correct = 0, realCorrect = 0;
  testSet.forEach(([, label], i) => {
    if ((values[i] > 0 ? 1 : 0) !== label) return;
    correct++;
    if (label === 1) realCorrect++;
  });
  return { correct, total: testSet.length, realCorrect, realTotal: r.test.length };
}

/**
 * Fold `fold` of {@link discriminativeScore}: a classifier trained on the other folds (purged) and its
 * tally on this one. The folds are independent, so they may be computed on different threads.
 */
export async function discriminativeFold(real: Float64Array[], synthetic: Float64Array[], fold: number, options: DiscriminativeOptions = {}): Promise<FoldTally> {
  const folds = options.folds ?? 5;
  checkCounts(real, synthetic, folds);
  if (!Number.isInteger(fold) || fold < 0 || fold >= folds) throw new Error(`gangrad: fold ${fold} is not one of 0..${folds - 1}`);
  return foldTally(scoreFeatures(real, synthetic), fold, options);
}

/**
 * The score from its folds' tallies, summed: the mean of the real and the synthetic windows' accuracies.
 * With as many windows of each (training's selection) that is correct over total, computed so, bit for bit.
 * With unequal groups plain accuracy rewards guessing the larger one: 160 real windows against 256
 * synthetic scored 0.62 for a classifier that always said "synthetic".
 */
export function scoreFromFolds(tallies: readonly FoldTally[]): number {
  const sum = (field: keyof FoldTally) => tallies.reduce((a, t) => a + t[field], 0);
  const correct = sum('correct'), total = sum('total'), realCorrect = sum('realCorrect'), realTotal = sum('realTotal');
  if (2 * realTotal === total) return correct / total;
  return (realCorrect / realTotal + (correct - realCorrect) / (total - realTotal)) / 2;
}

/** Held-out balanced accuracy of a classifier telling `real` windows from `synthetic` ones (0.5: indistinguishable). */
export async function discriminativeScore(real: Float64Array[], synthetic: Float64Array[], options: DiscriminativeOptions = {}): Promise<number> {
  const folds = options.folds ?? 5;
  checkCounts(real, synthetic, folds);
  const features = scoreFeatures(real, synthetic);
  const tallies: FoldTally[] = [];
  for (let fold = 0; fold < folds; fold++) tallies.push(await foldTally(features, fold, options));
  return scoreFromFolds(tallies);
}
