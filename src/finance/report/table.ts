/**
 * The evaluation as a text table, one column per model (the GAN and each baseline): what `gangrad eval`
 * prints and the report embeds.
 */
import type { Criterion, Evaluation } from '../evaluation/evaluate.js';
import type { StylizedFacts } from '../evaluation/stylized.js';

const f = (v: number, d = 4) => (Number.isFinite(v) ? v.toFixed(d) : String(v));
const NAME = 36, COLUMN = 13, SPREAD_COLUMN = 19;

/** The whole evaluation as aligned text: real, then one column per model. */
export function formatEvaluation(e: Evaluation): string {
  // Table rows keep their name apart until the end: the name column is then padded to the longest name
  // (at least NAME), so a long criterion name cannot push its row's figures out of line.
  const lines: (string | { name: string; rest: string })[] = [];
  const names = e.models.map((m) => m.name);
  const line = (name: string, cells: string[], tail = '', width = COLUMN) => lines.push({ name, rest: `${cells.map((c) => c.padStart(width)).join('')}${tail}` });
  const facts = (name: string, get: (x: StylizedFacts) => number, d: number) =>
    line(name, [f(get(e.real), d), ...e.models.map((m) => f(get(m.comparison.facts), d))]);
  // Rows with a spread (the long-horizon means over draws) print mean ± standard deviation.
  const criteria = (rows: Criterion[]) => {
    const width = rows.some((c) => c.spread) ? SPREAD_COLUMN : COLUMN;
    const cell = (c: Criterion, n: string) => {
      const v = c.values[n], sd = c.spread?.[n];
      if (v === null) return 'n/a';
      return sd === undefined || sd === null ? f(v) : `${f(v)} ± ${f(sd)}`;
    };
    line('criterion', ['target', ...names], '', width);
    for (const c of rows) {
      const info = c.threshold === 'info';
      line(c.name, [info ? '' : c.threshold, ...names.map((n) => cell(c, n))], info ? '' : `  ${c.passed ? 'pass' : 'FAIL'}`, width);
    }
  };

  const draws = e.draws > 1 ? `${e.draws} independent draws of ` : '';
  lines.push(`test part: the real test returns vs ${draws}windows of ${e.window} days from each model`);
  if (e.draws > 1) lines.push(`(each value the mean over the draws; criteria: mean ± standard deviation over the draws)`);
  line('', ['real', ...names]);
  facts('mean', (x) => x.mean, 6);
  facts('std', (x) => x.std, 5);
  facts('skewness', (x) => x.skewness, 3);
  facts('excess kurtosis', (x) => x.excessKurtosis, 2);
  for (const q of Object.keys(e.real.quantiles)) facts(`quantile ${Number(q) * 100}% (σ units)`, (x) => x.quantiles[q], 3);
  for (const k of [1, 5, 10, 20]) facts(`ACF(|r|) lag ${k}`, (x) => x.acfAbsReturns[k - 1], 3);
  for (const k of [1, 5]) facts(`ACF(r) lag ${k}`, (x) => x.acfReturns[k - 1], 3);
  for (const k of [1, 5]) facts(`leverage lag ${k}`, (x) => x.leverage[k - 1], 3);
  lines.push('');
  criteria(e.criteria.map((c) => ({ name: c.name, threshold: c.threshold, values: c.values, spread: e.draws > 1 ? c.spread : undefined, passed: c.passed })));
  if (e.trainingPart) {
    const t = e.trainingPart;
    lines.push('');
    lines.push(`reference: the real training part scored against the test part (a perfect copy of the training era):`);
    lines.push(`  W1 ${f(t.w1)}, 0.5% quantile error ${f(t.tailErrors.q005)}, 99.5% quantile error ${f(t.tailErrors.q995)}; where these miss a target, the market changed between the periods`);
  }

  const l = e.longHorizon;
  lines.push('');
  lines.push(`long horizon: ${draws}${l.paths} paths of ${l.length} days from each model against the whole real series (${l.realReturns} returns)`);
  if (l.draws > 1) lines.push(`(each value the mean over the draws; criteria: mean ± standard deviation over the draws)`);
  line('', ['real', ...names]);
  const stat = (name: string, real: number, get: (m: Evaluation['models'][number]) => number | undefined, d = 3) =>
    line(name, [f(real, d), ...e.models.map((m) => { const v = get(m); return v === undefined ? 'n/a' : f(v, d); })]);
  for (const k of [1, 5, 20, 50, 100, 250]) if (k <= l.real.acfAbs.length) stat(`ACF(|r|) lag ${k}`, l.real.acfAbs[k - 1], (m) => m.longHorizon.stats.acfAbs[k - 1]);
  for (const k of [1, 20, 100, 250]) if (k <= l.real.acfSquared.length) stat(`ACF(r²) lag ${k}`, l.real.acfSquared[k - 1], (m) => m.longHorizon.stats.acfSquared[k - 1]);
  for (const k of [1, 5, 20]) if (k <= l.real.leverage.length) stat(`leverage lag ${k}`, l.real.leverage[k - 1], (m) => m.longHorizon.stats.leverage[k - 1]);
  for (const a of l.real.aggregated) {
    stat(`excess kurtosis, ${a.horizon}-day returns`, a.excessKurtosis, (m) => m.longHorizon.stats.aggregated.find((x) => x.horizon === a.horizon)?.excessKurtosis, 2);
  }
  lines.push('');
  criteria(l.criteria.map((c) => ({ ...c, spread: l.draws > 1 ? c.spread : undefined })));
  lines.push('');
  lines.push(`models (baselines fitted on the training part only; explosive = any |r| > ${f(l.explosiveThreshold)}, twice the training part's largest):`);
  for (const m of e.models) lines.push(`  ${m.name.padEnd(12)} ${m.description}`);
  const width = Math.max(NAME, ...lines.map((l) => (typeof l === 'string' ? 0 : l.name.length + 1)));
  return lines.map((l) => (typeof l === 'string' ? l : `${l.name.padEnd(width)}${l.rest}`)).join('\n');
}
