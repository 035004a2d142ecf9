/**
 * A finance checkpoint's training state, for the single-asset and the joint run alike: what goes into
 * `checkpoint.safetensors` beside the weights and optimiser moments, and how a resumed run is put back.
 */
import { restoreTrainer, trainerCounters, type GanTrainer, type RunState } from '../../gan/index.js';
import type { NamedArray } from '../../io/index.js';
import type { Rng } from '../../tensor/index.js';
import type { ResumeState } from '../model/model-file.js';

/** The resume state of a run now: trainer counters, instance noise (when configured), batch RNG, best and time. */
export function resumeState(trainer: GanTrainer, batchRng: Rng, config: { instanceNoise: number }, { best, elapsedSeconds }: RunState): ResumeState {
  return {
    ...trainerCounters(trainer),
    ...(config.instanceNoise > 0 ? { instanceNoise: trainer.noiseState() } : {}),
    batchRngState: batchRng.getState(),
    bestScore: best?.score ?? null,
    bestStep: best?.step ?? null,
    elapsedSeconds,
  };
}

/** A checkpoint as {@link restoreRun} takes it: its resume state, optimiser arrays and step; `file` names it in errors. */
export interface FinanceCheckpoint {
  resume: ResumeState;
  optimizerArrays: Map<string, NamedArray>;
  step: number;
  file: string;
}

/**
 * Put a trainer and its batch RNG back where a checkpoint left them; returns the run state that
 * runTraining resumes from (best so far, time trained).
 */
export function restoreRun(trainer: GanTrainer, batchRng: Rng, checkpoint: FinanceCheckpoint): RunState {
  const { resume, optimizerArrays, step, file } = checkpoint;
  restoreTrainer(trainer, { arrays: optimizerArrays, step, counters: resume, file });
  if (resume.instanceNoise) trainer.restoreNoise(resume.instanceNoise);
  batchRng.setState(resume.batchRngState);
  const best = resume.bestStep !== null && resume.bestScore !== null ? { step: resume.bestStep, score: resume.bestScore } : null;
  return { best, elapsedSeconds: resume.elapsedSeconds };
}
