import { describe, expect, it } from 'vitest';
import { runBacktest } from '../src/finance/evaluation/backtest/index.js';
import type { Forecaster } from '../src/finance/forecaster.js';
import { formatBacktest } from '../src/finance/report/backtest-report.js';
import { formatPortfolioEvaluation } from '../src/finance/report/portfolio-report.js';
import type { PortfolioEvaluation } from '../src/finance/evaluation/portfolio-evaluation.js';
import { Rng } from '../src/tensor/index.js';

describe('portfolio backtest table (formatBacktest)', () => {
  it('keeps every column in line when a breaches cell is wider than its header (hundreds of breaches)', async () => {
    // 1,200 forecast days: a forecaster far too narrow breaches on about half of them
    // ('600/1200 (50.00%)', 17 characters), a wide one on none ('0/1200 (0.00%)').
    const grid = Float64Array.from({ length: 199 }, (_, i) => (i - 99) / 40);
    const narrow: Forecaster = { name: 'joint GAN', forecast: async () => grid.map((v) => 1e-6 * v) };
    const wide: Forecaster = { name: 'copula-GJR', forecast: async () => grid.map((v) => 0.05 * v) };
    const rng = new Rng(4), returns = Float64Array.from({ length: 1_300 }, () => 0.012 * rng.normal());
    const run = await runBacktest({ returns, testStart: 100, forecasters: [narrow, wide], horizons: [1], levels: [0.95, 0.99], samples: 20, seed: 1, esSimulations: 20 });
    expect(run.entries[0].levels[0].breaches).toBeGreaterThanOrEqual(100);
    const lines = formatBacktest({ runs: [run], conditioning: {} }).split('\n');
    for (const level of ['95.0', '99.0']) {
      const at = lines.indexOf(`h = 1 day, VaR/ES ${level} %`);
      const [header, ...rows] = lines.slice(at + 1, at + 4);
      expect(header).toMatch(/^model +breaches +Kupiec p/);
      // Right-aligned under its header: each breaches cell ends where 'breaches' ends, as every row ends where the header does.
      const end = header.indexOf('breaches') + 'breaches'.length;
      for (const row of rows) {
        expect(row.slice(0, end), row).toMatch(/^(joint GAN|copula-GJR) +\d+\/1200 \(\d+\.\d\d%\)$/);
        expect(row[end], row).toBe(' ');
        expect(row.length, row).toBe(header.length);
      }
    }
  });
});

describe('portfolio evaluation table (formatPortfolioEvaluation)', () => {
  it('says what n/a means where a relative error is undefined, and says nothing where every figure has a value', () => {
    const evaluation = (exceedance: number) => ({
      models: [{ name: 'joint GAN', figures: { 'corr MAE r': { mean: 0.1, sd: null, draws: [0.1] }, 'joint exceedance 1% rel. err': { mean: exceedance, sd: null, draws: [exceedance] } } }],
    }) as unknown as PortfolioEvaluation;
    const undefinedError = formatPortfolioEvaluation(evaluation(NaN));
    expect(undefinedError).toMatch(/^joint exceedance 1% rel\. err +n\/a$/m);
    expect(undefinedError).toContain("n/a: no value. A relative error divides by the real test part's figure: where that is 0");
    expect(formatPortfolioEvaluation(evaluation(0.2))).not.toContain('n/a');
    // Without a real correlation, nothing says why the correlation figures are n/a but that.
    expect(undefinedError).not.toContain('does not move');
  });

  it('says that a real correlation is missing where an asset does not move over the test part (stale prices), not only what a relative error is', () => {
    // It said only "A relative error divides by …", which is no reason for the correlation figures' n/a.
    const nan = { mean: NaN, sd: null, draws: [NaN] };
    const e = {
      real: { correlation: [[1, NaN], [NaN, 1]], absCorrelation: [[1, NaN], [NaN, 1]] },
      models: [{ name: 'joint GAN', figures: { 'corr MAE r': nan, 'VaR 99% rel. err': { mean: 0.4, sd: null, draws: [0.4] } } }],
    } as unknown as PortfolioEvaluation;
    const text = formatPortfolioEvaluation(e);
    expect(text).toMatch(/^corr MAE r +n\/a$/m);
    expect(text).toContain('n/a: no value. The real test part has no correlation for a pair of assets where one of them does not move over it (stale prices: see the warnings), and every figure made of one has no value either.');
  });
});
