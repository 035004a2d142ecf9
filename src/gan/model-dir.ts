/**
 * A training run's model directory (io/model-dir.ts does the files), for every application's run and
 * command: kept here, below the applications, so a library run (the joint GAN's) and a CLI share it.
 */
import { runInModelDir, type ReplaceOptions } from '../io/model-dir.js';
import { TrainingDivergedError } from './trainer.js';

/**
 * Run a training command's `train` into `DIR.partial` under `DIR.lock` (io/model-dir.ts,
 * `runInModelDir`); a run that diverged is not kept for resuming, since resuming would diverge again.
 */
export async function trainInModelDir<R extends { interrupted: boolean }>(
  out: string, options: ReplaceOptions & { command: string }, train: (partial: string) => Promise<R>,
): Promise<R> {
  return runInModelDir(out, { ...options, resumable: (e) => !(e instanceof TrainingDivergedError) }, train);
}
