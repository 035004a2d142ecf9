import { describe, expect, it, vi } from 'vitest';
import {
  acerbiSzekelyZ2, baselTrafficLight, berkowitzTest, normalQuantile, pitFromSorted, pitHistogram, uniformityTest, baselZone, backtestOrigins, chiSquareSurvival, christoffersen, crpsSamples, esBacktest,
  formatBacktest, forecastSummary, forecastTail, fz0Score, kupiecPof, normalCdf, pinballLoss, riskFromSorted, runBacktest, sanityTable,
  type EsBacktestDay, type Forecaster,
} from '../src/finance/index.js';
import { sampleStandardT } from '../src/finance/baselines/student-t.js';
import { backtestReport } from '../src/cli/backtest.js';
import { backtestPage, reportedFigures } from '../src/finance/report/backtest-report.js';
import { Rng } from '../src/tensor/index.js';

describe('chi-square p-values', () => {
  it('matches the tables: 3.841 (1 dof) and 5.991 (2 dof) at 5 %, 6.635 (1 dof) at 1 %', () => {
    expect(chiSquareSurvival(3.841459, 1)).toBeCloseTo(0.05, 6);
    expect(chiSquareSurvival(5.991465, 2)).toBeCloseTo(0.05, 6);
    expect(chiSquareSurvival(6.634897, 1)).toBeCloseTo(0.01, 6);
    expect(chiSquareSurvival(0, 1)).toBe(1);
  });
  it('3 dof (Berkowitz): 7.815 at 5 %, 11.345 at 1 %, and the mean 3 near its median 2.366', () => {
    expect(chiSquareSurvival(7.814728, 3)).toBeCloseTo(0.05, 6);
    expect(chiSquareSurvival(11.344867, 3)).toBeCloseTo(0.01, 6);
    expect(chiSquareSurvival(2.365974, 3)).toBeCloseTo(0.5, 6);
  });
  it('any whole dof (the deciles test has 9): the tables at 5 % and 1 %, scipy at the far tail', () => {
    expect(chiSquareSurvival(9.487729, 4)).toBeCloseTo(0.05, 7);
    expect(chiSquareSurvival(16.918978, 9)).toBeCloseTo(0.05, 7);
    expect(chiSquareSurvival(21.665994, 9)).toBeCloseTo(0.01, 7);
    expect(chiSquareSurvival(30, 10) / 0.000856641210775301).toBeCloseTo(1, 6); // scipy.stats.chi2.sf(30, 10)
    expect(() => chiSquareSurvival(1, 0)).toThrow(/whole number ≥ 1, got 0/);
  });
});

describe('calibration: PIT and Berkowitz', () => {
  it('the PIT is the mid-rank among the samples, ties counted half, never 0 or 1', () => {
    const sorted = [1, 2, 3, 4];
    expect(pitFromSorted(sorted, 2.5)).toBeCloseTo(2.5 / 5, 15);
    expect(pitFromSorted(sorted, 2)).toBeCloseTo(2 / 5, 15); // one below, one equal: 1 + ½ + ½
    expect(pitFromSorted(sorted, -9)).toBeCloseTo(0.5 / 5, 15);
    expect(pitFromSorted(sorted, 9)).toBeCloseTo(4.5 / 5, 15);
    expect(pitFromSorted([0, 0, 0], 0)).toBeCloseTo(0.5, 15);
    expect(() => pitFromSorted([], 0)).toThrow(/without samples/);
    expect(() => pitFromSorted(sorted, NaN)).toThrow(/realised return is NaN/);
  });
  it('Berkowitz by hand: the AR(1) fitted by solving the normal equations, LR from the two log-likelihoods', () => {
    const pits = [0.3, 0.8, 0.55, 0.1, 0.45, 0.9, 0.7, 0.2, 0.6, 0.35];
    const z = pits.map(normalQuantile), x = z.slice(0, -1), y = z.slice(1), m = y.length;
    // [m Σx; Σx Σx²] [c; ρ] = [Σy; Σxy], by Cramer's rule.
    const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);
    const sx = sum(x), sxx = sum(x.map((v) => v * v)), sy = sum(y), sxy = sum(x.map((v, i) => v * y[i]));
    const det = m * sxx - sx * sx, c = (sy * sxx - sx * sxy) / det, rho = (m * sxy - sx * sy) / det;
    const variance = sum(y.map((v, i) => (v - c - rho * x[i]) ** 2)) / m;
    const logDensity = (e: number, v: number) => -0.5 * Math.log(2 * Math.PI * v) - (e * e) / (2 * v);
    const fitted = sum(y.map((v, i) => logDensity(v - c - rho * x[i], variance)));
    const nullModel = sum(y.map((v) => logDensity(v, 1)));
    const test = berkowitzTest(pits);
    expect(test.autocorrelation).toBeCloseTo(rho, 12);
    expect(test.statistic).toBeCloseTo(2 * (fitted - nullModel), 10);
    expect(test.pValue).toBeCloseTo(chiSquareSurvival(2 * (fitted - nullModel), 3), 12);
    expect(test.mean).toBeCloseTo(sum(z) / z.length, 12);
    // Three PITs fit the AR(1) exactly (statistic unbounded whatever they are): refused below ten.
    expect(() => berkowitzTest([0.5, 0.4, 0.6])).toThrow(/needs at least 10 PITs, got 3/);
    expect(() => berkowitzTest(pits.slice(0, 9))).toThrow(/at least 10/);
    expect(() => berkowitzTest([0.5, 1, ...pits.slice(2)])).toThrow(/PIT 1 is 1/);
  });
  // 1500 days of N(0, 1) outcomes, each judged by 500 samples of N(μ, s²): right, too narrow, too wide, biased.
  const rng = new Rng(5);
  const outcomes = Array.from({ length: 1500 }, () => rng.normal());
  const pitsOf = (mu: number, s: number) => outcomes.map((y) => pitFromSorted(Float64Array.from({ length: 500 }, () => mu + s * rng.normal()).sort(), y));
  it('passes the true forecast and rejects a too-narrow, a too-wide and a biased one, each in its own direction', () => {
    const right = berkowitzTest(pitsOf(0, 1));
    expect(right.pValue).toBeGreaterThan(0.05);
    expect(Math.abs(right.sd - 1)).toBeLessThan(0.06);
    const narrow = berkowitzTest(pitsOf(0, 0.7)), wide = berkowitzTest(pitsOf(0, 1.4)), biased = berkowitzTest(pitsOf(0.3, 1));
    for (const t of [narrow, wide, biased]) expect(t.pValue).toBeLessThan(1e-6);
    expect(narrow.sd).toBeGreaterThan(1.25);
    expect(wide.sd).toBeLessThan(0.8);
    expect(biased.mean).toBeLessThan(-0.2);
  });
  it('sees a forecast that ignores yesterday: AR(1) outcomes against an unconditional forecast give ρ near the truth', () => {
    const ar: number[] = [0];
    for (let t = 1; t < 1500; t++) ar.push(0.5 * ar[t - 1] + Math.sqrt(1 - 0.25) * rng.normal());
    const pits = ar.map((y) => pitFromSorted(Float64Array.from({ length: 500 }, () => rng.normal()).sort(), y));
    const test = berkowitzTest(pits);
    expect(test.autocorrelation).toBeGreaterThan(0.4);
    expect(test.autocorrelation).toBeLessThan(0.6);
    expect(test.pValue).toBeLessThan(1e-6);
  });
  it('the deciles test by hand, and it sees a skewed law with the right mean and sd far more surely than Berkowitz\'s test', () => {
    // 100 PITs in tenths 5, 15, 10 ×8: χ² = (25 + 25)/10 = 5 on 9 dof.
    expect(uniformityTest([5, 15, 10, 10, 10, 10, 10, 10, 10, 10])).toEqual({ statistic: 5, pValue: chiSquareSurvival(5, 9) });
    // Outcomes from a centred, unit-variance but skewed law (a standardised exponential), judged by N(0, 1).
    const skewed = outcomes.map(() => -(-Math.log(1 - rng.uniform()) - 1));
    const pits = skewed.map((y) => pitFromSorted(Float64Array.from({ length: 500 }, () => rng.normal()).sort(), y));
    const berkowitz = berkowitzTest(pits).pValue, deciles = uniformityTest(pitHistogram(pits)).pValue;
    expect(berkowitz).toBeGreaterThan(1e-5);
    expect(deciles).toBeLessThan(1e-10);
    expect(() => uniformityTest([3])).toThrow(/at least 2 bins/);
  });
  it('the histogram: a U for a too-narrow forecast, a hump for a too-wide one', () => {
    expect(pitHistogram([0.05, 0.15, 0.95, 0.999, 0.5], 10)).toEqual([1, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
    const narrow = pitHistogram(pitsOf(0, 0.7)), wide = pitHistogram(pitsOf(0, 1.4));
    expect(narrow[0] + narrow[9]).toBeGreaterThan(2 * (narrow[4] + narrow[5]));
    expect(wide[4] + wide[5]).toBeGreaterThan(2 * (wide[0] + wide[9]));
    expect(() => pitHistogram([0.5], 0)).toThrow(/positive integer/);
  });
});

describe('Kupiec POF', () => {
  it('10 breaches of 250 at 99 %: LR by hand 12.955, p 0.000319', () => {
    // −2[240 ln .99 + 10 ln .01 − (240 ln .96 + 10 ln .04)]
    const byHand = -2 * (240 * Math.log(0.99) + 10 * Math.log(0.01) - 240 * Math.log(0.96) - 10 * Math.log(0.04));
    const test = kupiecPof(10, 250, 0.99);
    expect(test.statistic).toBeCloseTo(byHand, 10);
    expect(test.statistic).toBeCloseTo(12.9555, 3);
    expect(test.pValue).toBeCloseTo(0.000319, 5);
  });
  it('zero breaches (0·ln 0 = 0): LR = −500 ln 0.99 = 5.025, p 0.0250; the expected count gives p near 1', () => {
    expect(kupiecPof(0, 250, 0.99).statistic).toBeCloseTo(-500 * Math.log(0.99), 10);
    expect(kupiecPof(0, 250, 0.99).pValue).toBeCloseTo(0.02498, 4);
    expect(kupiecPof(50, 1000, 0.95).pValue).toBeCloseTo(1, 6);
  });
  it('rejects impossible counts and levels', () => {
    expect(() => kupiecPof(11, 10, 0.99)).toThrow(/11 breaches of 10/);
    expect(() => kupiecPof(1, 10, 1)).toThrow(/strictly between 0 and 1, got 1/);
  });
});

describe('Christoffersen', () => {
  it('a sequence whose transition rates equal the breach rate has LR_ind = 0', () => {
    // n00 = 4, n01 = 2, n10 = 2, n11 = 1: π01 = π11 = π = 1/3.
    const test = christoffersen([0, 0, 1, 1, 0, 0, 0, 1, 0, 0], 0.9);
    expect(test.transitions).toEqual({ n00: 4, n01: 2, n10: 2, n11: 1 });
    expect(test.independence.statistic).toBeCloseTo(0, 12);
    expect(test.independence.pValue).toBeCloseTo(1, 12);
  });
  it('clustered breaches: LR_ind by hand 2.2314 (p 0.1352), LR_cc = LR_pof + LR_ind on 2 dof', () => {
    const hits = [0, 0, 0, 0, 1, 1, 1, 0, 0, 0];
    const test = christoffersen(hits, 0.9);
    expect(test.transitions).toEqual({ n00: 5, n01: 1, n10: 1, n11: 2 });
    const restricted = 6 * Math.log(2 / 3) + 3 * Math.log(1 / 3);
    const markov = Math.log(1 / 6) + 5 * Math.log(5 / 6) + 2 * Math.log(2 / 3) + Math.log(1 / 3);
    expect(test.independence.statistic).toBeCloseTo(-2 * (restricted - markov), 10);
    expect(test.independence.statistic).toBeCloseTo(2.231436, 5);
    expect(test.independence.pValue).toBeCloseTo(0.135228, 5);
    const cc = kupiecPof(3, 10, 0.9).statistic + test.independence.statistic;
    expect(test.conditionalCoverage.statistic).toBeCloseTo(cc, 10);
    expect(test.conditionalCoverage.pValue).toBeCloseTo(Math.exp(-cc / 2), 10);
  });
  it('zero counts: no breach at all, or a breach only on the last day, give finite statistics', () => {
    const none = christoffersen(new Array(100).fill(0), 0.99);
    expect(none.independence.statistic).toBe(0);
    expect(none.conditionalCoverage.statistic).toBeCloseTo(-200 * Math.log(0.99), 10);
    const last = christoffersen([0, 0, 0, 1], 0.99);
    expect(last.transitions).toEqual({ n00: 2, n01: 1, n10: 0, n11: 0 });
    expect(Number.isFinite(last.conditionalCoverage.pValue)).toBe(true);
  });
});

describe('Basel traffic light', () => {
  it('green ≤ 4, yellow 5–9, red ≥ 10 over the last 250 days only', () => {
    expect([0, 4, 5, 9, 10, 30].map(baselZone)).toEqual(['green', 'green', 'yellow', 'yellow', 'red', 'red']);
    const hits = new Array(300).fill(0);
    for (let i = 0; i < 20; i++) hits[i] = 1; // outside the last 250 days
    for (let i = 0; i < 5; i++) hits[299 - 3 * i] = 1;
    expect(baselTrafficLight(hits)).toEqual({ days: 250, breaches: 5, zone: 'yellow' });
  });
});

describe('scores', () => {
  it('pinball loss by hand', () => {
    expect(pinballLoss(-0.03, -0.02, 0.01)).toBeCloseTo(0.99 * 0.01, 14);
    expect(pinballLoss(0.01, -0.02, 0.01)).toBeCloseTo(0.01 * 0.03, 14);
  });
  it('FZ0 by hand: a breach and a quiet day; undefined (NaN) for an ES that is not a loss', () => {
    // v = −0.03, e = −0.04, α = 0.05: breach term −(v − y)/(α e) = 10, v/e = 0.75.
    expect(fz0Score(-0.05, 0.03, 0.04, 0.95)).toBeCloseTo(10 + 0.75 + Math.log(0.04) - 1, 12);
    expect(fz0Score(0.01, 0.03, 0.04, 0.95)).toBeCloseTo(0.75 + Math.log(0.04) - 1, 12);
    expect(fz0Score(0.01, 0.03, 0, 0.95)).toBeNaN();
  });
  it('FZ0 is smallest in expectation at the true VaR and ES (normal outcomes)', () => {
    const rng = new Rng(3), y = Float64Array.from({ length: 20000 }, () => rng.normal());
    // N(0,1) at 97.5 %: VaR 1.95996, ES φ(1.95996)/0.025 = 2.33780.
    const expected = (v: number, e: number) => y.reduce((s, x) => s + fz0Score(x, v, e, 0.975), 0) / y.length;
    const truth = expected(1.95996, 2.3378);
    for (const [v, e] of [[1.6, 2.3378], [2.4, 2.3378], [1.95996, 1.9], [1.95996, 2.9]]) expect(expected(v, e)).toBeGreaterThan(truth);
  });
  it('CRPS: two samples by hand, one sample is |x − y|, and samples of N(μ, σ) match the closed form within 1 %', () => {
    expect(crpsSamples([1, 0], 0)).toBeCloseTo(0.25, 14);
    expect(crpsSamples([0.3], -0.2)).toBeCloseTo(0.5, 14);
    const rng = new Rng(5), mu = 0.001, sigma = 0.02;
    const samples = Float64Array.from({ length: 40000 }, () => mu + sigma * rng.normal());
    for (const y of [-0.05, 0, 0.013]) {
      const z = (y - mu) / sigma;
      const closed = sigma * (z * (2 * normalCdf(z) - 1) + 2 * Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) - 1 / Math.sqrt(Math.PI));
      expect(crpsSamples(samples, y) / closed).toBeCloseTo(1, 1.7);
    }
  });
});

describe('forecastSummary', () => {
  it('quantiles, VaR, ES and the fall probability of ten samples, by hand', () => {
    const s = forecastSummary([4, -5, 3, -4, 2, -3, 1, -2, 0, -1], [0.9], { quantiles: [0.5], fallBelow: [0, -4.5] });
    // q(0.1): position 0.9 between −5 and −4 → −4.1; ES: the mean of {−5}.
    expect(s.risk[0].valueAtRisk).toBeCloseTo(4.1, 12);
    expect(s.risk[0].expectedShortfall).toBe(5);
    expect(s.median).toBeCloseTo(-0.5, 12);
    expect(s.quantiles).toEqual([{ probability: 0.5, value: -0.5 }]);
    expect(s.fallBelow).toEqual([{ threshold: 0, probability: 0.5 }, { threshold: -4.5, probability: 0.1 }]);
  });
  it('rejects levels outside (0, 1)', () => {
    expect(() => forecastSummary([1, 2], [0.99, 1.5])).toThrow(/strictly between 0 and 1, got 1.5/);
    expect(() => forecastSummary([1, 2], [0])).toThrow(/got 0/);
  });
});

describe('Acerbi–Székely ES test', () => {
  // 1000 days of scaled t(4) returns; a forecast from the true law, and one 0.6 times too narrow.
  const level = 0.975, rng = new Rng(11), scale = 0.01;
  const realised = Float64Array.from({ length: 1000 }, () => scale * sampleStandardT(4, rng));
  const days = (width: number): EsBacktestDay[] => {
    const sorted = Float64Array.from({ length: 4000 }, () => width * scale * sampleStandardT(4, rng)).sort();
    const { valueAtRisk, expectedShortfall } = riskFromSorted(sorted, level);
    const tail = forecastTail(sorted, valueAtRisk);
    return Array.from(realised, (x) => ({ realised: x, valueAtRisk, expectedShortfall, tail, samples: sorted.length }));
  };
  it('does not reject the true forecast, rejects a too-narrow one', () => {
    const good = esBacktest(days(1), level, { seed: 1, simulations: 500 });
    const narrow = esBacktest(days(0.6), level, { seed: 1, simulations: 500 });
    expect(good.pValue).toBeGreaterThan(0.05);
    expect(narrow.statistic).toBeLessThan(good.statistic);
    expect(narrow.pValue).toBeLessThan(0.01);
  });
  it('Z2 by hand on two days', () => {
    const tail = new Float64Array(0);
    // Day 1 breaches: −0.05/0.04; day 2 does not. Z2 = (−1.25)/(2·0.05) + 1 = −11.5.
    const z2 = acerbiSzekelyZ2([
      { realised: -0.05, valueAtRisk: 0.03, expectedShortfall: 0.04, tail, samples: 1 },
      { realised: 0.01, valueAtRisk: 0.03, expectedShortfall: 0.04, tail, samples: 1 },
    ], 0.95);
    expect(z2).toBeCloseTo(-11.5, 12);
  });
});

describe('runBacktest', () => {
  // A toy forecaster: always N(0, 0.01²) on a 200-point quantile grid, so every number is checkable.
  const grid = Float64Array.from({ length: 199 }, (_, i) => 0.01 * (i - 99) / 40);
  const toy: Forecaster = { name: 'toy', forecast: async () => grid };
  const rng = new Rng(2), returns = Float64Array.from({ length: 400 }, () => 0.012 * rng.normal());

  it('uses every day for h = 1 and non-overlapping origins for h > 1, and sums the realised returns', async () => {
    expect(backtestOrigins(300, 400, 1)).toHaveLength(100);
    expect(backtestOrigins(300, 400, 10)).toEqual([299, 309, 319, 329, 339, 349, 359, 369, 379, 389]);
    const result = await runBacktest({ returns, testStart: 300, forecasters: [toy], horizons: [1, 10], levels: [0.95, 0.99], samples: 20, seed: 1 });
    const ten = result.entries[1];
    expect(ten.series.origin).toEqual(backtestOrigins(300, 400, 10));
    expect(ten.series.realised[0]).toBeCloseTo(returns.subarray(300, 310).reduce((s, v) => s + v, 0), 14);
    const one = result.entries[0], var95 = riskFromSorted(grid, 0.95).valueAtRisk;
    const breaches = Array.from(returns.subarray(300)).filter((y) => y < -var95).length;
    expect(one.levels[0].breaches).toBe(breaches);
    // The level's complement as a user reads it (JSON writes it): 0.05 and 0.01, not 0.050000000000000044.
    expect(one.levels.map((l) => l.expectedShare)).toEqual([0.05, 0.01]);
    expect(one.levels[0].kupiecP).toBeCloseTo(kupiecPof(breaches, 100, 0.95).pValue, 12);
    expect(one.levels[1].basel).not.toBeNull();
    expect(one.levels[0].basel).toBeNull();
    expect(one.series.pit).toEqual(Array.from(returns.subarray(300), (y) => pitFromSorted(grid, y)));
    expect(one.calibration!.berkowitz).toEqual(berkowitzTest(one.series.pit));
    expect(one.calibration!.histogram.reduce((a, b) => a + b, 0)).toBe(100);
    // Two 50-day forecasts: the coverage tests run, Berkowitz's test has too little to fit.
    const long = await runBacktest({ returns, testStart: 300, forecasters: [toy], horizons: [50], levels: [0.99], samples: 20, seed: 1 });
    expect(long.entries[0].origins).toBe(2);
    expect(long.entries[0].calibration).toBeNull();
    expect(formatBacktest({ runs: [long], conditioning: {} })).toMatch(/toy +n\/a \(fewer than 10 forecasts\)/);
    // How origins are spaced for h > 1 is said when a horizon is longer than a day, and only then.
    expect(formatBacktest({ runs: [long], conditioning: {} })).toContain('For h > 1 the forecast origins are h days apart');
    const daily = await runBacktest({ returns, testStart: 300, forecasters: [toy], horizons: [1], levels: [0.99], samples: 20, seed: 1 });
    expect(formatBacktest({ runs: [daily], conditioning: {} })).not.toContain('For h > 1');
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    const [sanity] = sanityTable(result);
    // The toy's median is 0: it calls no direction.
    expect(sanity.hitRate).toBeNull();
    expect(sanity.rmseMedian).toBe(sanity.rmseZero);
    // A median always above 0 says "up" every day: its hit rate is the share of up days.
    const up: Forecaster = { name: 'up', forecast: async () => grid.map((v) => v + 0.001) };
    const [upRow] = sanityTable(await runBacktest({ returns, testStart: 300, forecasters: [up], horizons: [1], levels: [0.95], samples: 20, seed: 1 }));
    expect(upRow.hitRate).toBe(upRow.shareUp);
    expect(upRow.shareUp).toBe(Array.from(returns.subarray(300)).filter((v) => v > 0).length / 100);
    expect(sanity.rmseZero).toBeCloseTo(Math.sqrt(returns.subarray(300).reduce((s, v) => s + v * v, 0) / 100), 12);
  });
  it('reports progress per forecaster and rejects bad horizons and levels', async () => {
    const seen: number[] = [];
    await runBacktest({ returns, testStart: 380, forecasters: [toy], horizons: [1, 5], levels: [0.99], samples: 20, seed: 1, onProgress: (p) => seen.push(p.done / p.total) });
    expect(seen.at(-1)).toBe(1);
    expect(seen).toHaveLength(20 + 4);
    const base = { returns, testStart: 300, forecasters: [toy], levels: [0.99], samples: 20, seed: 1 };
    await expect(runBacktest({ ...base, horizons: [0] })).rejects.toThrow(/horizon must be a positive integer number of days, got 0/);
    // A forecaster's non-finite draw is named with the day and, given dates, the close it was made at.
    const broken: Forecaster = { name: 'broken', forecast: async (history) => grid.map((v) => (history.length === 351 ? NaN : v)) };
    const dates = Array.from(returns, (_, i) => `day-${i}`);
    await expect(runBacktest({ ...base, forecasters: [broken], horizons: [1], dates })).rejects.toThrow('gangrad: backtest: broken returned a non-finite sample at day 350 (the close of day-350)');
    await expect(runBacktest({ ...base, horizons: [1], levels: [0.99, 99] })).rejects.toThrow(/strictly between 0 and 1, got 99/);
  });
});

describe('the backtest report at other levels and on short parts', () => {
  // A forecaster whose spread follows the last 20 days' volatility, and one that never changes (EWMA-normal's VaR at 50 % is −μ).
  const rng = new Rng(12);
  const returns = Float64Array.from({ length: 600 }, (_, i) => (i % 200 < 100 ? 0.005 : 0.02) * rng.normal());
  const grid = Float64Array.from({ length: 199 }, (_, i) => (i - 99) / 40);
  const tracking: Forecaster = {
    name: 'tracking',
    forecast: async (history) => {
      const recent = history.subarray(history.length - 20);
      const sd = Math.sqrt(recent.reduce((s, v) => s + v * v, 0) / recent.length);
      return grid.map((v) => sd * v);
    },
  };
  const constant: Forecaster = { name: 'constant', forecast: async () => grid.map((v) => 0.01 * v) };
  const report = (levels: number[]) => backtestReport({ returns, testStart: 400, forecasters: [tracking, constant], horizons: [1], levels, samples: 20, seeds: 1, seed: 1, part: 'test' });

  it('the conditioning checks are labelled with the level they read; a VaR that never moved is n/a, not a NaN correlation', async () => {
    const r95 = await report([0.9, 0.95]);
    expect(r95.conditioningLevel).toBe(0.95);
    const text = formatBacktest(r95);
    expect(text).toContain('Conditioning (h = 1, VaR 95 %): correlation of VaR');
    expect(text).not.toContain('VaR 99 %');
    expect(Object.keys(r95.conditioning)).toEqual(['tracking']);
    expect(text).toMatch(/constant +n\/a \(its VaR did not vary, or its calmest month's was 0\)/);
    expect(Number.isFinite(r95.conditioning.tracking.volatilityCorrelation)).toBe(true);
  });

  it('with dates, the conditioning checks name the worst day and the calmest month\'s first origin', async () => {
    const dates = Array.from({ length: returns.length }, (_, i) => new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10));
    const r = await backtestReport({ returns, testStart: 400, forecasters: [tracking], horizons: [1], levels: [0.99], samples: 20, seeds: 1, seed: 1, part: 'test', dates });
    const c = r.conditioning.tracking;
    expect([c.worstDate, c.calmestDate]).toEqual([dates[c.worstDay], dates[c.calmestStart]]);
    // The worst day is the test part's lowest return (a forecast was made at the close of each day from 400 on).
    expect(returns[c.worstDay]).toBe(Math.min(...returns.subarray(400, 599)));
    expect(formatBacktest(r)).toContain(`after worst day (${c.worstDate}) `);
    expect(formatBacktest(r)).toContain(`calmest month (from ${c.calmestDate}) `);
  });

  it('a level such as 99.5 % or 99.95 % is named as given in the tables and the breach plots, never rounded into another (100 %)', async () => {
    const r = await report([0.995, 0.9995]);
    const text = formatBacktest(r);
    expect(text).toContain('h = 1 day, VaR/ES 99.5 %');
    expect(text).toContain('h = 1 day, VaR/ES 99.95 %');
    expect(backtestPage(r, 'bt')).toContain('tracking: 1-day VaR 99.95 % and breaches');
    expect(backtestPage(await report([0.9, 0.995]), 'bt')).toContain('tracking: 1-day VaR 99.5 % and breaches');
    expect(formatBacktest(await report([0.95, 0.99]))).toMatch(/VaR\/ES 95\.0 %[^]*VaR\/ES 99\.0 %/);
  });

  it('warns of a level that reads as a tail probability (0.025 for the 97.5 % VaR)', async () => {
    const warn = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await report([0.025, 0.975]);
      expect(warn.mock.calls.flat().map(String).filter((w) => w.startsWith('warning: --levels'))).toEqual([
        'warning: --levels 0.025 is a 2.5 % confidence level: its VaR is the 97.5 % quantile, a gain, not a loss; for the VaR of the worst 2.5 % of outcomes give 0.975',
      ]);
    } finally {
      warn.mockRestore();
    }
  });

  it('names historical simulation\'s own sample count only when it is in the backtest', async () => {
    expect(formatBacktest(await report([0.95]))).toMatch(/^Backtest on the test part: 200 days; 20 samples a forecast; scores: mean; tests: seed 1\.$/m);
    const withHs = await backtestReport({ returns, testStart: 400, forecasters: [constant, { ...constant, name: 'HS' }], horizons: [1], levels: [0.95], samples: 20, seeds: 1, seed: 1, part: 'test' });
    expect(formatBacktest(withHs)).toContain("20 samples a forecast (historical simulation: its window's days); scores");
  });

  it('below a 90 % level there are no conditioning checks (a VaR near the median), said so; nothing non-finite is reported', async () => {
    const half = await report([0.5]);
    expect(half.conditioning).toEqual({});
    expect(formatBacktest(half)).toContain('Conditioning (h = 1, VaR 50 %): n/a (no level of 90 % or more: the checks read a tail VaR)');
    expect(formatBacktest(half)).not.toMatch(/NaN|Infinity/);
    expect(JSON.stringify(reportedFigures(half))).toContain('"conditioning":{}');
  });

  it('too few samples for a level are warned of, as forecast warns of --paths (coverage tests then judge noise)', async () => {
    const warn = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await report([0.95, 0.99]);
      const said = warn.mock.calls.flat().map(String).filter((l) => l.startsWith('warning:'));
      expect(said).toEqual([
        'warning: --samples 20 leaves about 1 draw beyond the 95 % VaR, so its VaR and ES are mostly noise; --samples 200 or more leaves 10',
        'warning: --samples 20 leaves less than one draw beyond the 99 % VaR, so its VaR and ES are mostly noise; --samples 1000 or more leaves 10',
      ]);
    } finally {
      warn.mockRestore();
    }
  });

  it('the Basel zone over fewer than 250 days is n/a, naming the days, not a zone on the 250-day thresholds', async () => {
    const text = formatBacktest(await report([0.99]));
    expect(text).toMatch(/tracking .* n\/a \(200 < 250 days\)/);
  });
});
