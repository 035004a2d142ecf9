/**
 * Autocorrelation of volatility proxies (|r| and r²) out to long lags, and its error in lag bands.
 *
 * For N paths the estimator pools: one mean and one variance from all values of all paths, lag products
 * summed within each path only (see `autocorrelation` in stylized.ts). Averaging per-path ACFs instead
 * would subtract each path's own mean of |r|, removing exactly the slow volatility swings a long-lag ACF
 * is meant to see (a 1,000-day path's own mean absorbs most of them), and bias every model towards zero
 * against a 20,000-day real series.
 */
import { absolute, autocorrelation, meanAbsoluteError, type Series } from './stylized.js';
import { mapToFloat64 } from '../data/map.js';

/** Lag bands (inclusive) over which ACF errors are averaged. */
export const LAG_BANDS = { lags1to20: [1, 20], lags21to100: [21, 100], lags101to250: [101, 250], lags1to100: [1, 100] } as const;

/** Mean absolute ACF error per lag band; null where the band lies beyond the lags computed. */
export type LagBandErrors = { [K in keyof typeof LAG_BANDS]: number | null };

/** r² for each series. */
export function squared(series: Series[]): Float64Array[] {
  return series.map((s) => mapToFloat64(s, (v) => v * v));
}

/** ACF of |r| at lags 1..maxLag, pooled over the series. */
export function acfAbs(series: Series[], maxLag: number): number[] {
  return autocorrelation(absolute(series), maxLag);
}

/** ACF of r² at lags 1..maxLag, pooled over the series. */
export function acfSquared(series: Series[], maxLag: number): number[] {
  return autocorrelation(squared(series), maxLag);
}

/**
 * Mean absolute difference of two ACFs (index 0 = lag 1) over each band of {@link LAG_BANDS}; a band is
 * clipped to the lags both have, and null when none of its lags is there.
 */
export function lagBandErrors(real: number[], model: number[]): LagBandErrors {
  const available = Math.min(real.length, model.length);
  const out = {} as Record<keyof typeof LAG_BANDS, number | null>;
  for (const [name, [from, to]] of Object.entries(LAG_BANDS) as [keyof typeof LAG_BANDS, readonly [number, number]][]) {
    const end = Math.min(to, available);
    out[name] = end < from ? null : meanAbsoluteError(real.slice(from - 1, end), model.slice(from - 1, end));
  }
  return out;
}
