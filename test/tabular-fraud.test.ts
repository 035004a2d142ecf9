import { describe, expect, it } from 'vitest';
import { Rng } from '../src/index.js';
import { SmoteNc } from '../src/tabular/baselines/smote-nc.js';
import { parseTable, type CategoricalColumn, type NumericColumn, type Table } from '../src/tabular/data/table.js';
import { averagePrecision, precisionAtTop, precisionRecallCurve, recallAtFpr } from '../src/tabular/evaluation/ranking.js';
import { binEdges, trainBoostedTrees } from '../src/tabular/evaluation/trees.js';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('ranking figures', () => {
  const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4], labels = [1, 0, 1, 0, 0, 0];

  it('average precision, recall at a false-positive rate, precision at the top: hand-computed', () => {
    // Positives at ranks 1 and 3: AP = ½ · 1 + ½ · 2/3.
    expect(averagePrecision(scores, labels)).toBeCloseTo(0.5 + 1 / 3, 12);
    expect(recallAtFpr(scores, labels, 0)).toBe(0.5);
    expect(recallAtFpr(scores, labels, 0.24)).toBe(0.5);
    expect(recallAtFpr(scores, labels, 0.25)).toBe(1);
    expect(precisionAtTop(scores, labels, 0.2)).toBe(0.5); // ceil(1.2) = 2 rows, one fraud
    expect(precisionAtTop(scores, labels, 0.1)).toBe(1);
    expect(precisionRecallCurve(scores, labels).recall).toEqual([0.5, 0.5, 1, 1, 1, 1]);
  });

  it('tied scores are one block: no order among them is assumed', () => {
    expect(averagePrecision([1, 1, 0], [1, 0, 0])).toBe(0.5);
    expect(averagePrecision([1, 1, 0], [0, 1, 0])).toBe(0.5);
    expect(precisionAtTop([1, 1, 0], [1, 0, 0], 0.3)).toBe(0.5);
    expect(recallAtFpr([1, 1, 0], [1, 0, 0], 0.4)).toBe(0);
    expect(() => averagePrecision([1, 2], [0, 0])).toThrow(/both classes/);
  });
});

describe('boosted trees', () => {
  const x = Float32Array.from([1, 2, 3, 4]);
  const one = { trees: 1, depth: 1, learningRate: 1, lambda: 0, minChildWeight: 0 };

  it('bin edges are midpoints between distinct values, quantiles beyond `bins`', () => {
    expect(binEdges(Float64Array.from([3, 1, 2, 1]), 32)).toEqual([1.5, 2.5, Infinity]);
    expect(binEdges(Float64Array.from({ length: 100 }, (_, i) => i), 4)).toEqual([24, 49, 74, Infinity]);
  });

  it('one stump on a balanced case: leaf values −G/H = ∓2 around the cut at 2.5', async () => {
    const model = trainBoostedTrees(x, Float32Array.from([0, 0, 1, 1]), 1, one);
    const p = await model.predict(Float32Array.from([1, 2.4, 2.6, 4]), 4);
    expect(Array.from(p)).toEqual([sigmoid(-2), sigmoid(-2), sigmoid(2), sigmoid(2)].map((v) => expect.closeTo(v, 12)));
  });

  it('class weights: the base score and the leaves change as worked by hand', async () => {
    const y = Float32Array.from([0, 0, 0, 1]);
    // Unweighted: base log(1/3), p = ¼; left leaf −(3 · ¼)/(3 · 3/16) = −4/3, right leaf 0.75/0.1875 = 4.
    const plain = await trainBoostedTrees(x, y, 1, one).predict(Float32Array.from([1, 4]), 2);
    expect(plain[0]).toBeCloseTo(sigmoid(Math.log(1 / 3) - 4 / 3), 12);
    expect(plain[1]).toBeCloseTo(sigmoid(Math.log(1 / 3) + 4), 12);
    // Weighted 2/3 (negatives) and 2 (the positive): base log(2 / 2) = 0, leaves −1/0.5 and 1/0.5.
    const weighted = await trainBoostedTrees(x, y, 1, { ...one, classWeights: true }).predict(Float32Array.from([1, 4]), 2);
    expect(weighted[0]).toBeCloseTo(sigmoid(-2), 12);
    expect(weighted[1]).toBeCloseTo(sigmoid(2), 12);
  });

  it('learns an interaction a linear model cannot (xor of two flags)', async () => {
    const rows = 200, xs = new Float32Array(rows * 2), ys = new Float32Array(rows);
    const rng = new Rng(3);
    for (let r = 0; r < rows; r++) {
      const a = rng.int(2), b = rng.int(2);
      xs[2 * r] = a; xs[2 * r + 1] = b; ys[r] = a ^ b;
    }
    const p = await trainBoostedTrees(xs, ys, 2, { trees: 50, depth: 2 }).predict(Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1]), 4);
    expect(p[0]).toBeLessThan(0.1);
    expect(p[3]).toBeLessThan(0.1);
    expect(p[1]).toBeGreaterThan(0.9);
    expect(p[2]).toBeGreaterThan(0.9);
  });
});

describe('SMOTE-NC', () => {
  // a = 0, 2, 4, 6 (sd √5, so a gap of 2 adds 4/5); colour and shape are nominal (a mismatch adds Med² = 1).
  const minority: Table = parseTable('a,colour,shape,cls\n0,r,x,1\n2,r,y,1\n4,b,y,1\n6,b,y,1\n', 'm.csv', { kinds: { a: 'numeric' } });

  it('distances: neighbours worked by hand', () => {
    const s = new SmoteNc(2).fit(minority);
    // row 0: to 1: 4/5 + 0 + 1 = 1.8; to 2: 16/5 + 1 + 1 = 5.2; to 3: 36/5 + 2 = 9.2
    expect(s.neighboursOf(0)).toEqual([1, 2]);
    // row 2: to 0: 5.2; to 1: 4/5 + 1 = 1.8; to 3: 4/5 = 0.8
    expect(s.neighboursOf(2)).toEqual([3, 1]);
    // row 1: to 0: 1.8, to 2: 1.8 (tie: lower index first), to 3: 16/5 + 1 = 4.2
    expect(s.neighboursOf(1)).toEqual([0, 2]);
  });

  it('samples: continuous values on the segment, nominal values by majority of the k neighbours, never fractional', () => {
    const s = new SmoteNc(3).fit(minority);
    const count = 40, out = s.sample(count, 9);
    // Replay the sampler's draws: base row, neighbour, gap.
    const rng = new Rng(9);
    const a = (minority.columns[0] as NumericColumn).values;
    // With k = 3 every other row is a neighbour; majority colour/shape of the other three rows:
    const colour = ['b', 'b', 'r', 'r'], shape = ['y', 'y', 'y', 'y'];
    const outA = (out.columns[0] as NumericColumn).values, outColour = out.columns[1] as CategoricalColumn, outShape = out.columns[2] as CategoricalColumn;
    for (let i = 0; i < count; i++) {
      const base = rng.int(4), nb = s.neighboursOf(base)[rng.int(3)], gap = rng.uniform();
      expect(outA[i]).toBeCloseTo(a[base] + gap * (a[nb] - a[base]), 12);
      expect(outColour.levels[outColour.codes[i]]).toBe(colour[base]);
      expect(outShape.levels[outShape.codes[i]]).toBe(shape[base]);
    }
    expect(out.rows).toBe(count);
    expect((out.columns[3] as CategoricalColumn).codes.every((k) => k === 0)).toBe(true);
  });
});
