import { describe, expect, it } from 'vitest';
import type { RankingEvaluation } from '../src/tabular/evaluation/fraud-figures.js';
import { prCurvePoints, prCurvesSvg } from '../src/tabular/report/fraud-report.js';
import { columnBarSvg } from '../src/tabular/report/report.js';

describe('tabular charts', () => {
  const curve = { recall: [0, 0, 0.25, 0.5, 1], precision: [0, 0, 0.5, 0.4, 0.2] };

  it('PR curve: starts at its first real point, not at (0, 0)', () => {
    expect(prCurvePoints(curve)).toEqual([[0, 0.5], [0.25, 0.5], [0.5, 0.4], [1, 0.2]]);
    expect(prCurvePoints({ recall: [0, 0], precision: [0, 0] })).toEqual([]);
  });

  it('PR chart: ticks, a prevalence line and a legend', () => {
    const run = { testPositiveShare: 0.06, curves: { logistic: { none: curve, gan: curve }, mlp: { none: curve, gan: curve }, trees: { none: curve, gan: curve } } } as unknown as RankingEvaluation;
    const svg = prCurvesSvg(run);
    // y of precision 0.06 with a 220 px plot under a 34 px margin.
    expect(svg).toContain(`<line class="baseline" x1="34" x2="254" y1="${(34 + 0.94 * 220).toFixed(1)}"`);
    expect(svg).toContain('>0.5</text>');
    expect(svg).toContain('random ranking (6.0 % positive)');
    expect(svg).toContain('with GAN minority rows');
    expect(svg).not.toMatch(/points="34\.0,254\.0/);
  });

  it('per-column bars: 0..1 over the full width, with the values printed', () => {
    const width = (svg: string) => [...svg.matchAll(/<rect class="value" y="\d+" width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(width(columnBarSvg(0.6, 0.9))).toEqual([180, 270]);
    expect(columnBarSvg(0.6, 0.9)).toContain('>0.600</tspan>');
    expect(columnBarSvg(0.6, 0.9)).toContain('>0.900</tspan>');
  });
});
