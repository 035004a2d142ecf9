/**
 * A fit re-estimated every N days on the data up to the last multiple of N: the refit days are fixed
 * by the calendar of the series, not by the order of the calls, so a forecast at day t depends only on
 * the returns up to t however the backtest walks, and forecasters that share the cache fit once.
 */

/** Cached fits of `fit` on history[max(0, end − window), end), end = the last multiple of `every` ≤ history.length. */
export interface PeriodicRefit<T> {
  /** The fit for this history (computed on first use). */
  (history: Float64Array): T;
}

const MAX_CACHED = 4096;

/** A 53-bit fingerprint of the values (FNV-1a over their bits): cached fits are keyed by content, never by position alone. */
function fingerprint(x: Float64Array): string {
  const words = new Uint32Array(x.buffer, x.byteOffset, x.length * 2);
  let a = 0x811c9dc5, b = 0x01000193;
  for (let i = 0; i < words.length; i++) {
    a = Math.imul(a ^ words[i], 0x01000193);
    b = Math.imul(b ^ words[i] ^ (a >>> 15), 0x5bd1e995);
  }
  return `${a >>> 0}:${b >>> 0}`;
}

/**
 * Wraps `fit` in a refit schedule: every `every` days, on at most the last `window` returns
 * (Infinity: all of them). The window handed to `fit` is a copy, so a fit cannot keep a view of data
 * that a later caller changes.
 */
export function periodicRefit<T>(every: number, window: number, fit: (data: Float64Array) => T): PeriodicRefit<T> {
  if (!Number.isInteger(every) || every < 1) throw new Error(`gangrad: the refit interval must be a positive integer number of days, got ${every}`);
  if (!(window >= 1)) throw new Error(`gangrad: the fit window must be at least 1 day, got ${window}`);
  const cache = new Map<string, T>();
  return (history) => {
    const end = Math.floor(history.length / every) * every;
    const data = history.slice(Math.max(0, end - window), end);
    const key = `${data.length}:${fingerprint(data)}`;
    let fitted = cache.get(key);
    if (fitted === undefined) {
      if (cache.size >= MAX_CACHED) cache.clear();
      fitted = fit(data);
      cache.set(key, fitted);
    }
    return fitted;
  };
}
