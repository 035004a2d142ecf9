/** Levels and shares as percentages: exact where the usual digits are, never rounded into another level. */
import { describe, expect, it } from 'vitest';
import { formatPortfolioForecast, type PortfolioForecastResult } from '../src/cli/portfolio-forecast.js';
import { forecastSummary } from '../src/finance/forecaster.js';
import { fixedPercent, percentText } from '../src/finance/report/percent.js';

describe('percentText', () => {
  it('keeps the asked digits where they are exact, else gives the digits the value needs', () => {
    expect([percentText(0.95, 1), percentText(0.995, 1), percentText(0.9995, 1), percentText(0.9991, 1)]).toEqual(['95.0', '99.5', '99.95', '99.91']);
    expect([percentText(0.99, 0), percentText(0.995, 0), percentText(0.57, 0), percentText(-0.00001, 2)]).toEqual(['99', '99.5', '57', '-0.001']);
  });
});

describe('fixedPercent', () => {
  it('writes a return that rounds to zero without a sign (a table showed -0.00%)', () => {
    expect([fixedPercent(-0.00001), fixedPercent(-0.00004, 2), fixedPercent(-0.000004, 3), fixedPercent(0), fixedPercent(-0)]).toEqual(['0.00', '0.00', '0.000', '0.00', '0.00']);
    expect([fixedPercent(-0.00005), fixedPercent(-0.0123), fixedPercent(0.0123, 1), fixedPercent(-0.5, 0)]).toEqual(['-0.01', '-1.23', '1.2', '-50']);
  });
});

describe('formatPortfolioForecast', () => {
  it('a quantile that rounds to zero reads 0.00%, not -0.00%', () => {
    const summary = forecastSummary(Float64Array.from({ length: 100 }, (_, i) => (i - 50) / 1e6), [0.95]);
    const result: PortfolioForecastResult = { asOf: '2024-01-02', horizon: 1, paths: 100, inSample: false, inTrainingPeriod: false, summaries: [{ name: 'portfolio', summary }] };
    const table = formatPortfolioForecast(result);
    expect(table).not.toMatch(/-0\.00%/);
    expect(table).toMatch(/ 0\.00%/);
  });

  it('names each level as given: 57, not 56.99999999999999 (100 × 0.57 in floating point)', () => {
    const summary = forecastSummary(Float64Array.from({ length: 100 }, (_, i) => (i - 50) / 1000), [0.57, 0.995]);
    const result: PortfolioForecastResult = { asOf: '2024-01-02', horizon: 1, paths: 100, inSample: false, inTrainingPeriod: false, summaries: [{ name: 'portfolio', summary }] };
    const header = formatPortfolioForecast(result).split('\n')[1];
    expect(header).toMatch(/ VaR 57 +ES 57 +VaR 99\.5 +ES 99\.5$/);
  });
});
