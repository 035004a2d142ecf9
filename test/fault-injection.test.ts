/**
 * Fault injection (issue 13): training is killed with SIGKILL at random points, 20 times, alternating
 * fresh runs (--force) over a published model with resumptions of the killed run. After each kill the
 * model directory must hold either the previous complete result or the new complete one, never a mix,
 * and DIR.partial either nothing of value (no checkpoint) or a resumable run. Seeded: failures repeat.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkResumable, runDirs, settleModelDir } from '../src/cli/model-dir.js';
import { Rng } from '../src/index.js';
import { writeSmallPriceFile } from './finance-train.test.js';
import { cli, snapshot, startCli, TINY } from './helpers/cli.js';

const RUNS = 20;

/** The published directory is one complete run: model and checkpoint of one run id, the checkpoint at the run's last step. */
function expectComplete(dir: string): string {
  const state = checkResumable(dir); // throws if model and checkpoint belong to different runs
  expect(state.step, dir).toBe(state.steps);
  expect(state.modelStep).not.toBeNull();
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  expect(config.steps).toBe(state.steps);
  expect(readFileSync(join(dir, 'training-log.csv'), 'utf8')).toMatch(/^step,/);
  return state.runId!;
}

describe('SIGKILL at random points during training', () => {
  it(`${RUNS} kills: the directory always holds a complete result, the partial is resumable or empty`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-faults-'));
    const data = writeSmallPriceFile(dir, 300);
    const out = join(dir, 'model');
    const { partial } = runDirs(out);
    const common = ['--out', out, '--eval-every', '3', '--checkpoint-every', '2', ...TINY];
    const started = performance.now();
    const first = cli(['train', '--data', data, '--steps', '24', ...common]);
    expect(first.status, first.stderr).toBe(0);
    const runSeconds = (performance.now() - started) / 1000;
    let published = snapshot(out);
    let publishedRun = expectComplete(out);
    const rng = new Rng(2024);
    const outcomes = { killed: 0, completed: 0, resumed: 0, published: 0 };
    for (let i = 0; i < RUNS; i++) {
      const resume = existsSync(join(partial, 'checkpoint.safetensors')) && rng.uniform() < 0.5;
      const args = resume ? ['train', '--resume', '--steps', '24', ...common] : ['train', '--data', data, '--force', '--steps', '24', '--seed', String(i + 2), ...common];
      if (resume) outcomes.resumed++;
      const run = startCli(args);
      // From the very start (lock, directory set-up) to past a typical run's end (the publish).
      const delay = 1000 * runSeconds * 1.2 * rng.uniform();
      const timer = setTimeout(() => run.child.kill('SIGKILL'), delay);
      const { code, signal } = await run.exit;
      clearTimeout(timer);
      if (signal === 'SIGKILL') outcomes.killed++;
      else {
        expect(code, run.stderr()).toBe(0);
        outcomes.completed++;
      }
      settleModelDir(out); // what the next command does first
      const runId = expectComplete(out);
      if (runId === publishedRun) {
        expect(snapshot(out), `kill ${i} after ${delay.toFixed(0)} ms`).toEqual(published);
      } else {
        outcomes.published++;
        published = snapshot(out);
        publishedRun = runId;
      }
      if (existsSync(join(partial, 'checkpoint.safetensors'))) checkResumable(partial);
    }
    console.log(`fault injection: ${JSON.stringify(outcomes)}; a run takes about ${runSeconds.toFixed(1)} s here`);
    expect(outcomes.killed).toBeGreaterThanOrEqual(RUNS / 2);
    if (existsSync(join(partial, 'checkpoint.safetensors'))) {
      const resumed = cli(['train', '--resume', '--steps', '24', ...common]);
      expect(resumed.status, resumed.stderr).toBe(0);
      expect(existsSync(partial)).toBe(false);
      expectComplete(out);
    }
  }, 900_000);
});
