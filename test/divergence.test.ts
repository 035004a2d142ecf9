/** Divergence bounds: a finite but runaway run raises the same clear error as NaN. */
import { describe, expect, it } from 'vitest';
import { Adam, disposeModule, GanTrainer, mlp, rowSampler, scale, TrainingDivergedError, type Module, type Tensor } from '../src/index.js';

const data = Float32Array.from({ length: 256 }, (_, i) => Math.sin(i) + 0.1 * Math.cos(3 * i));

describe('divergence bounds', () => {
  it('lr 1000: losses run past 50 and the trainer stops with TrainingDivergedError, not "done"', async () => {
    const G = mlp([2, 16, 1], { seed: 1 });
    const D = mlp([1, 16, 1], { seed: 2 });
    const trainer = new GanTrainer({
      generator: G, discriminator: D, latentDim: 2, batchSize: 16, seed: 1, sampleReal: rowSampler(data, 256, 1, 1).sample,
      generatorOptimizer: new Adam(G.parameters(), { lr: 1000 }), discriminatorOptimizer: new Adam(D.parameters(), { lr: 1000 }),
    });
    const error = await trainer.train(500).then(() => null, (e) => e);
    expect(error).toBeInstanceOf(TrainingDivergedError);
    expect(error.message).toMatch(/training diverged at step \d+: .*(a loss above 50 on 3 metric reads in a row|not finite|generated values)/);
    expect(error.metrics.step).toBeLessThan(500);
    trainer.dispose(); disposeModule(G); disposeModule(D);
  });

  it('a loss above the bound for fewer reads than the patience is tolerated; the bound is configurable', async () => {
    const run = async (patience: number) => {
      const G = mlp([2, 8, 1], { seed: 3 });
      const D = mlp([1, 8, 1], { seed: 4 });
      const trainer = new GanTrainer({ generator: G, discriminator: D, latentDim: 2, batchSize: 8, sampleReal: rowSampler(data, 256, 1, 1).sample, divergence: { maxLoss: 0, patience } });
      const result = await trainer.train(3).then(() => 'ok', (e: Error) => e.message);
      trainer.dispose(); disposeModule(G); disposeModule(D);
      return result;
    };
    expect(await run(4)).toBe('ok'); // every loss is > 0, but only 3 reads
    expect(await run(3)).toMatch(/diverged at step 3: .*a loss above 0 on 3 metric reads in a row/);
  });

  it('generated values beyond the bound stop the run at the first read', async () => {
    const inner = mlp([2, 8, 1], { seed: 5 });
    const huge: Module = { forward: (z: Tensor) => scale(inner.forward(z), 1e8), parameters: () => inner.parameters(), namedParameters: (p?: string) => inner.namedParameters(p) };
    const D = mlp([1, 8, 1], { seed: 6 });
    const trainer = new GanTrainer({ generator: huge, discriminator: D, latentDim: 2, batchSize: 8, sampleReal: rowSampler(data, 256, 1, 1).sample });
    await expect(trainer.step()).rejects.toThrow(/diverged at step 1: .*generated values of RMS [\d.e+]+, above the bound 1000000/);
    trainer.dispose(); disposeModule(inner); disposeModule(D);
  });
});
