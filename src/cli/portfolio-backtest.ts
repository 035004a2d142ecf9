/**
 * `gangrad portfolio backtest`: the equal-weight portfolio's risk forecasts, judged as `gangrad backtest`
 * judges one asset's. The joint GAN forecasts from every asset's history up to day t (its joint state);
 * copula-GJR forecasts every asset too; the classical single-series models are fitted to the
 * portfolio's own daily return series up to t, the way a desk without a joint model would forecast it.
 */
import { BACKEND_NAMES } from '../backend/index.js';
import { copulaGjrForecaster } from '../finance/baselines/copula-gjr-forecaster.js';
import { classicalForecasters } from '../finance/baselines/forecasters.js';
import { sliceDays, type AssetMatrix } from '../finance/data/asset-matrix.js';
import { portfolioReturns } from '../finance/evaluation/portfolio.js';
import type { Forecaster } from '../finance/forecaster.js';
import { jointGenerator, loadJointModel } from '../finance/joint.js';
import { portfolioForecaster, type JointForecaster } from '../finance/joint-forecaster.js';
import { JointGanForecaster } from '../finance/model/joint/forecaster.js';
import { backtestPage, formatBacktest, reportedFigures, type BacktestReport } from '../finance/report/backtest-report.js';
import { type OutputFile, writeFilesTogether } from '../io/index.js';
import { onCleanup } from './signals.js';
import { backendOption, parse, refuseExistingOutputs, UsageError, useBackend } from './args.js';
import { BACKTEST_SETTINGS_HELP, backtestReport, backtestSettings, forecastersWithHistory, refuseShortHorizons } from './backtest.js';
import { assertFinite } from './data-check.js';
import { requireModelFile } from './model-dir.js';
import { Warnings } from './warnings.js';
import { checkPortfolioOptions, openJointModelData, PRICE_FILE_PARSE, priceFileOptionsHelp, priceInputOptions } from './portfolio-data.js';

/** `gangrad portfolio backtest --help`. */
export const PORTFOLIO_BACKTEST_HELP = `gangrad portfolio backtest: backtest the equal-weight portfolio's VaR/ES forecasts on the test part

Usage: gangrad portfolio backtest --model DIR [--horizons 1,10] [--levels 0.95,0.99] [options]

  --model DIR        model directory written by gangrad portfolio train
${priceFileOptionsHelp(false)}
${BACKTEST_SETTINGS_HELP}
  --backend NAME     ${BACKEND_NAMES.join(' | ')} (default auto)
  --json FILE        also write every figure and per-day series as JSON
  --html FILE        also write an HTML page with the tables, a breach plot per model and the PIT deciles
  --force            replace existing output files (refused otherwise)

The portfolio holds the model's assets in equal weights, rebalanced daily: its daily log return is
ln(mean of e^r over the assets). The data files the model records are read again and must be unchanged
(SHA-256). For every day t of the part, each model forecasts the portfolio's r_{t+1}+…+r_{t+h} from the
days up to t alone: the joint GAN from every asset's returns (its scenario paths start from the joint
state at t, each asset's first window moved by its near-term correction); copula-GJR (a GJR-GARCH(1,1)-t
per asset, filtered daily, joined by a t copula, all re-fitted every 40 days on the last 2,500 days)
from every asset's returns too; the other baselines — historical simulation, RiskMetrics EWMA normal and
Student-t, GJR-GARCH(1,1)-t and filtered historical simulation — from the portfolio's own return
series. Tests and scores as gangrad backtest's.`;

/** A model of the backtest before the returns are read: its name and the history it needs, and how it forecasts the portfolio of the returns. */
interface PortfolioModel {
  readonly name: string;
  readonly minHistory?: number;
  of(returns: AssetMatrix): Forecaster;
}

/** A forecaster's `minHistory` as an optional field: absent when it has none. */
const history = (f: { readonly minHistory?: number }): { minHistory?: number } => (f.minHistory === undefined ? {} : { minHistory: f.minHistory });

/** A joint forecaster (every asset's paths) as a {@link PortfolioModel}: the equal-weight portfolio of its paths. */
function ofPortfolio(joint: JointForecaster & { readonly minHistory?: number }): PortfolioModel {
  return { name: joint.name, ...history(joint), of: (returns) => portfolioForecaster(joint, returns) };
}

/** `gangrad portfolio backtest` without the process around it (tests call it in-process). */
export async function runPortfolioBacktest(argv: string[], log: (line: string) => void = console.log): Promise<BacktestReport> {
  const o = parse(argv, {
    model: { type: 'string' }, horizons: { type: 'string' }, levels: { type: 'string' }, samples: { type: 'string' }, seeds: { type: 'string' },
    seed: { type: 'string' }, models: { type: 'string' }, part: { type: 'string' }, backend: { type: 'string' }, json: { type: 'string' },
    html: { type: 'string' }, force: { type: 'boolean' }, ...PRICE_FILE_PARSE,
  }, PORTFOLIO_BACKTEST_HELP);
  if (!o.model) throw new UsageError('--model DIR is required (a directory written by gangrad portfolio train)');
  const { part, horizons, levels, samples, seeds, seed, models: chosen } = backtestSettings(o);
  backendOption(o.backend);
  refuseExistingOutputs([o.json, o.html], !!o.force);
  const given = priceInputOptions(o);
  const file = requireModelFile(o.model, 'portfolio train');
  const backend = await useBackend(o.backend);
  try {
    // The model's tensors are made on the backend chosen; its options are checked before any data is read.
    const loaded = loadJointModel(file);
    checkPortfolioOptions([o.json, o.html], o.model, file, loaded, given);
    const { split, days } = loaded.metadata.data;
    // The validation part is backtested on the days before the test part: nothing of it is read.
    // The files hold exactly the model's days (openJointModelData refuses others): the horizons are checked before they are read.
    const end = part === 'test' ? days : split.test[0];
    const testStart = part === 'test' ? split.test[0] : split.validation[0];
    refuseShortHorizons(horizons, testStart, end, part);
    // Printed on stderr as found (the data's among them), and kept for the JSON and the page.
    const warnings = new Warnings();
    // Which models have the history the part needs is known from the model too: a usage error comes before the data is read.
    const usable = forecastersWithHistory(
      chosen.gan ? [ofPortfolio(new JointGanForecaster(jointGenerator(loaded)))] : [],
      // Copula-GJR forecasts every asset as the GAN does; the classical ones see the portfolio's own series.
      chosen.baselines ? [ofPortfolio(copulaGjrForecaster()), ...classicalForecasters().map((f) => ({ name: f.name, ...history(f), of: () => f }))] : [],
      testStart, part, warnings.warn,
    );
    const { model, aligned, returns: all, files } = openJointModelData(file, { model: loaded, given: given ? { inputs: given, newerCopy: false, allowChanged: !!o['allow-changed-data'] } : undefined, warn: warnings.warn });
    const returns = sliceDays(all, 0, end);
    const dates = aligned.dates.slice(1, end + 1);
    const forecasters: Forecaster[] = usable.map((m) => m.of(returns));
    const portfolio = portfolioReturns(returns);
    const report = await backtestReport({ returns: portfolio, testStart, forecasters, horizons, levels, samples, seeds, seed, dates, part, warn: warnings.warn });
    assertFinite(reportedFigures(report), `${file}: portfolio backtest`);
    const assets = model.metadata.assets;
    const from = dates[testStart];
    const about = `equal-weight portfolio of ${assets.join(', ')}, ${part} part from ${from}; model step ${model.metadata.step}`;
    log(`${about}\n`);
    log(formatBacktest(report));
    const outputs: OutputFile[] = [];
    if (o.json) {
      const json = JSON.stringify({ model: o.model, assets, inputs: model.metadata.data.inputs, step: model.metadata.step, ...report, warnings: warnings.lines }, null, 1);
      outputs.push({ path: o.json, write: (append) => append(json) });
    }
    if (o.html) {
      const page = backtestPage(report, `Portfolio backtest (${part} part): ${assets.join(', ')} from ${from}`, { about: [`${about} (model directory ${o.model}; data ${files.join(', ')}).`], warnings: warnings.lines });
      outputs.push({ path: o.html, write: (append) => append(page) });
    }
    // All or none: a failure on the second file leaves no first one behind.
    // Said as eval and forecast say it: a user who asked for files is told they were written.
    if (outputs.length) console.error(`wrote ${(await writeFilesTogether(outputs, { onCleanup })).join(', ')}`);
    return report;
  } finally {
    backend.destroy();
  }
}
