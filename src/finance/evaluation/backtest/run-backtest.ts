/**
 * The risk-forecast backtest: on the test part only, every forecaster forecasts the h-day log return
 * r_{t+1} + … + r_{t+h} from `returns.subarray(0, t + 1)` — it is never handed a later day, so there is
 * no look-ahead by construction — and the forecast is compared with what happened.
 *
 * Origins: t = testStart − 1, testStart − 1 + h, testStart − 1 + 2h, … while t + h is a day of the data.
 * For h = 1 that is every day of the test part; for h > 1 the origins are h days apart, so the realised
 * h-day returns do not overlap and the breach sequence has the independence the coverage tests assume.
 * The same origins serve every test and every score.
 */
import { eventLoopTurns } from '../../../gan/index.js';
import { checkOptionNames } from '../../../backend/option-names.js';
import { checkSeed } from '../../../tensor/index.js';
import type { Forecaster } from '../../forecaster.js';
import { checkLevels, MIN_FORECAST_PATHS, riskFromSorted, sortedQuantile } from '../../forecaster.js';
import { baselTrafficLight, type BaselZone } from './basel.js';
import { calibration, MIN_CALIBRATION_PITS, pitFromSorted, type CalibrationResult } from './calibration.js';
import { christoffersen } from './christoffersen.js';
import { esBacktest, forecastTail, type EsBacktestDay } from './es-test.js';
import { kupiecPof } from './kupiec.js';
import { crpsSorted, fz0Score, pinballLoss } from './scores.js';

/** Progress of one forecaster: forecasts done of its total (all horizons). */
export interface BacktestProgress {
  forecaster: string;
  done: number;
  total: number;
}

/** What {@link runBacktest} runs: the series, where its test part starts, the forecasters, horizons and levels. */
export interface BacktestOptions {
  /** Daily log returns, the whole series (training part first). */
  returns: Float64Array;
  /** Index in `returns` of the test part's first day: the first forecast is made at its eve. */
  testStart: number;
  forecasters: readonly Forecaster[];
  /** Horizons in days (positive integers). */
  horizons: readonly number[];
  /** VaR/ES confidence levels in (0, 1), e.g. [0.95, 0.99]. */
  levels: readonly number[];
  /** Samples per forecast, at least {@link MIN_FORECAST_PATHS}. */
  samples: number;
  /** Master seed: each forecast's seed derives from it, the origin and the horizon (the same for every forecaster). */
  seed: number;
  /** Dates aligned with `returns` (date of each return), copied into the series when given. */
  dates?: readonly string[];
  /** Replications of the ES test's simulated p-value (default 1000). */
  esSimulations?: number;
  /** Called after each forecast. */
  onProgress?: (progress: BacktestProgress) => void;
}

/** The tests and scores of one forecaster × horizon × level. */
export interface BacktestLevelResult {
  level: number;
  breaches: number;
  breachShare: number;
  /** 1 − level, to 12 significant digits: 0.05 at 0.95, not the float difference 0.050000000000000044 (the tests use the exact 1 − level). */
  expectedShare: number;
  kupiecP: number;
  christoffersenIndependenceP: number;
  christoffersenCoverageP: number;
  /**
   * Basel traffic light: only for h = 1 at 99 %, else null. Over fewer than 250 days `days` says how many
   * and `zone` still reads the 250-day thresholds; the reports show it as n/a.
   */
  basel: { days: number; breaches: number; zone: BaselZone } | null;
  /** Acerbi–Székely Z2 and its simulated p-value; null if some day's ES was not a positive loss. */
  esTest: { z2: number; pValue: number } | null;
  /** Mean pinball loss of the (1 − level)-quantile, −VaR. */
  meanPinball: number;
  /** Mean FZ0 score; null if some day's ES was not a positive loss (FZ0 is undefined there). */
  meanFz0: number | null;
}

/** Per-origin values, for a breach plot and the sanity table. */
export interface BacktestSeries {
  /** Forecast origin t (index in `returns` of the last day the forecaster saw). */
  origin: number[];
  /** Date of day t, when dates were given. */
  date?: string[];
  /** Realised r_{t+1} + … + r_{t+h}. */
  realised: number[];
  /** Median of the forecast. */
  median: number[];
  /** VaR per level (outer index: level, as in `levels`), as positive losses. */
  valueAtRisk: number[][];
  /** ES per level, as positive losses. */
  expectedShortfall: number[][];
  /** The realised return's PIT under the forecast ({@link pitFromSorted}). */
  pit: number[];
}

/** One forecaster at one horizon. */
export interface BacktestEntry {
  forecaster: string;
  horizon: number;
  origins: number;
  meanCrps: number;
  levels: BacktestLevelResult[];
  /**
   * The whole distribution's calibration: Berkowitz's test of the PITs and their decile counts; null
   * with fewer than MIN_CALIBRATION_PITS (10) forecasts (a long horizon on a short part), where the test has too little to fit.
   */
  calibration: CalibrationResult | null;
  series: BacktestSeries;
}

/** Everything a backtest measured; JSON-serialisable. */
export interface BacktestResult {
  testStart: number;
  days: number;
  horizons: number[];
  levels: number[];
  samples: number;
  seed: number;
  entries: BacktestEntry[];
}

/** A forecast's seed from the master seed, the origin and the horizon (a 32-bit integer mix). */
export function forecastSeed(seed: number, origin: number, horizon: number): number {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (origin >>> 0) ^ (h >>> 13), 0xc2b2ae35);
  h = Math.imul(h ^ (horizon >>> 0) ^ (h >>> 16), 0x27d4eb2f);
  return (h ^ (h >>> 15)) >>> 0;
}

/** The forecast origins for horizon h: every h-th day from testStart − 1 while t + h is in the data. */
export function backtestOrigins(testStart: number, days: number, horizon: number): number[] {
  const out: number[] = [];
  for (let t = testStart - 1; t + horizon <= days - 1; t += horizon) out.push(t);
  return out;
}

const BACKTEST_OPTIONS = 'returns testStart forecasters horizons levels samples seed dates esSimulations onProgress';

function checkOptions(o: BacktestOptions): void {
  if (typeof o !== 'object' || o === null) throw new Error(`gangrad: backtest: pass the options ({ returns, testStart, forecasters, horizons, levels, samples, seed }), got ${o === null ? 'null' : typeof o}`);
  // Before the other checks: `horizon: [1]` would otherwise read as "horizons must be an array, got undefined".
  checkOptionNames(o, BACKTEST_OPTIONS, 'gangrad: backtest');
  if (!(o.returns instanceof Float64Array)) throw new Error(`gangrad: backtest: returns must be a Float64Array of daily log returns (Float64Array.from(list)), got ${Array.isArray(o.returns) ? 'an array' : typeof o.returns}`);
  for (const [name, list] of [['horizons', o.horizons], ['levels', o.levels], ['forecasters', o.forecasters]] as const) {
    if (!Array.isArray(list)) throw new Error(`gangrad: backtest: ${name} must be an array, got ${typeof list}`);
  }
  const n = o.returns.length;
  // Every day is either some forecast's history or what it is scored against: none may be missing.
  const bad = o.returns.findIndex((r) => !Number.isFinite(r));
  if (bad >= 0) throw new Error(`gangrad: backtest: returns[${bad}] is ${o.returns[bad]}: every daily return must be a finite number`);
  if (!Number.isInteger(o.testStart) || o.testStart < 1 || o.testStart >= n) {
    throw new Error(`gangrad: backtest: testStart must be an integer day in 1 … ${n - 1} (the ${n} returns), got ${o.testStart}`);
  }
  if (o.forecasters.length === 0) throw new Error('gangrad: backtest: no forecasters given');
  for (const f of o.forecasters) if (typeof f?.forecast !== 'function') throw new Error(`gangrad: backtest: forecaster '${f?.name ?? '?'}' has no forecast(history, horizon, options) method`);
  // Checked before any forecast: else the forecasters listed first run the whole test part, then this one fails on its first day.
  for (const f of o.forecasters) {
    if (f.minHistory !== undefined && !Number.isFinite(f.minHistory)) {
      throw new Error(`gangrad: backtest: forecaster '${f.name}' cannot forecast from a history (minHistory ${f.minHistory}: a GAN without a level process; fit one with the default generator, window-ar-level)`);
    }
    if ((f.minHistory ?? 0) > o.testStart) {
      throw new Error(`gangrad: backtest: forecaster '${f.name}' needs at least ${f.minHistory} daily returns of history, but the first forecast sees ${o.testStart} (testStart): set testStart to ${f.minHistory} or later`);
    }
  }
  if (o.horizons.length === 0) throw new Error('gangrad: backtest: no horizons given');
  for (const h of o.horizons) {
    if (!Number.isInteger(h) || h < 1) throw new Error(`gangrad: backtest: a horizon must be a positive integer number of days, got ${JSON.stringify(h) ?? String(h)}`);
    if (backtestOrigins(o.testStart, n, h).length < 2) {
      throw new Error(`gangrad: backtest: a ${h}-day horizon leaves fewer than 2 forecast origins in a test part of ${n - o.testStart} days`);
    }
  }
  checkLevels(o.levels, 'backtest');
  // As gangrad backtest and ReturnGan.forecast: a value twice would run (a GAN: minutes) and print the same entry twice.
  for (const [name, list] of [['horizon', o.horizons], ['level', o.levels]] as const) {
    const twice = list.find((v, i) => list.indexOf(v) !== i);
    if (twice !== undefined) throw new Error(`gangrad: backtest: ${name} ${twice} is given twice`);
  }
  // As gangrad backtest and ReturnGan.forecast: fewer paths give a 99 % VaR of noise, and tests that look like findings.
  if (!Number.isInteger(o.samples) || o.samples < MIN_FORECAST_PATHS) throw new Error(`gangrad: backtest: samples must be a whole number ≥ ${MIN_FORECAST_PATHS}, got ${o.samples}`);
  checkSeed(o.seed, 'gangrad: backtest');
  if (o.dates && o.dates.length !== n) throw new Error(`gangrad: backtest: ${o.dates.length} dates for ${n} returns`);
}

const mean = (x: readonly number[]) => x.reduce((s, v) => s + v, 0) / x.length;

/** Tests and scores of one level from the per-origin values. */
function levelResult(level: number, horizon: number, realised: number[], valueAtRisk: number[], days: EsBacktestDay[], esSeed: number, esSimulations?: number): BacktestLevelResult {
  const hits = realised.map((y, i) => (y < -valueAtRisk[i] ? 1 : 0));
  const breaches = hits.reduce((s: number, v) => s + v, 0);
  const cc = christoffersen(hits, level);
  const esDefined = days.every((d) => d.expectedShortfall > 0);
  const es = esDefined ? esBacktest(days, level, { simulations: esSimulations, seed: esSeed }) : null;
  return {
    level, breaches, breachShare: breaches / hits.length, expectedShare: +(1 - level).toPrecision(12),
    kupiecP: kupiecPof(breaches, hits.length, level).pValue,
    christoffersenIndependenceP: cc.independence.pValue,
    christoffersenCoverageP: cc.conditionalCoverage.pValue,
    basel: horizon === 1 && Math.abs(level - 0.99) < 1e-12 ? baselTrafficLight(hits) : null,
    esTest: es && { z2: es.statistic, pValue: es.pValue },
    meanPinball: mean(realised.map((y, i) => pinballLoss(y, -valueAtRisk[i], 1 - level))),
    meanFz0: esDefined ? mean(days.map((d) => fz0Score(d.realised, d.valueAtRisk, d.expectedShortfall, level))) : null,
  };
}

/** One forecaster at one horizon over its origins. */
async function backtestEntry(o: BacktestOptions, forecaster: Forecaster, horizon: number, tick: () => void): Promise<BacktestEntry> {
  const origins = backtestOrigins(o.testStart, o.returns.length, horizon);
  const series: BacktestSeries = {
    origin: origins, realised: [], median: [], valueAtRisk: o.levels.map(() => []), expectedShortfall: o.levels.map(() => []), pit: [],
  };
  if (o.dates) series.date = origins.map((t) => o.dates![t]);
  const esDays: EsBacktestDay[][] = o.levels.map(() => []);
  let crps = 0;
  const turns = eventLoopTurns(); // thousands of forecasts: a signal (or a page) gets a turn now and then
  for (const t of origins) {
    await turns();
    const samples = await forecaster.forecast(o.returns.subarray(0, t + 1), horizon, { samples: o.samples, seed: forecastSeed(o.seed, t, horizon) });
    if (samples.length === 0) throw new Error(`gangrad: backtest: ${forecaster.name} returned no samples at day ${t}${o.dates ? ` (the close of ${o.dates[t]})` : ''}`);
    const sorted = Float64Array.from(samples).sort();
    if (!Number.isFinite(sorted[0]) || !Number.isFinite(sorted[sorted.length - 1])) {
      throw new Error(`gangrad: backtest: ${forecaster.name} returned a non-finite sample at day ${t}${o.dates ? ` (the close of ${o.dates[t]})` : ''}`);
    }
    let realised = 0;
    for (let k = 1; k <= horizon; k++) realised += o.returns[t + k];
    series.realised.push(realised);
    series.median.push(sortedQuantile(sorted, 0.5));
    series.pit.push(pitFromSorted(sorted, realised));
    o.levels.forEach((level, j) => {
      const { valueAtRisk, expectedShortfall } = riskFromSorted(sorted, level);
      series.valueAtRisk[j].push(valueAtRisk);
      series.expectedShortfall[j].push(expectedShortfall);
      esDays[j].push({ realised, valueAtRisk, expectedShortfall, tail: forecastTail(sorted, valueAtRisk), samples: sorted.length });
    });
    crps += crpsSorted(sorted, realised);
    tick();
  }
  return {
    forecaster: forecaster.name, horizon, origins: origins.length, meanCrps: crps / origins.length, series, calibration: series.pit.length >= MIN_CALIBRATION_PITS ? calibration(series.pit) : null,
    levels: o.levels.map((level, j) => levelResult(level, horizon, series.realised, series.valueAtRisk[j], esDays[j], forecastSeed(o.seed, j, horizon + 7919), o.esSimulations)),
  };
}

/**
 * Runs every forecaster at every horizon over the test part. Each forecast at origin t sees only
 * `returns.subarray(0, t + 1)`. For h = 1 every test day is an origin; for h > 1 only every h-th day
 * (t = testStart − 1 + k·h), so the realised h-day returns do not overlap: the coverage tests, the ES
 * test and every score use those same non-overlapping origins.
 */
export async function runBacktest(options: BacktestOptions): Promise<BacktestResult> {
  checkOptions(options);
  const n = options.returns.length;
  const total = options.horizons.reduce((s, h) => s + backtestOrigins(options.testStart, n, h).length, 0);
  const entries: BacktestEntry[] = [];
  for (const forecaster of options.forecasters) {
    let done = 0;
    const tick = () => options.onProgress?.({ forecaster: forecaster.name, done: ++done, total });
    for (const horizon of options.horizons) entries.push(await backtestEntry(options, forecaster, horizon, tick));
  }
  return {
    testStart: options.testStart, days: n, horizons: [...options.horizons], levels: [...options.levels],
    samples: options.samples, seed: options.seed, entries,
  };
}
