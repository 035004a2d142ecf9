import { describe, expect, it } from 'vitest';
import { clone, GanTrainer, keep, mlp, rowSampler, Rng, TRAINING_PHASES, type Tensor, type TrainingPhase } from '../src/index.js';

/** The trainer's phase hook (what the browser lab's step-through view shows) reports the real step. */
function makeTrainer(seed: number, onPhase?: ConstructorParameters<typeof GanTrainer>[0]['onPhase']) {
  const rng = new Rng(5);
  const data = Float32Array.from({ length: 2 * 64 }, () => rng.normal());
  return new GanTrainer({
    generator: mlp([3, 8, 2], { seed: seed + 1 }), discriminator: mlp([2, 8, 1], { seed: seed + 2 }),
    latentDim: 3, batchSize: 5, discriminatorSteps: 2, seed,
    sampleReal: rowSampler(data, 64, 2, 7).sample, onPhase,
  });
}

describe('GanTrainer onPhase hook', () => {
  it('visits every phase in order (the discriminator phases once per D update) with the tensors of the phase', async () => {
    const seen: [TrainingPhase, Record<string, readonly number[]>][] = [];
    let loss: Tensor | null = null;
    const trainer = makeTrainer(1, (phase, tensors) => {
      seen.push([phase, Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, t.shape]))]);
      if (phase === 'discriminator-loss') { loss?.dispose(); loss = keep(clone(tensors.loss)); }
    });
    const metrics = await trainer.step();
    const d = TRAINING_PHASES.slice(0, 6), g = TRAINING_PHASES.slice(6);
    expect(seen.map(([p]) => p)).toEqual([...d, ...d, ...g]);
    const byPhase = new Map(seen.slice(6));
    expect(byPhase.get('sample-z')).toEqual({ z: [5, 3] });
    expect(byPhase.get('generator-forward')).toEqual({ fake: [5, 2] });
    expect(byPhase.get('discriminator-forward')).toEqual({ real: [5, 2], fake: [5, 2], logitsReal: [5, 1], logitsFake: [5, 1] });
    expect(byPhase.get('discriminator-loss')!.loss).toEqual([1]);
    // Gradients and parameters by parameter name: all four of D's after its update, all of G's after G's.
    expect(Object.keys(byPhase.get('discriminator-backward')!)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(byPhase.get('discriminator-adam')!['0.weight']).toEqual([2, 8]);
    expect(byPhase.get('fresh-z')).toEqual({ z: [5, 3] });
    expect(byPhase.get('generator-loss')!.logitsFake).toEqual([5, 1]);
    expect(Object.keys(byPhase.get('generator-backward')!)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(byPhase.get('generator-adam')!['2.weight']).toEqual([8, 2]);
    // The last D update's loss, kept from inside the step, is the loss the step reports.
    expect(await loss!.item()).toBe(metrics!.dLoss);
    loss!.dispose();
    trainer.dispose();
  });

  it('changes nothing: the same seed gives the same parameters with and without the hook', async () => {
    const plain = makeTrainer(3);
    let calls = 0;
    const watched = makeTrainer(3, () => { calls++; });
    await plain.train(4);
    await watched.train(4);
    expect(calls).toBe(4 * 16);
    const a = await Promise.all(plain.generator.parameters().map((p) => p.data()));
    const b = await Promise.all(watched.generator.parameters().map((p) => p.data()));
    expect(b).toEqual(a);
    plain.dispose();
    watched.dispose();
  });
});

describe('engine input checks', () => {
  it('GanTrainer.train refuses a step count that is not a whole number ≥ 0 (NaN ran no steps, 2.5 ran three)', async () => {
    const trainer = makeTrainer(4);
    for (const bad of [Number.NaN, -5, 2.5]) await expect(trainer.train(bad)).rejects.toThrow(`GanTrainer.train: steps must be a whole number ≥ 0, got ${bad}`);
    expect(await trainer.train(0)).toBeNull();
    trainer.dispose();
  });

  it('mlp refuses an unknown activation when built, not at its first forward', () => {
    expect(() => mlp([2, 2, 1], { activation: 'bogus' as never })).toThrow("unknown activation 'bogus' (one of leakyRelu, relu, sigmoid, tanh, linear)");
  });
});
