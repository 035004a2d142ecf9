/**
 * Nelder–Mead simplex minimisation with restarts: derivative-free, robust on the few-parameter,
 * smooth-but-badly-scaled likelihoods of GARCH models. Each restart builds a fresh simplex around the
 * best point so far, which rescues a simplex collapsed onto a ridge; it stops when a restart no longer
 * improves the value.
 */

export interface NelderMeadOptions {
  /** Initial simplex step per coordinate (default 0.5). */
  step?: number;
  /** Stop a run when the simplex's values span less than this (default 1e-10). */
  tolerance?: number;
  /** Function evaluations per run (default 400 × dimension). */
  maxEvaluations?: number;
  /** Restarts after the first run (default 4). */
  restarts?: number;
}

/** The best point found, its value, and how many evaluations it took. */
export interface NelderMeadResult {
  x: number[];
  value: number;
  evaluations: number;
}

function run(f: (x: number[]) => number, start: number[], step: number, tolerance: number, maxEvaluations: number): NelderMeadResult {
  const n = start.length;
  // Non-finite values (a likelihood overflowing) count as +∞: the simplex walks away from them.
  const value = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const points = [start.slice()];
  for (let i = 0; i < n; i++) {
    const p = start.slice();
    p[i] += step;
    points.push(p);
  }
  let values = points.map(value);
  let evaluations = n + 1;
  const along = (c: number[], p: number[], t: number) => c.map((ci, i) => ci + t * (p[i] - ci));
  while (evaluations < maxEvaluations) {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    const sorted = order.map((i) => points[i]);
    values = order.map((i) => values[i]);
    points.splice(0, points.length, ...sorted);
    if (Math.abs(values[n] - values[0]) <= tolerance * (1 + Math.abs(values[0]))) break;
    const centroid = new Array(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += points[i][j] / n;
    const worst = points[n];
    const reflected = along(centroid, worst, -1);
    const fr = value(reflected); evaluations++;
    if (fr < values[0]) {
      const expanded = along(centroid, worst, -2);
      const fe = value(expanded); evaluations++;
      [points[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]) {
      [points[n], values[n]] = [reflected, fr];
    } else {
      const outside = fr < values[n];
      const contracted = along(centroid, worst, outside ? -0.5 : 0.5);
      const fc = value(contracted); evaluations++;
      if (fc < (outside ? fr : values[n])) {
        [points[n], values[n]] = [contracted, fc];
      } else {
        for (let i = 1; i <= n; i++) {
          points[i] = along(points[0], points[i], 0.5);
          values[i] = value(points[i]); evaluations++;
        }
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return { x: points[best], value: values[best], evaluations };
}

/** Minimise f from `start`; returns the best point found over the first run and its restarts. */
export function nelderMead(f: (x: number[]) => number, start: number[], options: NelderMeadOptions = {}): NelderMeadResult {
  const step = options.step ?? 0.5, tolerance = options.tolerance ?? 1e-10;
  const maxEvaluations = options.maxEvaluations ?? 400 * start.length;
  let best = run(f, start, step, tolerance, maxEvaluations);
  let evaluations = best.evaluations;
  for (let r = 0; r < (options.restarts ?? 4); r++) {
    // Smaller simplices each time: the later runs polish, the first explores.
    const next = run(f, best.x, step / 2 ** (r + 1), tolerance, maxEvaluations);
    evaluations += next.evaluations;
    const improved = next.value < best.value - tolerance * (1 + Math.abs(best.value));
    if (next.value < best.value) best = next;
    if (!improved) break;
  }
  return { ...best, evaluations };
}
