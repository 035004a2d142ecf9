/**
 * Gradient-boosted trees, the standard classifier of fraud teams: histogram-based (each feature cut
 * into at most `bins` bins by its training quantiles), depth-limited, Newton steps on the logistic
 * loss (XGBoost's leaf value −G/(H + λ) and split gain), with optional class weights so that the rare
 * class weighs as much in total as the common one.
 */
import type { Classifier } from '../../scoring/classifier.js';

/** Options for {@link trainBoostedTrees}: the size of the ensemble and of each tree, and the regularisation. */
export interface BoostedTreesOptions {
  /** Boosting rounds; default 100. */
  trees?: number;
  /** Depth of each tree (2^depth leaves at most); default 3. */
  depth?: number;
  /** Shrinkage of each tree's contribution; default 0.1. */
  learningRate?: number;
  /** Most bins per feature; default 32. */
  bins?: number;
  /** L2 penalty λ on leaf values; default 1. */
  lambda?: number;
  /** Least hessian (weighted row count near p = 0.5, /4) in a child; default 1. */
  minChildWeight?: number;
  /** Weight each class by rows / (2 · class rows); default false. */
  classWeights?: boolean;
}

/** A tree in arrays: internal nodes split on `feature` at `threshold` (x ≤ threshold goes left); leaves hold `value`. */
interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

/** Upper bin edges of one feature: x falls in the first bin whose edge is ≥ x (the last edge is +∞). */
export function binEdges(values: Float64Array, bins: number): number[] {
  const sorted = Float64Array.from(values).sort();
  const distinct = [...new Set(sorted)];
  const cuts = distinct.length <= bins ? distinct : [...new Set(Array.from({ length: bins }, (_, j) => sorted[Math.min(sorted.length - 1, Math.floor(((j + 1) * sorted.length) / bins) - 1)]))];
  // Midpoints between neighbouring cut values, so an unseen value between them goes to the nearer side.
  const edges = cuts.slice(0, -1).map((v, i) => (distinct.length <= bins ? (v + cuts[i + 1]) / 2 : v));
  edges.push(Infinity);
  return edges;
}

function binOf(edges: number[], x: number): number {
  let lo = 0, hi = edges.length - 1;
  while (lo < hi) { const m = (lo + hi) >> 1; if (x <= edges[m]) hi = m; else lo = m + 1; }
  return lo;
}

/** Fit boosted trees on rows `x` ([rows, width]) with 0/1 labels `y`. */
export function trainBoostedTrees(x: Float32Array, y: Float32Array, width: number, options: BoostedTreesOptions = {}): Classifier {
  const n = y.length;
  if (x.length !== n * width) throw new Error(`gangrad: boosted trees got ${x.length} features for ${n} rows of ${width}`);
  const rounds = options.trees ?? 100, depth = options.depth ?? 3, lr = options.learningRate ?? 0.1;
  const lambda = options.lambda ?? 1, minChild = options.minChildWeight ?? 1;
  const positives = y.reduce((s, v) => s + v, 0);
  if (positives === 0 || positives === n) throw new Error('gangrad: boosted trees need both classes among the training rows');
  const weight = Float64Array.from(y, (v) => (options.classWeights ? n / (2 * (v === 1 ? positives : n - positives)) : 1));
  const edges: number[][] = [];
  // Bins row-major ([rows, width]): a node's histograms are built in one pass over its rows.
  const binned = new Uint8Array(n * width);
  for (let f = 0; f < width; f++) {
    const column = Float64Array.from({ length: n }, (_, r) => x[r * width + f]);
    const e = binEdges(column, Math.min(options.bins ?? 32, 255));
    edges.push(e);
    for (let r = 0; r < n; r++) binned[r * width + f] = binOf(e, column[r]);
  }
  // Each feature's histogram at a fixed offset in one buffer, reused by every node.
  const offsets = new Int32Array(width + 1);
  for (let f = 0; f < width; f++) offsets[f + 1] = offsets[f] + edges[f].length;
  const hg = new Float64Array(offsets[width]), hh = new Float64Array(offsets[width]);
  let wp = 0, wn = 0;
  for (let r = 0; r < n; r++) { if (y[r] === 1) wp += weight[r]; else wn += weight[r]; }
  const base = Math.log(wp / wn);
  const margin = new Float64Array(n).fill(base);
  const g = new Float64Array(n), h = new Float64Array(n);
  const trees: Tree[] = [];
  for (let t = 0; t < rounds; t++) {
    for (let r = 0; r < n; r++) {
      const p = 1 / (1 + Math.exp(-margin[r]));
      g[r] = weight[r] * (p - y[r]);
      h[r] = weight[r] * p * (1 - p);
    }
    const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
    const grow = (rows: Int32Array, level: number): number => {
      const node = tree.value.length;
      tree.feature.push(-1); tree.threshold.push(0); tree.left.push(-1); tree.right.push(-1);
      let G = 0, H = 0;
      for (const r of rows) { G += g[r]; H += h[r]; }
      tree.value.push(-G / (H + lambda));
      if (level === depth) return node;
      const parent = (G * G) / (H + lambda);
      let bestGain = 1e-12, bestF = -1, bestBin = -1;
      histograms(rows, g, h, binned, width, offsets, hg, hh);
      for (let f = 0; f < width; f++) {
        const bins = edges[f].length, o = offsets[f];
        if (bins < 2) continue;
        let gl = 0, hl = 0;
        for (let k = 0; k < bins - 1; k++) {
          gl += hg[o + k]; hl += hh[o + k];
          const hr = H - hl;
          if (hl < minChild || hr < minChild) continue;
          const gain = (gl * gl) / (hl + lambda) + ((G - gl) * (G - gl)) / (hr + lambda) - parent;
          if (gain > bestGain) { bestGain = gain; bestF = f; bestBin = k; }
        }
      }
      if (bestF < 0) return node;
      const leftRows = rows.filter((r) => binned[r * width + bestF] <= bestBin), rightRows = rows.filter((r) => binned[r * width + bestF] > bestBin);
      tree.feature[node] = bestF;
      tree.threshold[node] = edges[bestF][bestBin];
      tree.left[node] = grow(leftRows, level + 1);
      tree.right[node] = grow(rightRows, level + 1);
      return node;
    };
    grow(Int32Array.from({ length: n }, (_, r) => r), 0);
    for (let r = 0; r < n; r++) margin[r] += lr * leafValue(tree, (f) => x[r * width + f]);
    trees.push(tree);
  }
  return {
    async predict(features, rows) {
      const out = new Float64Array(rows);
      for (let r = 0; r < rows; r++) {
        let m = base;
        for (const tree of trees) m += lr * leafValue(tree, (f) => features[r * width + f]);
        out[r] = 1 / (1 + Math.exp(-m));
      }
      return out;
    },
    dispose: () => { trees.length = 0; },
  };
}

/**
 * Every feature's histogram of gradients and hessians over a node's rows, into `hg` and `hh` (feature f's
 * bins from offsets[f]). Rows in their order, so each bin sums its rows in the same order as a pass per
 * feature would; a function of its own, with every array a local, so the engine compiles one tight loop.
 */
function histograms(rows: Int32Array, g: Float64Array, h: Float64Array, binned: Uint8Array, width: number, offsets: Int32Array, hg: Float64Array, hh: Float64Array): void {
  hg.fill(0);
  hh.fill(0);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i], gr = g[r], hr = h[r], at = r * width;
    for (let f = 0; f < width; f++) {
      const k = offsets[f] + binned[at + f];
      hg[k] += gr;
      hh[k] += hr;
    }
  }
}

function leafValue(tree: Tree, at: (feature: number) => number): number {
  let node = 0;
  while (tree.feature[node] >= 0) node = at(tree.feature[node]) <= tree.threshold[node] ? tree.left[node] : tree.right[node];
  return tree.value[node];
}
