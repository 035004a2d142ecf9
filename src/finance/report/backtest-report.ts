/**
 * A backtest as text tables and as an HTML page (tables, the conditioning checks, a breach plot per
 * forecaster). Scores are means over the sampling seeds ± their standard deviation; the coverage and
 * ES tests are those of the first seed (p-values do not average).
 */
import type { BacktestEntry, BacktestResult } from '../evaluation/backtest/index.js';
import { BASEL_DAYS, MIN_CALIBRATION_PITS, sanityTable } from '../evaluation/backtest/index.js';
import { CONDITIONING_DAYS, MIN_CONDITIONING_LEVEL, type ConditioningCheck } from '../evaluation/conditioning.js';
import { breachPlot } from './breach-plot.js';
import { modelColor } from './palette.js';
import { percentText } from './percent.js';
import { pitChart } from './pit-chart.js';
import { escapeHtml, provenanceHtml, warningsHtml } from './page.js';

/** A backtest repeated over sampling seeds, with the conditioning checks of each forecaster (1-day VaR at the highest level). */
export interface BacktestReport {
  /** One backtest per sampling seed (same origins, forecasters and levels). */
  runs: BacktestResult[];
  /** The checks of each forecaster whose VaR varied (first seed); empty when not made. */
  conditioning: Record<string, ConditioningCheck>;
  /** The VaR level the checks read (the highest asked for); default 0.99. */
  conditioningLevel?: number;
  /**
   * The VaR–volatility correlation of every sampling seed's run, per forecaster (the first is
   * `conditioning`'s): it moves by 0.01–0.02 between seeds, so one seed's figure cannot rank two models.
   */
  volatilityCorrelationBySeed?: Record<string, number[]>;
  /** Dates of the forecast origins' days, by day index, for labels. */
  dates?: readonly string[];
  /** The part backtested: 'test' (judging) or 'validation' (choosing between designs); default 'test'. */
  part?: 'test' | 'validation';
}

const meanSd = (values: number[]) => {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1)) : 0;
  return { mean: m, sd };
};

/**
 * Every figure the text and the page report, for a finiteness check before anything is printed or
 * written: each run's scores, tests and calibration, the sanity table and the conditioning checks.
 */
export function reportedFigures(report: BacktestReport): unknown {
  return {
    runs: report.runs.map((r) => ({ entries: r.entries.map((e) => ({ crps: e.meanCrps, levels: e.levels, calibration: e.calibration })), sanity: sanityTable(r) })),
    conditioning: report.conditioning, volatilityCorrelationBySeed: report.volatilityCorrelationBySeed,
  };
}

/** The same entry (forecaster × horizon) in every run. */
function entriesAcross(report: BacktestReport, forecaster: string, horizon: number): BacktestEntry[] {
  return report.runs.map((r) => r.entries.find((e) => e.forecaster === forecaster && e.horizon === horizon)!);
}

/** Mean ± sd of a score over the seeds, formatted; sd omitted for one seed. */
function score(values: (number | null)[], digits = 5): string {
  if (values.some((v) => v === null)) return 'n/a';
  const { mean, sd } = meanSd(values as number[]);
  return values.length > 1 ? `${mean.toFixed(digits)} ± ${sd.toFixed(digits)}` : mean.toFixed(digits);
}

const p = (v: number) => (v < 0.001 ? '<0.001' : v.toFixed(3));

/** The columns of a horizon × level table: header and least width (a wider cell widens its column). */
const LEVEL_COLUMNS: readonly (readonly [string, number])[] = [
  ['model', 14], ['breaches', 14], ['Kupiec p', 9], ['ind p', 7], ['cc p', 7], ['ES p', 7], ['Basel', 7], ['pinball', 22], ['FZ0', 20],
];

/** The columns of a horizon's calibration table. */
const CALIBRATION_COLUMNS: readonly (readonly [string, number])[] = [
  ['model', 14], ['Berkowitz p', 11], ['mean z', 7], ['sd z', 6], ['lag-1 ρ', 7], ['deciles p', 9], ['PIT deciles, %', 29],
];

/**
 * A header and rows, the first column left-aligned and the others right-aligned, each column as wide as
 * its widest cell: a fixed width let a long cell (`105/1713 (6.13%)`) push its row's later cells out of line.
 */
function alignedTable(columns: readonly (readonly [string, number])[], rows: string[][]): string[] {
  const widths = columns.map(([header, least], j) => Math.max(least, header.length, ...rows.map((r) => r[j].length)));
  const line = (r: readonly string[]) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join(' ');
  return [line(columns.map(([header]) => header)), ...rows.map(line)];
}

/**
 * Plain-text tables: one per horizon × level, then each horizon's CRPS and calibration, the conditioning
 * checks and the sanity table.
 */
export function formatBacktest(report: BacktestReport): string {
  const first = report.runs[0];
  const names = [...new Set(first.entries.map((e) => e.forecaster))];
  const lines: string[] = [];
  const seeds = report.runs.length;
  lines.push(`Backtest on the ${report.part ?? 'test'} part: ${first.days - first.testStart} days; ${first.samples} samples a forecast${names.includes('HS') ? " (historical simulation: its window's days)" : ''}; scores: mean${seeds > 1 ? ` ± sd over ${seeds} sampling seeds` : ''}; tests: seed ${first.seed}.`);
  if (first.horizons.some((h) => h > 1)) lines.push('For h > 1 the forecast origins are h days apart (non-overlapping h-day returns) for every test and score.');
  for (const h of first.horizons) {
    first.levels.forEach((level, j) => {
      lines.push('', `h = ${h} day${h > 1 ? 's' : ''}, VaR/ES ${percentText(level, 1)} %`);
      const rows = names.map((name) => {
        const across = entriesAcross(report, name, h);
        const l = across[0].levels[j];
        const breaches = `${l.breaches}/${across[0].origins} (${(100 * l.breachShare).toFixed(2)}%)`;
        return [name, breaches, p(l.kupiecP), p(l.christoffersenIndependenceP), p(l.christoffersenCoverageP), l.esTest ? p(l.esTest.pValue) : 'n/a', l.basel ? (l.basel.days < BASEL_DAYS ? `n/a (${l.basel.days} < ${BASEL_DAYS} days)` : l.basel.zone) : '', score(across.map((e) => e.levels[j].meanPinball), 6), score(across.map((e) => e.levels[j].meanFz0), 4)];
      });
      lines.push(...alignedTable(LEVEL_COLUMNS, rows));
    });
    lines.push('', `h = ${h}: CRPS (lower is better)`);
    for (const name of names) lines.push(`${name.padEnd(14)} ${score(entriesAcross(report, name, h).map((e) => e.meanCrps), 6)}`);
    lines.push('', `h = ${h}: calibration of the whole distribution (seed ${first.seed}), from each realised return's PIT under its forecast`,
      "  Berkowitz's test of z = Φ⁻¹(PIT): mean 0, sd 1 and no lag-1 autocorrelation if calibrated (sd below 1: too wide);",
      '  deciles: the PITs in tenths, in %, 10 each if calibrated (a U: too narrow, a hump: too wide), and the χ²(9) test of equal tenths');
    lines.push(...alignedTable(CALIBRATION_COLUMNS, names.flatMap((name) => {
      const c = entriesAcross(report, name, h)[0].calibration;
      if (!c) return [[name, `n/a (fewer than ${MIN_CALIBRATION_PITS} forecasts)`, '', '', '', '', '']];
      const total = c.histogram.reduce((a, b) => a + b, 0);
      const b = c.berkowitz;
      return [[name, p(b.pValue), b.mean.toFixed(3), b.sd.toFixed(3), b.autocorrelation.toFixed(3), p(c.deciles.pValue), c.histogram.map((k) => (100 * k / total).toFixed(0).padStart(2)).join(' ')]];
    })));
  }
  const conditioningLevel = report.conditioningLevel ?? 0.99;
  const conditioningTitle = `Conditioning (h = 1, VaR ${+(100 * conditioningLevel).toPrecision(6)} %)`;
  const oneDay = first.entries.filter((e) => e.horizon === 1);
  if (Object.keys(report.conditioning).length === 0 && oneDay.length > 0) {
    const why = conditioningLevel < MIN_CONDITIONING_LEVEL ? `no level of ${100 * MIN_CONDITIONING_LEVEL} % or more: the checks read a tail VaR`
      : oneDay[0].series.origin.length < 2 * CONDITIONING_DAYS ? `fewer than ${2 * CONDITIONING_DAYS} one-day forecasts; the checks compare ${CONDITIONING_DAYS}-day stretches`
        : 'no forecaster\'s VaR varied';
    lines.push('', `${conditioningTitle}: n/a (${why})`);
  }
  if (Object.keys(report.conditioning).length > 0) {
    lines.push('', `${conditioningTitle}: correlation of VaR with the next 20 days' realised volatility; VaR the day after the worst day vs the calmest month`);
    for (const name of names.filter((n) => oneDay.some((e) => e.forecaster === n) && !report.conditioning[n])) lines.push(`${name.padEnd(14)} n/a (its VaR did not vary, or its calmest month's was 0)`);
    for (const [name, c] of Object.entries(report.conditioning)) {
      const bySeed = report.volatilityCorrelationBySeed?.[name];
      const across = bySeed && bySeed.length > 1 ? ` (${bySeed.length} seeds: ${score(bySeed, 3)})` : '';
      lines.push(`${name.padEnd(14)} corr ${c.volatilityCorrelation.toFixed(3)}${across}   after worst day${c.worstDate ? ` (${c.worstDate})` : ''} ${(100 * c.afterWorstDay).toFixed(2)}%   calmest month${c.calmestDate ? ` (from ${c.calmestDate})` : ''} ${(100 * c.calmestMonth).toFixed(2)}%   ratio ${c.widthRatio.toFixed(2)}`);
    }
  }
  lines.push('', 'Sanity: the median forecast against zero (random walk) — RMSE and directional hit rate (share of up days beside it)');
  for (const row of sanityTable(first)) {
    lines.push(`${row.forecaster.padEnd(14)} h=${String(row.horizon).padEnd(3)} RMSE median ${row.rmseMedian.toFixed(5)}  zero ${row.rmseZero.toFixed(5)}  hit rate ${row.hitRate === null ? "n/a (no direction)" : `${(100 * row.hitRate).toFixed(1)}%`}  up ${(100 * row.shareUp).toFixed(1)}%`);
  }
  return lines.join('\n');
}

/**
 * The HTML page: what it is of (`about`: the data, part, model and step, as the text output's first
 * line) and the command's warnings, then the tables, per forecaster a breach plot of its 1-day VaR at
 * the highest level, and each horizon's PIT deciles.
 */
export function backtestPage(report: BacktestReport, title: string, head: { about?: string[]; warnings?: string[] } = {}): string {
  const first = report.runs[0];
  const h = Math.min(...first.horizons);
  const j = first.levels.indexOf(Math.max(...first.levels));
  const plots = first.entries.filter((e) => e.horizon === h).map((e, i) => breachPlot({
    title: `${e.forecaster}: ${h}-day VaR ${percentText(first.levels[j], 0)} % and breaches`,
    origin: e.series.origin, date: e.series.date, realised: e.series.realised, valueAtRisk: e.series.valueAtRisk[j], color: modelColor(e.forecaster, i),
  }));
  const names = [...new Set(first.entries.map((e) => e.forecaster))];
  const calibration = first.horizons.map((horizon) => pitChart(`PIT deciles, ${horizon}-day forecasts (seed ${first.seed})`,
    names.flatMap((name, i) => {
      const c = first.entries.find((e) => e.forecaster === name && e.horizon === horizon)?.calibration;
      return c ? [{ name, histogram: c.histogram, color: modelColor(name, i) }] : [];
    })));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}pre{background:#f6f6f6;padding:12px;overflow-x:auto;font-size:12px}</style></head>
<body><h1>${escapeHtml(title)}</h1>${provenanceHtml(head.about ?? [])}${warningsHtml(head.warnings)}<pre>${escapeHtml(formatBacktest(report))}</pre>
<h2>Breach plots</h2>${plots.join('\n')}
<h2>Calibration of the whole distribution</h2><p>The share of realised returns that fell in each decile of their forecast: 10 % each for a calibrated model, inside the grey band 95 % of the time (n forecasts); a U is a forecast too narrow, a hump one too wide.</p>${calibration.join('\n')}
<p>Every forecast saw only the returns up to its day; ${(report.part ?? 'test') === 'test' ? 'the test part was never used for fitting or selection' : 'this is the validation part, where designs are chosen; the test part is left out'}. Generated by gangrad.</p></body></html>
`;
}
