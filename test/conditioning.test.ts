import { describe, expect, it } from 'vitest';
import { conditioningCheck, conditioningFromSeries } from '../src/finance/evaluation/conditioning.js';
import { Rng } from '../src/tensor/index.js';

/** Returns whose volatility steps from calm to wild: 200 days at 1 %, one −10 % day, 100 days at 3 %. */
function steppedReturns(): Float64Array {
  const rng = new Rng(5);
  return Float64Array.from({ length: 301 }, (_, t) => (t === 200 ? -0.1 : (t < 200 ? 0.01 : 0.03) * rng.normal()));
}

/** A 1-day series with origins testStart − 1 … n − 2 and the given VaR per origin. */
function series(returns: Float64Array, testStart: number, valueAtRisk: (t: number) => number) {
  const origin = Array.from({ length: returns.length - testStart }, (_, i) => testStart - 1 + i);
  return { origin, valueAtRisk: origin.map(valueAtRisk), realised: origin.map((t) => returns[t + 1]) };
}

const rms = (r: Float64Array, from: number, days: number) => Math.sqrt(r.subarray(from, from + days).reduce((a, b) => a + b * b, 0) / days);

describe('conditioning checks', () => {
  const returns = steppedReturns();

  it('a VaR equal to the next 20 days\' realised volatility correlates at 1, its negative at −1', () => {
    const perfect = conditioningCheck(series(returns, 50, (t) => rms(returns, t + 1, 20)), returns);
    expect(perfect.volatilityCorrelation).toBeCloseTo(1, 12);
    const reversed = conditioningCheck(series(returns, 50, (t) => -rms(returns, t + 1, 20)), returns);
    expect(reversed.volatilityCorrelation).toBeCloseTo(-1, 12);
  });

  it('finds the worst day and the calmest month, and compares the VaRs made there', () => {
    // VaR: 2 % before the crash, 6 % from its close on.
    const c = conditioningCheck(series(returns, 50, (t) => (t < 200 ? 0.02 : 0.06)), returns);
    expect(c.worstDay).toBe(200);
    expect(c.afterWorstDay).toBe(0.06);
    expect(c.calmestStart).toBeLessThan(200 - 20);
    expect(c.calmestMonth).toBeCloseTo(0.02, 12);
    expect(c.widthRatio).toBeCloseTo(3, 12);
  });

  it('from the series alone gives the same figures as from the returns when the data end with the series', () => {
    const s = series(returns, 50, (t) => 0.02 + Math.abs(returns[t]) + rms(returns, Math.max(0, t - 19), 20));
    const direct = conditioningCheck(s, returns);
    const fromSeries = conditioningFromSeries(s);
    expect(fromSeries.volatilityCorrelation).toBeCloseTo(direct.volatilityCorrelation, 12);
    expect(fromSeries).toEqual({ ...direct, volatilityCorrelation: fromSeries.volatilityCorrelation });
  });

  it('from the series alone refuses origins that are not consecutive days', () => {
    const s = series(returns, 50, () => 0.02);
    const gapped = { ...s, origin: s.origin.map((t, i) => (i > 100 ? t + 1 : t)) };
    expect(() => conditioningFromSeries(gapped)).toThrow(/not consecutive days \(149, then 151\)/);
  });
});
