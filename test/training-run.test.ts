/** The one training run (gan/run.ts): its evaluation, best-checkpoint and checkpoint schedules, stop and resume. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GanTrainer, mlp, rowSampler, Rng, runTraining, TrainingLog, type RunState } from '../src/index.js';

function makeTrainer(seed = 1) {
  const rng = new Rng(5);
  const data = Float32Array.from({ length: 2 * 64 }, () => rng.normal());
  return new GanTrainer({
    generator: mlp([3, 8, 2], { seed: seed + 1 }), discriminator: mlp([2, 8, 1], { seed: seed + 2 }),
    latentDim: 3, batchSize: 5, seed, metricsEvery: 4, sampleReal: rowSampler(data, 64, 2, 7).sample,
  });
}

/** Scores that fall, rise, then fall below the best: the best must move only on a strictly lower score. */
const SCORES = [5, 3, 4, 3, 1];

describe('runTraining', () => {
  it('scores every N steps and at the last, keeps the strictly best, checkpoints on schedule and at the end', async () => {
    const trainer = makeTrainer();
    const scored: number[] = [], bests: number[] = [], checkpoints: [number, RunState][] = [];
    const progress: number[] = [];
    const summary = await runTraining({
      trainer, steps: 22,
      evaluation: {
        every: 5,
        score: async () => { scored.push(trainer.stepCount); return { score: SCORES[scored.length - 1] }; },
        onBest: async (best) => { bests.push(best.step); },
      },
      checkpoint: { every: 10, save: async (state) => { checkpoints.push([trainer.stepCount, state]); } },
      onProgress: (p) => { if (p.validation) progress.push(p.step); },
    });
    expect(scored).toEqual([5, 10, 15, 20, 22]);
    expect(progress).toEqual(scored);
    expect(bests).toEqual([5, 10, 22]); // 4 > 3 and a tie at 3 keep step 10
    expect(summary).toMatchObject({ steps: 22, interrupted: false, best: { step: 22, score: 1 } });
    expect(checkpoints.map(([step]) => step)).toEqual([10, 20, 22]);
    expect(checkpoints[0][1].best).toEqual({ step: 10, score: 3 });
    trainer.dispose();
  });

  it('an abort stops after the current step, writes the final checkpoint, and still scores once', async () => {
    const trainer = makeTrainer();
    const controller = new AbortController();
    const scored: number[] = [], saved: [number, RunState][] = [];
    const summary = await runTraining({
      trainer, steps: 100, signal: controller.signal,
      evaluation: { every: 50, score: async () => { scored.push(trainer.stepCount); return { score: 1 }; } },
      checkpoint: { every: 50, save: async (state) => { saved.push([trainer.stepCount, state]); } },
      onProgress: (p) => { if (p.step === 7) controller.abort(); },
    });
    expect(summary).toMatchObject({ steps: 7, interrupted: true, best: { step: 7, score: 1 } });
    // Saved at once (a second Ctrl-C during the scoring must not lose it), then again with that score's
    // best: saved only before it, a resumed run started with none and forgot it.
    expect(saved.map(([step, state]) => [step, state.best])).toEqual([[7, null], [7, { step: 7, score: 1 }]]);
    expect(scored).toEqual([7]);
    trainer.dispose();
  });

  it('a resumed run starts from its checkpoint\'s best and time; the log keeps the rows up to the checkpoint', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gangrad-run-')), 'training-log.csv');
    const log = new TrainingLog(file, ['val']);
    log.begin();
    const trainer = makeTrainer();
    const cells = (_: unknown, e: { score: number } | null) => [e ? String(e.score) : ''];
    await runTraining({ trainer, steps: 8, evaluation: { every: 4, score: async () => ({ score: 2 }) }, log: { file: log, cells } });
    const rows = readFileSync(file, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('step,d_loss,g_loss,d_real,d_fake,seconds,val');
    expect(rows.slice(1).map((r) => [r.split(',')[0], r.split(',')[6]])).toEqual([['1', ''], ['4', '2'], ['8', '2']]);
    log.keepUpTo(4);
    expect(readFileSync(file, 'utf8').trim().split('\n').map((r) => r.split(',')[0])).toEqual(['step', '1', '4']);
    const summary = await runTraining({
      trainer, steps: 12, resumed: { best: { step: 4, score: 1 }, elapsedSeconds: 1e6 },
      evaluation: { every: 4, score: async () => ({ score: 2 }) },
    });
    expect(summary.best).toEqual({ step: 4, score: 1 });
    expect(summary.elapsedSeconds).toBeGreaterThan(1e6);
    trainer.dispose();
  });
});
