/**
 * The long-horizon criteria (issue 11's targets) of one judged model beside others: the same rows for a
 * single asset (`gangrad eval`) and for each margin of a portfolio (`gangrad portfolio eval`). Values are
 * means over the draws, with their spreads; a comparison with the GJR-GARCH-t column compares the means.
 */
import type { LagBandErrors } from './acf.js';
import type { AveragedComparison, LongHorizonSpread } from './draws.js';
import type { LongHorizonComparison } from './long-horizon.js';

/**
 * A criterion's value for each model (by column name; null where the paths are too short for it, e.g.
 * 100-day returns of 50-day paths), its target, and whether the judged model meets it.
 */
export interface Criterion {
  name: string;
  threshold: string;
  values: Record<string, number | null>;
  /** Long-horizon criteria: the standard deviation of each value over the draws (null where not defined). */
  spread?: Record<string, number | null>;
  passed: boolean;
}

/** One model's column: its name and its long-horizon comparison averaged over the draws. */
export interface LongHorizonColumn {
  name: string;
  longHorizon: AveragedComparison;
}

/** Options of {@link longHorizonCriteria}. */
export interface LongHorizonCriteriaOptions {
  /** The column holding GJR-GARCH-t paths (for a portfolio: the copula's GJR-t margins); default 'GJR-GARCH-t'. */
  gjr?: string;
}

/** The criteria of `models[0]` (the judged model), every column's values beside. */
export function longHorizonCriteria(models: readonly LongHorizonColumn[], options: LongHorizonCriteriaOptions = {}): Criterion[] {
  type Column = { values: Record<string, number | null>; spread: Record<string, number | null> };
  const by = (value: (l: LongHorizonComparison) => number | null | undefined, sd: (s: LongHorizonSpread) => number | null | undefined): Column => ({
    values: Object.fromEntries(models.map((m) => [m.name, value(m.longHorizon) ?? null])),
    spread: Object.fromEntries(models.map((m) => [m.name, sd(m.longHorizon.spread) ?? null])),
  });
  const judged = models[0].name;
  const gjr = models.find((m) => m.name === (options.gjr ?? 'GJR-GARCH-t'))?.name;
  const row = (name: string, threshold: string, { values, spread }: Column, passed: (v: number) => boolean): Criterion => {
    const v = values[judged];
    return { name, threshold, values, spread, passed: v !== null && Number.isFinite(v) && passed(v) };
  };
  const info = () => true;
  // Without a GJR column (a caller's own baselines) the comparison is skipped; a GJR value that is
  // missing or not finite cannot be beaten, so the criterion is not met.
  const notWorseThanGjr = ({ values }: Column) => (v: number) => {
    if (gjr === undefined) return true;
    const g = values[gjr];
    return g !== null && Number.isFinite(g) && v <= g;
  };
  const w1 = (h: number) => by((l) => l.aggregatedW1.find((a) => a.horizon === h)?.w1, (s) => s.aggregatedW1.find((a) => a.horizon === h)?.w1);
  const acfAbs = (band: keyof LagBandErrors) => by((l) => l.acfAbsError[band], (s) => s.acfAbsError[band]);
  const acfSquared = (band: keyof LagBandErrors) => by((l) => l.acfSquaredError[band], (s) => s.acfSquaredError[band]);
  const acf1to100 = acfAbs('lags1to100'), w1d1 = w1(1), w1d20 = w1(20);
  // The last band ends where the series end (eval --length 200 reaches lag 199): its label says so.
  const lastLag = Math.min(250, models[0].longHorizon.stats.acfAbs.length);
  const tail = lastLag > 100 ? `lags 101–${lastLag}` : 'lags 101–250 (paths too short)';
  return [
    row('ACF(|r|) MAE, lags 1–20', '≤ 0.05', acfAbs('lags1to20'), (v) => v <= 0.05),
    row('ACF(|r|) MAE, lags 1–100', '≤ 0.05, GJR', acf1to100, (v) => v <= 0.05 && notWorseThanGjr(acf1to100)(v)),
    row('ACF(|r|) MAE, lags 21–100', 'info', acfAbs('lags21to100'), info),
    row(`ACF(|r|) MAE, ${tail}`, 'info', acfAbs('lags101to250'), info),
    row('ACF(r²) MAE, lags 1–20', 'info', acfSquared('lags1to20'), info),
    row('ACF(r²) MAE, lags 21–100', 'info', acfSquared('lags21to100'), info),
    row(`ACF(r²) MAE, ${tail}`, 'info', acfSquared('lags101to250'), info),
    row('leverage corr(r_t, r²_t+1)', '< 0', by((l) => l.stats.leverage[0], (s) => s.leverageLag1), (v) => v < 0),
    row('W1, 1-day returns', '≤ GJR', w1d1, notWorseThanGjr(w1d1)),
    row('W1, 5-day returns', 'info', w1(5), info),
    row('W1, 20-day returns', '≤ GJR', w1d20, notWorseThanGjr(w1d20)),
    row('W1, 100-day returns', 'info', w1(100), info),
    row('0.5% quantile of daily returns, relative error', '≤ 20%', by((l) => l.tailErrors.q005, (s) => s.tailErrors.q005), (v) => v <= 0.2),
    row('99.5% quantile of daily returns, relative error', '≤ 20%', by((l) => l.tailErrors.q995, (s) => s.tailErrors.q995), (v) => v <= 0.2),
    row('explosive paths (share)', '= 0', by((l) => l.explosiveShare, (s) => s.explosiveShare), (v) => v === 0),
  ];
}
