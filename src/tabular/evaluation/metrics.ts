/**
 * Scores used by the tabular evaluation: ranking, thresholded and distribution distances. Exported as
 * the namespace `tabularMetrics`: `tabularMetrics.rocAuc(scores, labels)`.
 */
// The comment above documents this module, exported as a namespace: TypeScript takes a module's
// documentation from a declaration of the module, not from a comment at the top of its file, so this
// empty augmentation of the module itself carries it (it declares nothing and emits no JavaScript).
declare module './metrics.js' {}

/** ROC AUC: the probability that a random positive scores above a random negative (ties count half). */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSum = 0, positives = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const rank = (i + j) / 2 + 1; // mid-rank of a run of ties
    for (let k = i; k <= j; k++) if (labels[idx[k]] === 1) { rankSum += rank; positives++; }
    i = j + 1;
  }
  const negatives = idx.length - positives;
  if (positives === 0 || negatives === 0) throw new Error('gangrad: AUC needs both classes among the labels');
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** F1 of the positive class when predicting positive at probability ≥ threshold. */
export function f1Score(probabilities: ArrayLike<number>, labels: ArrayLike<number>, threshold = 0.5): number {
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const predicted = probabilities[i] >= threshold;
    if (predicted && labels[i] === 1) tp++;
    else if (predicted) fp++;
    else if (labels[i] === 1) fn++;
  }
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/**
 * The highest recall of the positive class among thresholds whose precision is at least `precision`
 * (0 when none reaches it): how many bad loans are caught while keeping alarms that precise.
 */
export function recallAtPrecision(scores: ArrayLike<number>, labels: ArrayLike<number>, precision: number): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const positives = idx.filter((i) => labels[i] === 1).length;
  let tp = 0, best = 0;
  for (let k = 0; k < idx.length; k++) {
    if (labels[idx[k]] === 1) tp++;
    // Only at the end of a run of tied scores is a threshold possible.
    if (k + 1 < idx.length && scores[idx[k + 1]] === scores[idx[k]]) continue;
    if (tp / (k + 1) >= precision) best = Math.max(best, tp / positives);
  }
  return best;
}

/** Two-sample Kolmogorov–Smirnov statistic: the largest gap between the two empirical CDFs. */
export function ksStatistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = Float64Array.from(a).sort(), y = Float64Array.from(b).sort();
  let i = 0, j = 0, d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/** Total variation distance between the level frequencies of two code arrays over `levels` levels. */
export function totalVariation(a: ArrayLike<number>, b: ArrayLike<number>, levels: number): number {
  const p = new Float64Array(levels), q = new Float64Array(levels);
  for (let i = 0; i < a.length; i++) p[a[i]] += 1 / a.length;
  for (let i = 0; i < b.length; i++) q[b[i]] += 1 / b.length;
  let s = 0;
  for (let l = 0; l < levels; l++) s += Math.abs(p[l] - q[l]);
  return s / 2;
}

/** Pearson correlation matrix of the columns of a [rows, cols] matrix (constant columns correlate 0). */
export function correlationMatrix(x: Float32Array, rows: number, cols: number): Float64Array {
  const mean = new Float64Array(cols), sd = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c] += x[r * cols + c] / rows;
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) sd[c] += (x[r * cols + c] - mean[c]) ** 2;
  for (let c = 0; c < cols; c++) sd[c] = Math.sqrt(sd[c]);
  const out = new Float64Array(cols * cols);
  for (let a = 0; a < cols; a++) {
    for (let b = a; b < cols; b++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += (x[r * cols + a] - mean[a]) * (x[r * cols + b] - mean[b]);
      const v = sd[a] > 0 && sd[b] > 0 ? s / (sd[a] * sd[b]) : 0;
      out[a * cols + b] = out[b * cols + a] = v;
    }
  }
  return out;
}

/** Mean absolute difference of the off-diagonal entries of two correlation matrices of size n. */
export function correlationDistance(a: Float64Array, b: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += Math.abs(a[i * n + j] - b[i * n + j]);
  return n > 1 ? s / ((n * (n - 1)) / 2) : 0;
}

/** The median of `values` (the mean of the two middle ones for an even count); throws when there are none. */
export function median(values: ArrayLike<number>): number {
  const s = Float64Array.from(values).sort();
  if (s.length === 0) throw new Error('gangrad: median of no values');
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Mean and sample standard deviation (the spread reported across seeds). */
export function meanAndSpread(values: number[]): { mean: number; sd: number } {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1)) : 0;
  return { mean: m, sd };
}
