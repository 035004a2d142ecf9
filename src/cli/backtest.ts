/** `gangrad backtest`: the GAN's risk forecasts and the classical ones, judged on the test part's days. */
import { classicalForecasters } from '../finance/baselines/forecasters.js';
import { backtestOrigins, runBacktest, type BacktestOptions, type BacktestResult } from '../finance/evaluation/backtest/index.js';
import { CONDITIONING_DAYS, conditioningCheck, MIN_CONDITIONING_LEVEL, type ConditioningCheck } from '../finance/evaluation/conditioning.js';
import type { Forecaster } from '../finance/forecaster.js';
import { backtestPage, formatBacktest, reportedFigures, type BacktestReport } from '../finance/report/backtest-report.js';
import { writeFileAtomic } from '../io/index.js';
import { numberListOption, numberOption, parse, refuseExistingOutputs, refuseOutputsOverInputs, UsageError } from './args.js';
import { lowLevelWarnings, MAX_FORECAST_HORIZON, MAX_FORECAST_VALUES, thinTailWarnings } from './forecast.js';
import { assertFinite, modelDataFile, openModelData } from './data-check.js';
import { ganForecasterOf, modelDirInputs, modelSteps, openModels } from './model-dir.js';
import { MAX_SEED } from '../tensor/index.js';
import { Warnings } from './warnings.js';

/** The most --samples a backtest takes: each of its thousands of forecasts draws that many paths. */
export const MAX_BACKTEST_SAMPLES = 1_000_000;

/** The help lines of the options {@link backtestSettings} reads (shared with gangrad portfolio backtest). */
export const BACKTEST_SETTINGS_HELP = `  --horizons H,H     forecast horizons in days, each 1 to ${MAX_FORECAST_HORIZON} (default 1,10)
  --levels A,B       VaR/ES confidence levels, each strictly between 0 and 1 (default 0.95,0.99)
  --samples N        scenario samples per forecast, 20 to ${MAX_BACKTEST_SAMPLES.toLocaleString('en-US')} (default 1000)
  --seeds K          sampling seeds: scores are shown as mean ± sd over K runs (default 1)
  --seed S           first sampling seed (default 1)
  --models LIST      gan and/or baselines (default gan,baselines)
  --part NAME        test (default: where models are judged) or validation (the 10 % before the test
                     part, where designs are chosen; the test part is then left out entirely)`;

/** `gangrad backtest --help`. */
export const BACKTEST_HELP = `gangrad backtest: backtest the model's VaR/ES forecasts, beside the classical ones, on the test part

Usage: gangrad backtest --model DIR[,DIR…] [--horizons 1,10] [--levels 0.95,0.99] [options]

  --model DIR        model directory written by gangrad train; several, comma-separated (models of the
                     same data trained with different --seed), backtested as one pool of paths
  --data FILE        price CSV (default: the file the model was trained on; it must hold the same text,
                     line endings, a byte-order mark and a final newline aside)
${BACKTEST_SETTINGS_HELP}
  --backend NAME     auto | cpu | wasm | gpujs | webgpu (default auto)
  --json FILE        also write every figure and per-day series as JSON
  --html FILE        also write an HTML page with the tables, a breach plot per model and the PIT deciles
  --force            replace existing output files (refused otherwise)
  --allow-changed-data   run although the data file differs from the one the model was trained on
                         (a newer copy of the model's data: its parts are kept by their dates, the test
                         part running from the model's test start to the file's end)

Protocol: on the test part only (never used for fitting or selection), for every day t each model
forecasts the distribution of r_{t+1}+…+r_{t+h} from the returns up to t alone, and the forecast is
compared with what happened. For h > 1 the origins are h days apart (non-overlapping returns), for
every test and score. Baselines: historical simulation (last 500 days), RiskMetrics EWMA (λ 0.94)
normal and Student-t, GJR-GARCH(1,1)-t re-fitted every 40 days and filtered daily, and filtered
historical simulation on the GJR filter. For each model, horizon and level: breaches, Kupiec POF,
Christoffersen independence and conditional coverage, the Basel traffic light (1-day 99 %, last 250
days; n/a on a shorter part), the Acerbi–Székely ES test, pinball loss, the FZ0 joint VaR–ES score and
CRPS; for each model and horizon, the whole distribution's calibration (Berkowitz's test of the PITs,
their deciles and a χ² test of them); then the conditioning checks (1-day VaR at the highest level, if
90 % or more) and a sanity table of the median forecast against zero.`;


/** What {@link backtestReport} runs: {@link runBacktest}'s options, once per sampling seed seed, seed + 1, …. */
export interface BacktestReportOptions extends Omit<BacktestOptions, 'onProgress' | 'esSimulations'> {
  /** How many sampling seeds: scores become mean ± sd over them. */
  seeds: number;
  part: BacktestPart;
  /** Hears each warning (default: printed on stderr). */
  warn?: (line: string) => void;
}

/** Where a backtest runs: the test part, or the validation part with the test part left out. */
export type BacktestPart = 'test' | 'validation';

/** The settings `gangrad backtest` and `gangrad portfolio backtest` share, parsed and checked. */
export interface BacktestSettings {
  part: BacktestPart;
  horizons: number[];
  levels: number[];
  samples: number;
  seeds: number;
  seed: number;
  /** Which of gan and baselines to run. */
  models: { gan: boolean; baselines: boolean };
}

/** Fewer non-overlapping origins than this at a horizon, and its tests are worth little: a warning. */
const FEW_ORIGINS = 20;

/** Parse the shared backtest options (usage errors name the option). */
export function backtestSettings(o: { part?: string; horizons?: string; levels?: string; samples?: string; seeds?: string; seed?: string; models?: string }): BacktestSettings {
  const part = o.part ?? 'test';
  if (part !== 'test' && part !== 'validation') throw new UsageError(`--part: '${part}' is neither test nor validation`);
  const chosen = (o.models ?? 'gan,baselines').split(',').map((s) => s.trim());
  const unknown = chosen.find((m) => m !== 'gan' && m !== 'baselines');
  if (unknown !== undefined) throw new UsageError(`--models: '${unknown}' is neither gan nor baselines`);
  const twice = chosen.find((m, i) => chosen.indexOf(m) !== i);
  if (twice !== undefined) throw new UsageError(`--models: '${twice}' is given twice`);
  const seeds = numberOption(o.seeds, 'seeds', 1, { min: 1, max: 1000 });
  const seed = numberOption(o.seed, 'seed', 1, { min: 0, max: MAX_SEED });
  // The runs use seeds seed, seed + 1, …: every one must be a seed gangrad takes.
  if (seed + seeds - 1 > MAX_SEED) throw new UsageError(`--seed ${seed} --seeds ${seeds}: the runs use seeds ${seed} to ${seed + seeds - 1}, past the largest seed ${MAX_SEED}; give --seed ${MAX_SEED - seeds + 1} or less`);
  const horizons = numberListOption(o.horizons ?? '1,10', 'horizons', (v) => Number.isInteger(v) && v >= 1 && v <= MAX_FORECAST_HORIZON, `a whole number of days from 1 to ${MAX_FORECAST_HORIZON} (as gangrad forecast takes)`);
  const samples = numberOption(o.samples, 'samples', 1000, { min: 20, max: MAX_BACKTEST_SAMPLES });
  // Each forecast holds its samples' paths at once, as gangrad forecast does: the same cap on daily values.
  const longest = Math.max(...horizons);
  if (samples * longest > MAX_FORECAST_VALUES) throw new UsageError(`--samples ${samples} × the longest horizon ${longest}: at most ${MAX_FORECAST_VALUES.toLocaleString('en-US')} daily values a forecast (at horizon ${longest}, --samples ${Math.floor(MAX_FORECAST_VALUES / longest)})`);
  return {
    part,
    horizons,
    levels: numberListOption(o.levels ?? '0.95,0.99', 'levels', (v) => v > 0 && v < 1, 'a level strictly between 0 and 1'),
    samples,
    seeds,
    seed,
    models: { gan: chosen.includes('gan'), baselines: chosen.includes('baselines') },
  };
}

/** A horizon that leaves fewer than 2 forecast origins in the part is a usage error (checked before any warning is printed). */
export function refuseShortHorizons(horizons: readonly number[], testStart: number, days: number, part: string): void {
  for (const h of horizons) {
    if (backtestOrigins(testStart, days, h).length < 2) {
      throw new UsageError(`--horizons: a ${h}-day horizon leaves fewer than 2 forecast origins in the ${part} part of ${days - testStart} days`);
    }
  }
}

/**
 * The backtest of `forecasters` on one series, once per sampling seed (progress on stderr), with the
 * conditioning checks of each model's 1-day VaR at the highest level: what `gangrad backtest` and
 * `gangrad portfolio backtest` print.
 */
export async function backtestReport(options: BacktestReportOptions): Promise<BacktestReport> {
  const { returns, testStart, forecasters, horizons, levels, samples, seeds, seed, dates, part, warn = (line: string) => console.error(line) } = options;
  refuseShortHorizons(horizons, testStart, returns.length, part);
  for (const h of horizons) {
    const origins = backtestOrigins(testStart, returns.length, h).length;
    if (origins < FEW_ORIGINS) warn(`warning: a ${h}-day horizon leaves ${origins} non-overlapping forecast origins in the ${part} part: its coverage tests and scores rest on ${origins} outcomes`);
  }
  // As forecast warns of --paths: a VaR with a handful of draws beyond it fails coverage tests by noise, not by the model.
  for (const line of [...lowLevelWarnings(levels), ...thinTailWarnings(samples, levels, { option: 'samples' })]) warn(line);
  const runs: BacktestResult[] = [];
  for (let k = 0; k < seeds; k++) {
    let lastShown = 0;
    runs.push(await runBacktest({
      returns, testStart, forecasters, horizons, levels, samples, seed: seed + k, dates,
      onProgress: ({ forecaster, done, total }) => {
        const now = performance.now();
        if (now - lastShown > 5000 || done === total) {
          lastShown = now;
          console.error(`backtest seed ${seed + k}: ${forecaster} ${done}/${total} forecasts`);
        }
      },
    }));
  }
  const conditioning: Record<string, ConditioningCheck> = {};
  const volatilityCorrelationBySeed: Record<string, number[]> = {};
  const conditioningLevel = Math.max(...levels);
  const at = levels.indexOf(conditioningLevel);
  // The checks need two 20-day stretches of 1-day forecasts; a shorter part (a small model's validation part) goes without, said so in the text.
  // They read a tail VaR: at a level below MIN_CONDITIONING_LEVEL a VaR is near the median, often constant (a normal's is −μ).
  if (horizons.includes(1) && conditioningLevel >= MIN_CONDITIONING_LEVEL) {
    for (const run of runs) {
      for (const e of run.entries.filter((x) => x.horizon === 1 && x.series.origin.length >= 2 * CONDITIONING_DAYS)) {
        const check = conditioningCheck({ origin: e.series.origin, valueAtRisk: e.series.valueAtRisk[at] }, returns);
        // A VaR that never moved has no correlation (0/0), one of 0 over the calmest month no width ratio: that
        // forecaster goes without the checks, named as such in the text.
        if (!Number.isFinite(check.volatilityCorrelation) || !Number.isFinite(check.widthRatio)) continue;
        conditioning[e.forecaster] ??= dates ? { ...check, worstDate: dates[check.worstDay], calmestDate: dates[check.calmestStart] } : check;
        (volatilityCorrelationBySeed[e.forecaster] ??= []).push(check.volatilityCorrelation);
      }
    }
  }
  return { runs, conditioning, conditioningLevel, volatilityCorrelationBySeed, part };
}

/** `gangrad backtest` without the process around it (tests call it in-process). */
export async function runBacktestCommand(argv: string[], log: (line: string) => void = console.log): Promise<BacktestReport> {
  const o = parse(argv, {
    model: { type: 'string' }, data: { type: 'string' }, horizons: { type: 'string' }, levels: { type: 'string' },
    samples: { type: 'string' }, seeds: { type: 'string' }, seed: { type: 'string' }, models: { type: 'string' },
    backend: { type: 'string' }, json: { type: 'string' }, html: { type: 'string' }, force: { type: 'boolean' },
    'allow-changed-data': { type: 'boolean' }, part: { type: 'string' },
  }, BACKTEST_HELP);
  const { part, horizons, levels, samples, seeds, seed, models: chosen } = backtestSettings(o);
  refuseExistingOutputs([o.json, o.html], !!o.force);
  const { backend, models } = await openModels(o.model, o.backend);
  const { model, paths: files, dir } = models[0];
  // Printed on stderr as found, and kept for the JSON and the page.
  const warnings = new Warnings();
  try {
    // The checks that need no data come before the file is read: a usage error comes alone.
    refuseOutputsOverInputs([o.json, o.html], modelDirInputs(models.map((m) => m.dir), modelDataFile(model.metadata, dir, o.data)));
    const gan = ganForecasterOf(models);
    if (chosen.gan && !Number.isFinite(gan.minHistory)) {
      throw new UsageError(`${files.model}: this model has no level process, so it cannot forecast from a history; train one with the default generator (window-ar-level), or pass --models baselines`);
    }
    const dataset = openModelData(model.metadata, dir, o.data, !!o['allow-changed-data'], warnings.warn);
    // The validation part is backtested on the returns before the test part: nothing of it is read.
    const end = part === 'test' ? dataset.returns.length : dataset.split.test[0];
    const returns = dataset.returns.subarray(0, end);
    const testStart = part === 'test' ? dataset.split.test[0] : dataset.split.validation[0];
    const dates = dataset.series.dates.slice(1, end + 1);
    // The same forecasters in every run: their fits depend on the data alone (cached by content), so
    // a second seed re-draws only the Monte Carlo samples.
    refuseShortHorizons(horizons, testStart, returns.length, part);
    const forecasters = forecastersWithHistory(chosen.gan ? [gan] : [], chosen.baselines ? classicalForecasters() : [], testStart, part, warnings.warn);
    const report = await backtestReport({ returns, testStart, forecasters, horizons, levels, samples, seeds, seed, dates, part, warn: warnings.warn });
    assertFinite(reportedFigures(report), `${files.model}: backtest on ${dataset.info.file}`);
    const from = dates[testStart];
    const about = `${dataset.info.file} (${dataset.info.column}), ${part} part from ${from}; model step ${models.map(({ model: m }) => m.metadata.step).join(', ')}${models.length > 1 ? ` (${models.length} models pooled)` : ''}`;
    log(`${about}\n`);
    log(formatBacktest(report));
    const title = `Backtest (${part} part): ${dataset.info.file} from ${from}`;
    if (o.json) writeFileAtomic(o.json, JSON.stringify({ model: o.model, data: dataset.info, step: modelSteps(models), ...report, warnings: warnings.lines }, null, 1));
    if (o.html) writeFileAtomic(o.html, backtestPage(report, title, { about: [`${about} (model directory ${o.model}).`], warnings: warnings.lines }));
    return report;
  } finally {
    backend.destroy();
  }
}

/**
 * The models that can forecast from the part's first day. A baseline that needs more history than comes
 * before it (HS: 500 days) is left out with a warning, and the others run (the run failed after all the
 * GAN's work); the GAN short of history, or no model left, is a usage error, found before any work (the
 * portfolio backtest asks it of its models before it reads their returns: anything with a name and a minHistory).
 */
export function forecastersWithHistory<F extends Pick<Forecaster, 'name' | 'minHistory'>>(gan: F[], baselines: F[], history: number, part: string, warn: (line: string) => void = (line) => console.error(line)): F[] {
  const short = (f: F) => (f.minHistory ?? 0) > history;
  const need = (f: F) => `${f.name} needs ${f.minHistory} daily returns of history before its first forecast, and the ${part} part starts after ${history} returns`;
  const ganShort = gan.find(short);
  if (ganShort) throw new UsageError(need(ganShort));
  const kept = baselines.filter((f) => !short(f));
  for (const f of baselines.filter(short)) warn(`warning: ${f.name} left out: ${need(f).replace(`${f.name} needs`, 'it needs')}`);
  if (gan.length + kept.length === 0) throw new UsageError(`no model can forecast from the ${part} part's first day: ${baselines.map(need).join('; ')}`);
  return [...gan, ...kept];
}

/** `gangrad backtest`: parses `argv` and runs. */
export async function backtestCommand(argv: string[]): Promise<void> {
  await runBacktestCommand(argv);
}
