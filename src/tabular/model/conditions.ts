/**
 * Training-by-sampling (Xu et al. 2019), with the class as a first, always-present condition.
 *
 * Every batch row has a condition [class one-hot, one categorical level]: the class is drawn uniformly
 * (so a rare class such as bad loans is seen as often as the common one), then one generated
 * categorical column uniformly, then one of its levels by the logarithm of its frequency within that
 * class (so rare levels are learned too, without drowning the common ones); the real row is one with
 * that class and level. The generator step draws conditions the same way, and CTGAN's penalty (the
 * softmax cross-entropy of the chosen column's logits against the chosen level) makes the generator
 * honour the level. At sampling time levels are drawn by their plain frequency within the class, so
 * the generated table keeps the data's proportions.
 */
import type { Rng } from '../../tensor/index.js';
import type { Span } from './generator.js';

/**
 * Draws the conditions of training-by-sampling (see the top of this file) and the real rows that match
 * them: {@link ConditionSampler.draw} with `log` while training, `frequency` when sampling a table.
 */
export class ConditionSampler {
  /** Rows of each class; rows of each (class, column, level). */
  private readonly byClass: number[][];
  private readonly byLevel: number[][][][];
  readonly classCount: number;
  readonly conditionWidth: number;

  constructor(classes: Int32Array, codes: Int32Array[], classCount: number, readonly spans: Span[]) {
    this.classCount = classCount;
    this.conditionWidth = classCount + spans.reduce((s, p) => s + p.width, 0);
    this.byClass = Array.from({ length: classCount }, () => []);
    classes.forEach((c, r) => this.byClass[c].push(r));
    this.byLevel = this.byClass.map((rows) => spans.map((s, j) => {
      const lists: number[][] = Array.from({ length: s.width }, () => []);
      for (const r of rows) lists[codes[j][r]].push(r);
      return lists;
    }));
    this.byClass.forEach((rows, c) => { if (rows.length === 0) throw new Error(`gangrad: class ${c} has no training rows`); });
  }

  private pick(weights: number[], rng: Rng): number {
    const total = weights.reduce((a, b) => a + b, 0);
    let u = rng.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0 && weights[i] > 0) return i;
    }
    let last = weights.length - 1; // rounding left u ≥ 0: the last level that has rows
    while (weights[last] <= 0) last--;
    return last;
  }

  /**
   * Fill `out` (at `offset`, conditionWidth values) with one condition for class `cls` (random when
   * null); returns the row it was drawn for (a real row with that class and level, or −1 without spans).
   * `mode`: `log` for training, `frequency` for sampling.
   */
  draw(out: Float32Array, offset: number, cls: number | null, rng: Rng, mode: 'log' | 'frequency'): number {
    const c = cls ?? rng.int(this.classCount);
    out.fill(0, offset, offset + this.conditionWidth);
    out[offset + c] = 1;
    if (this.spans.length === 0) {
      const rows = this.byClass[c];
      return rows[rng.int(rows.length)];
    }
    const j = rng.int(this.spans.length);
    const lists = this.byLevel[c][j];
    const level = this.pick(lists.map((l) => (mode === 'log' ? Math.log(1 + l.length) : l.length)), rng);
    out[offset + this.classCount + this.spans[j].start + level] = 1;
    const rows = lists[level];
    return rows[rng.int(rows.length)];
  }

  /** Class frequencies of the training rows (for sampling without a class). */
  classWeights(): number[] {
    return this.byClass.map((r) => r.length);
  }
}
