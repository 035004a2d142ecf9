import { describe, expect, it } from 'vitest';
import {
  fitBaselines, fitGarchT, fitGaussian, fitGjrGarchT, fitStationaryBootstrap, garchLogLikelihood, logGamma, nelderMead,
  sampleStandardT, simulateGarch, studentTLogConstant, studentTLogDensity,
} from '../src/finance/baselines/index.js';
import { excessKurtosis, mean, std } from '../src/finance/evaluation/stylized.js';
import { Rng } from '../src/index.js';

describe('Student-t innovations', () => {
  it('log-gamma against exact values', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(logGamma(3.5)).toBeCloseTo(Math.log(3.3233509704478426), 12); // Γ(3.5) = 15√π/8
  });
  it('the standardised density integrates to 1 with variance 1', () => {
    for (const nu of [3, 6, 30]) {
      const c = studentTLogConstant(nu);
      let mass = 0, variance = 0;
      const dx = 0.001;
      for (let x = -400; x <= 400; x += dx) {
        const p = Math.exp(studentTLogDensity(x, 1, nu, c)) * dx;
        mass += p;
        variance += x * x * p;
      }
      expect(mass).toBeCloseTo(1, 4);
      if (nu > 3) expect(variance).toBeCloseTo(1, 2); // ν = 3's variance converges too slowly for a grid
    }
  });
  it('draws have unit variance and the t kurtosis 6/(ν−4)', () => {
    const rng = new Rng(11);
    const z = Float64Array.from({ length: 200_000 }, () => sampleStandardT(10, rng));
    expect(Math.abs(mean(z))).toBeLessThan(0.01);
    expect(std(z)).toBeCloseTo(1, 1);
    expect(Math.abs(std(z) - 1)).toBeLessThan(0.01);
    expect(excessKurtosis(z)).toBeGreaterThan(0.7); // 1.0 exactly; the sample estimate is noisy
    expect(excessKurtosis(z)).toBeLessThan(1.4);
  });
});

describe('Nelder–Mead', () => {
  it('finds the Rosenbrock minimum (1, 1) from (−1.2, 1)', () => {
    const r = nelderMead(([x, y]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2, [-1.2, 1], { maxEvaluations: 2000 });
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
    expect(r.value).toBeLessThan(1e-8);
  });
  it('walks away from non-finite values', () => {
    const r = nelderMead(([x]) => (x < 0 ? NaN : (x - 2) ** 2), [0.1]);
    expect(r.x[0]).toBeCloseTo(2, 4);
  });
});

describe('GARCH-t and GJR-GARCH-t by maximum likelihood', () => {
  it('the likelihood is the hand-written recursion', () => {
    const q = { mu: 0.1, omega: 0.2, alpha: 0.1, gamma: 0.2, beta: 0.6, nu: 5 };
    const x = [0.5, -1, 2];
    const c = studentTLogConstant(5);
    const e = x.map((v) => v - q.mu);
    const h1 = 1.5;
    const h2 = 0.2 + 0.1 * e[0] ** 2 + 0.6 * h1; // e[0] > 0: no γ
    const h3 = 0.2 + (0.1 + 0.2) * e[1] ** 2 + 0.6 * h2; // e[1] < 0: α + γ
    const expected = studentTLogDensity(e[0], h1, 5, c) + studentTLogDensity(e[1], h2, 5, c) + studentTLogDensity(e[2], h3, 5, c);
    expect(garchLogLikelihood(x, q, h1)).toBeCloseTo(expected, 12);
  });

  // Tolerances: 10,000 simulated days; α, β, γ within ±0.05 of the truth, ν within ±30%, the
  // unconditional standard deviation within ±15% (persistence near 1 makes ω alone poorly determined).
  it('GARCH(1,1)-t recovers α, β, ν from 10,000 simulated days', () => {
    const truth = { mu: 0.0004, omega: 2e-6, alpha: 0.08, gamma: 0, beta: 0.9, nu: 6 };
    const [x] = simulateGarch(truth, 1, 10_000, new Rng(21));
    const fit = fitGarchT(x).parameters;
    expect(Math.abs(fit.alpha - truth.alpha)).toBeLessThan(0.05);
    expect(Math.abs(fit.beta - truth.beta)).toBeLessThan(0.05);
    expect(fit.gamma).toBe(0);
    expect(Math.abs(fit.nu / truth.nu - 1)).toBeLessThan(0.3);
    expect(Math.abs(fit.unconditionalStd / Math.sqrt(2e-6 / 0.02) - 1)).toBeLessThan(0.15);
    expect(fit.persistence).toBeLessThan(1);
  });
  it('GJR-GARCH(1,1)-t recovers α, γ, β, ν from 10,000 simulated days, and beats GARCH on them', () => {
    const truth = { mu: 0.0003, omega: 2e-6, alpha: 0.02, gamma: 0.12, beta: 0.9, nu: 7 };
    const [x] = simulateGarch(truth, 1, 10_000, new Rng(22));
    const gjr = fitGjrGarchT(x);
    const fit = gjr.parameters;
    expect(Math.abs(fit.alpha - truth.alpha)).toBeLessThan(0.05);
    expect(Math.abs(fit.gamma - truth.gamma)).toBeLessThan(0.05);
    expect(Math.abs(fit.beta - truth.beta)).toBeLessThan(0.05);
    expect(Math.abs(fit.nu / truth.nu - 1)).toBeLessThan(0.3);
    // Nested models: the GJR likelihood can only be higher, and here the asymmetry is real.
    expect(fit.logLikelihood).toBeGreaterThan(fitGarchT(x).parameters.logLikelihood + 5);
    expect(gjr.describe()).toMatch(/^GJR-GARCH\(1,1\)-t: μ=.* γ=.* ν=/);
  });
  it('a fitted model starts its paths from variances it filtered on training days', () => {
    // Calm then turbulent: a path's first day has the variance of a random training day's state,
    // about the training part's own variance, whatever the fitted unconditional variance says.
    const rng = new Rng(8);
    const train = Float64Array.from({ length: 4000 }, (_, t) => (t < 2000 ? 0.005 : 0.02) * rng.normal());
    const model = fitGarchT(train);
    const firstDays = model.simulate(4000, 1, new Rng(1)).map((p) => p[0]);
    const trainVariance = std(train) ** 2;
    expect(std(firstDays) ** 2 / trainVariance).toBeGreaterThan(0.7);
    expect(std(firstDays) ** 2 / trainVariance).toBeLessThan(1.3);
  });
  it('simulated paths keep the unconditional variance (stationary start) and are reproducible', () => {
    const q = { mu: 0, omega: 1e-6, alpha: 0.05, gamma: 0.05, beta: 0.9, nu: 8 };
    const paths = simulateGarch(q, 200, 500, new Rng(3));
    const all = Float64Array.from(paths.flatMap((p) => Array.from(p)));
    expect(std(all) / Math.sqrt(1e-6 / 0.025)).toBeGreaterThan(0.85);
    expect(std(all) / Math.sqrt(1e-6 / 0.025)).toBeLessThan(1.15);
    expect(simulateGarch(q, 2, 10, new Rng(3))).toEqual(simulateGarch(q, 2, 10, new Rng(3)));
    expect(() => fitGarchT(new Float64Array(99))).toThrow(/at least 100/);
    expect(() => fitGarchT(new Float64Array(200))).toThrow(/no variance/);
  });
});

describe('stationary block bootstrap', () => {
  const train = Float64Array.from({ length: 1000 }, (_, i) => i); // distinct values: each value names its day
  const paths = fitStationaryBootstrap(train).simulate(100, 2000, new Rng(4));
  it('keeps the marginal distribution: every value is a training value, KS distance small', () => {
    const all = Float64Array.from(paths.flatMap((p) => Array.from(p))).sort();
    expect(all.every((v) => Number.isInteger(v) && v >= 0 && v < 1000)).toBe(true);
    // Kolmogorov–Smirnov statistic against the training distribution (uniform on 0..999).
    let ks = 0;
    for (let i = 0; i < all.length; i++) ks = Math.max(ks, Math.abs((i + 1) / all.length - (all[i] + 1) / 1000));
    expect(ks).toBeLessThan(0.02);
  });
  it('blocks of consecutive days with geometric length of mean 20, wrapping around the end', () => {
    let continued = 0, pairs = 0, wrapped = 0;
    for (const p of paths) for (let t = 1; t < p.length; t++) {
      pairs++;
      if (p[t] === (p[t - 1] + 1) % 1000) continued++;
      if (p[t - 1] === 999 && p[t] === 0) wrapped++;
    }
    // A block ends with probability 1/20 (a fresh start lands on the next day by chance 1/1000 of the time).
    expect(continued / pairs).toBeGreaterThan(0.945);
    expect(continued / pairs).toBeLessThan(0.955);
    expect(wrapped).toBeGreaterThan(0);
  });
});

describe('Gaussian and the set of baselines', () => {
  it('the Gaussian has the training mean and standard deviation', () => {
    const g = fitGaussian([1, 2, 3, 4, 10]);
    expect(g.parameters).toEqual({ mu: 4, sigma: Math.sqrt(12.5) });
    const x = g.simulate(10, 10_000, new Rng(1)).flatMap((p) => Array.from(p));
    expect(mean(x)).toBeCloseTo(4, 1);
    expect(std(x) / Math.sqrt(12.5)).toBeCloseTo(1, 2);
    expect(() => g.simulate(0, 5, new Rng(1))).toThrow(/Gaussian.simulate: paths must be a positive integer, got 0/);
  });
  it('fitBaselines: four models in column order, each describing its parameters', () => {
    const [x] = simulateGarch({ mu: 0, omega: 2e-6, alpha: 0.05, gamma: 0.05, beta: 0.9, nu: 6 }, 1, 3000, new Rng(9));
    const lines: string[] = [];
    const models = fitBaselines(x, (l) => lines.push(l));
    expect(models.map((m) => m.name)).toEqual(['GARCH-t', 'GJR-GARCH-t', 'bootstrap', 'Gaussian']);
    expect(lines).toHaveLength(4);
    for (const m of models) {
      expect(m.describe().length).toBeGreaterThan(20);
      const [path] = m.simulate(1, 50, new Rng(2));
      expect(path).toHaveLength(50);
      expect(path.every(Number.isFinite)).toBe(true);
    }
  });
});
