import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { startScoringWorkers, withScoringWorkers } from '../src/cli/scoring-workers.js';
import { discriminativeFold, discriminativeScore, scoreFromFolds } from '../src/finance/evaluation/discriminative.js';
import { evaluateModel } from '../src/finance/evaluation/evaluate.js';
import { closestDistances } from '../src/tabular/evaluation/evaluate.js';
import { fitGaussian } from '../src/finance/baselines/index.js';
import { prepareDataset } from '../src/finance/data/dataset.js';
import { DEFAULT_CONFIG } from '../src/finance/model/config.js';
import { buildNetworks } from '../src/finance/model/networks.js';
import { createBackend } from '../src/backend/index.js';
import { Rng, setBackend } from '../src/tensor/index.js';

/** Windows whose volatility varies from window to window (heavy-tailed when pooled). */
function windows(count: number, length: number, seed: number, spread: number): Float64Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const level = Math.exp(spread * rng.normal());
    return Float64Array.from({ length }, () => 0.01 * level * rng.normal());
  });
}

describe('discriminative scores on worker threads', () => {
  const options = { seed: 5, steps: 80, folds: 3, purge: 1 };

  it.each(['wasm', 'cpu'] as const)('a %s worker computes exactly what the calling thread does', async (kind) => {
    setBackend(await createBackend(kind, { threads: 1 }));
    const real = windows(90, 16, 1, 0.6), synthetic = windows(90, 16, 2, 0);
    const pool = await startScoringWorkers(2, kind);
    try {
      const [a, b] = await Promise.all([pool.score(real, synthetic, options), pool.score(synthetic, real, options)]);
      expect(a).toBe(await discriminativeScore(real, synthetic, options));
      expect(b).toBe(await discriminativeScore(synthetic, real, options));
    } finally {
      await pool.close();
    }
  });

  it('the score is its folds\' tallies summed, each fold computed on its own', async () => {
    setBackend(await createBackend('wasm', { threads: 1 }));
    const real = windows(40, 8, 3, 0.6), synthetic = windows(50, 8, 4, 0);
    const tallies = await Promise.all([0, 1, 2].map((k) => discriminativeFold(real, synthetic, k, options)));
    expect(tallies.reduce((a, t) => a + t.total, 0)).toBe(90);
    expect(scoreFromFolds(tallies)).toBe(await discriminativeScore(real, synthetic, options));
    await expect(discriminativeFold(real, synthetic, 3, options)).rejects.toThrow(/fold 3 is not one of 0\.\.2/);
  });

  it('a refused job rejects with the reason, and the pool goes on; a closed pool refuses work', async () => {
    const pool = await startScoringWorkers(1, 'wasm');
    await expect(pool.score(windows(2, 8, 1, 0), windows(10, 8, 2, 0), options)).rejects.toThrow(/at least 3 real/);
    expect(await pool.score(windows(30, 8, 1, 0), windows(30, 8, 2, 0), options)).toBeGreaterThanOrEqual(0);
    await pool.close();
    await expect(pool.score(windows(30, 8, 1, 0), windows(30, 8, 2, 0), options)).rejects.toThrow(/closed/);
    await expect(startScoringWorkers(0, 'cpu')).rejects.toThrow(/whole number ≥ 1/);
  });

  it('splits a table\'s nearest-row distances across the workers: the same numbers, in row order', async () => {
    const rng = new Rng(9), width = 7;
    const rows = (n: number) => Float32Array.from({ length: n * width }, (_, i) => (i % width < 3 ? rng.normal() : rng.uniform() < 0.3 ? 1 : 0));
    const reference = rows(400), x = rows(37);
    x.set(reference.subarray(5 * width, 6 * width), 11 * width); // an exact copy: distance 0
    const pool = await startScoringWorkers(2, 'wasm');
    try {
      const pooled = await pool.closestDistances(x, reference, width);
      expect(pooled).toEqual(closestDistances(x, reference, width));
      expect(pooled[11]).toBe(0);
      expect(await pool.closestDistances(x.subarray(0, width), reference, width)).toEqual(closestDistances(x.subarray(0, width), reference, width));
    } finally {
      await pool.close();
    }
  });

  it('a GPU backend scores on the calling thread: no pool, nothing passed on', async () => {
    expect(await withScoringWorkers('webgpu', async (options) => options)).toEqual({});
    expect(await withScoringWorkers('gpujs', async (options) => options)).toEqual({});
  });

  it('evaluateModel gives the same figures with draws compared concurrently on workers as one by one', async () => {
    setBackend(await createBackend('wasm', { threads: 1 }));
    const config = { ...DEFAULT_CONFIG, window: 16, latentDim: 8, hidden: [16] };
    const dataset = prepareDataset(fileURLToPath(new URL('../data/sp500_gspc_daily.csv', import.meta.url)), config);
    const { generator } = buildNetworks(config, dataset.transforms);
    const train = dataset.part('train');
    const common = {
      generator, latentDim: config.latentDim, transforms: dataset.transforms, window: config.window,
      testReturns: dataset.part('test').slice(0, 1200), trainReturns: train, count: 120, seed: 3, draws: 3, paths: 3, length: 200,
      baselines: [fitGaussian(train)],
    };
    const sequential = await evaluateModel(common);
    const pool = await startScoringWorkers(2, 'wasm');
    try {
      expect(await evaluateModel({ ...common, discriminativeScorer: pool.score, concurrentDraws: 4 })).toEqual(sequential);
    } finally {
      await pool.close();
    }
    await expect(evaluateModel({ ...common, concurrentDraws: 0 })).rejects.toThrow(/concurrent draws must be a whole number/);
  });
});
