/**
 * `gangrad portfolio forecast`: every asset's and the equal-weight portfolio's return over the next
 * days, from the joint state at a date's close (each asset's window levels and the last window's
 * correlations): quantiles, VaR and ES, from the joint GAN's scenario paths.
 */
import { BACKEND_NAMES } from '../backend/index.js';
import { assetColumn, sliceDays } from '../finance/data/asset-matrix.js';
import { forecastSummary, type ForecastSummary } from '../finance/forecaster.js';
import { jointGenerator, loadJointModel } from '../finance/joint.js';
import { portfolioPathReturns } from '../finance/joint-forecaster.js';
import { fixedPercent, percentText } from '../finance/report/percent.js';
import { JointGanForecaster } from '../finance/model/joint/forecaster.js';
import { eventLoopTurn } from '../gan/index.js';
import { writeFileAtomic } from '../io/index.js';
import { backendOption, checkDateOption, numberListOption, numberOption, parse, refuseExistingOutputs, UsageError, useBackend } from './args.js';
import { assertFinite } from './data-check.js';
import { requireModelFile } from './model-dir.js';
import { Warnings } from './warnings.js';
import { checkForecastSize, horizonOption, lowLevelWarnings, MAX_FORECAST_HORIZON, MIN_FORECAST_PATHS, thinTailWarnings } from './forecast.js';
import { checkPortfolioOptions, lackingDate, openJointModelData, PRICE_FILE_PARSE, priceFileOptionsHelp, priceInputOptions } from './portfolio-data.js';
import { MAX_SEED } from '../tensor/index.js';

/** `gangrad portfolio forecast --help`. */
export const PORTFOLIO_FORECAST_HELP = `gangrad portfolio forecast: the next days' returns of every asset and of the equal-weight portfolio, from the joint state at a date's close

Usage: gangrad portfolio forecast --model DIR [--data A,B,... | --wide FILE] [--as-of DATE] [--horizon H] [--paths N] [options]

  --model DIR        model directory written by gangrad portfolio train (its data files are read again)
${priceFileOptionsHelp(true)}
  --as-of DATE       forecast from the close of DATE (YYYY-MM-DD, a common day; default: the last one)
  --horizon H        days after DATE, 1 to ${MAX_FORECAST_HORIZON} (default 10)
  --paths N          joint scenario paths, at least ${MIN_FORECAST_PATHS} (default 10000); paths × horizon
                     at most 25,000,000
  --levels A,B       VaR/ES confidence levels, each strictly between 0 and 1 (default 0.95,0.99)
  --seed S           noise seed (default 1)
  --backend NAME     ${BACKEND_NAMES.join(' | ')} (default auto)
  --json FILE        also write the figures as JSON
  --force            replace an existing --json file (refused otherwise)

The paths start from the joint state at DATE: each asset's volatility levels of its last windows, moved
by its near-term correction (daily filters and a GJR-GARCH-t filter of its own history), and the last
window's realised correlations, as gangrad portfolio backtest forecasts. Figures are of the H-day log
return; the portfolio is rebalanced to equal weights daily. A distribution forecast for risk, not a
price target.`;

/** What `gangrad portfolio forecast` computed: one summary per asset, then the portfolio's. */
export interface PortfolioForecastResult {
  asOf: string;
  horizon: number;
  paths: number;
  /** DATE lies before the last training day, in the files the model was trained on (or a newer copy): the forecast is of days the model was fitted and selected on. */
  inSample: boolean;
  /**
   * DATE lies before the last training day counted in days, whatever the files: true with `inSample`,
   * and for files whose returns differ from the model's (--allow-changed-data), which it did not see.
   */
  inTrainingPeriod: boolean;
  summaries: { name: string; summary: ForecastSummary }[];
}

/** `gangrad portfolio forecast` without the process around it (tests call it in-process). */
export async function runPortfolioForecast(argv: string[], log: (line: string) => void = console.log): Promise<PortfolioForecastResult> {
  const o = parse(argv, {
    model: { type: 'string' }, 'as-of': { type: 'string' }, horizon: { type: 'string' }, paths: { type: 'string' }, levels: { type: 'string' },
    seed: { type: 'string' }, backend: { type: 'string' }, json: { type: 'string' }, force: { type: 'boolean' }, ...PRICE_FILE_PARSE,
  }, PORTFOLIO_FORECAST_HELP);
  if (!o.model) throw new UsageError('--model DIR is required (a directory written by gangrad portfolio train)');
  // gangrad sample refuses joint models: long joint paths come from the library (not from a date's state).
  const horizon = horizonOption(o.horizon, 'longer joint paths (from the model\'s own start, not a date\'s state) come from the library\'s sampleJointPaths or sampleJointPathChunks');
  const paths = numberOption(o.paths, 'paths', 10_000, { min: MIN_FORECAST_PATHS });
  checkForecastSize(paths, horizon, { perAsset: true });
  const levels = numberListOption(o.levels ?? '0.95,0.99', 'levels', (v) => v > 0 && v < 1, 'a level strictly between 0 and 1');
  const seed = numberOption(o.seed, 'seed', 1, { min: 0, max: MAX_SEED });
  if (o['as-of'] !== undefined) checkDateOption(o['as-of'], 'as-of'); // YYYY-MM-DD, and a day the calendar has
  backendOption(o.backend);
  refuseExistingOutputs([o.json], !!o.force);
  const given = priceInputOptions(o);
  const file = requireModelFile(o.model, 'portfolio train');
  const backend = await useBackend(o.backend);
  try {
    // The model's tensors are made on the backend chosen; its options are checked before any data is read.
    const loaded = loadJointModel(file);
    checkPortfolioOptions([o.json], o.model, file, loaded, given);
    // Printed on stderr as found (the data's among them), and kept for the JSON.
    const warnings = new Warnings();
    const { model, aligned, returns, files, changed } = openJointModelData(file, { model: loaded, given: given ? { inputs: given, newerCopy: true, allowChanged: !!o['allow-changed-data'] } : undefined, warn: warnings.warn, takesNewerCopy: true });
    // Return i is dated aligned.dates[i + 1]: the history up to DATE is the first `days` returns.
    const at = o['as-of'] === undefined ? aligned.dates.length - 1 : aligned.dates.indexOf(o['as-of']);
    if (at < 0) {
      const before = aligned.dates.filter((d) => d < o['as-of']!).at(-1);
      throw new UsageError(`--as-of ${o['as-of']}: not a common day of ${given ? 'the files' : "the model's files"} (they run from ${aligned.dates[0]} to ${aligned.dates.at(-1)}; a day is common when every asset has a price): ${lackingDate(aligned, o['as-of']!)}${before && before < aligned.dates.at(-1)! ? `; the last common day before it is ${before}` : ''}${o['as-of']! > aligned.dates.at(-1)! ? `; a later date needs a newer copy of the files, with rows up to it: --data A,B,… or --wide FILE` : ''}`);
    }
    const asOf = aligned.dates[at];
    // A newer copy of some files only: the default date is the last one they all have, which says nothing of the newer rows.
    if (o['as-of'] === undefined) {
      for (const d of aligned.dropped.filter((x) => x.afterCommonPeriod)) {
        warnings.warn(`notice: ${d.file}: ${d.afterCommonPeriod} row${d.afterCommonPeriod === 1 ? '' : 's'} after ${asOf}, the last day every asset has a price, left out: the forecast is from ${asOf}`);
      }
    }
    const forecaster = new JointGanForecaster(jointGenerator(model));
    if (at < forecaster.minHistory) throw new UsageError(`--as-of ${asOf}: ${at} days of returns before it, the model needs ${forecaster.minHistory}`);
    // Return i is the first a forecast from day i is of: in-sample when that is a training return (the
    // close of the last training day starts the test part's first forecast, as in the backtest).
    const testStart = aligned.dates[model.metadata.data.split.test[0] + 1];
    const inTrainingPeriod = at < model.metadata.data.split.test[0];
    // Files whose returns differ from the model's were not seen by it: in-sample only if they are the same markets re-based.
    const inSample = inTrainingPeriod && !changed;
    if (inSample) warnings.warn(`warning: ${asOf} is in-sample: the model was fitted and selected on the days this forecast is of (those before ${testStart})`);
    else if (inTrainingPeriod) warnings.warn(`notice: ${asOf} lies in the model's training period counted in days (its first ${model.metadata.data.split.test[0]} returns, before ${testStart} in these files), whose returns differ from those it was trained on: in-sample if they are the same markets re-based, not if they are other markets`);
    // Warned only once every option is valid, --as-of included: a usage error comes before any other output.
    for (const line of [...lowLevelWarnings(levels), ...thinTailWarnings(paths, levels, { horizon })]) warnings.warn(line);
    const scenarios = await forecaster.paths(sliceDays(returns, 0, at), horizon, { samples: paths, seed });
    const assets = model.metadata.assets;
    const total = (j: number) => Float64Array.from(scenarios, (p) => assetColumn(p, j).reduce((a, b) => a + b, 0));
    const summaries = [
      ...assets.map((name, j) => ({ name, summary: forecastSummary(total(j), levels) })),
      { name: 'equal-weight portfolio', summary: forecastSummary(portfolioPathReturns(scenarios), levels) },
    ];
    const result: PortfolioForecastResult = { asOf, horizon, paths, inSample, inTrainingPeriod, summaries };
    assertFinite(result, `${file}: portfolio forecast from ${asOf}`);
    await eventLoopTurn(); // a Ctrl-C during the last figures stops the run here, before anything is written
    log(formatPortfolioForecast(result));
    if (o.json) {
      writeFileAtomic(o.json, JSON.stringify({ model: o.model, assets, data: files, step: model.metadata.step, ...result, warnings: warnings.lines }, null, 1) + '\n');
      console.error(`wrote ${o.json}`);
    }
    return result;
  } finally {
    backend.destroy();
  }
}

/** The forecast as a table: one row per asset and one for the portfolio, in percent of log return. */
export function formatPortfolioForecast(r: PortfolioForecastResult): string {
  const pct = (v: number) => `${fixedPercent(v)}%`;
  const first = r.summaries[0].summary;
  const header = ['', ...first.quantiles.map((q) => `q${100 * q.probability}`), ...first.risk.flatMap((x) => [`VaR ${percentText(x.level, 0)}`, `ES ${percentText(x.level, 0)}`])];
  const rows = r.summaries.map(({ name, summary }) => [name, ...summary.quantiles.map((q) => pct(q.value)), ...summary.risk.flatMap((x) => [pct(x.valueAtRisk), pct(x.expectedShortfall)])]);
  const widths = header.map((_, c) => Math.max(...[header, ...rows].map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [
    `${r.horizon}-day log returns from the close of ${r.asOf}, ${r.paths} joint scenario paths${r.inSample ? ' (in-sample date)' : r.inTrainingPeriod ? " (a date in the model's training period, files it was not trained on)" : ''}; VaR and ES as positive losses`,
    line(header), ...rows.map(line),
  ].join('\n');
}
