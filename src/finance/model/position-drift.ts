/**
 * The generator's drift by position in its window, removed from forecast paths.
 *
 * The generator makes a W-day window at once, and it has learned a mean that depends on the day's place
 * in that window: averaged over forecasts from many days, the S&P 500 model's first day drifts up by
 * about 0.12 standard deviations and its fourth by as much, while others drift down. The data have no
 * such pattern (training windows start on any day), and a forecast sees it in full: a 1-day forecast is
 * always a window's first day. So each window position's mean over the paths is moved to the window's
 * average over its W positions: the state-dependent drift of the window stays (calm windows drift up,
 * stressed ones down, as the generator learned), the pattern across positions goes.
 * docs/forecasting.md ("The generator's drift by window position" and "Measured and adopted: the position drift removed") has the measurements.
 */

/** Paths drawn at least to estimate the position means: fewer would flatten the paths themselves (one path would become its own average). */
export const POSITION_DRIFT_MIN_PATHS = 512;

/**
 * Move each position's mean over `paths` to its window's average, in place, window by window. The
 * paths must be whole windows long (a multiple of `window` days) and at least
 * {@link POSITION_DRIFT_MIN_PATHS}: the means are estimated from the paths themselves.
 */
export function removePositionDrift(paths: readonly Float64Array[], window: number): void {
  if (paths.length === 0) return;
  const length = paths[0].length;
  if (length % window !== 0) throw new Error(`gangrad: removePositionDrift needs whole windows of ${window} days, got paths of ${length}`);
  if (paths.length < POSITION_DRIFT_MIN_PATHS) throw new Error(`gangrad: removePositionDrift needs at least ${POSITION_DRIFT_MIN_PATHS} paths to estimate position means, got ${paths.length}`);
  const means = new Float64Array(window);
  for (let start = 0; start < length; start += window) {
    means.fill(0);
    for (const p of paths) for (let d = 0; d < window; d++) means[d] += p[start + d];
    let average = 0;
    for (let d = 0; d < window; d++) average += (means[d] /= paths.length) / window;
    for (const p of paths) for (let d = 0; d < window; d++) p[start + d] -= means[d] - average;
  }
}
