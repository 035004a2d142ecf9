import { describe, expect, it } from 'vitest';
import {
  classicalForecasters, ewmaNormalForecaster, ewmaStudentTForecaster, ewmaVariances, filteredHistoricalSimulationForecaster,
  gjrGarchForecaster, historicalSimulationForecaster, riskFromSorted, runBacktest, createGjrFilter,
  type Forecaster, type GarchParameters,
} from '../src/finance/index.js';
import { sampleStandardT } from '../src/finance/baselines/student-t.js';
import { Rng } from '../src/tensor/index.js';

// A GJR-GARCH(1,1)-t series with its true conditional variances; on day SHOCK a −8 % return is forced,
// so the conditional variance jumps from about 0.8 % to 3 % daily and decays with persistence 0.97.
const TRUE: GarchParameters = { mu: 0.0003, omega: 2e-6, alpha: 0.03, gamma: 0.12, beta: 0.88, nu: 6 };
const DAYS = 2400, SHOCK = 2000;
function simulateSeries(seed: number): { returns: Float64Array; variances: Float64Array } {
  const rng = new Rng(seed), q = TRUE;
  const returns = new Float64Array(DAYS), variances = new Float64Array(DAYS + 1);
  let h = q.omega / (1 - q.alpha - q.gamma / 2 - q.beta);
  for (let t = 0; t < DAYS; t++) {
    variances[t] = h;
    const e = t === SHOCK ? -0.08 - q.mu : Math.sqrt(h) * sampleStandardT(q.nu, rng);
    returns[t] = q.mu + e;
    h = q.omega + (q.alpha + (e < 0 ? q.gamma : 0)) * e * e + q.beta * h;
  }
  variances[DAYS] = h;
  return { returns, variances };
}
const { returns, variances } = simulateSeries(7);
// The 1 % quantile of a standardised t(6): t_{0.01}(6) = −3.14267 (tables) × √(4/6).
const T6_Q01 = -3.142668 * Math.sqrt(4 / 6);
/** The true 1-day 99 % VaR at the close of day t. */
const trueVar99 = (t: number) => -(TRUE.mu + Math.sqrt(variances[t + 1]) * T6_Q01);
const var99 = async (f: Forecaster, t: number, horizon = 1) =>
  riskFromSorted((await f.forecast(returns.subarray(0, t + 1), horizon, { samples: 4000, seed: 3 })).sort(), 0.99).valueAtRisk;

describe('baselines on a simulated GJR-GARCH-t series with a known conditional quantile', () => {
  const all = classicalForecasters();
  const byName = Object.fromEntries(all.map((f) => [f.name, f]));
  const origins = [1500, 1900, SHOCK, SHOCK + 1, SHOCK + 5, SHOCK + 30];
  const relativeErrors = async (f: Forecaster) => Promise.all(origins.map(async (t) => (await var99(f, t)) / trueVar99(t) - 1));

  it('GJR-GARCH-t follows the true 99 % VaR, calm days and the shock alike', async () => {
    const errors = await relativeErrors(byName['GJR-GARCH-t']);
    for (const e of errors) expect(Math.abs(e)).toBeLessThan(0.1);
  });
  it('FHS on the GJR filter follows it too, within 20 %', async () => {
    for (const e of await relativeErrors(byName.FHS)) expect(Math.abs(e)).toBeLessThan(0.2);
  });
  it('HS is visibly late after the volatility jump: under 40 % of the true VaR for days after it', async () => {
    for (const t of [SHOCK, SHOCK + 1, SHOCK + 5]) expect(await var99(byName.HS, t)).toBeLessThan(0.4 * trueVar99(t));
  });
  it('EWMA reacts to the jump but lags the truth; the fitted t has the wider 99 % tail', async () => {
    for (const name of ['EWMA-normal', 'EWMA-t']) {
      const before = await var99(byName[name], SHOCK - 1), after = await var99(byName[name], SHOCK + 5);
      expect(after).toBeGreaterThan(2 * before);
      expect(after / trueVar99(SHOCK + 5)).toBeGreaterThan(0.6);
      expect(after / trueVar99(SHOCK + 5)).toBeLessThan(1.2);
    }
    expect(await var99(byName['EWMA-t'], SHOCK + 5)).toBeGreaterThan(await var99(byName['EWMA-normal'], SHOCK + 5));
  });
  it('a GJR 10-day forecast has the mean 10μ and the variance Σ E[σ²_{t+k}] of the fitted model', async () => {
    const t = 1800, history = returns.subarray(0, t + 1);
    const { parameters: q, nextVariance } = createGjrFilter().state(history);
    const p = q.alpha + q.gamma / 2 + q.beta;
    let h = nextVariance, variance = 0;
    for (let k = 0; k < 10; k++, h = q.omega + p * h) variance += h;
    const s = await gjrGarchForecaster().forecast(history, 10, { samples: 20000, seed: 9 });
    const m = s.reduce((a, v) => a + v, 0) / s.length;
    const v = s.reduce((a, x) => a + (x - m) ** 2, 0) / (s.length - 1);
    expect(Math.abs(m - 10 * q.mu)).toBeLessThan(4 * Math.sqrt(variance / s.length));
    expect(v / variance).toBeGreaterThan(0.93);
    expect(v / variance).toBeLessThan(1.07);
  });
});

describe('each baseline by hand', () => {
  it('HS: the overlapping h-day sums of its window, whatever the seed', async () => {
    const history = Float64Array.from([9, 9, 1, 2, 3, 4, 5]);
    const hs = historicalSimulationForecaster({ window: 5 });
    expect(Array.from(await hs.forecast(history, 2, { samples: 100, seed: 1 }))).toEqual([3, 5, 7, 9]);
    expect(Array.from(await hs.forecast(history, 1, { samples: 100, seed: 2 }))).toEqual([1, 2, 3, 4, 5]);
  });
  it('FHS: a day of zero filtered variance (ω = 0 over unchanged prices) is left out of the residuals, not drawn as 0/0', async () => {
    const history = Float64Array.from({ length: 300 }, (_, i) => (i < 250 ? 0.01 * Math.sin(i) : 0));
    const variances = Float64Array.from({ length: 300 }, (_, i) => (i < 250 ? 1e-4 : 0));
    const filter = { refitEvery: 40, minHistory: 250, state: () => ({ parameters: { mu: 0, omega: 0, alpha: 0.05, gamma: 0, beta: 0.9, nu: 6 }, nextVariance: 1e-4, start: 0, variances }) };
    const fhs = filteredHistoricalSimulationForecaster({ filter });
    const draws = await fhs.forecast(history, 1, { samples: 500, seed: 1 });
    expect(draws.every(Number.isFinite)).toBe(true);
    expect(Math.max(...draws.map(Math.abs))).toBeGreaterThan(0.005); // residuals of the 250 days that have them
    const flat = { ...filter, state: () => ({ ...filter.state(), variances: new Float64Array(300) }) };
    await expect(filteredHistoricalSimulationForecaster({ filter: flat }).forecast(history, 1, { samples: 50, seed: 1 })).rejects.toThrow("FHS: the GJR filter's variance is zero on all 300 days of its window (prices unchanged?): no residuals to draw");
  });
  it('EWMA: the recursion by hand, and the normal forecast\'s VaR is 2.3263·σ·√h', async () => {
    const r = [0.01, -0.02, 0.03], h0 = (1e-4 + 4e-4 + 9e-4) / 3;
    const h1 = 0.5 * h0 + 0.5 * 1e-4, h2 = 0.5 * h1 + 0.5 * 4e-4, h3 = 0.5 * h2 + 0.5 * 9e-4;
    const v = ewmaVariances(r, 0.5);
    [h0, h1, h2, h3].forEach((x, i) => expect(v[i]).toBeCloseTo(x, 15));
    const history = returns.subarray(0, 1001);
    const sigma = Math.sqrt(ewmaVariances(history, 0.94)[1001]);
    const s = await ewmaNormalForecaster().forecast(history, 10, { samples: 4000, seed: 1 });
    expect(riskFromSorted(s.sort(), 0.99).valueAtRisk / (2.326348 * sigma * Math.sqrt(10))).toBeCloseTo(1, 2);
    const odd = await ewmaNormalForecaster().forecast(history, 1, { samples: 5, seed: 1 });
    expect(odd[2]).toBe(0);
    expect(Array.from(odd.slice(3))).toEqual(Array.from(odd.slice(0, 2)).reverse().map((v) => -v));
  });
  it('EWMA-t fits ν by likelihood: about 6 on a t(6) series with constant variance', async () => {
    const { fitStudentTDegrees } = await import('../src/finance/baselines/ewma-t.js');
    const rng = new Rng(4), z = Float64Array.from({ length: 20000 }, () => sampleStandardT(6, rng));
    const nu = fitStudentTDegrees(z);
    expect(nu).toBeGreaterThan(5);
    expect(nu).toBeLessThan(7.5);
  });
  it('is deterministic given the seed, and the Monte Carlo ones change with it', async () => {
    const history = returns.subarray(0, 1201);
    for (const f of classicalForecasters()) {
      const a = await f.forecast(history, 3, { samples: 300, seed: 5 }), b = await f.forecast(history, 3, { samples: 300, seed: 5 });
      expect(Array.from(a), f.name).toEqual(Array.from(b));
      const c = await f.forecast(history, 3, { samples: 300, seed: 6 });
      const monteCarlo = ['EWMA-t', 'GJR-GARCH-t', 'FHS'].includes(f.name);
      expect(Array.from(a).join() === Array.from(c).join(), f.name).toBe(!monteCarlo);
    }
  });
});

describe('no look-ahead', () => {
  it('perturbing every day after t leaves every forecast made up to t unchanged, for every baseline', async () => {
    const lastSeen = 599, testStart = 540;
    const a = returns.slice(0, 720), b = a.slice();
    const rng = new Rng(8);
    for (let t = lastSeen + 1; t < b.length; t++) b[t] = 3 * b[t] + 0.02 * rng.normal();
    // The same forecaster objects run on both series: a fit cached from one must not serve the other.
    const forecasters = classicalForecasters();
    const options = { testStart, forecasters, horizons: [1, 4], levels: [0.95, 0.99], samples: 200, seed: 1 };
    const [ra, rb] = [await runBacktest({ ...options, returns: b }), await runBacktest({ ...options, returns: a })];
    for (let e = 0; e < ra.entries.length; e++) {
      const sa = ra.entries[e].series, sb = rb.entries[e].series;
      const seen = sa.origin.filter((t) => t <= lastSeen).length;
      expect(seen).toBeGreaterThan(10);
      for (const j of [0, 1]) {
        expect(sa.valueAtRisk[j].slice(0, seen), ra.entries[e].forecaster).toEqual(sb.valueAtRisk[j].slice(0, seen));
        expect(sa.expectedShortfall[j].slice(0, seen)).toEqual(sb.expectedShortfall[j].slice(0, seen));
        // …and the perturbation did reach the later forecasts.
        expect(sa.valueAtRisk[j].slice(seen + 2)).not.toEqual(sb.valueAtRisk[j].slice(seen + 2));
      }
    }
  });
});

describe('bad requests name the model and the numbers', () => {
  const short = returns.subarray(0, 120);
  it('horizon 0, too little history, bad options', async () => {
    for (const f of classicalForecasters()) {
      await expect(f.forecast(returns.subarray(0, 1000), 0, { samples: 10, seed: 1 })).rejects.toThrow(new RegExp(`${f.name}: the horizon must be a positive integer number of days, got 0`));
      await expect(f.forecast(returns.subarray(0, 1000), 1, { samples: 0, seed: 1 })).rejects.toThrow(/samples must be a positive integer, got 0/);
    }
    await expect(historicalSimulationForecaster().forecast(short, 1, { samples: 10, seed: 1 })).rejects.toThrow('HS needs at least 500 daily returns of history, got 120');
    await expect(gjrGarchForecaster().forecast(short, 1, { samples: 10, seed: 1 })).rejects.toThrow('GJR-GARCH-t needs at least 250 daily returns of history, got 120');
    await expect(filteredHistoricalSimulationForecaster().forecast(short, 1, { samples: 10, seed: 1 })).rejects.toThrow('FHS needs at least 250 daily returns of history, got 120');
    await expect(ewmaStudentTForecaster().forecast(short.subarray(0, 50), 1, { samples: 10, seed: 1 })).rejects.toThrow('EWMA-t needs at least 100 daily returns of history, got 50');
    await expect(ewmaNormalForecaster().forecast(short.subarray(0, 50), 1, { samples: 10, seed: 1 })).rejects.toThrow('EWMA-normal needs at least 100 daily returns of history, got 50');
    const nan = returns.slice(0, 600);
    nan[10] = NaN;
    await expect(historicalSimulationForecaster().forecast(nan, 1, { samples: 10, seed: 1 })).rejects.toThrow('HS: history return 10 is not a finite number (NaN)');
    expect(() => ewmaNormalForecaster({ lambda: 1 })).toThrow('EWMA-normal: λ must lie strictly between 0 and 1, got 1');
  });
});
