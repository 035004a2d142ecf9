/**
 * The generator's window shapes mapped onto the market's, bin by bin of the level change.
 *
 * A real window whose volatility rises over the previous window's mixes calm days with a few large
 * ones: the median of its |shape| (returns over the window's own RMS) falls and its tail grows; a
 * falling window is the reverse. The generator makes that only in part (`scripts/shape-by-transition.ts`
 * measures it; on the S&P 500's rising fifth the 99.9 % quantile of |shape| is 5.42 in the data and
 * 4.28 in generated windows). After training, the training windows are split into bins by their level
 * change (level − previous level), the generator makes windows at each training window's own two
 * conditions, and the quantiles of |shape| of both are stored per bin. A forecast then maps each
 * generated value through the generator's quantiles to the market's at the same probability, in the
 * bin of the window's own level change (sign kept): the generator's ranks within a window — its
 * timing, its clustering — stay, the magnitudes become the market's at that transition.
 *
 * Forecasts use it (conditional.ts); unconditional paths (`sample`, `eval`) do not. The validation and
 * test figures are in docs/forecasting.md.
 */
import { LatentSampler } from '../../gan/index.js';
import type { Module } from '../../nn/index.js';
import { forward } from './generate.js';

/** The stored map: per bin of level change, |shape| quantiles of real and of generated windows. */
export interface ShapeMapState {
  /** Upper edges of the level-change bins (standardised level − previous level), ascending; bins = edges + 1. */
  edges: number[];
  /** The probabilities at which both quantile lists are taken, ascending from 0 to 1. */
  probabilities: number[];
  /** Per bin: quantiles of |shape| of the training windows. */
  real: number[][];
  /** Per bin: the same quantiles of the generator's windows made at those windows' conditions. */
  generated: number[][];
}

/** Bins of level change, each holding a tenth of the training windows (5 bins did as well on the validation parts). */
export const SHAPE_MAP_BINS = 10;
/** Generated windows per training window in the fit: the generated quantiles then carry little noise. */
const DRAWS = 4;
/** The fit's own noise stream, apart from training's and the forecasts'. */
const FIT_SEED = 0x5eed_5a9e;

/** Probabilities 0 … 1, every 0.5 % up to 95 %, then every 0.05 % to 99.9 %, then 99.95 %, 99.98 % and 1: dense where VaR lives. */
export function shapeMapProbabilities(): number[] {
  const p: number[] = [];
  for (let k = 0; k < 190; k++) p.push(k / 200);
  for (let k = 0; k < 98; k++) p.push(0.95 + k / 2000);
  p.push(0.999, 0.9995, 0.9998, 1);
  return p.map((v) => Number(v.toFixed(6)));
}

/** Quantiles of `values` (sorted in place) at `probabilities`, each rounded to 6 significant digits for the model file. */
function quantilesOf(values: Float64Array, probabilities: readonly number[]): number[] {
  values.sort();
  return probabilities.map((p) => Number(values[Math.min(values.length - 1, Math.round(p * (values.length - 1)))].toPrecision(6)));
}

/** The bin of a level change: the number of edges below it. */
function binOf(edges: readonly number[], change: number): number {
  let b = 0;
  while (b < edges.length && change > edges[b]) b++;
  return b;
}

/**
 * Fit the map for `generator` on the training rows (`rows`: `count` rows of `window` shape values, then
 * the level, the previous level and any further conditions, as dataset.ts builds them).
 */
export async function fitShapeMap(generator: Module, latentDim: number, window: number, rows: Float32Array, count: number): Promise<ShapeMapState> {
  const width = rows.length / count;
  const conditionsPerRow = width - window;
  if (!Number.isInteger(width) || conditionsPerRow < 2) throw new Error(`gangrad: fitShapeMap needs rows of ${window} shape values, a level and a previous level; got rows of ${width}`);
  const change = new Float64Array(count);
  for (let i = 0; i < count; i++) change[i] = rows[i * width + window] - rows[i * width + window + 1];
  const sorted = Float64Array.from(change).sort();
  const edges = Array.from({ length: SHAPE_MAP_BINS - 1 }, (_, k) => sorted[Math.floor(((k + 1) * count) / SHAPE_MAP_BINS)]);
  const bins = Int32Array.from(change, (c) => binOf(edges, c));
  const perBin = new Int32Array(SHAPE_MAP_BINS);
  for (const b of bins) perBin[b]++;
  const real = Array.from(perBin, (n) => new Float64Array(n * window));
  const made = Array.from(perBin, (n) => new Float64Array(n * window * DRAWS));
  const filledReal = new Int32Array(SHAPE_MAP_BINS), filledMade = new Int32Array(SHAPE_MAP_BINS);
  const conditions = new Float32Array(count * conditionsPerRow);
  for (let i = 0; i < count; i++) {
    const b = bins[i];
    for (let d = 0; d < window; d++) real[b][filledReal[b]++] = Math.abs(rows[i * width + d]);
    conditions.set(rows.subarray(i * width + window, (i + 1) * width), i * conditionsPerRow);
  }
  const sampler = new LatentSampler(latentDim, FIT_SEED);
  const BATCH = 4096;
  for (let draw = 0; draw < DRAWS; draw++) {
    for (let first = 0; first < count; first += BATCH) {
      const n = Math.min(BATCH, count - first);
      const values = await forward(generator, sampler, n, conditions.subarray(first * conditionsPerRow, (first + n) * conditionsPerRow));
      for (let i = 0; i < n; i++) {
        const b = bins[first + i];
        for (let d = 0; d < window; d++) made[b][filledMade[b]++] = Math.abs(values[i * window + d]);
      }
    }
  }
  const probabilities = shapeMapProbabilities();
  // A bin no window fell in (level changes tied across an edge: a series of many days without change)
  // maps as all windows together do.
  const pooled = (parts: Float64Array[]) => {
    const all = new Float64Array(parts.reduce((n, v) => n + v.length, 0));
    let at = 0;
    for (const v of parts) { all.set(v, at); at += v.length; }
    return quantilesOf(all, probabilities);
  };
  const empty = perBin.some((n) => n === 0);
  const realAll = empty ? pooled(real) : [], madeAll = empty ? pooled(made) : [];
  return {
    edges: edges.map((e) => Number(e.toPrecision(6))),
    probabilities,
    real: real.map((v) => (v.length ? quantilesOf(v, probabilities) : realAll)),
    generated: made.map((v) => (v.length ? quantilesOf(v, probabilities) : madeAll)),
  };
}

/**
 * Map one generated window's shape values in place: each |value| through the generator's quantiles of
 * its bin to the market's at the same probability (linear between stored quantiles; beyond the largest
 * generated one, in proportion to the two largest).
 */
export function applyShapeMap(map: ShapeMapState, values: Float64Array, levelChange: number): void {
  const b = binOf(map.edges, levelChange);
  const made = map.generated[b], real = map.real[b];
  const last = made.length - 1;
  for (let k = 0; k < values.length; k++) {
    const a = Math.abs(values[k]);
    let mapped: number;
    if (a >= made[last]) {
      mapped = made[last] > 0 ? (a * real[last]) / made[last] : a;
    } else {
      let lo = 0, hi = last;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (made[mid] <= a) lo = mid;
        else hi = mid;
      }
      const span = made[hi] - made[lo];
      mapped = real[lo] + (span > 0 ? ((a - made[lo]) / span) * (real[hi] - real[lo]) : 0);
    }
    values[k] = values[k] < 0 ? -mapped : mapped;
  }
}
