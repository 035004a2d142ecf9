/**
 * The report's model comparison: a criteria table with a column per model, the fitted parameters, and
 * the long-horizon charts (ACF of |r| and of r² to lag 250, excess kurtosis by aggregation horizon).
 */
import type { Evaluation } from '../evaluation/evaluate.js';
import { isDashed, modelColor, REAL } from './palette.js';
import { lineChart, type LineSeries } from './svg.js';
import { escapeHtml } from './page.js';

const cell = (v: number | null) => (v === null ? 'n/a' : Number.isFinite(v) ? v.toFixed(4) : String(v));
const range = (n: number, start = 0) => Array.from({ length: n }, (_, i) => i + start);

/** Real vs each model, one line each, for a statistic by lag (index 0 = lag 1). */
function byLag(e: Evaluation, title: string, yLabel: string, real: number[], get: (m: Evaluation['models'][number]) => number[]): string {
  const series: LineSeries[] = e.models.map((m, i) => {
    const y = get(m);
    return { name: m.name, x: range(y.length, 1), y, color: modelColor(m.name, i), dashed: isDashed(m.name), width: 1.2 };
  });
  series.push({ name: 'real', x: range(real.length, 1), y: real, color: REAL, width: 2.2 });
  return lineChart({ title, xLabel: 'lag (days)', yLabel, zeroLine: true, series });
}

/** HTML table: one row per criterion, a column per model, the GAN's pass or fail. */
function criteriaTable(e: Evaluation, caption: string, rows: { name: string; threshold: string; values: Record<string, number | null>; spread?: Record<string, number | null>; passed: boolean }[]): string {
  const head = `<tr><th>criterion</th><th>target</th>${e.models.map((m) => `<th>${escapeHtml(m.name)}</th>`).join('')}<th>GAN: target met</th></tr>`;
  // Long-horizon rows: the mean over the draws, ± their standard deviation.
  const valueCell = (r: (typeof rows)[number], name: string) => {
    const sd = r.spread?.[name];
    return r.values[name] !== null && sd !== undefined && sd !== null ? `${cell(r.values[name])} ± ${cell(sd)}` : cell(r.values[name]);
  };
  const body = rows.map((r) => {
    const info = r.threshold === 'info';
    return `<tr><td>${escapeHtml(r.name)}</td><td>${info ? '' : escapeHtml(r.threshold)}</td>${e.models.map((m) => `<td>${valueCell(r, m.name)}</td>`).join('')}`
      + `<td>${info ? '' : r.passed ? 'pass' : '<b>FAIL</b>'}</td></tr>`;
  }).join('\n');
  return `<table><caption>${escapeHtml(caption)}</caption>${head}\n${body}</table>`;
}

/** The comparison section of the report, as HTML: tables, fitted models, long-horizon charts. */
export function modelComparisonSection(e: Evaluation): string {
  const l = e.longHorizon;
  const kurtosis = lineChart({
    title: 'Aggregational Gaussianity: excess kurtosis of h-day returns', xLabel: 'horizon h (days)', yLabel: 'excess kurtosis',
    series: [
      ...e.models.map((m, i) => ({
        name: m.name, x: m.longHorizon.stats.aggregated.map((a) => a.horizon), y: m.longHorizon.stats.aggregated.map((a) => a.excessKurtosis),
        color: modelColor(m.name, i), dashed: isDashed(m.name), width: 1.2,
      })),
      { name: 'real', x: l.real.aggregated.map((a) => a.horizon), y: l.real.aggregated.map((a) => a.excessKurtosis), color: REAL, width: 2.2 },
    ],
  });
  const charts = [
    byLag(e, `Long memory: ACF of |r| to lag ${l.real.acfAbs.length} (${l.paths} paths of ${l.length} days)`, 'ACF(|r|)', l.real.acfAbs, (m) => m.longHorizon.stats.acfAbs),
    byLag(e, `Long memory: ACF of r² to lag ${l.real.acfSquared.length} (${l.paths} paths of ${l.length} days)`, 'ACF(r²)', l.real.acfSquared, (m) => m.longHorizon.stats.acfSquared),
    kurtosis,
  ];
  return `<h2>The GAN beside classical baselines</h2>
<p>Baselines fitted on the training part only. Test part: ${e.draws > 1 ? `${e.draws} independent draws of ` : ''}${e.window}-day windows against the real test returns.
Long horizon: ${l.draws > 1 ? `${l.draws} independent draws of ` : ''}${l.paths} paths of ${l.length} days from each model against the whole real series (${l.realReturns} returns)${l.draws > 1 ? ', each figure the mean over the draws (criteria: ± the standard deviation over the draws)' : ''};
ACF pooled over paths (one mean and variance for all), h-day returns overlapping, explosive = any |r| &gt; ${cell(l.explosiveThreshold)}
(twice the training part's largest).</p>
${criteriaTable(e, 'Test part', e.criteria.map((c) => ({ ...c, spread: e.draws > 1 ? c.spread : undefined })))}
${criteriaTable(e, 'Long horizon', l.criteria.map((c) => ({ ...c, spread: l.draws > 1 ? c.spread : undefined })))}
<h3>Fitted models</h3><ul>${e.models.map((m) => `<li><b>${escapeHtml(m.name)}</b>: ${escapeHtml(m.description)}</li>`).join('')}</ul>
<div class="grid">${charts.join('\n')}</div>`;
}
