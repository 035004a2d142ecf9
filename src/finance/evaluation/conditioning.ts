/**
 * Is a forecaster's conditioning real? Two checks on its 1-day backtest series: how well its VaR
 * tracks the volatility that came next, and how much wider it is the day after the test part's worst
 * day than in its calmest month.
 */

/** The per-origin values these checks read (a 1-day backtest series). */
export interface ConditioningSeries {
  origin: readonly number[];
  valueAtRisk: readonly number[];
}

/** The two conditioning checks of one forecaster. */
export interface ConditioningCheck {
  /** Pearson correlation of the VaR made at t with the realised RMS of r_{t+1} … r_{t+days}; NaN when the VaR never changed. */
  volatilityCorrelation: number;
  /** VaR made at the close of the test part's worst day. */
  afterWorstDay: number;
  /** Mean VaR over the origins of the calmest block of `days` days (lowest realised RMS). */
  calmestMonth: number;
  /** afterWorstDay / calmestMonth. */
  widthRatio: number;
  /** Index (into the returns) of the worst day, at whose close the "after worst day" VaR was made. */
  worstDay: number;
  /** Index of the origin from whose close the calmest month's forecasts were made. */
  calmestStart: number;
  /** The worst day's date, where the backtest had dates. */
  worstDate?: string;
  /** The calmest month's first origin's date, where the backtest had dates. */
  calmestDate?: string;
}

/** The least VaR level the checks read: below it a VaR lies near the median, often constant (a normal's is −μ). */
export const MIN_CONDITIONING_LEVEL = 0.9;

/** Days of realised volatility and of the calmest "month". */
export const CONDITIONING_DAYS = 20;

/** Pearson's correlation; NaN when x never changes (its deviations from the mean are rounding, not signal). */
function correlation(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  if (x.every((v) => v === x[0])) return NaN;
  const mx = x.reduce((a, b) => a + b, 0) / n, my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Realised RMS of returns[from … from + days − 1]. */
function realisedRms(returns: ArrayLike<number>, from: number, days: number): number {
  let s = 0;
  for (let i = from; i < from + days; i++) s += returns[i] ** 2;
  return Math.sqrt(s / days);
}

/**
 * The conditioning checks of a 1-day series whose origins are consecutive days (the returns are the
 * whole series the backtest ran on; origin t saw returns up to t).
 */
export function conditioningCheck(series: ConditioningSeries, returns: ArrayLike<number>, days = CONDITIONING_DAYS): ConditioningCheck {
  const { origin, valueAtRisk } = series;
  if (origin.length < 2 * days) throw new Error(`gangrad: conditioning check: ${origin.length} forecast origins, fewer than ${2 * days}`);
  const vars: number[] = [], vols: number[] = [];
  origin.forEach((t, i) => {
    if (t + days < returns.length) {
      vars.push(valueAtRisk[i]);
      vols.push(realisedRms(returns, t + 1, days));
    }
  });
  // The worst day is a realised day of the test part (origin t's next day), the forecast the one made at its close.
  let worst = 1;
  for (let i = 1; i < origin.length; i++) if (returns[origin[i]] < returns[origin[worst]]) worst = i;
  let calmest = 0, calmestRms = Infinity;
  for (let i = 0; i + days <= origin.length; i++) {
    const rms = realisedRms(returns, origin[i] + 1, days);
    if (rms < calmestRms) { calmestRms = rms; calmest = i; }
  }
  const calm = valueAtRisk.slice(calmest, calmest + days).reduce((a, b) => a + b, 0) / days;
  return {
    volatilityCorrelation: correlation(vars, vols), afterWorstDay: valueAtRisk[worst], calmestMonth: calm,
    widthRatio: valueAtRisk[worst] / calm, worstDay: origin[worst], calmestStart: origin[calmest],
  };
}

/**
 * {@link conditioningCheck} from a 1-day series alone, where the returns are not at hand (a backtest's
 * JSON): the series' realised r_{t+1} at each origin t stand in for the returns. The figures are those of
 * the returns themselves, but for the last `days` origins, whose next `days` returns the series does not
 * hold (on a test part, which runs to the data's end, the checks drop them anyway).
 */
export function conditioningFromSeries(series: ConditioningSeries & { realised: readonly number[] }, days = CONDITIONING_DAYS): ConditioningCheck {
  const { origin, realised } = series;
  for (let i = 1; i < origin.length; i++) {
    if (origin[i] !== origin[i - 1] + 1) throw new Error(`gangrad: conditioning check: the origins are not consecutive days (${origin[i - 1]}, then ${origin[i]}): a 1-day series is needed`);
  }
  const returns = new Float64Array(origin[origin.length - 1] + 2);
  origin.forEach((t, i) => { returns[t + 1] = realised[i]; });
  return conditioningCheck(series, returns, days);
}
