/**
 * RiskMetrics' exponentially weighted moving average of squared returns (J.P. Morgan 1996), zero mean:
 * σ²_{s+1} = λσ²_s + (1 − λ)r²_s, started at the mean square of the first {@link EWMA_SEED_DAYS} days.
 * With λ = 0.94 the start's weight has fallen below 2 % after {@link EWMA_MIN_HISTORY} days.
 */

/** RiskMetrics' daily decay. */
export const RISKMETRICS_LAMBDA = 0.94;
/** Days whose mean square starts the recursion. */
export const EWMA_SEED_DAYS = 30;
/** Days of history an EWMA forecaster needs at least. */
export const EWMA_MIN_HISTORY = 100;

/** Rejects a decay outside (0, 1), naming the model. */
export function checkLambda(model: string, lambda: number): void {
  if (!(lambda > 0 && lambda < 1)) throw new Error(`gangrad: ${model}: λ must lie strictly between 0 and 1, got ${lambda}`);
}

/** σ²_s for s = 0 … n (n + 1 values: the last is tomorrow's variance, known at the close of the last day). */
export function ewmaVariances(returns: ArrayLike<number>, lambda: number): Float64Array {
  const n = returns.length, seed = Math.min(EWMA_SEED_DAYS, n);
  const out = new Float64Array(n + 1);
  let h = 0;
  for (let i = 0; i < seed; i++) h += returns[i] ** 2;
  h /= Math.max(seed, 1);
  for (let s = 0; s < n; s++) {
    out[s] = h;
    h = lambda * h + (1 - lambda) * returns[s] ** 2;
  }
  out[n] = h;
  return out;
}
