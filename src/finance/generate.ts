import { LatentSampler } from '../gan/index.js';
import type { Module } from '../nn/index.js';
import { concatColumns, noGrad, Rng, tensor, tidy } from '../tensor/index.js';
import type { TransformState } from './transforms.js';
import { modelToWindow, regimeAt, toReturns } from './transforms.js';

/**
 * `count` synthetic windows of log returns in real units (each window an independent draw), made in
 * batches so memory stays bounded. A dedicated noise stream (seeded by `seed`) keeps generation from
 * disturbing the training noise, so evaluating during training never changes what training does.
 */
export async function generateWindows(generator: Module, latentDim: number, transforms: TransformState, count: number, seed: number, batch = 1024): Promise<Float64Array[]> {
  const sampler = new LatentSampler(latentDim, seed);
  const regimes = new Rng(seed ^ 0x9e3779b9);
  const windows: Float64Array[] = [];
  for (let done = 0; done < count; done += batch) {
    const n = Math.min(batch, count - done);
    // Conditional (scale-mixture) model: each window's volatility level is drawn from the training
    // windows' distribution; the generator makes the window's shape at that level, and the level's
    // RMS multiplies it back (see dataset.ts).
    const regime = transforms.regime;
    const levels = regime ? Float32Array.from({ length: n }, () => regimeAt(regime.quantiles, regimes.uniform())) : null;
    const out = noGrad(() => tidy(() => {
      const z = sampler.sample(n);
      return generator.forward(levels ? concatColumns(z, tensor(levels, [n, 1])) : z);
    }));
    const values = Float64Array.from(await out.data());
    out.dispose();
    const width = values.length / n;
    for (let i = 0; i < n; i++) {
      const window = values.subarray(i * width, (i + 1) * width);
      windows.push(levels ? modelToWindow(window, levels[i], transforms) : toReturns(window, transforms));
    }
  }
  return windows;
}

/**
 * A path of `length` days: consecutive independent windows, joined. Within a window the generator's
 * learned dependence (volatility clustering, leverage) holds; across a border the windows are
 * independent, so volatility regimes reset every `window` days. Use lengths ≤ the window when that
 * matters.
 */
export async function generatePaths(generator: Module, latentDim: number, transforms: TransformState, window: number, paths: number, length: number, seed: number): Promise<Float64Array[]> {
  const perPath = Math.ceil(length / window);
  const windows = await generateWindows(generator, latentDim, transforms, paths * perPath, seed);
  return Array.from({ length: paths }, (_, p) => {
    const out = new Float64Array(length);
    for (let w = 0; w < perPath; w++) {
      const src = windows[p * perPath + w];
      for (let i = 0; i < window && w * window + i < length; i++) out[w * window + i] = src[i];
    }
    return out;
  });
}
