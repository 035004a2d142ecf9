/** Timing statistics for the benchmark: medians and percentiles of repeated runs. */

export interface Timing {
  /** Milliseconds per repetition, in the order measured. */
  samples: number[];
  median: number;
  p10: number;
  p90: number;
}

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { samples, median: quantile(sorted, 0.5), p10: quantile(sorted, 0.1), p90: quantile(sorted, 0.9) };
}

/**
 * Time `run` after untimed calls — at least `warmup` of them and, with `warmupMs`, for at least that
 * long — then at least `minReps` repetitions, up to `maxReps`, stopping early once `budgetMs` is spent
 * (and minReps are done), so slow peers still finish. A JIT-compiled engine's first steps run before
 * its code is optimised (gangrad's batch-64 step: 6.4, 4.8, 4.0 ms in its first three groups of four
 * against 3.2 in steady state): a time-based warm-up, the same for every engine, measures the steady state.
 */
export async function measure(
  run: () => Promise<void> | void,
  options: { warmup: number; warmupMs?: number; minReps: number; maxReps: number; budgetMs: number },
): Promise<Timing> {
  const warming = performance.now();
  for (let i = 0; i < options.warmup || performance.now() - warming < (options.warmupMs ?? 0); i++) await run();
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < options.maxReps) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
    if (samples.length >= options.minReps && performance.now() - started > options.budgetMs) break;
  }
  return summarise(samples);
}
