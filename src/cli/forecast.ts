/** `gangrad forecast`: scenario paths from the market as it stands at a date's close, and their risk figures. */
import { basename } from 'node:path';
import { filePriceColumn, loadPriceCsv } from '../finance/data/csv.js';
import { nextTradingDay, weekendDateWarning } from '../finance/data/calendar.js';
import { sameDataFile } from '../finance/data/dataset.js';
import type { ModelMetadata } from '../finance/model/model-file.js';
import { classicalForecasters } from '../finance/baselines/forecasters.js';
import { logReturns } from '../finance/data/returns.js';
import { forecastSummary, MAX_FORECAST_HORIZON, MAX_FORECAST_VALUES, MIN_FORECAST_PATHS, pathReturns, type ForecastSummary } from '../finance/forecaster.js';
import { fallThresholdWarnings, lowLevelWarnings, MIN_TAIL_PATHS, shortHistoryWarnings, thinTailWarnings } from '../finance/forecast-warnings.js';
import { forecastFanChart } from '../finance/report/fan-chart.js';
import { fixedPercent, percentText } from '../finance/report/percent.js';
import { writeFilesTogether, type OutputFile } from '../io/index.js';
import { checkDateOption, numberListOption, numberOption, parse, refuseExistingOutputs, refuseOutputsOverInputs, UsageError } from './args.js';
import { assertFinite, modelDataFile, modelOwnPrices, otherSeriesWarning } from './data-check.js';
import { ganForecasterOf, modelDirInputs, modelSteps, openModels } from './model-dir.js';
import { MAX_SEED } from '../tensor/index.js';
import { eventLoopTurns } from '../gan/index.js';
import { onCleanup } from './signals.js';
import { Warnings } from './warnings.js';
import { escapeHtml, provenanceHtml, warningsHtml } from '../finance/report/page.js';

// The forecast commands' limits and warnings are the library's (finance/forecaster.ts, finance/forecast-warnings.ts).
export { MAX_FORECAST_HORIZON, MAX_FORECAST_VALUES, MIN_FORECAST_PATHS } from '../finance/forecaster.js';
export { lowLevelWarnings, thinTailWarnings } from '../finance/forecast-warnings.js';


/** --paths × --horizon beyond {@link MAX_FORECAST_VALUES} (per asset, for a portfolio) is a usage error naming the largest --paths allowed. */
export function checkForecastSize(paths: number, horizon: number, words: { perAsset?: boolean; hint?: string } = {}): void {
  if (paths * horizon <= MAX_FORECAST_VALUES) return;
  throw new UsageError(`--paths ${paths} × --horizon ${horizon}: at most ${MAX_FORECAST_VALUES.toLocaleString('en-US')} daily values${words.perAsset ? ' per asset' : ''} in one forecast (at --horizon ${horizon}, --paths ${Math.floor(MAX_FORECAST_VALUES / horizon)})${words.hint ?? ''}`);
}

/**
 * --horizon, a whole number of days from 1 to {@link MAX_FORECAST_HORIZON}; `longer` says what makes
 * longer paths (gangrad sample for one asset; the portfolio commands pass their own, as sample refuses joint models).
 */
export function horizonOption(value: string | undefined, longer = 'for longer scenario paths use gangrad sample'): number {
  const horizon = numberOption(value, 'horizon', 10, { min: 1, what: 'a positive whole number of days' });
  if (horizon > MAX_FORECAST_HORIZON) throw new UsageError(`--horizon ${horizon}: at most ${MAX_FORECAST_HORIZON} days (a trading year); ${longer}`);
  return horizon;
}

/** `gangrad forecast --help`. */
export const FORECAST_HELP = `gangrad forecast: the distribution of the next days' return, from the market as it stands at a date's close

Usage: gangrad forecast --model DIR[,DIR…] [--data FILE] [--as-of DATE] [--horizon H] [--paths N] [options]

  --model DIR        model directory written by gangrad train; several, comma-separated (models of the
                     same data trained with different --seed), pool their scenario paths equally
  --data FILE        price CSV with the history up to DATE (default: the file the model was trained on;
                     a newer copy of it with more days is fine)
  --column NAME      price column (default: the one the model was trained on; a warning says so when
                     another file's own default, its adjusted close, is another column)
  --allow-outliers   with a --data file other than the training file: keep implausible prices (one-day
                     jumps beyond a factor 5) and skip rows with non-calendar dates or no number
                     (Yahoo's 'null'), with a warning naming each, instead of refusing the file
  --as-of DATE       forecast from the close of DATE (YYYY-MM-DD; default: the last row)
  --horizon H        days after DATE, 1 to ${MAX_FORECAST_HORIZON} (default 10)
  --paths N          scenario paths, at least ${MIN_FORECAST_PATHS} (default 10000); paths × horizon at most
                     25,000,000
  --levels A,B       VaR/ES confidence levels, each strictly between 0 and 1 (default 0.95,0.99)
  --below R,R        report the probability that the H-day log return falls below each R (default -0.05,-0.1)
  --seed S           noise seed (default 1)
  --compare          also forecast with the practitioners' models from the same history (historical
                     simulation of the last 500 days, RiskMetrics EWMA normal and t, GJR-GARCH(1,1)-t,
                     filtered historical simulation), and show their VaR and ES beside the GAN's
  --backend NAME     auto | cpu | wasm | gpujs | webgpu (default auto)
  --out FILE.csv     also write the paths: rows path,day,log_return,price (day 0 is DATE's close); they
                     are made for the H-day return: their first k days are not the k-day forecast
                     (the near-term correction is fitted per horizon): ask --horizon k for that
  --json FILE        also write the figures as JSON
  --html FILE        also write an HTML page with the fan chart (real prices, then scenario bands)
  --force            replace existing output files (refused otherwise)

The model conditions on the state of the series at DATE: the volatility levels of its last windows
(the history its level process uses) set the level of the first scenario window, moved by daily
filters of the last days' squared returns and squared falls and a GJR-GARCH-t filter (fitted on the
history); the generator makes the window's shape from that level and the last window's real level,
and a model trained with a shape map has the shape's magnitudes mapped to the market's at that
change of level. This is a distribution forecast for risk (quantiles, VaR, ES, probabilities of
falls), not a price target: no model predicts the sign of tomorrow's return on these data better
than a coin. A DATE before the model's last training day forecasts days seen in training or
selection: allowed, with an in-sample warning (from that day's close on, as in the backtest, none is).
In another market's file (its returns over the model's training days differ) such a DATE is not
in-sample (the model never saw that series), but lies in the period it learned from its own: said in
a notice. A file that starts on another day is compared with the model's own file over the days both
hold, where that file is still there (the same series cut short: a notice); one that cannot be
compared is taken as in-sample. A history of fewer than 2,500 returns (about ten years) before DATE is
warned of: the near-term correction is fitted on it, and a longer one can move the forecast far.`;

/** What `gangrad forecast` computed. */
export interface ForecastResult {
  asOf: string;
  /** The price column read (a file with Close and Adj Close: the one the model was trained on). */
  column: string;
  price: number;
  horizon: number;
  paths: number;
  /**
   * The forecast is of days the model was fitted and selected on: DATE inside its training period, in
   * its own series (or a newer copy), or in a file that could not be compared with it (another first
   * day: the same market cut to start later, perhaps), which the cautious answer takes as its own.
   */
  inSample: boolean;
  /**
   * DATE's forecast is of days inside the period the model was trained on, whichever the series: true
   * with `inSample`, and for another market's file (its training days' returns differ), whose days the
   * model has not seen but whose period it learned from another series.
   */
  inTrainingPeriod: boolean;
  summary: ForecastSummary;
  /** With --compare: each classical model's forecast from the same history (its summary gives its own sample count: HS has its window's), or why it has none (too little history). */
  compare?: { name: string; summary?: ForecastSummary; skipped?: string }[];
}



/** The first date after `date` in the file the model was trained on, when it is still there (else undefined). */
function trainingDateAfter(metadata: ModelMetadata, dir: string, date: string): string | undefined {
  // Moved, or no longer readable: the caller falls back on the calendar.
  return modelOwnPrices(metadata, dir)?.dates.find((d) => d > date);
}

/** `gangrad forecast` without the process around it (tests call it in-process). */
export async function runForecast(argv: string[], log: (line: string) => void = console.log): Promise<ForecastResult> {
  const o = parse(argv, {
    model: { type: 'string' }, data: { type: 'string' }, column: { type: 'string' }, 'as-of': { type: 'string' },
    horizon: { type: 'string' }, paths: { type: 'string' }, levels: { type: 'string' }, below: { type: 'string' },
    seed: { type: 'string' }, backend: { type: 'string' }, out: { type: 'string' }, json: { type: 'string' },
    html: { type: 'string' }, force: { type: 'boolean' }, 'allow-outliers': { type: 'boolean' }, compare: { type: 'boolean' },
  }, FORECAST_HELP);
  const horizon = horizonOption(o.horizon);
  const count = numberOption(o.paths, 'paths', 10_000, { min: MIN_FORECAST_PATHS });
  checkForecastSize(count, horizon, { hint: '; for bulk scenario paths use gangrad sample' });
  const seed = numberOption(o.seed, 'seed', 1, { min: 0, max: MAX_SEED });
  const levels = numberListOption(o.levels ?? '0.95,0.99', 'levels', (v) => v > 0 && v < 1, 'a level strictly between 0 and 1');
  const below = numberListOption(o.below ?? '-0.05,-0.1', 'below', () => true, 'a number');
  refuseExistingOutputs([o.out, o.json, o.html], !!o.force);
  // Said once every option has been checked (the date's included, below): a usage error comes alone.
  const pending = [...lowLevelWarnings(levels), ...thinTailWarnings(count, levels, { horizon }), ...fallThresholdWarnings(below)];
  const { backend, models } = await openModels(o.model, o.backend);
  const { model, paths: files } = models[0];
  // Every warning is printed on stderr and kept for the JSON and the page.
  const warnings = new Warnings();
  try {
    const { data } = model.metadata;
    const forecaster = ganForecasterOf(models);
    const need = forecaster.minHistory;
    if (!Number.isFinite(need)) {
      throw new UsageError(`${files.model}: this model has no level process, so it cannot condition on a history; train a model with the default generator (gangrad train, generator window-ar-level with volatility conditioning)`);
    }
    const file = modelDataFile(model.metadata, models[0].dir, o.data);
    // The training file's own bytes and column were checked (or, with --allow-outliers, warned about) by
    // the training run; any other file or column is checked as train checks it: a spike would set today's state.
    const same = sameDataFile(file, data.sha256) && (o.column ?? data.column) === data.column;
    // Every check of the options that needs no data comes before the file is read: a usage error comes alone.
    refuseOutputsOverInputs([o.out, o.json, o.html], modelDirInputs(models.map((m) => m.dir), file));
    if (o['as-of'] !== undefined) checkDateOption(o['as-of'], 'as-of');
    const series = loadPriceCsv(file, { column: o.column ?? data.column, allowOutliers: same || o['allow-outliers'], onWarning: same ? () => {} : warnings.warn });
    // The model's column names its own file's prices: in another file it may be the unadjusted one of two.
    const own = same || o.column !== undefined ? null : filePriceColumn(file);
    if (own !== null && own.toLowerCase() !== series.column.toLowerCase()) {
      warnings.warn(`warning: ${file}: read column '${series.column}' (the model's column, by name); gangrad train would read '${own}' from this file (an adjusted close before a close): pass --column '${own}' to forecast from it`);
    }
    // A newer copy of the training file holds its training days with the same returns; another market need not.
    const other = same ? null : otherSeriesWarning(series.dates, series.prices, models[0].model.metadata, models[0].dir, file);
    if (other) warnings.warn(`${other.notice ? 'notice' : 'warning'}: ${other.warning}`);
    const at = o['as-of'] === undefined ? series.dates.length - 1 : series.dates.indexOf(o['as-of']);
    if (at < 0) {
      // A weekend or a holiday: name the last trading day before it, the forecast the user most likely meant.
      const before = series.dates.filter((d) => d < o['as-of']!).at(-1);
      throw new UsageError(`--as-of ${o['as-of']}: no row with that date in ${file} (dates run from ${series.dates[0]} to ${series.dates[series.dates.length - 1]}${before && before < series.dates[series.dates.length - 1] ? `; the last row before it is ${before}` : ''})`);
    }
    const asOf = series.dates[at];
    const weekend = weekendDateWarning(asOf, series.dates);
    if (weekend) warnings.warn(`warning: ${file}: the forecast's date ${weekend}`);
    // returns[i] is dated dates[i + 1]: the history up to DATE's close is returns[0 … at − 1].
    const history = logReturns(series.prices.subarray(0, at + 1));
    if (history.length < need) {
      const from = o['as-of'] === undefined ? `up to its last row (${asOf})` : `up to --as-of ${asOf}`;
      throw new UsageError(`${file}: ${history.length} return${history.length === 1 ? '' : 's'} of history ${from}, the model needs ${need} (its level process looks back ${need} days)`);
    }
    const testStart = models.map(({ model: m }) => m.metadata.data.testStartDate).sort().at(-1)!;
    // In-sample when the forecast's first day is a training day: the close of the last one starts the
    // test part's first forecast, as in the backtest. A file that ends at DATE has no row for that day:
    // the training file's next date, else the next weekday (a holiday it cannot know flags in-sample).
    const firstDay = series.dates[at + 1] ?? trainingDateAfter(models[0].model.metadata, models[0].dir, asOf) ?? nextTradingDay(asOf, series.dates);
    const inTrainingPeriod = firstDay < testStart;
    // In-sample unless the file's training days are known to differ (another market's days are unseen,
    // though not its period): one that could not be compared may be the same market cut to start later.
    const inSample = inTrainingPeriod && !other?.differs;
    const were = models.length > 1 ? 's were' : ' was';
    if (inSample) warnings.warn(`warning: ${asOf} is in-sample: the model${were} fitted and selected on the days this forecast is of (those before ${testStart})`);
    else if (inTrainingPeriod) warnings.warn(`notice: ${asOf} lies in the period the model${were} fitted and selected on (before ${testStart}), learned from another series (${data.file}): not in-sample for ${file}, but not out-of-sample in time either`);
    for (const line of [...pending, ...shortHistoryWarnings(history.length)]) warnings.warn(line);
    const paths = await forecaster.paths(history, horizon, { samples: count, seed });
    const sums = pathReturns(paths);
    const summary = forecastSummary(sums, levels, { fallBelow: below });
    const price = series.prices[at];
    checkScenarioPrices(paths, price, `${file}: the close of ${asOf}`);
    const result: ForecastResult = { asOf, column: series.column, price, horizon, paths: count, inSample, inTrainingPeriod, summary };
    if (o.compare) {
      // The backtest's baselines, each handed the same returns up to DATE and nothing after.
      result.compare = [];
      for (const baseline of classicalForecasters()) {
        try {
          result.compare.push({ name: baseline.name, summary: forecastSummary(await baseline.forecast(history, horizon, { samples: count, seed }), levels, { fallBelow: below }) });
        } catch (e) {
          // One model short of history (HS wants 500 days) leaves the others' figures standing.
          result.compare.push({ name: baseline.name, skipped: (e as Error).message.replace(/^gangrad: /, '') });
        }
      }
    }
    assertFinite(result, `${files.model}: forecast from ${asOf}`);
    log(formatForecast(result, file));
    const outputs: OutputFile[] = [];
    if (o.out) outputs.push({ path: o.out, write: (append) => writePathsCsv(paths, price, append) });
    if (o.json) {
      const json = JSON.stringify({ model: o.model, data: file, step: modelSteps(models), seed, ...result, warnings: warnings.lines }, null, 2);
      outputs.push({ path: o.json, write: (append) => append(json) });
    }
    if (o.html) {
      const about = `Model ${o.model} (step ${[modelSteps(models)].flat().join(', ')}${models.length > 1 ? `, ${models.length} models pooled` : ''}); noise seed ${seed}.`;
      const page = forecastPage(result, file, about, warnings.lines, forecastFanChart({ history: series.prices.subarray(Math.max(0, at - 250), at + 1), paths, title: `${basename(file)}: ${horizon}-day scenarios from ${asOf}` }));
      outputs.push({ path: o.html, write: (append) => append(page) });
    }
    // All or none: a failure on the last file leaves no earlier one behind.
    // A signal during a long write ends the process with the temporaries removed and nothing published.
    if (outputs.length) console.error(`wrote ${(await writeFilesTogether(outputs, { onCleanup })).join(', ')}`);
    return result;
  } finally {
    backend.destroy();
  }
}

const pct = (v: number) => `${fixedPercent(v)} %`;
/** A value given on the command line (a level, a --below threshold) as a percentage, with more digits where two would round it (99.9999 %, not 100.00 %). */
const levelPct = (v: number) => `${percentText(v, 2)} %`;
/** A probability as a percentage: one that two decimals would round to 0 or 100 % is said to be below or above it, not printed as a certainty. */
const shareText = (v: number) => (v > 0 && v < 0.00005 ? '< 0.01 %' : v < 1 && v >= 0.99995 ? '> 99.99 %' : pct(v));

/** The forecast as text: quantiles of the H-day return and price, VaR/ES, probabilities of falls. */
export function formatForecast(r: ForecastResult, file: string): string {
  const s = r.summary;
  const lines = [
    `${file} (${r.column}): ${r.horizon}-day forecast from the close of ${r.asOf} (price ${+r.price.toPrecision(10)}), ${r.paths} scenario paths${r.inSample ? ' (in-sample date)' : r.inTrainingPeriod ? " (a date in the model's training period, another series)" : ''}`,
    '',
    ...quantileTable(r),
    '',
    ...s.risk.map((k) => `  VaR ${levelPct(k.level)}: ${pct(k.valueAtRisk)}   ES: ${pct(k.expectedShortfall)}   (losses, in log return)`),
    ...s.fallBelow.map((f) => `  P(${r.horizon}-day log return < ${levelPct(f.threshold)}) = ${shareText(f.probability)}`),
    ...(r.compare ? ['', "  beside the practitioners' models, from the same history (each with its own count of samples):", ...riskTable(r)] : []),
  ];
  return lines.join('\n');
}

/**
 * VaR and ES at each level, the GAN's and each compared model's, as aligned columns with each model's
 * samples (historical simulation has its window's sums, not --paths); a `*` marks a level with fewer
 * than {@link MIN_TAIL_PATHS} samples beyond its VaR, where VaR and ES are mostly noise.
 */
function riskTable(r: ForecastResult): string[] {
  const header = ['model', 'samples', ...r.summary.risk.flatMap((k) => [`VaR ${levelPct(k.level)}`, `ES ${levelPct(k.level)}`])];
  const models = [{ name: 'GAN', summary: r.summary }, ...r.compare!.filter((c) => c.summary)];
  const thin = (samples: number, level: number) => samples * (1 - level) < MIN_TAIL_PATHS;
  const rows = models.map(({ name, summary }) => [name, String(summary!.samples), ...summary!.risk.flatMap((k) => {
    const mark = thin(summary!.samples, k.level) ? '*' : '';
    return [pct(k.valueAtRisk) + mark, pct(k.expectedShortfall) + mark];
  })]);
  const marked = models.some(({ summary }) => summary!.risk.some((k) => thin(summary!.samples, k.level)));
  return [
    ...alignedColumns([header, ...rows], { labelsLeft: true }),
    ...(marked ? [`  * fewer than ${MIN_TAIL_PATHS} of the model's samples lie beyond this VaR: its VaR and ES are mostly noise`] : []),
    ...r.compare!.filter((c) => c.skipped).map((c) => `  ${c.name}: none (${c.skipped})`),
  ];
}

/** The quantiles as aligned columns: probability, H-day log return, price (each header over its values). */
function quantileTable(r: ForecastResult): string[] {
  const header = ['quantile', `${r.horizon}-day log return`, 'price'];
  const rows = r.summary.quantiles.map((q) => [pct(q.probability), pct(q.value), (r.price * Math.exp(q.value)).toPrecision(6)]);
  return alignedColumns([header, ...rows]);
}

/** Rows of cells as indented lines, each column as wide as its widest cell; right-aligned but for a left label column. */
function alignedColumns(rows: string[][], o: { labelsLeft?: boolean } = {}): string[] {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((row) => row[j].length)));
  return rows.map((row) => `  ${row.map((c, j) => (j === 0 && o.labelsLeft ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('   ')}`);
}

/**
 * Every scenario price (the start price times e^(the log returns so far)) must be a positive finite
 * float64: a price near the type's limit (4e306) would print and write Infinity, one near 0 would write 0.
 */
export function checkScenarioPrices(paths: readonly Float64Array[], price: number, where: string): void {
  let high = 0, low = 0;
  for (const path of paths) {
    let sum = 0;
    for (const r of path) {
      sum += r;
      if (sum > high) high = sum;
      if (sum < low) low = sum;
    }
  }
  for (const extreme of [high, low]) {
    const p = price * Math.exp(extreme);
    if (!(Number.isFinite(p) && p > 0)) {
      throw new Error(`${where}: price ${price.toPrecision(6)} times the scenarios' ${extreme > 0 ? 'largest rise' : 'largest fall'} (log return ${extreme.toFixed(2)}) is ${p}, outside the range of a float64: rescale the prices (the returns, and so the forecast, are the same)`);
    }
  }
}

/** Scenario paths as CSV rows path,day,log_return,price (day 0: the start price), a path at a time; it lets a signal in between paths. */
async function writePathsCsv(paths: readonly Float64Array[], start: number, append: (text: string) => void): Promise<void> {
  const turns = eventLoopTurns();
  append('path,day,log_return,price\n');
  for (let i = 0; i < paths.length; i++) {
    let price = start;
    const rows = [`${i},0,,${start}`];
    paths[i].forEach((r, d) => rows.push(`${i},${d + 1},${r.toPrecision(8)},${(price *= Math.exp(r)).toPrecision(10)}`));
    append(rows.join('\n') + '\n');
    await turns();
  }
}

/** A self-contained HTML page: what it is of (`about`: the model and seed), the warnings, the fan chart and the figures. */
function forecastPage(r: ForecastResult, file: string, about: string, warnings: readonly string[], chart: string): string {
  const esc = escapeHtml;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>gangrad forecast ${esc(r.asOf)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1000px}pre{background:#f6f6f6;padding:12px}</style></head>
<body><h1>Forecast from ${esc(r.asOf)}</h1>${provenanceHtml([about])}${warningsHtml(warnings)}${chart}<pre>${esc(formatForecast(r, file))}</pre>
<p>A distribution forecast for risk, not a price target. Generated by gangrad.</p></body></html>
`;
}

/** `gangrad forecast`: parses `argv` and runs. */
export async function forecastCommand(argv: string[]): Promise<void> {
  await runForecast(argv);
}
