/**
 * Classifier settings chosen on the real training rows alone, by stratified k-fold cross-validation:
 * the held-out test part is never looked at. The chosen setting is then used for every augmentation
 * method alike, so the classifiers stay the same yardstick for none, oversampling, SMOTE and the GAN.
 */
import { eventLoopTurn } from '../../gan/index.js';
import { Rng } from '../../tensor/index.js';
import { trainClassifier, type ClassifierKind } from '../../scoring/classifier.js';
import { pickRows } from './features.js';
import { rocAuc } from './metrics.js';

/** Candidate weight decays of the logistic regression (lr 0.01, so 1 shrinks weights by 1% a step). */
export const WEIGHT_DECAYS = [1e-3, 1e-2, 0.1, 0.3, 1, 3];

/** Fold of each row (0 … folds − 1): each class is shuffled and dealt out in turn, so folds keep its share. */
export function stratifiedFolds(labels: ArrayLike<number>, folds: number, seed: number): Int32Array {
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`gangrad: cross-validation needs at least 2 folds, got ${folds}`);
  const rng = new Rng(seed);
  const out = new Int32Array(labels.length);
  for (const cls of new Set(Array.from(labels))) {
    const rows = Array.from({ length: labels.length }, (_, i) => i).filter((i) => labels[i] === cls);
    for (let i = rows.length - 1; i > 0; i--) { const j = rng.int(i + 1); [rows[i], rows[j]] = [rows[j], rows[i]]; }
    rows.forEach((r, k) => { out[r] = k % folds; });
  }
  return out;
}

/** The weight decay chosen by cross-validation and every candidate's score. */
export interface DecayChoice {
  weightDecay: number;
  /** Mean cross-validated AUC of each candidate, in the order of the candidates. */
  scores: number[];
}

/**
 * The weight decay, among `candidates`, whose classifier has the best mean AUC over `folds`
 * stratified folds of the given rows (the first candidate wins ties).
 */
export async function chooseWeightDecay(kind: ClassifierKind, x: Float32Array, y: Float32Array, width: number, options: { candidates?: number[]; folds?: number; seed?: number; steps?: number } = {}): Promise<DecayChoice> {
  const candidates = options.candidates ?? WEIGHT_DECAYS, folds = options.folds ?? 5, seed = options.seed ?? 1;
  const fold = stratifiedFolds(y, folds, seed * 19 + 7);
  const scores: number[] = [];
  for (const weightDecay of candidates) {
    let total = 0;
    for (let f = 0; f < folds; f++) {
      const fit = [...fold.keys()].filter((r) => fold[r] !== f), held = [...fold.keys()].filter((r) => fold[r] === f);
      const model = trainClassifier(kind, pickRows(x, width, fit), Float32Array.from(fit, (r) => y[r]), width, { seed: seed + f, steps: options.steps, weightDecay });
      total += rocAuc(await model.predict(pickRows(x, width, held), held.length), Float32Array.from(held, (r) => y[r]));
      model.dispose();
      await eventLoopTurn(); // a signal (Ctrl-C) gets in between the folds' fits
    }
    scores.push(total / folds);
  }
  return { weightDecay: candidates[scores.indexOf(Math.max(...scores))], scores };
}
