/**
 * A portfolio evaluation (evaluation/portfolio-evaluation.ts) for people: a plain-text table of every
 * figure per model (mean ± sd over the draws; the value alone for one draw, which has no spread), and an
 * HTML page with that table and correlation heat maps of the real test part beside each model's, for
 * returns and for absolute returns.
 */
import type { PortfolioEvaluation, Spread } from '../evaluation/portfolio-evaluation.js';
import { heatMap } from './heat-map.js';
import { escapeHtml, provenanceHtml, warningsHtml } from './page.js';

/** Rows under a header, the first column left-aligned and the others right-aligned. */
function textTable(header: string[], body: string[][]): string {
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((r) => r[j].length)));
  const line = (r: string[]) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** The figures as a text table: one row per figure, one column per model; then each margin's criteria. */
export function formatPortfolioEvaluation(e: PortfolioEvaluation): string {
  const names = Object.keys(e.models[0]?.figures ?? {});
  // NaN: a figure without a value (a pair that never fell together in the real test part has no
  // relative joint-exceedance error), shown as such rather than as a number. One draw has no spread.
  const cell = (f: Spread) => {
    if (!Number.isFinite(f.mean)) return 'n/a';
    return f.sd === null ? f.mean.toFixed(3) : `${f.mean.toFixed(3)} ± ${f.sd.toFixed(3)}`;
  };
  const figures = textTable(['statistic', ...e.models.map((m) => m.name)], names.map((n) => [n, ...e.models.map((m) => cell(m.figures[n]))]));
  const undefinedFigure = names.some((n) => e.models.some((m) => !Number.isFinite(m.figures[n].mean)));
  // An asset whose real test-part returns never move (stale prices) has no correlation with any other.
  const stale = e.real?.correlation.some((row) => row.some((v) => !Number.isFinite(v))) ?? false;
  const staleNote = stale ? ' The real test part has no correlation for a pair of assets where one of them does not move over it (stale prices: see the warnings), and every figure made of one has no value either.' : '';
  const note = undefinedFigure ? `\nn/a: no value.${staleNote}` + ' A relative error divides by the real test part\'s figure: where that is 0 (a pair of assets that never fell beyond the level together in the real test part) the error is undefined, and a mean over pairs or draws that includes one is too.' : '';
  return [figures + note, ...(e.margins ?? []).map((m) => `\n${marginTable(e, m.asset, m.criteria)}`)].join('\n');
}

/** One margin's long-horizon criteria: a row per criterion, a column per model, the judged model's verdict. */
function marginTable(e: PortfolioEvaluation, asset: string, criteria: NonNullable<PortfolioEvaluation['margins']>[number]['criteria']): string {
  const value = (c: (typeof criteria)[number], model: string) => {
    const v = c.values[model], sd = c.spread?.[model];
    if (v === null || !Number.isFinite(v)) return 'n/a';
    return sd !== undefined && sd !== null && e.draws > 1 ? `${v.toFixed(4)} ± ${sd.toFixed(4)}` : v.toFixed(4);
  };
  const body = criteria.map((c) => [c.name, c.threshold === 'info' ? '' : c.threshold, ...e.models.map((m) => value(c, m.name)), c.threshold === 'info' ? '' : c.passed ? 'yes' : 'NO']);
  const judged = e.models[0]?.name ?? 'model';
  const targets = criteria.filter((c) => c.threshold !== 'info');
  return `${asset}: single-asset long-horizon criteria (against the whole real series; ${judged} judged)\n`
    + textTable([`${asset} criterion`, 'target', ...e.models.map((m) => m.name), 'met'], body)
    + `\n${asset}: ${targets.filter((c) => c.passed).length} of ${targets.length} criteria met by ${judged}`;
}


/** The draws in words: one draw's figures are its values, with no spread to give. */
function drawsText(e: PortfolioEvaluation): string {
  const size = `${e.paths} paths × ${e.length} days`;
  return e.draws === 1 ? `one draw of ${size}, every figure its value (one draw has no spread)` : `${e.draws} draws of ${size}, every figure mean ± sd over the draws`;
}

/**
 * The HTML page: what it is of (`about`: the model, its step, the test part's dates, the training days,
 * the seed), the command's warnings (on the data, say), the table, then the real and each model's correlation heat maps, of r and of |r|.
 */
export function portfolioPage(e: PortfolioEvaluation, title: string, head: { about?: string[]; warnings?: string[] } = {}): string {
  const maps = (what: 'correlation' | 'absCorrelation', label: string) => [
    heatMap({ title: `real test part: ${label}`, names: e.assets, values: e.real[what].flat() }),
    ...e.models.map((m) => heatMap({ title: `${m.name}: ${label}`, names: e.assets, values: m[what].flat() })),
  ].join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1400px}pre{background:#f6f6f6;padding:12px;overflow-x:auto;font-size:12px}svg{margin:4px 12px 4px 0}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${provenanceHtml(head.about ?? [])}${warningsHtml(head.warnings)}
<p>Test part: ${e.testDays} days of ${e.assets.map(escapeHtml).join(', ')}. Each model: ${drawsText(e)}; every model was fitted on the training part only.</p>
<pre>${escapeHtml(formatPortfolioEvaluation(e))}</pre>
<h2>Correlation of daily returns</h2>
${maps('correlation', 'corr(r)')}
<h2>Correlation of absolute daily returns (volatility co-movement)</h2>
${maps('absCorrelation', 'corr(|r|)')}
<p>Generated correlations are ${e.draws === 1 ? 'those of the one draw' : 'the mean over the draws'}. Generated by gangrad.</p></body></html>
`;
}
