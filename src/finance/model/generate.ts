import { eventLoopTurn, LatentSampler } from '../../gan/index.js';
import type { Module } from '../../nn/index.js';
import { concatColumns, noGrad, Rng, tensor, tidy } from '../../tensor/index.js';
import { simulateLevels } from './level-process.js';
import { dailyState } from '../data/daily-state.js';
import type { TransformState } from '../data/transforms.js';
import { modelToWindow, regimeAt, toReturns } from '../data/transforms.js';

/** Paths generated together: one generator batch per window position, so memory is chunk × length. */
export const PATH_CHUNK = 256;

/** One generator forward pass on n noise rows (with `conditions`, [n, c], appended), read back. */
export async function forward(generator: Module, sampler: LatentSampler, n: number, conditions: Float32Array | null): Promise<Float64Array> {
  const out = noGrad(() => tidy(() => {
    const z = sampler.sample(n);
    return generator.forward(conditions ? concatColumns(z, tensor(conditions, [n, conditions.length / n])) : z);
  }));
  const values = Float64Array.from(await out.data());
  out.dispose();
  return values;
}

/**
 * `count` synthetic windows of log returns in real units (each window an independent draw), made in
 * batches so memory stays bounded. A dedicated noise stream (seeded by `seed`) keeps generation from
 * disturbing the training noise, so evaluating during training never changes what training does.
 *
 * Levels: with a level process (generator `window-ar-level`) each window gets a (previous level, level)
 * pair simulated from the stationary process; otherwise (independent windows) a level drawn from the
 * training windows' distribution. The generator makes the window's shape at that level, and the
 * level's RMS multiplies it back (see dataset.ts), times the calibration's scale (level-process.ts).
 */
export async function generateWindows(generator: Module, latentDim: number, transforms: TransformState, count: number, seed: number, batch = 1024): Promise<Float64Array[]> {
  const sampler = new LatentSampler(latentDim, seed);
  const regimes = new Rng(seed ^ 0x9e3779b9);
  const { regime, levelProcess } = transforms;
  const daily = levelProcess && transforms.dailyCondition === true;
  const c = levelProcess ? (daily ? 3 : 2) : regime ? 1 : 0;
  const scale = levelProcess?.calibration?.scale ?? 1;
  const windows: Float64Array[] = [];
  for (let done = 0; done < count; done += batch) {
    const n = Math.min(batch, count - done);
    const conditions = c > 0 ? new Float32Array(n * c) : null;
    for (let i = 0; i < n && conditions; i++) {
      if (levelProcess) {
        const [previous, level] = simulateLevels(levelProcess, 1, regimes);
        conditions[i * c] = level;
        conditions[i * c + 1] = previous;
        // An independent window has no days before it: the previous level stands in for the daily state.
        if (daily) conditions[i * c + 2] = previous;
      } else conditions[i] = regimeAt(regime!.quantiles, regimes.uniform());
    }
    const values = await forward(generator, sampler, n, conditions);
    const width = values.length / n;
    for (let i = 0; i < n; i++) {
      const window = values.subarray(i * width, (i + 1) * width);
      windows.push(conditions ? modelToWindow(window, conditions[i * c], transforms, { scale }) : toReturns(window, transforms));
    }
  }
  return windows;
}

/** Windows of a path made between two turns of the event loop: a few milliseconds of work at one path. */
export const WINDOWS_PER_TURN = 64;

/**
 * Paths of `length` days, `PATH_CHUNK` paths at a time (so a caller can write them out as they come:
 * memory is bounded by the chunk, whatever the number of paths). Each chunk is `{ first, paths }`, with
 * `first` the index of its first path.
 *
 * With a level process (generator `window-ar-level`) a path is made window by window: the level process
 * gives each window its volatility level from the levels before it, and the generator makes the
 * window's shape from noise, that level and the previous window's level. Volatility memory therefore
 * reaches across window borders as far as the level process remembers. Models without one (files
 * from before it) join independent windows: volatility regimes then reset every `window` days.
 */
export async function* generatePathChunks(generator: Module, latentDim: number, transforms: TransformState, window: number, paths: number, length: number, seed: number): AsyncGenerator<{ first: number; paths: Float64Array[] }> {
  const perPath = Math.ceil(length / window);
  const sampler = new LatentSampler(latentDim, seed);
  const levelRng = new Rng(seed ^ 0x9e3779b9);
  const { levelProcess } = transforms;
  for (let first = 0; first < paths; first += PATH_CHUNK) {
    const n = Math.min(PATH_CHUNK, paths - first);
    const out = Array.from({ length: n }, () => new Float64Array(length));
    if (!levelProcess) {
      const windows = await generateWindows(generator, latentDim, transforms, n * perPath, seed + first);
      for (let p = 0; p < n; p++) for (let w = 0; w < perPath; w++) out[p].set(windows[p * perPath + w].subarray(0, Math.min(window, length - w * window)), w * window);
    } else {
      // Level paths first (cheap scalars): levels[p][w + 1] is window w's level, levels[p][0] the one before.
      const levels = Array.from({ length: n }, () => simulateLevels(levelProcess, perPath, levelRng));
      const daily = transforms.dailyCondition === true;
      const c = daily ? 3 : 2;
      const scale = levelProcess.calibration?.scale ?? 1;
      // With the daily condition: the path's generated days (every window in full, also past `length`).
      const full = daily ? Array.from({ length: n }, () => new Float64Array(perPath * window)) : null;
      const conditions = new Float32Array(n * c);
      for (let w = 0; w < perPath; w++) {
        for (let p = 0; p < n; p++) {
          conditions[p * c] = levels[p][w + 1];
          conditions[p * c + 1] = levels[p][w];
          // The path's first window: the previous level stands in; later ones: the filter on the path's own days.
          if (full) conditions[p * c + 2] = w === 0 ? levels[p][w] : dailyState(full[p], w * window, transforms);
        }
        // On CPU backends forward awaits only resolved promises: let a signal (Ctrl-C) in on long paths.
        if (w % WINDOWS_PER_TURN === WINDOWS_PER_TURN - 1) await eventLoopTurn();
        const values = await forward(generator, sampler, n, conditions);
        for (let p = 0; p < n; p++) {
          const returns = modelToWindow(values.subarray(p * window, (p + 1) * window), conditions[p * c], transforms, { scale });
          if (full) full[p].set(returns, w * window);
          out[p].set(returns.subarray(0, Math.min(window, length - w * window)), w * window);
        }
      }
    }
    yield { first, paths: out };
  }
}

/** All paths of {@link generatePathChunks} in one array (for evaluation; the CLI streams chunks instead). */
export async function generatePaths(generator: Module, latentDim: number, transforms: TransformState, window: number, paths: number, length: number, seed: number): Promise<Float64Array[]> {
  const all: Float64Array[] = [];
  for await (const chunk of generatePathChunks(generator, latentDim, transforms, window, paths, length, seed)) all.push(...chunk.paths);
  return all;
}
