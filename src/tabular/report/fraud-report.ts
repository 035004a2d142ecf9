/**
 * The fraud figures of evaluations (evaluateFraud) as tables, mean ± sample sd over seeds, and the
 * precision–recall curves as an inline SVG chart.
 */
import { IMBALANCE_METHOD_NAMES, IMBALANCE_METHODS, OVERSAMPLERS, RANKERS, type Ranker, type RankingEvaluation, type RankingFigures } from '../evaluation/fraud-figures.js';
import { meanAndSpread } from '../evaluation/metrics.js';
import type { DetectorEvaluation } from '../evaluation/detectors.js';
import { escapeHtml } from '../../io/html.js';
import { markdownTable, markdownText } from './markdown.js';

const RANKER_NAMES: Record<Ranker, string> = { logistic: 'logistic regression', mlp: 'MLP 64-64', trees: 'boosted trees (100 × depth 3)' };
const FIGURES: [keyof RankingFigures, string][] = [['ap', 'average precision'], ['recallAt1', 'recall @ 1 % FPR'], ['recallAt5', 'recall @ 5 % FPR'], ['precisionTop1', 'precision, top 1 %'], ['auc', 'ROC AUC']];

const fmt = (values: number[]) => {
  const { mean, sd } = meanAndSpread(values);
  return values.length > 1 ? `${mean.toFixed(3)} ± ${sd.toFixed(3)}` : mean.toFixed(3);
};

/** Header and rows of one classifier's table: a row per way of handling the rare class. */
export function rankingTable(runs: RankingEvaluation[], kind: Ranker): { header: string[]; rows: string[][] } {
  return {
    header: [`${RANKER_NAMES[kind]}: training rows`, ...FIGURES.map(([, name]) => name)],
    rows: IMBALANCE_METHODS.map((m) => [IMBALANCE_METHOD_NAMES[m], ...FIGURES.map(([key]) => fmt(runs.map((r) => r.figures[m][kind][key])))]),
  };
}

/**
 * What the figures are measured on, and how many rows the oversamplers added; `text` writes the class
 * name (markdownText for Markdown; plain for a page, which escapes the whole line).
 */
export function rankingSummary(runs: RankingEvaluation[], text: (s: string) => string = (s) => s): string {
  const r = runs[0];
  const positive = text(r.positive);
  // The figures' GAN rows are sampled afresh: said, since the AUCs they share with the tables above differ.
  const drawn = ' The GAN rows of these figures are a draw of their own from the same models, apart from the rows of the tables above: figures both show (ROC AUC) differ by that draw.';
  const seeds = runs.length > 1 ? `; mean ± sd over ${runs.length} seeds` : '';
  const parts = `Fraud figures for class ${positive}: ${r.trainRows} training rows, ${r.testRows} test rows (${(100 * r.testPositiveShare).toFixed(1)} % of class ${positive}, the average precision of a random ranking)`;
  if (!r.amountChoice) return `${parts}; oversamplers add ${r.addedRows} rows of class ${positive} (until the classes balance)${seeds}.${drawn}`;
  // Runs saved before the amounts were recorded balanced the classes.
  const chosen = OVERSAMPLERS.map((m) => `${IMBALANCE_METHOD_NAMES[m]} ${RANKERS.map((k) => `${k} ${runs.map((run) => run.amounts?.[m][k] ?? 1).join('/')}`).join(', ')}`).join('; ');
  return `${parts}; oversamplers add a fraction of the ${r.addedRows} rows of class ${positive} that balance the classes, chosen per classifier on a validation period (${r.amountChoice.validationRows} rows, classifiers fitted on the ${r.amountChoice.trainRows} before it with a GAN of their own)${runs.length > 1 ? ', seed by seed' : ''}: ${chosen}${seeds}.${drawn}`;
}

/**
 * A PR curve's points from its first real one: points before the first positive (recall 0, precision 0,
 * an artefact of a negative ranked first) are dropped, and the curve starts at recall 0 with the
 * precision at its lowest recall, so that it does not rise from the corner.
 */
export function prCurvePoints(c: { recall: number[]; precision: number[] }): [number, number][] {
  const first = c.recall.findIndex((r) => r > 0);
  if (first < 0) return [];
  const points: [number, number][] = c.recall.slice(first).map((r, i) => [r, c.precision[first + i]]);
  return [[0, points[0][1]], ...points];
}

/**
 * PR curves of the first run: per classifier, no handling (grey) against GAN minority rows (red), with
 * axis ticks, the precision of a random ranking (the test part's positive share) dashed, and a legend.
 */
export function prCurvesSvg(run: RankingEvaluation): string {
  const size = 220, pad = 34, legendHeight = 48;
  const x = (r: number) => (pad + r * size).toFixed(1), y = (p: number) => (pad + (1 - p) * size).toFixed(1);
  const plot = (c: { recall: number[]; precision: number[] }, colour: string) =>
    `<polyline fill="none" stroke="${colour}" stroke-width="1.5" points="${prCurvePoints(c).map(([r, p]) => `${x(r)},${y(p)}`).join(' ')}"/>`;
  const axes = [0, 0.5, 1].map((t) => `<text x="${x(t)}" y="${pad + size + 13}" font-size="10" text-anchor="middle">${t}</text>`
    + `<text x="${pad - 4}" y="${(Number(y(t)) + 3).toFixed(1)}" font-size="10" text-anchor="end">${t}</text>`).join('');
  const prevalence = run.testPositiveShare;
  const baseline = Number.isFinite(prevalence)
    ? `<line class="baseline" x1="${pad}" x2="${pad + size}" y1="${y(prevalence)}" y2="${y(prevalence)}" stroke="#555" stroke-dasharray="4 3"/>`
    : '';
  const entries: [string, string, boolean][] = [['real training rows', '#7f8c8d', false], ['with GAN minority rows', '#c0392b', false],
    ...(baseline ? [[`random ranking (${(100 * prevalence).toFixed(1)} % positive)`, '#555', true] as [string, string, boolean]] : [])];
  const legend = entries.map(([name, colour, dashed], i) => {
    const ly = pad + size + 26 + i * 13;
    return `<line x1="${pad}" x2="${pad + 14}" y1="${ly - 4}" y2="${ly - 4}" stroke="${colour}" stroke-width="1.5"${dashed ? ' stroke-dasharray="4 3"' : ''}/>`
      + `<text x="${pad + 20}" y="${ly}" font-size="10">${escapeHtml(name)}</text>`;
  }).join('');
  return RANKERS.map((k) => `<svg width="${size + 2 * pad}" height="${size + 2 * pad + legendHeight}" role="img" aria-label="PR curve, ${RANKER_NAMES[k]}">
<rect x="${pad}" y="${pad}" width="${size}" height="${size}" fill="none" stroke="#999"/>
<text x="${pad}" y="${pad - 8}" font-size="12">${escapeHtml(RANKER_NAMES[k])}</text>
${axes}<text x="${pad + size / 2 + 20}" y="${pad + size + 13}" font-size="11">recall</text>
<text x="4" y="${pad + size / 2}" font-size="11" transform="rotate(-90 10 ${pad + size / 2})">precision</text>
${baseline}${plot(run.curves[k].none, '#7f8c8d')}${plot(run.curves[k].gan, '#c0392b')}${legend}</svg>`).join('');
}

/** The detectors' figures over seeds as Markdown: a row per detector. */
export function detectorMarkdown(runs: DetectorEvaluation[]): string {
  const header = ['detector (fitted on normal rows only)', ...FIGURES.map(([, name]) => name)];
  const row = (name: string, pick: (r: DetectorEvaluation) => RankingFigures) => [name, ...FIGURES.map(([key]) => fmt(runs.map((r) => pick(r)[key])))];
  const rows = [row('isolation forest (100 trees, subsample 256)', (r) => r.isolationForest), row('GAN discriminator (−logit)', (r) => r.gan)];
  return markdownTable(header, rows)
    + `\n\nClass ${markdownText(runs[0].positive)} is the positive class; ${runs[0].normalRows} normal training rows${runs.length > 1 ? `; mean ± sd over ${runs.length} seeds` : ''}.`;
}
