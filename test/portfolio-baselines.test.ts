import { describe, expect, it } from 'vitest';
import { assetColumn, assetMatrix, type AssetMatrix } from '../src/finance/data/asset-matrix.js';
import { fitStationaryBootstrap } from '../src/finance/baselines/bootstrap.js';
import { sampleStandardT } from '../src/finance/baselines/student-t.js';
import { fitBlockBootstrap } from '../src/finance/baselines/block-bootstrap.js';
import { cholesky, positiveDefiniteCorrelation, symmetricEigen } from '../src/finance/baselines/correlation-matrix.js';
import { fitCopulaGjr } from '../src/finance/baselines/copula-gjr.js';
import { kendallTau } from '../src/finance/baselines/kendall.js';
import { regularizedIncompleteBeta, studentTCdf, studentTQuantile } from '../src/finance/baselines/student-t-cdf.js';
import { fitTCopula, kendallCorrelation, sampleTCopula } from '../src/finance/baselines/t-copula.js';
import { Rng } from '../src/index.js';

describe('Student-t CDF and quantile', () => {
  it('the incomplete beta function against closed forms', () => {
    for (const x of [0.01, 0.3, 0.77, 0.999]) {
      expect(regularizedIncompleteBeta(x, 2.5, 1)).toBeCloseTo(x ** 2.5, 14); // I_x(a, 1) = x^a
      expect(regularizedIncompleteBeta(x, 1, 4)).toBeCloseTo(1 - (1 - x) ** 4, 14); // I_x(1, b) = 1 − (1 − x)^b
      expect(regularizedIncompleteBeta(x, 0.5, 0.5)).toBeCloseTo((2 / Math.PI) * Math.asin(Math.sqrt(x)), 13); // the arcsine law
    }
  });

  it('the CDF against exact laws (ν = 1, 2) and printed tables (ν = 5, 10, 30)', () => {
    for (const t of [-1e4, -30, -3, -0.5, 1e-8, 0.3, 2, 50]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 14); // Cauchy
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 14);
    }
    expect(studentTCdf(-1e4, 1) / (1 / (Math.PI * 1e4))).toBeCloseTo(1, 6); // relative accuracy deep in the tail
    expect(studentTCdf(2.015048, 5)).toBeCloseTo(0.95, 6);
    expect(studentTCdf(2.228139, 10)).toBeCloseTo(0.975, 6);
    expect(studentTCdf(-2.457262, 30)).toBeCloseTo(0.01, 6);
    expect(studentTCdf(1.959964, 1e7)).toBeCloseTo(0.975, 6); // ν → ∞: the normal law
    expect([studentTCdf(Infinity, 3), studentTCdf(-Infinity, 3), studentTCdf(0, 3)]).toEqual([1, 0, 0.5]);
  });

  it('the quantile inverts the CDF, into the far tails of small ν', () => {
    expect(studentTQuantile(0.95, 5)).toBeCloseTo(2.015048, 5);
    expect(studentTQuantile(0.75, 1)).toBeCloseTo(1, 12);
    for (const nu of [1, 2.05, 5, 30, 200]) {
      for (const p of [1e-12, 1e-6, 0.01, 0.3, 0.5, 0.9, 1 - 1e-9]) {
        const x = studentTQuantile(p, nu);
        expect(studentTCdf(x, nu) / p).toBeCloseTo(1, 8);
      }
    }
  });
});

describe('correlation matrices and Kendall\'s tau', () => {
  it('tau counts concordant pairs, with ties (τ_b)', () => {
    expect(kendallTau([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(kendallTau([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    expect(kendallTau([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(4 / 6, 14); // one discordant pair of six
    expect(kendallTau([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(5 / Math.sqrt(5 * 6), 14);
  });

  it('the O(n log n) count agrees with counting every pair, ties in x, y and both included', () => {
    const rng = new Rng(8);
    const x = Array.from({ length: 301 }, () => Math.floor(rng.uniform() * 40));
    const y = x.map((v) => Math.floor(v / 3 + rng.uniform() * 15));
    let score = 0, tx = 0, ty = 0;
    for (let i = 0; i < x.length; i++) for (let j = i + 1; j < x.length; j++) {
      const dx = x[j] - x[i], dy = y[j] - y[i];
      if (dx === 0) tx++;
      if (dy === 0) ty++;
      if (dx !== 0 && dy !== 0) score += Math.sign(dx) * Math.sign(dy);
    }
    const pairs = (301 * 300) / 2;
    expect(kendallTau(x, y)).toBeCloseTo(score / Math.sqrt((pairs - tx) * (pairs - ty)), 14);
  });

  it('Cholesky reproduces R, and an indefinite estimate is repaired to a unit-diagonal positive definite matrix', () => {
    const r = Float64Array.from([1, 0.6, 0.3, 0.6, 1, 0.1, 0.3, 0.1, 1]);
    const l = cholesky(r, 3)!;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += l[i * 3 + k] * l[j * 3 + k];
      expect(s).toBeCloseTo(r[i * 3 + j], 14);
    }
    expect(positiveDefiniteCorrelation(r, 3)).toEqual({ matrix: r, repaired: false });
    const bad = Float64Array.from([1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1]); // eigenvalues 1.9, 1.9, −0.8
    expect(cholesky(bad, 3)).toBeNull();
    expect(Array.from(symmetricEigen(bad, 3).values).sort((a, b) => a - b).map((v) => +v.toFixed(12))).toEqual([-0.8, 1.9, 1.9]);
    const { matrix, repaired } = positiveDefiniteCorrelation(bad, 3);
    expect(repaired).toBe(true);
    expect(cholesky(matrix, 3)).not.toBeNull();
    expect([matrix[0], matrix[4], matrix[8]]).toEqual([1, 1, 1]);
    // By hand: the eigenvector of −0.8 is (1, −1, 1)/√3, so R + (0.8 + 1e-4) v vᵀ, rescaled, has
    // off-diagonals ±(0.9 − 0.8001/3) / (1 + 0.8001/3) = ±1.8999/3.8001.
    expect(matrix[1]).toBeCloseTo(1.8999 / 3.8001, 10);
    expect(matrix[2]).toBeCloseTo(-1.8999 / 3.8001, 10);
  });
});

const RHO = [0.6, 0.3, 0.1]; // pairs (1,2), (1,3), (2,3)
const TRUE_R = Float64Array.from([1, RHO[0], RHO[1], RHO[0], 1, RHO[2], RHO[1], RHO[2], 1]);
const pairsOf = (r: Float64Array) => [r[1], r[2], r[5]];

/** `days` draws of the t copula with R = TRUE_R and ν = 5. */
function copulaSample(days: number, seed: number): AssetMatrix {
  const rng = new Rng(seed), u = assetMatrix(days, 3), row = new Float64Array(3);
  const copula = { dimension: 3, cholesky: cholesky(TRUE_R, 3)!, nu: 5 };
  for (let t = 0; t < days; t++) u.values.set(sampleTCopula(copula, rng, row), t * 3);
  return u;
}

describe('the t copula', () => {
  it('draws have uniform margins and the Kendall correlations they were drawn with', () => {
    const u = copulaSample(4000, 3);
    for (let j = 0; j < 3; j++) {
      const c = assetColumn(u, j);
      expect(c.filter((v) => v < 0.1).length / c.length).toBeCloseTo(0.1, 1);
      expect(c.reduce((a, b) => a + b, 0) / c.length).toBeCloseTo(0.5, 1);
    }
    pairsOf(kendallCorrelation(u).matrix).forEach((r, i) => expect(Math.abs(r - RHO[i])).toBeLessThan(0.05));
  });

  // Measured over seeds 1–6 (5,000 days): ρ within 0.025 of the truth, ν from 4.6 to 5.6.
  it('fitted on 5,000 simulated days (d = 3, ρ = 0.6/0.3/0.1, ν = 5) recovers ρ within 0.05 and ν within ±1', () => {
    const fit = fitTCopula(copulaSample(5000, 2));
    pairsOf(fit.correlation).forEach((r, i) => expect(Math.abs(r - RHO[i])).toBeLessThan(0.05));
    expect(Math.abs(fit.nu - 5)).toBeLessThan(1);
    expect(fit.repaired).toBe(false);
  });

  it('refuses data outside (0, 1)', () => {
    const u = copulaSample(20, 1);
    u.values[7] = 1;
    expect(() => fitTCopula(u)).toThrow(/must lie in \(0, 1\): day 2, asset 1 is 1/);
  });
});

/** GJR-GARCH(1,1)-t margins (standardised t, ν = 6) driven by t-copula uniforms: the copula-GJR model's own process. */
function copulaGjrSample(days: number, seed: number): AssetMatrix {
  const u = copulaSample(days, seed), r = assetMatrix(days, 3);
  const q = { mu: 3e-4, omega: 2e-6, alpha: 0.03, gamma: 0.1, beta: 0.9, nu: 6 };
  const h = [1e-4, 2e-4, 3e-4];
  for (let t = 0; t < days; t++) {
    for (let j = 0; j < 3; j++) {
      const e = Math.sqrt(h[j]) * studentTQuantile(u.values[t * 3 + j], q.nu) * Math.sqrt((q.nu - 2) / q.nu);
      r.values[t * 3 + j] = q.mu + e;
      h[j] = q.omega + (q.alpha + (e < 0 ? q.gamma : 0)) * e * e + q.beta * h[j];
    }
  }
  return r;
}

describe('copula-GJR', () => {
  const train = copulaGjrSample(3000, 7);
  const model = fitCopulaGjr(train, ['A', 'B', 'C']);

  it('recovers the margins and the copula of simulated copula-GJR data', () => {
    // The process: persistence α + γ/2 + β = 0.98, γ = 0.1, ν = 6; 3,000 days pin them down loosely.
    for (const { parameters: q } of model.margins) {
      expect(Math.abs(q.persistence - 0.98)).toBeLessThan(0.02);
      expect(q.gamma).toBeGreaterThan(0.04);
      expect(q.nu).toBeGreaterThan(4);
      expect(q.nu).toBeLessThan(9);
    }
    pairsOf(model.copula.correlation).forEach((r, i) => expect(Math.abs(r - RHO[i])).toBeLessThan(0.05));
    expect(Math.abs(model.copula.nu - 5)).toBeLessThan(2); // 3,000 days, ν estimated through fitted margins
    expect(model.describe()).toMatch(/^GJR-GARCH\(1,1\)-t margins .* t copula: ν=.*ρ A–B 0\.\d+, A–C .*B–C .*3000 training days$/);
    expect(model.filteredVariances.days).toBe(3000);
  });

  it('filters the same variances as each margin\'s own simulation starts from', () => {
    // A margin's one-day path is μ + √h_k · z with k = rng.int(n) and z the standardised t draw that follows.
    const margin = model.margins[1], q = margin.parameters;
    const [path] = margin.simulate(1, 1, new Rng(3));
    const rng = new Rng(3), k = rng.int(3000);
    const expected = q.mu + Math.sqrt(model.filteredVariances.values[k * 3 + 1]) * sampleStandardT(q.nu, rng);
    expect(path[0]).toBeCloseTo(expected, 14);
  });

  it('simulates joint paths with the fitted dependence, starting from the filtered state of one training day', () => {
    const paths = model.simulate(3, 2000, new Rng(5));
    expect(paths.map((p) => [p.days, p.assets])).toEqual([[2000, 3], [2000, 3], [2000, 3]]);
    expect(paths.every((p) => p.values.every(Number.isFinite))).toBe(true);
    const first = paths[0];
    pairsOf(kendallCorrelation(first).matrix).forEach((r, i) => expect(Math.abs(r - pairsOf(model.copula.correlation)[i])).toBeLessThan(0.06));
    // The same seed, the same paths.
    expect(model.simulate(1, 10, new Rng(5))[0].values).toEqual(first.values.slice(0, 30));
  });

  it('refuses one asset, too few days, or names that do not match the columns', () => {
    expect(() => fitCopulaGjr(assetMatrix(200, 1))).toThrow(/copula-GJR needs at least 2 assets, got 1/);
    expect(() => fitCopulaGjr(assetMatrix(50, 2))).toThrow(/copula-GJR needs at least 100 training days, got 50/);
    expect(() => fitCopulaGjr(train, ['A'])).toThrow(/1 asset names for 3 columns/);
  });
});

describe('block bootstrap of aligned days', () => {
  const train = copulaGjrSample(300, 4);
  const rowKey = (m: AssetMatrix, t: number) => Array.from(m.values.subarray(t * m.assets, (t + 1) * m.assets)).join(',');

  it('every generated day is a whole training day, in blocks of consecutive days', () => {
    const rows = new Map(Array.from({ length: train.days }, (_, t) => [rowKey(train, t), t]));
    const [path] = fitBlockBootstrap(train, undefined, 10).simulate(1, 5000, new Rng(9));
    let continued = 0, previous = -1;
    for (let t = 0; t < path.days; t++) {
      const day = rows.get(rowKey(path, t));
      expect(day).toBeDefined();
      if (day === (previous + 1) % train.days) continued++;
      previous = day!;
    }
    expect(continued / (path.days - 1)).toBeGreaterThan(0.85); // a block ends with probability 1/10
    expect(continued / (path.days - 1)).toBeLessThan(0.95);
  });

  it('draws the same days as the single-asset bootstrap with the same seed, and refuses bad input', () => {
    const joint = fitBlockBootstrap(train, ['A', 'B', 'C']).simulate(2, 100, new Rng(1));
    const single = fitStationaryBootstrap(assetColumn(train, 1)).simulate(2, 100, new Rng(1));
    expect(joint.map((p) => assetColumn(p, 1))).toEqual(single);
    expect(() => fitBlockBootstrap(assetMatrix(1, 2))).toThrow(/at least 2 training days, got 1/);
    expect(() => fitBlockBootstrap(train, undefined, 0.5)).toThrow(/mean block length must be ≥ 1/);
    expect(() => fitBlockBootstrap(train).simulate(0, 5, new Rng(1))).toThrow(/block bootstrap\.simulate: paths must be a positive integer/);
  });
});
