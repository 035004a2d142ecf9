/**
 * The figures fraud teams read off a ranked list of claims: a reviewer works down from the highest
 * score, so what counts is how many frauds are near the top, not accuracy (always answering "no
 * fraud" is 94 % accurate on the vehicle-insurance table).
 *
 * Exported as the namespace `rankingMetrics`: `rankingMetrics.averagePrecision(scores, labels)`.
 */
// The comment above documents this module, exported as a namespace: TypeScript takes a module's
// documentation from a declaration of the module, not from a comment at the top of its file, so this
// empty augmentation of the module itself carries it (it declares nothing and emits no JavaScript).
declare module './ranking.js' {}

/** Indices ordered by descending score (ties in index order: the figures below treat ties as one block). */
function descending(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
}

function countPositives(labels: ArrayLike<number>): number {
  let p = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) p++;
  if (p === 0 || p === labels.length) throw new Error('gangrad: ranking figures need both classes among the labels');
  return p;
}

/**
 * Points of the precision–recall curve, one per distinct score threshold (highest first): the
 * recall and precision of flagging every row scoring at least that threshold.
 */
export function precisionRecallCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): { recall: number[]; precision: number[] } {
  const positives = countPositives(labels);
  const idx = descending(scores);
  const recall: number[] = [], precision: number[] = [];
  let tp = 0;
  for (let k = 0; k < idx.length; k++) {
    if (labels[idx[k]] === 1) tp++;
    if (k + 1 < idx.length && scores[idx[k + 1]] === scores[idx[k]]) continue;
    recall.push(tp / positives);
    precision.push(tp / (k + 1));
  }
  return { recall, precision };
}

/**
 * Average precision (the area under the PR curve as scikit-learn computes it): Σ (R_k − R_{k−1}) P_k
 * over thresholds. A random ranking scores the positive share; a perfect one 1.
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const { recall, precision } = precisionRecallCurve(scores, labels);
  let ap = 0, previous = 0;
  recall.forEach((r, k) => { ap += (r - previous) * precision[k]; previous = r; });
  return ap;
}

/**
 * Recall when flagging the top-scored rows while at most `fpr` of the negatives are flagged: the
 * largest recall over thresholds whose false-positive rate is ≤ `fpr` (whole tie blocks only).
 */
export function recallAtFpr(scores: ArrayLike<number>, labels: ArrayLike<number>, fpr: number): number {
  const positives = countPositives(labels), negatives = labels.length - positives;
  const idx = descending(scores);
  let tp = 0, fp = 0, best = 0;
  for (let k = 0; k < idx.length; k++) {
    if (labels[idx[k]] === 1) tp++; else fp++;
    if (k + 1 < idx.length && scores[idx[k + 1]] === scores[idx[k]]) continue;
    if (fp / negatives <= fpr) best = tp / positives;
    else break;
  }
  return best;
}

/**
 * Precision among the top `share` of rows by score (ceil(share · n) rows, at least 1): what a team
 * that can review that share of claims finds. Ties at the cut count by their positive share.
 */
export function precisionAtTop(scores: ArrayLike<number>, labels: ArrayLike<number>, share: number): number {
  countPositives(labels);
  const idx = descending(scores);
  const n = Math.max(1, Math.ceil(share * idx.length));
  const cut = scores[idx[n - 1]];
  let above = 0, tpAbove = 0, tied = 0, tpTied = 0;
  for (const i of idx) {
    if (scores[i] > cut) { above++; if (labels[i] === 1) tpAbove++; }
    else if (scores[i] === cut) { tied++; if (labels[i] === 1) tpTied++; }
  }
  return (tpAbove + ((n - above) * tpTied) / tied) / n;
}
