/**
 * `gangrad report`: one self-contained HTML page with SVG charts of real vs synthetic returns.
 */
import type { ConvergenceDiagnosis } from '../../gan/index.js';
import type { Evaluation } from '../evaluation/evaluate.js';
import { quantile, standardise } from '../evaluation/stylized.js';
import { modelComparisonSection } from './long-horizon.js';
import { isDashed, modelColor, REAL } from './palette.js';
import { lineChart } from './svg.js';
import { escapeHtml, provenanceHtml, warningsHtml } from './page.js';

/** Everything {@link renderReport} puts on the page: the evaluation, and the samples its charts are drawn from. */
export interface ReportInput {
  /** The page title and heading. */
  title: string;
  /** A line under the heading (model step, window, test period). */
  subtitle: string;
  /** Lines on what the page is of: the model, its training settings, the data and its parts, the evaluation's seed and draws. */
  about?: string[];
  /** The warnings the command printed on stderr, listed near the top. */
  warnings?: string[];
  /** The figures the comparison charts and tables show (`evaluateModel`). */
  evaluation: Evaluation;
  /** Real test returns and synthetic windows (log returns, real units). */
  realReturns: Float64Array;
  syntheticWindows: Float64Array[];
  /** Synthetic price paths (each starting at the real path's first price) and the real path. */
  realPath: Float64Array;
  syntheticPaths: Float64Array[];
  /** Parsed training log rows. */
  log: { step: number; dLoss: number; gLoss: number; dReal: number; dFake: number }[];
  /** Whether the run converged (from its log; null without one). */
  convergence?: ConvergenceDiagnosis | null;
  /** The evaluation as text (`formatEvaluation`), shown under "Stylized facts". */
  evaluationText: string;
}

const SYNTHETIC = modelColor('GAN', 0), GAUSSIAN = modelColor('Gaussian', 0);
const range = (n: number, start = 0) => Array.from({ length: n }, (_, i) => i + start);

/**
 * Density on a log scale from a histogram of standardised values, and how many values fell outside
 * [lo, hi) (the chart says so: they are not drawn). An empty bin's density is 0, which the log axis
 * leaves out, breaking the line there.
 */
function density(values: Float64Array, lo: number, hi: number, bins: number): { x: number[]; y: number[]; outside: number } {
  const counts = new Array(bins).fill(0);
  const width = (hi - lo) / bins;
  let outside = 0;
  for (const v of values) if (v >= lo && v < hi) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++; else outside++;
  return { x: counts.map((_, i) => lo + (i + 0.5) * width), y: counts.map((c) => c / (values.length * width)), outside };
}

/** The standardised-return density chart: real, synthetic, the Gaussian, and a count of returns beyond ±10σ. */
export function densityChart(realStd: Float64Array, synStd: Float64Array): string {
  const real = density(realStd, -10, 10, 80), syn = density(synStd, -10, 10, 80);
  // The Gaussian overlay stops at ±5σ (density ~1e-6): further out it would only stretch the axis.
  const gaussX = range(101).map((i) => -5 + i * 0.1);
  const beyond = real.outside + syn.outside > 0 ? `; beyond ±10, not drawn: ${real.outside} real, ${syn.outside} synthetic` : '';
  return lineChart({
    title: 'Return density (standardised), log scale', xLabel: `return / std${beyond}`, yLabel: 'density', logY: true,
    series: [
      { name: 'real', x: real.x, y: real.y, color: REAL },
      { name: 'synthetic', x: syn.x, y: syn.y, color: SYNTHETIC },
      { name: 'Gaussian', x: gaussX, y: gaussX.map((v) => Math.exp(-v * v / 2) / Math.sqrt(2 * Math.PI)), color: GAUSSIAN, dashed: true },
    ],
  });
}

function fanChart(input: ReportInput): string {
  const n = input.realPath.length;
  const x = range(n);
  const at = (q: number) => x.map((t) => quantile(Float64Array.from(input.syntheticPaths, (p) => p[t]), q));
  return lineChart({
    title: `Price paths: real vs ${input.syntheticPaths.length} synthetic`, xLabel: 'trading day', yLabel: 'price',
    bands: [
      { name: 'synthetic 5–95%', x, lower: at(0.05), upper: at(0.95), color: SYNTHETIC, opacity: 0.15 },
      { name: 'synthetic 25–75%', x, lower: at(0.25), upper: at(0.75), color: SYNTHETIC, opacity: 0.3 },
    ],
    series: [
      { name: 'a synthetic path', x, y: input.syntheticPaths[0], color: SYNTHETIC, width: 0.8 },
      { name: 'real (test part)', x, y: input.realPath, color: REAL, width: 2 },
    ],
  });
}

/** A statistic by lag (1, 2, …) for the real data and each model (the GAN and the baselines). */
function compareChart(e: ReportInput['evaluation'], title: string, yLabel: string, real: number[], get: (f: ReportInput['evaluation']['real']) => number[]): string {
  const lags = range(real.length, 1);
  return lineChart({
    title, xLabel: 'lag (days)', yLabel, zeroLine: true,
    series: [
      ...e.models.map((m, i) => ({ name: m.name, x: lags, y: get(m.comparison.facts), color: modelColor(m.name, i), dashed: isDashed(m.name), width: 1.2 })),
      { name: 'real', x: lags, y: real, color: REAL, width: 2.2 },
    ],
  });
}

/** The training verdict: a plain line when the run converged, a warning naming each problem when it did not. */
function convergenceParagraph(d: ConvergenceDiagnosis | null, esc: (s: string) => string): string {
  if (!d) return '<p>Training: no training log beside the model, so convergence is not known.</p>';
  if (d.converged) return `<p>Training converged: the discriminator was still fooled at the end (mean D(G(z)) ${d.lastQuarter!.dFake.toFixed(2)} over the last quarter) and the best weights did not come early.</p>`;
  return `<p style="background:#fff3cd;padding:8px"><b>Training did not converge.</b> ${d.findings.map((f) => escapeHtml(f.charAt(0).toUpperCase() + f.slice(1)) + '.').join(' ')}</p>`;
}

/**
 * The report of `gangrad report`: one self-contained HTML page (inline SVG charts, no scripts), as a string.
 * Throws when a chart or table would show NaN or Infinity: such a page is never written.
 */
export function renderReport(input: ReportInput): string {
  const e = input.evaluation;
  const realStd = standardise(input.realReturns);
  const synStd = standardise(Float64Array.from(input.syntheticWindows.flatMap((w) => Array.from(w))));
  const charts = [
    fanChart(input),
    densityChart(realStd, synStd),
    compareChart(e, 'Autocorrelation of returns', 'ACF(r)', e.real.acfReturns, (f) => f.acfReturns),
    compareChart(e, 'Volatility clustering: autocorrelation of |returns|', 'ACF(|r|)', e.real.acfAbsReturns, (f) => f.acfAbsReturns),
    compareChart(e, 'Leverage effect: corr(r_t, r²_t+k)', 'correlation', e.real.leverage, (f) => f.leverage),
    // Without a training log (deleted, or a model copied without it) the page goes without its curves.
    ...(input.log.length === 0 ? [] : [lineChart({
      title: 'Training: losses', xLabel: 'step', yLabel: 'BCE loss',
      series: [
        { name: 'D loss', x: input.log.map((r) => r.step), y: input.log.map((r) => r.dLoss), color: REAL },
        { name: 'G loss', x: input.log.map((r) => r.step), y: input.log.map((r) => r.gLoss), color: SYNTHETIC },
      ],
    }),
    lineChart({
      title: 'Training: discriminator outputs', xLabel: 'step', yLabel: 'mean probability "real"',
      series: [
        { name: 'D(x), real', x: input.log.map((r) => r.step), y: input.log.map((r) => r.dReal), color: REAL },
        { name: 'D(G(z)), generated', x: input.log.map((r) => r.step), y: input.log.map((r) => r.dFake), color: SYNTHETIC },
      ],
    })]),
  ];
  const figures = `<div class="grid">${charts.join('\n')}</div>
${modelComparisonSection(e)}
<h2>Stylized facts</h2><pre>${escapeHtml(input.evaluationText)}</pre>`;
  // Only the figures are checked: the title, the lines on the data and the warnings are words, which
  // may say NaN ('runs/NaN-test', a damaged log's '"NaN", not a finite number').
  if (/\bNaN\b|\bInfinity\b/.test(figures)) throw new Error('the page would show NaN or Infinity in its figures');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(input.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
.grid{display:flex;flex-wrap:wrap;gap:12px}pre{background:#f6f6f6;padding:12px;overflow-x:auto;font-size:12px}
table{border-collapse:collapse;margin:12px 0;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
td:first-child,th:first-child{text-align:left}caption{text-align:left;font-weight:bold;padding:4px 0}</style></head>
<body><h1>${escapeHtml(input.title)}</h1><p>${escapeHtml(input.subtitle)}</p>
${provenanceHtml(input.about ?? [])}${warningsHtml(input.warnings)}
${convergenceParagraph(input.convergence ?? null, escapeHtml)}
${figures}
<p>Generated by gangrad. Paths longer than one window are made window by window, each window's volatility level following the model's level process (generator window-ar-level); model files from before it join independent windows. With the unit-rms-shape output each window's shape has RMS 1 and its level sets its scale exactly.</p>
</body></html>
`;
}
