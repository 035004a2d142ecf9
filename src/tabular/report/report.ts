/**
 * Tables of tabular evaluations: means ± sample standard deviations over seeds, as Markdown (README,
 * terminal) and as a self-contained HTML page.
 */
import { AUGMENTATIONS, CLASSIFIERS, fewRowsLine, fewTestRowsLine, unjudgedWholeParts, type TabularEvaluation } from '../evaluation/evaluate.js';
import { meanAndSpread } from '../evaluation/metrics.js';
import { RANKERS } from '../evaluation/fraud-figures.js';
import { prCurvesSvg, rankingSummary, rankingTable } from './fraud-report.js';
import { escapeHtml } from '../../io/html.js';
import { markdownTable, markdownText } from './markdown.js';
import { levelList, quoteLevel } from '../data/levels.js';

const fmt = (values: number[], digits = 3) => {
  if (!values.every(Number.isFinite)) throw new Error('gangrad: a non-finite evaluation figure cannot be reported');
  const { mean, sd } = meanAndSpread(values);
  return values.length > 1 ? `${mean.toFixed(digits)} ± ${sd.toFixed(digits)}` : mean.toFixed(digits);
};
const avg = (v: number[]) => meanAndSpread(v).mean;
/**
 * A count over seeds: whole numbers while every seed's is (one seed, or all alike), else mean ± sd to
 * one decimal; `fmt`'s three decimals would print a count of rows as 0.000.
 */
const fmtCount = (values: number[]) => {
  const { mean, sd } = meanAndSpread(values);
  const digits = values.every((v) => v === values[0]) ? 0 : 1;
  return values.length > 1 ? `${mean.toFixed(digits)} ± ${sd.toFixed(digits)}` : mean.toFixed(0);
};
const CLASSIFIER_NAMES = { logistic: 'logistic regression', mlp: 'MLP 64-64' } as const;
const AUGMENTATION_NAMES = { none: 'no augmentation', oversample: 'random oversampling', smote: 'SMOTE (k = 5)', gan: 'GAN (synthetic minority rows)' } as const;

/** The warning of {@link fewTestRowsLine} for the seed whose test part holds the fewest rows of the scored class ('' when every seed's holds enough, or none recorded them). */
export function fewTestRowsNote(evals: TabularEvaluation[]): string {
  const counts = evals.flatMap((e) => (e.testPositives === undefined ? [] : [e.testPositives]));
  return counts.length === 0 ? '' : fewTestRowsLine(Math.min(...counts), evals[0].positive, evals[0].target);
}

/** The fewest training and test rows over the seeds' splits: the parts whose size decides what can be judged. */
function smallestParts(evals: TabularEvaluation[]): [trainRows: number, testRows: number] {
  return [Math.min(...evals.map((e) => e.trainRows)), Math.min(...evals.map((e) => e.testRows))];
}

/** The warning of {@link fewRowsLine} for the seed whose parts hold the fewest rows ('' when every seed's hold enough). */
export function fewRowsNote(evals: TabularEvaluation[]): string {
  return fewRowsLine(...smallestParts(evals));
}

/** The warnings that go with the criteria: parts too small to judge some of them by (fewTestRowsNote, fewRowsNote). */
export function criteriaWarnings(evals: TabularEvaluation[]): string[] {
  return [fewTestRowsNote(evals), fewRowsNote(evals)].filter((w) => w !== '');
}

/**
 * The "done when" criteria: [criterion, measured, met]; those scored on the test part are not judged
 * when it holds too few rows of the class (fewTestRowsNote), nor detection and privacy on parts too
 * small (fewRowsNote).
 */
export function criteriaRows(evals: TabularEvaluation[]): [string, string, string][] {
  const rows: [string, string, string][] = [];
  const e0 = evals[0];
  const unjudged = fewTestRowsNote(evals) !== '';
  const judged = (met: boolean) => (unjudged ? 'too few test rows to judge' : met ? 'yes' : 'no');
  const small = unjudgedWholeParts(...smallestParts(evals));
  const judgedOnParts = (tooFew: boolean, met: boolean) => (tooFew ? 'too few rows to judge' : met ? 'yes' : 'no');
  for (const k of CLASSIFIERS) {
    const gap = evals.map((e) => e.utility[k].real - e.utility[k].synthetic);
    rows.push([`TSTR AUC, ${CLASSIFIER_NAMES[k]}: synthetic / real training rows (gap ≤ 0.05)`,
      `${fmt(evals.map((e) => e.utility[k].synthetic))} / ${fmt(evals.map((e) => e.utility[k].real))} (gap ${fmt(gap)})`, judged(avg(gap) <= 0.05)]);
  }
  for (const k of CLASSIFIERS) {
    for (const m of ['f1', 'auc'] as const) {
      const gan = evals.map((e) => e.augmentation.gan[k][m]);
      const best = Math.max(avg(evals.map((e) => e.augmentation.none[k][m])), avg(evals.map((e) => e.augmentation.smote[k][m])));
      rows.push([`augmentation, ${CLASSIFIER_NAMES[k]}: ${m === 'f1' ? 'F1' : 'AUC'} of class ${e0.positive} with GAN rows ≥ none and SMOTE`,
        `${fmt(gan)} (none ${fmt(evals.map((e) => e.augmentation.none[k][m]))}, SMOTE ${fmt(evals.map((e) => e.augmentation.smote[k][m]))})`, judged(avg(gan) >= best)]);
    }
  }
  for (const k of CLASSIFIERS) {
    const d = evals.map((e) => e.fidelity.detection[k]);
    rows.push([`detection AUC, ${CLASSIFIER_NAMES[k]} (≤ 0.75; 0.5 = indistinguishable)`, fmt(d), judgedOnParts(small.detection, avg(d) <= 0.75)]);
  }
  const s = evals.map((e) => e.privacy.syntheticMedian), t = evals.map((e) => e.privacy.testMedian);
  rows.push(['median distance to closest training row: synthetic / real test (synthetic ≥ test)', `${fmt(s)} / ${fmt(t)}`, judgedOnParts(small.privacy, avg(s) >= avg(t))]);
  return rows;
}

/** Augmentation table: one row per method, F1 / AUC / recall at the fixed precision per classifier. */
export function augmentationRows(evals: TabularEvaluation[]): string[][] {
  return AUGMENTATIONS.map((a) => [AUGMENTATION_NAMES[a], ...CLASSIFIERS.flatMap((k) => (['f1', 'auc', 'recall'] as const).map((m) => fmt(evals.map((e) => e.augmentation[a][k][m]))))]);
}

/** Fidelity and privacy figures with the real training part's own figures as the reference. */
export function fidelityRows(evals: TabularEvaluation[]): string[][] {
  const f = (g: (e: TabularEvaluation) => number, digits = 3) => fmt(evals.map(g), digits);
  const has = (kind: 'numeric' | 'categorical') => evals[0].fidelity.columns.some((c) => c.kind === kind);
  return [
    // A table without numeric (or categorical) columns has no such mean: the row says so, not 0.000.
    has('numeric') ? ['mean KS, numeric columns', f((e) => e.fidelity.meanKs.synthetic), f((e) => e.fidelity.meanKs.reference)] : ['mean KS, numeric columns (none)', '–', '–'],
    has('categorical') ? ['mean total variation, categorical columns', f((e) => e.fidelity.meanTv.synthetic), f((e) => e.fidelity.meanTv.reference)] : ['mean total variation, categorical columns (none)', '–', '–'],
    ...(evals.every((e) => e.fidelity.pairTv) ? [['mean total variation, pairs of categorical columns', f((e) => e.fidelity.pairTv!.synthetic), f((e) => e.fidelity.pairTv!.reference)]] : []),
    ['correlation matrices, mean absolute difference', f((e) => e.fidelity.correlation.synthetic), f((e) => e.fidelity.correlation.reference)],
    ['5th percentile distance to closest training row', f((e) => e.privacy.synthetic5th), f((e) => e.privacy.test5th)],
    ['synthetic rows identical to a training row (a count)', fmtCount(evals.map((e) => e.privacy.exactCopies)), '–'],
  ];
}


/**
 * Which class the figures score against which, in a sentence, when the target has more than two
 * classes (the others pooled as one); '' with two, where "the minority class" says it all. `text`
 * escapes the user's class names for the medium.
 */
export function scoredClassLine(evals: TabularEvaluation[], text: (s: string) => string = (s) => s): string {
  const e = evals[0];
  if (!e.others) return '';
  return `The figures score class ${text(quoteLevel(e.positive))} of '${text(e.target)}' against the other ${e.others.length} classes (${text(levelList(e.others))}) together, as one class.`;
}

/** The classifier settings chosen on the training rows, in a sentence (absent from evaluations written before them). */
export function settingsLine(evals: TabularEvaluation[]): string {
  const decays = evals.map((e) => e.logisticDecay?.weightDecay).filter((d) => d !== undefined);
  return decays.length === 0 ? '' : `Logistic regression's weight decay, chosen ${evals.length > 1 ? 'per seed ' : ''}by 5-fold cross-validated AUC on the real training rows: ${decays.join(', ')}.`;
}

/** The fraud tables (one per classifier), when the evaluations have them. */
function rankingMarkdown(evals: TabularEvaluation[]): string[] {
  const runs = evals.flatMap((e) => (e.ranking ? [e.ranking] : []));
  if (runs.length === 0) return [];
  return ['', rankingSummary(runs, markdownText), ...RANKERS.flatMap((k) => { const t = rankingTable(runs, k); return ['', markdownTable(t.header, t.rows)]; })];
}

/** The three tables as Markdown (and the fraud tables when present). */
export function markdownReport(evals: TabularEvaluation[]): string {
  if (evals.length === 0) throw new Error('gangrad: no evaluations to report');
  const e = evals[0];
  const p = e.recallPrecision;
  const scored = scoredClassLine(evals, markdownText), warnings = criteriaWarnings(evals);
  return [
    ...(scored ? [scored, ''] : []),
    markdownTable(['criterion', `measured (${evals.length > 1 ? `mean ± sd over ${evals.length} seeds` : 'one model'})`, 'met'], criteriaRows(evals)),
    '',
    // Under the criteria it explains (the lines above the tables stay as they were).
    ...warnings.flatMap((w) => [`Warning: ${markdownText(w)}.`, '']),
    markdownTable(['training rows', ...CLASSIFIERS.flatMap((k) => [`${k} F1`, `${k} AUC`, `${k} recall@P≥${p}`])], augmentationRows(evals)),
    '',
    markdownTable(['fidelity / privacy', 'synthetic', 'reference: real training part (or real test rows for distances)'], fidelityRows(evals)),
    ...(settingsLine(evals) ? ['', settingsLine(evals)] : []),
    ...rankingMarkdown(evals),
  ].join('\n');
}

function html(header: string[], rows: string[][]): string {
  return `<table><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</table>`;
}

function rankingHtml(evals: TabularEvaluation[]): string {
  const runs = evals.flatMap((e) => (e.ranking ? [e.ranking] : []));
  if (runs.length === 0) return '';
  return `<h2>Fraud figures</h2><p>${escapeHtml(rankingSummary(runs))}</p>${RANKERS.map((k) => { const t = rankingTable(runs, k); return html(t.header, t.rows); }).join('')}
<h3>Precision–recall on the test part (first seed; grey: real rows, red: with GAN minority rows)</h3>${prCurvesSvg(runs[0])}`;
}

const BAR = 300;

/**
 * One column's bars (synthetic, reference): KS and total variation lie in [0, 1], drawn on that whole
 * range over 300 px (a faint track marks 1) with each value printed beside its bar.
 */
export function columnBarSvg(synthetic: number, reference: number): string {
  const value = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
  const bar = (v: number, y: number, colour: string) => {
    const w = Math.max(0, Math.min(1, Number.isFinite(v) ? v : 0)) * BAR;
    return `<rect y="${y}" width="${BAR}" height="6" fill="#f1f1f1"/><rect class="value" y="${y}" width="${w.toFixed(1)}" height="6" fill="${colour}"/>`;
  };
  return `<svg width="${BAR + 90}" height="14">${bar(synthetic, 0, '#c0392b')}${bar(reference, 7, '#7f8c8d')}`
    + `<text x="${BAR + 6}" y="11" font-size="10"><tspan fill="#c0392b">${value(synthetic)}</tspan> <tspan fill="#7f8c8d">${value(reference)}</tspan></text></svg>`;
}

/** The bars' axis: 0, 0.5 and 1 under the 300 px range. */
function columnBarScaleSvg(): string {
  return `<svg width="${BAR + 90}" height="16"><line x1="0" x2="${BAR}" y1="1" y2="1" stroke="#999"/>${[0, 0.5, 1].map((t) => `<line x1="${t * BAR}" x2="${t * BAR}" y1="1" y2="5" stroke="#999"/><text x="${t * BAR}" y="14" font-size="10" text-anchor="${t === 0 ? 'start' : t === 1 ? 'end' : 'middle'}">${t}</text>`).join('')}</svg>`;
}

/**
 * A self-contained HTML page: the criteria, augmentation, fidelity tables and per-column distances;
 * `about`: lines on what was run (data file, settings, split, seeds), shown under the title.
 */
export function htmlReport(evals: TabularEvaluation[], title: string, about: string[] = []): string {
  const e = evals[0];
  const columns = e.fidelity.columns.map((c, i) => [c.name, c.statistic, fmt(evals.map((x) => x.fidelity.columns[i].synthetic)), fmt(evals.map((x) => x.fidelity.columns[i].reference))]);
  const bars = e.fidelity.columns.map((c, i) => {
    const s = avg(evals.map((x) => x.fidelity.columns[i].synthetic)), r = avg(evals.map((x) => x.fidelity.columns[i].reference));
    return `<div class="bar"><span>${escapeHtml(c.name)}</span>${columnBarSvg(s, r)}</div>`;
  }).join('') + `<div class="bar"><span>scale</span>${columnBarScaleSvg()}</div>`;
  const scored = scoredClassLine(evals), warnings = criteriaWarnings(evals);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>
body{font:14px system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
.bar{display:flex;gap:8px;align-items:center}.bar span{width:260px;text-align:right}</style></head><body>
<h1>${escapeHtml(title)}</h1>
${about.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
<p>${evals.length} evaluation${evals.length > 1 ? 's (seeds; mean ± sample sd)' : ''}: ${e.trainRows} training rows, ${e.testRows} held-out test rows, target <b>${escapeHtml(e.target)}</b>, minority class <b>${escapeHtml(e.positive)}</b>; ${e.augmentedRows} minority rows added by each augmentation. ${escapeHtml(settingsLine(evals))}</p>
${scored ? `<p>${escapeHtml(scored)}</p>\n` : ''}<h2>Criteria</h2>${html(['criterion', 'measured', 'met'], criteriaRows(evals))}${warnings.map((w) => `<p><b>Warning:</b> ${escapeHtml(w)}.</p>`).join('')}
<h2>Augmentation (scored on the test part)</h2>${html(['training rows', ...CLASSIFIERS.flatMap((k) => [`${k} F1`, `${k} AUC`, `${k} recall@P≥${e.recallPrecision}`])], augmentationRows(evals))}
<h2>Fidelity and privacy</h2>${html(['figure', 'synthetic', 'reference'], fidelityRows(evals))}
${rankingHtml(evals)}<h2>Per column: distance to the test part (red: synthetic, grey: real training part)</h2>${bars}
${html(['column', 'statistic', 'synthetic', 'real training part'], columns)}
</body></html>
`;
}
