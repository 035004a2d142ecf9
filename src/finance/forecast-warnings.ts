/**
 * Warnings on a forecast's request that the figures cannot show: a level read as a tail probability, a
 * tail too thin for its VaR and ES, a threshold far beyond a fall, a history too short for the GAN's
 * near-term fit. The CLI prints them (option names with `--`); `ReturnGan.forecast` hands them to its
 * `onWarning` (the library's option names).
 */
import { MAX_FORECAST_VALUES } from './forecaster.js';
import { percentText } from './report/percent.js';
import { GJR_FIT_WINDOW } from './baselines/gjr-filter.js';

/** Paths beyond a VaR level below which its ES is an average of a handful of draws. */
export const MIN_TAIL_PATHS = 10;

/** How the warnings name the options: `--` before each (the CLI's, the default) or nothing (the library's). */
export interface WarningNames {
  prefix?: '--' | '';
}

/**
 * A warning for each level below 50 %: its VaR is a quantile above the median (a gain), which is what
 * a tail probability given for a level asks (--levels 0.01 meaning the 99 % VaR, the worst 1 %).
 */
export function lowLevelWarnings(levels: readonly number[], names: WarningNames = {}): string[] {
  const option = `${names.prefix ?? '--'}levels`;
  return levels.filter((level) => level < 0.5).map((level) => `warning: ${option} ${level} is a ${percentText(level, 0)} % confidence level: its VaR is the ${percentText(1 - level, 0)} % quantile, a gain, not a loss; for the VaR of the worst ${percentText(level, 0)} % of outcomes give ${+(1 - level).toPrecision(12)}`);
}

/**
 * A warning for each level whose tail holds fewer than {@link MIN_TAIL_PATHS} of the paths: its VaR and
 * ES are then Monte Carlo noise (20 paths leave 0.2 beyond 99 %), printed but not to be trusted.
 */
export function thinTailWarnings(paths: number, levels: readonly number[], options: { horizon?: number; option?: 'paths' | 'samples' } & WarningNames = {}): string[] {
  // backtest draws --samples a forecast, with no cap; a forecast holds --paths, capped at
  // MAX_FORECAST_VALUES at this horizon (advice beyond the cap is no advice).
  const samples = options.option === 'samples';
  const most = samples ? Infinity : Math.floor(MAX_FORECAST_VALUES / (options.horizon ?? 1));
  const option = `${options.prefix ?? '--'}${samples ? 'samples' : 'paths'}`, unit = samples ? 'draw' : 'path';
  return levels.filter((level) => paths * (1 - level) < MIN_TAIL_PATHS).map((level) => {
    const beyond = paths * (1 - level);
    const count = Math.round(beyond);
    const needed = Math.ceil((MIN_TAIL_PATHS / (1 - level)) * (1 - 1e-8)); // 1 − level carries rounding: 10 / (1 − 0.9999999) is 100,000,000.6
    const advice = needed <= most ? `${option} ${needed} or more leaves ${MIN_TAIL_PATHS}` : `${MIN_TAIL_PATHS} would need ${needed.toLocaleString('en-US')} paths, more than a forecast holds at this horizon (${most.toLocaleString('en-US')}): choose a lower level`;
    // Enough digits that 0.9999999 reads 99.99999 %, not 100 %.
    return `warning: ${option} ${paths} leaves ${beyond < 1 ? `less than one ${unit}` : `about ${count} ${unit}${count === 1 ? '' : 's'}`} beyond the ${+(100 * level).toPrecision(12)} % VaR, so its VaR and ES are mostly noise; ${advice}`;
  });
}

/** A warning for each fall threshold of 1 or more in size: a log return of 100 % or more, where -0.05 (a fall of about 5 %) was likely meant. */
export function fallThresholdWarnings(thresholds: readonly number[], names: WarningNames = {}): string[] {
  const option = names.prefix === '' ? 'fallBelow' : '--below';
  return thresholds.filter((r) => Math.abs(r) >= 1).map((r) => `warning: ${option} ${r} is a log return of ${(100 * r).toFixed(0)} % over the horizon; a fall of about 5 % is -0.05`);
}

/**
 * Returns of history below which a GAN forecast is warned of: the near-term correction
 * (model/short-term.ts) is fitted on the history it is given, GJR-t's filter inside it on the last
 * 2,500 days, so a history shorter than that leaves its slopes resting on few days (and with fewer than
 * 40 days beyond the model's look-back, 296 returns for the default model, none at all: it is left out).
 */
export const STEADY_HISTORY = GJR_FIT_WINDOW;

/**
 * A warning when a forecast's history holds fewer than {@link STEADY_HISTORY} returns: a longer history
 * of the same market can then move the forecast far (docs/forecasting.md, "How the conditioning works").
 */
export function shortHistoryWarnings(returns: number): string[] {
  if (returns >= STEADY_HISTORY) return [];
  return [`warning: the forecast's history holds ${returns} daily returns, fewer than ${STEADY_HISTORY} (about ten years): the near-term correction fitted on it rests on few days, and a longer history of the same market can move the forecast far; give the whole history where there is one`];
}
