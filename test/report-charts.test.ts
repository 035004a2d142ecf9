import { describe, expect, it } from 'vitest';
import { breachPlot } from '../src/finance/report/breach-plot.js';
import { forecastFanChart } from '../src/finance/report/fan-chart.js';
import { densityChart, renderReport } from '../src/finance/report/html.js';
import { modelComparisonSection } from '../src/finance/report/long-horizon.js';
import { lineChart } from '../src/finance/report/svg.js';
import type { Evaluation } from '../src/finance/evaluation/evaluate.js';

/** The x of each legend entry's text, by name (a legend text is the one right of its swatch). */
const legendTextX = (svg: string, name: string) => Number(new RegExp(`<text x="([\\d.]+)" y="[\\d.]+" font-size="11">${name}</text>`).exec(svg)?.[1]);
const svgHeight = (svg: string) => Number(/height="([\d.]+)"/.exec(svg)![1]);

describe('lineChart legend', () => {
  it('leaves the top-right corner when the data passes through it', () => {
    // A rising line: it fills the top right and the bottom left, so the legend goes top left.
    const svg = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 'rising', x: [0, 100], y: [0, 100], color: '#000' }] });
    expect(legendTextX(svg, 'rising')).toBeLessThan(200);
    expect(svgHeight(svg)).toBe(320);
  });

  it('goes below the plot, growing the chart, when every corner holds data', () => {
    const x = Array.from({ length: 200 }, (_, i) => i);
    const svg = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 'zigzag', x, y: x.map((i) => i % 2), color: '#000' }] });
    expect(svgHeight(svg)).toBeGreaterThan(320);
    const textY = Number(/<text x="[\d.]+" y="([\d.]+)" font-size="11">zigzag<\/text>/.exec(svg)![1]);
    expect(textY).toBeGreaterThan(320);
  });

  it('draws each band swatch at its band\'s own opacity', () => {
    const svg = lineChart({
      title: 't', xLabel: 'x', yLabel: 'y', series: [],
      bands: [
        { name: 'wide', x: [0, 1], lower: [0, 0], upper: [3, 3], color: '#f00', opacity: 0.18 },
        { name: 'narrow', x: [0, 1], lower: [1, 1], upper: [2, 2], color: '#f00', opacity: 0.35 },
      ],
    });
    const swatches = [...svg.matchAll(/<rect class="swatch"[^>]*fill-opacity="([\d.]+)"/g)].map((m) => m[1]);
    expect(swatches).toEqual(['0.18', '0.35']);
  });

  it('ticks of training steps print whole (10000, not 1e+4)', () => {
    const svg = lineChart({ title: 'losses', xLabel: 'step', yLabel: 'loss', series: [{ name: 'D loss', x: [0, 5000, 10000], y: [1.3, 1.1, 1.2], color: '#000' }] });
    expect(svg).toContain('>10000<');
    expect(svg).not.toContain('1e+4');
  });

  it('an empty chart has finite axes (no Infinity or NaN on the page)', () => {
    for (const logY of [false, true]) {
      const svg = lineChart({ title: 'empty', xLabel: 'step', yLabel: 'loss', logY, series: [{ name: 'D loss', x: [], y: [], color: '#000' }] });
      expect(svg).not.toMatch(/NaN|Infinity/);
    }
  });

  it('breaks a line at missing points (log 0) and draws a lone point as a dot', () => {
    const svg = lineChart({
      title: 't', xLabel: 'x', yLabel: 'y', logY: true,
      series: [{ name: 's', x: [0, 1, 2, 3, 4, 5, 6], y: [1, 2, 0, 0, 3, 0, 1], color: '#123456' }],
    });
    expect(svg.match(/<polyline[^>]*stroke="#123456"/g)).toHaveLength(1);
    expect(svg.match(/<circle[^>]*fill="#123456"/g)).toHaveLength(2);
  });
});

describe('report charts', () => {
  it('fan chart: a tick at the horizon', () => {
    const history = Array.from({ length: 300 }, (_, i) => 100 + i / 10);
    const paths = Array.from({ length: 40 }, (_, k) => Float64Array.from({ length: 10 }, (_, d) => 0.001 * ((k + d) % 5 - 2)));
    const svg = forecastFanChart({ history, paths, title: 'fan' });
    expect(svg).toMatch(/font-size="11">10<\/text>/);
  });

  it('breach plot: dates on the x axis when the entries have them', () => {
    const origin = Array.from({ length: 50 }, (_, i) => 3000 + i);
    const date = origin.map((_, i) => `2020-01-${String(1 + (i % 28)).padStart(2, '0')}`);
    const realised = origin.map((_, i) => 0.01 * Math.sin(i)), valueAtRisk = origin.map(() => 0.008);
    const svg = breachPlot({ title: 'b', origin, date, realised, valueAtRisk, color: '#f00' });
    expect(svg).toContain(`>${date[0]}</text>`);
    expect(svg).toContain(`>${date[49]}</text>`);
    expect(svg).not.toContain('>3000</text>');
    expect(breachPlot({ title: 'b', origin, realised, valueAtRisk, color: '#f00' })).toContain('>3000</text>');
  });

  it('density chart: says how many returns lie beyond ±10 and breaks at empty bins', () => {
    const real = Float64Array.from([...Array.from({ length: 200 }, (_, i) => Math.sin(i)), 6, 12, -15]);
    const syn = Float64Array.from(Array.from({ length: 400 }, (_, i) => Math.cos(i)));
    const svg = densityChart(real, syn);
    expect(svg).toContain('beyond ±10, not drawn: 2 real, 0 synthetic');
    // The real density: a body near 0 and a lone bin at 6, not one line joining them.
    expect(svg.match(/<polyline[^>]*stroke="#1f4e9c"/g)!.length + (svg.match(/<circle[^>]*fill="#1f4e9c"/g) ?? []).length).toBeGreaterThan(1);
    expect(densityChart(syn, syn)).not.toContain('beyond');
  });

  it('long horizon: both ACF titles name the paths and their length', () => {
    const stats = { acfAbs: [0.2, 0.1], acfSquared: [0.1, 0.05], aggregated: [{ horizon: 1, excessKurtosis: 3 }] };
    const e = { models: [], criteria: [], draws: 1, window: 64, longHorizon: { paths: 40, length: 1000, draws: 1, realReturns: 5000, real: stats, explosiveThreshold: 0.5, criteria: [] } } as unknown as Evaluation;
    const html = modelComparisonSection(e);
    expect(html).toContain('ACF of r² to lag 2 (40 paths of 1000 days)');
  });

  it('the page: refused when a figure would show NaN, written when only its words say NaN', () => {
    const stats = { acfAbs: [0.2, 0.1], acfSquared: [0.1, 0.05], aggregated: [{ horizon: 1, excessKurtosis: 3 }] };
    const evaluation = {
      real: { acfReturns: [0.02, 0.01], acfAbsReturns: [0.2, 0.1], leverage: [-0.1, -0.05] }, models: [], criteria: [], draws: 1, window: 64,
      longHorizon: { paths: 40, length: 1000, draws: 1, realReturns: 5000, real: stats, explosiveThreshold: 0.5, criteria: [] },
    } as unknown as Evaluation;
    const returns = Float64Array.from({ length: 300 }, (_, i) => 0.01 * Math.sin(i * 1.7));
    const input = {
      title: 'gangrad: synthetic close returns of NaN.csv', subtitle: 'a model of runs/NaN-test', about: ['Data runs/NaN-test/NaN.csv'],
      warnings: ["training-log.csv, line 2: 'dLoss' is \"NaN\", not a finite number"], realReturns: returns, syntheticWindows: [returns.subarray(0, 64)],
      realPath: Float64Array.from({ length: 30 }, (_, i) => 100 + i), syntheticPaths: [Float64Array.from({ length: 30 }, (_, i) => 100 - i)], log: [], evaluationText: 'figures',
    };
    const page = renderReport({ ...input, evaluation });
    expect(page).toContain('NaN.csv');
    expect(page).toContain('&quot;NaN&quot;, not a finite number');
    expect(() => renderReport({ ...input, evaluation, evaluationText: 'kurtosis NaN' })).toThrow('the page would show NaN or Infinity in its figures');
  });
});
