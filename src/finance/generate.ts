import { LatentSampler } from '../gan/index.js';
import type { Sequential } from '../nn/index.js';
import { noGrad, tidy } from '../tensor/index.js';
import type { TransformState } from './transforms.js';
import { toReturns } from './transforms.js';

/**
 * `count` synthetic windows of log returns in real units (each window an independent draw), made in
 * batches so memory stays bounded. A dedicated noise stream (seeded by `seed`) keeps generation from
 * disturbing the training noise, so evaluating during training never changes what training does.
 */
export async function generateWindows(generator: Sequential, latentDim: number, transforms: TransformState, count: number, seed: number, batch = 1024): Promise<Float64Array[]> {
  const sampler = new LatentSampler(latentDim, seed);
  const windows: Float64Array[] = [];
  for (let done = 0; done < count; done += batch) {
    const n = Math.min(batch, count - done);
    const out = noGrad(() => tidy(() => generator.forward(sampler.sample(n))));
    const values = await out.data();
    out.dispose();
    const width = values.length / n;
    for (let i = 0; i < n; i++) windows.push(toReturns(values.subarray(i * width, (i + 1) * width), transforms));
  }
  return windows;
}

/**
 * A path of `length` days: consecutive independent windows, joined. Within a window the generator's
 * learned dependence (volatility clustering, leverage) holds; across a border the windows are
 * independent, so volatility regimes reset every `window` days. Use lengths ≤ the window when that
 * matters.
 */
export async function generatePaths(generator: Sequential, latentDim: number, transforms: TransformState, window: number, paths: number, length: number, seed: number): Promise<Float64Array[]> {
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
