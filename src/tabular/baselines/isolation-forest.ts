/**
 * Isolation forest (Liu, Ting and Zhou 2008), the classical unsupervised detector: random trees cut
 * random features at random values until each row of a small subsample stands alone; unusual rows
 * stand alone after few cuts. Score s = 2^(−E[h(x)] / c(ψ)), near 1 for anomalies, below ½ for
 * ordinary rows. A model like the others: fit on feature rows, then score.
 */
import { Rng } from '../../tensor/index.js';

/** Options for an {@link IsolationForest}; the defaults are the paper's. */
export interface IsolationForestOptions {
  /** Trees; default 100. */
  trees?: number;
  /** Rows drawn (without replacement) for each tree; default 256. */
  subsample?: number;
  /** Seed of the subsamples and cuts; default 1. */
  seed?: number;
}

interface Node {
  feature: number;
  split: number;
  left: Node | null;
  right: Node | null;
  /** Rows that reached a leaf (its path length is completed by c(size)). */
  size: number;
}

const EULER = 0.5772156649015329;

/** c(n): the average path length of an unsuccessful search in a binary search tree of n rows. */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER) - (2 * (n - 1)) / n;
}

/** An isolation forest on numeric rows: `new IsolationForest(options).fit(x, rows, width).score(y, count)`. */
export class IsolationForest {
  private trees: Node[] = [];
  private width = 0;
  private psi = 0;

  constructor(readonly options: IsolationForestOptions = {}) {}

  /** Fit on rows `x` ([rows, width]). */
  fit(x: Float32Array, rows: number, width: number): this {
    if (x.length !== rows * width) throw new Error(`gangrad: isolation forest got ${x.length} values for ${rows} rows of ${width}`);
    if (rows < 2) throw new Error(`gangrad: isolation forest needs at least 2 rows, got ${rows}`);
    const rng = new Rng(this.options.seed ?? 1);
    this.width = width;
    this.psi = Math.min(this.options.subsample ?? 256, rows);
    const limit = Math.ceil(Math.log2(this.psi));
    const build = (sample: number[], depth: number): Node => {
      if (depth >= limit || sample.length <= 1) return { feature: -1, split: 0, left: null, right: null, size: sample.length };
      // A random feature among those that still vary in this node, cut uniformly between its extremes.
      const varying: [number, number, number][] = [];
      for (let f = 0; f < width; f++) {
        let lo = Infinity, hi = -Infinity;
        for (const r of sample) { const v = x[r * width + f]; lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (hi > lo) varying.push([f, lo, hi]);
      }
      if (varying.length === 0) return { feature: -1, split: 0, left: null, right: null, size: sample.length };
      const [feature, lo, hi] = varying[rng.int(varying.length)];
      const split = lo + rng.uniform() * (hi - lo);
      const left = sample.filter((r) => x[r * width + feature] < split), right = sample.filter((r) => x[r * width + feature] >= split);
      return { feature, split, left: build(left, depth + 1), right: build(right, depth + 1), size: sample.length };
    };
    this.trees = Array.from({ length: this.options.trees ?? 100 }, () => {
      const order = Array.from({ length: rows }, (_, i) => i);
      for (let i = 0; i < this.psi; i++) { const j = i + rng.int(rows - i); [order[i], order[j]] = [order[j], order[i]]; }
      return build(order.slice(0, this.psi), 0);
    });
    return this;
  }

  /** Anomaly scores in (0, 1] of rows `x` ([rows, width]); higher is more unusual. */
  score(x: Float32Array, rows: number): Float64Array {
    if (this.trees.length === 0) throw new Error('gangrad: IsolationForest.score before fit');
    const w = this.width, c = averagePathLength(this.psi);
    return Float64Array.from({ length: rows }, (_, r) => {
      let total = 0;
      for (const tree of this.trees) {
        let node = tree, depth = 0;
        while (node.left && node.right) { node = x[r * w + node.feature] < node.split ? node.left : node.right; depth++; }
        total += depth + averagePathLength(node.size);
      }
      return 2 ** (-total / this.trees.length / c);
    });
  }
}
