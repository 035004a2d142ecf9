import { describe, expect, it } from 'vitest';
import {
  autocorrelation, excessKurtosis, leverage, mean, meanAbsoluteError, quantile, skewness, std, wasserstein1,
} from '../src/finance/evaluation/stylized.js';
import { decodeSafetensors, encodeSafetensors } from '../src/io/index.js';
import { discriminativeScore, fewestRealTrainingWindows, MIN_REAL_TRAINING_WINDOWS, purgedFold, scoreFromFolds, windowFeatures } from '../src/finance/evaluation/discriminative.js';
import { Rng } from '../src/index.js';

describe('statistics against hand-computed values', () => {
  const x = [1, 2, 3, 4, 10];
  it('moments, exactly', () => {
    // deviations −3, −2, −1, 0, 6: Σd² = 50, Σd³ = −27−8−1+216 = 180, Σd⁴ = 81+16+1+1296 = 1394
    expect(std(x)).toBeCloseTo(Math.sqrt(50 / 4), 12);
    expect(skewness(x)).toBeCloseTo(180 / 5 / (50 / 5) ** 1.5, 12);
    expect(excessKurtosis(x)).toBeCloseTo(1394 / 5 / (50 / 5) ** 2 - 3, 12);
  });
  it('quantiles interpolate linearly (numpy type 7)', () => {
    expect(quantile(x, 0)).toBe(1);
    expect(quantile(x, 0.5)).toBe(3);
    expect(quantile(x, 0.9)).toBeCloseTo(4 + 0.6 * 6, 12);
  });
  it('Wasserstein-1: a shift moves by its size; hand-computed small case', () => {
    expect(wasserstein1([0, 1, 2], [0.5, 1.5, 2.5])).toBeCloseTo(0.5, 12);
    // F_a, F_b: a = {0, 2}, b = {1, 1}: ∫|F_a − F_b| = 0.5·1 + 0.5·1 = 1
    expect(wasserstein1([0, 2], [1, 1])).toBeCloseTo(1, 12);
    expect(wasserstein1([3, 1, 2], [1, 2, 3])).toBe(0);
  });
  it('autocorrelation: alternating series, hand-computed', () => {
    // x = 1, −1, 1, −1 (mean 0, Σx² = 4): lag 1 Σx_t x_{t+1} = −3 → −0.75; lag 2 = 2 → 0.5
    const acf = autocorrelation([1, -1, 1, -1], 2);
    expect(acf[0]).toBeCloseTo(-0.75, 12);
    expect(acf[1]).toBeCloseTo(0.5, 12);
  });
  it('autocorrelation pools windows without pairing across their borders', () => {
    // Two windows [1, −1] and [1, −1]: lag-1 pairs only within each: (1·−1)·2 = −2; Σx² = 4 → −0.5
    expect(autocorrelation([[1, -1], [1, -1]], 1)[0]).toBeCloseTo(-0.5, 12);
  });
  it('leverage: a fall followed by large squared returns gives a negative correlation', () => {
    const r = [-1, 2, 1, 0.1, -1, 2, 1, 0.1];
    // pairs (r_t, r²_{t+1}): (−1,4) (2,1) (1,0.01) (0.1,1) (−1,4) (2,1) (1,0.01)
    const xs = [-1, 2, 1, 0.1, -1, 2, 1], ys = [4, 1, 0.01, 1, 4, 1, 0.01];
    const mx = mean(xs), my = mean(ys);
    const cov = xs.reduce((s, v, i) => s + (v - mx) * (ys[i] - my), 0) / 7;
    const sx = Math.sqrt(xs.reduce((s, v) => s + (v - mx) ** 2, 0) / 7), sy = Math.sqrt(ys.reduce((s, v) => s + (v - my) ** 2, 0) / 7);
    expect(leverage([r], 1)[0]).toBeCloseTo(cov / (sx * sy), 12);
    expect(leverage([r], 1)[0]).toBeLessThan(0);
  });
  it('mean absolute error', () => expect(meanAbsoluteError([1, 2, 3], [1, 3, 1])).toBe(1));

  // The fast forms (lags in blocks of four, series outside the lag loop, one pass for two moments, a merge
  // instead of a sort) must give the textbook loops' numbers to the bit: eval figures and validation
  // scores depend on them. Awkward shapes: series shorter than some lags, lags not a multiple of 4.
  it('the fast statistics equal the plain loops bit for bit', () => {
    const rng = new Rng(3);
    const series = [1, 7, 64, 250, 301].map((n) => Float64Array.from({ length: n }, () => rng.normal() * 0.01 + (rng.uniform() < 0.1 ? 0.05 : 0)));
    const all = Float64Array.from(series.flatMap((s) => [...s]));
    const m = all.reduce((a, v) => a + v, 0) / all.length;
    let den = 0;
    for (const v of all) den += (v - m) ** 2;
    for (const maxLag of [1, 5, 22, 299]) {
      const plain: number[] = [];
      for (let k = 1; k <= maxLag; k++) {
        let num = 0;
        for (const s of series) for (let t = 0; t + k < s.length; t++) num += (s[t] - m) * (s[t + k] - m);
        plain.push(num / den);
      }
      expect(autocorrelation(series, maxLag)).toEqual(plain);
      const plainLeverage: number[] = [];
      for (let k = 1; k <= maxLag; k++) {
        let n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (const s of series) for (let t = 0; t + k < s.length; t++) {
          const a = s[t], b = s[t + k] ** 2;
          n++; sx += a; sy += b; sxx += a * a; syy += b * b; sxy += a * b;
        }
        plainLeverage.push((sxy / n - (sx / n) * (sy / n)) / Math.sqrt((sxx / n - (sx / n) ** 2) * (syy / n - (sy / n) ** 2)));
      }
      expect(leverage(series, maxLag)).toEqual(plainLeverage);
    }
    const moment = (k: number) => { let t = 0; for (const v of all) t += (v - m) ** k; return t / all.length; };
    expect(skewness(all)).toBe(moment(3) / moment(2) ** 1.5);
    expect(excessKurtosis(all)).toBe(moment(4) / moment(2) ** 2 - 3);
    const sortedMergeW1 = (a: Float64Array, b: Float64Array) => {
      const sa = Float64Array.from(a).sort(), sb = Float64Array.from(b).sort(), merged = Float64Array.from([...sa, ...sb]).sort();
      let d = 0, ia = 0, ib = 0;
      for (let k = 0; k + 1 < merged.length; k++) {
        while (ia < sa.length && sa[ia] <= merged[k]) ia++;
        while (ib < sb.length && sb[ib] <= merged[k]) ib++;
        d += Math.abs(ia / sa.length - ib / sb.length) * (merged[k + 1] - merged[k]);
      }
      return d;
    };
    const ties = Float64Array.from(series[3], (v) => Math.round(v * 200) / 200); // many equal values on both sides
    for (const [a, b] of [[series[3], series[4]], [ties, Float64Array.from(series[4], (v) => Math.round(v * 200) / 200)], [series[0], series[2]]]) {
      expect(wasserstein1(a, b)).toBe(sortedMergeW1(a, b));
    }
  });
});

describe('safetensors', () => {
  const tensors = new Map([
    ['generator.0.weight', { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, -6.5]) }],
    ['generator.0.bias', { shape: [3], data: Float32Array.from([0.1, 0.2, 0.3]) }],
  ]);
  const bytes = encodeSafetensors(tensors, { config: '{"window":64}', step: '10' });

  it('round trip: shapes, values, metadata; header is 8-byte aligned little-endian JSON', () => {
    const decoded = decodeSafetensors(bytes, 'm.safetensors');
    expect(decoded.metadata).toEqual({ config: '{"window":64}', step: '10' });
    expect([...decoded.tensors.keys()]).toEqual([...tensors.keys()]);
    for (const [name, t] of tensors) {
      expect(decoded.tensors.get(name)!.shape).toEqual(t.shape);
      expect(Array.from(decoded.tensors.get(name)!.data)).toEqual(Array.from(t.data));
    }
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headerLength) % 8).toBe(0);
    const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + headerLength)).toString());
    expect(header['generator.0.weight']).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
    expect(header['generator.0.bias'].data_offsets).toEqual([24, 36]);
  });

  it('rejects truncated, foreign and inconsistent files with the file name', () => {
    expect(() => decodeSafetensors(bytes.subarray(0, bytes.length - 4), 'm.safetensors')).toThrow(/m\.safetensors: .*truncated/);
    expect(() => decodeSafetensors(bytes.subarray(0, 5), 'm.safetensors')).toThrow(/shorter than the 8-byte header length/);
    expect(() => decodeSafetensors(new TextEncoder().encode('PK\u0003\u0004 this is a zip file, really'), 'a.zip')).toThrow(/a\.zip: not a valid safetensors file: header length/);
    const bad = encodeSafetensors(tensors);
    const text = Buffer.from(bad).toString('latin1').replace('"shape":[2,3]', '"shape":[3,3]');
    expect(() => decodeSafetensors(Buffer.from(text, 'latin1'), 'x.safetensors')).toThrow(/'generator.0.weight' of shape \[3, 3\] needs 36 bytes, offsets give 24/);
    const f16 = Buffer.from(Buffer.from(bad).toString('latin1').replace('"dtype":"F32"', '"dtype":"F16"'), 'latin1');
    expect(() => decodeSafetensors(f16, 'h.safetensors')).toThrow(/dtype "F16"/);
  });
});

describe('discriminative score', () => {
  const rng = new Rng(21);
  const gaussianWindows = (count: number, length: number, sd = 1) => Array.from({ length: count }, () => Float64Array.from({ length }, () => sd * rng.normal()));
  /** Windows whose volatility level varies from window to window (a scale mixture: heavy tails). */
  const mixtureWindows = (count: number, length: number) => Array.from({ length: count }, () => {
    const level = Math.exp(rng.normal());
    return Float64Array.from({ length }, () => level * rng.normal());
  });
  const options = { steps: 150, folds: 3, seed: 5 };

  it('features: the window, its absolute values and its sorted values, scaled', () => {
    expect(Array.from(windowFeatures([1, -3, 2], 0.5))).toEqual([0.5, -1.5, 1, 0.5, 1.5, 1, -1.5, 0.5, 1]);
  });

  it('purged folds hold out one contiguous block and keep its overlapping neighbours out of training', () => {
    const { train, test } = purgedFold(20, 4, 1, 2);
    expect(test).toEqual([5, 6, 7, 8, 9]);
    expect(train).toEqual([0, 1, 2, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(purgedFold(20, 4, 0, 2).train[0]).toBe(7);
  });

  it('the fewest real windows a fold trains on: a short test part leaves none (its score would be 0.5 by construction)', () => {
    // 20 windows, 4 folds, 2 purged each side: the interior folds train on 20 − 5 − 4 = 11.
    expect(fewestRealTrainingWindows(20, 2, 4)).toBe(11);
    // 183 test days at stride 4 and window 64: 30 windows, 15 purged each side.
    expect(fewestRealTrainingWindows(30, 15)).toBe(0);
    expect(fewestRealTrainingWindows(1190, 15)).toBeGreaterThanOrEqual(MIN_REAL_TRAINING_WINDOWS);
  });

  it('two samples of one distribution score near 0.5, even at a different scale', async () => {
    const score = await discriminativeScore(mixtureWindows(300, 16), mixtureWindows(300, 16).map((w) => w.map((v) => 3 * v)), options);
    expect(score).toBeGreaterThan(0.4);
    expect(score).toBeLessThan(0.6);
  });

  it('tells Gaussian windows from heavy-tailed, volatility-varying ones', async () => {
    const score = await discriminativeScore(mixtureWindows(300, 32), gaussianWindows(300, 32), { ...options, steps: 300 });
    // 600 held-out windows: chance gives 0.5 ± 0.02, so 0.65 is far outside it.
    expect(score).toBeGreaterThan(0.65);
  });

  it('is balanced accuracy: unequal groups of one distribution still score near 0.5, not the larger group\'s share', async () => {
    // 100 real against 400 synthetic: plain accuracy rewarded answering "synthetic" (0.8 for a constant guess).
    const score = await discriminativeScore(mixtureWindows(100, 16), mixtureWindows(400, 16), options);
    expect(score).toBeGreaterThan(0.35);
    expect(score).toBeLessThan(0.65);
    // By hand: 10 of 20 real and 60 of 80 synthetic held-out windows right is (0.5 + 0.75) / 2, not 70 / 100.
    expect(scoreFromFolds([{ correct: 70, total: 100, realCorrect: 10, realTotal: 20 }])).toBe(0.625);
    // Equal groups: correct over total, as before.
    expect(scoreFromFolds([{ correct: 3, total: 10, realCorrect: 1, realTotal: 5 }, { correct: 4, total: 10, realCorrect: 4, realTotal: 5 }])).toBe(7 / 20);
  });

  it('refuses too few windows', async () => {
    await expect(discriminativeScore(gaussianWindows(2, 8), gaussianWindows(10, 8), options)).rejects.toThrow(/at least 3 real/);
  });
});
