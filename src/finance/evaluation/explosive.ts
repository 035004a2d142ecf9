/**
 * Explosive paths: a simulated path that ever moves further in one day than twice the largest move of
 * the real training part has left the range the model was fitted on (a GARCH near its stationarity
 * border, a generator extrapolating). A non-finite value counts as explosive too.
 */
import type { Series } from './stylized.js';

/** 2 × max |r| over the training returns: a daily move beyond this makes a path explosive. */
export function explosiveThreshold(trainReturns: Series): number {
  let max = 0;
  for (let i = 0; i < trainReturns.length; i++) max = Math.max(max, Math.abs(trainReturns[i]));
  return 2 * max;
}

/** Whether one path has any |r| > threshold, or any non-finite value. */
export function isExplosive(path: Series, threshold: number): boolean {
  for (let i = 0; i < path.length; i++) if (!(Math.abs(path[i]) <= threshold)) return true;
  return false;
}

/** Share of paths (0..1) that are explosive against `threshold`. */
export function explosiveShare(paths: Series[], threshold: number): number {
  if (paths.length === 0) return 0;
  return paths.filter((p) => isExplosive(p, threshold)).length / paths.length;
}
