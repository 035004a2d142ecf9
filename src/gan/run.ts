/**
 * One training run around {@link GanTrainer.step}, for every application: the step loop, turns for the
 * event loop, a graceful stop, the evaluation and best-checkpoint schedule, periodic checkpoints, time
 * across resumption, the training log and progress events. An application supplies what differs: how
 * to score the weights, what to save when they are the best so far, what a checkpoint holds.
 */
import type { AbortSignalLike } from './abort-signal.js';
import type { GanTrainer, StepMetrics } from './trainer.js';
import type { TrainingLog } from './training-log.js';

/** The best evaluation so far: its step and score (lower is better). */
export interface BestScore {
  /** Trainer step at which the best score was reached (its weights are the ones `onBest` saved). */
  step: number;
  /** The evaluation's score at that step; lower is better, in the application's own unit. */
  score: number;
}

/** What a run reports after each step. */
export interface RunProgress<E = never> {
  /** Steps completed so far (the trainer's stepCount), resumed steps included. */
  step: number;
  /** Steps the run will reach when it is not stopped: `step / steps` is the progress fraction. */
  steps: number;
  /** Seconds trained so far, time before a resume included. */
  elapsedSeconds: number;
  /** The latest metrics read (at this step or before). */
  metrics: StepMetrics | null;
  /** The metrics read at this step, if any. */
  stepMetrics: StepMetrics | null;
  /** The evaluation made at this step, if any. */
  validation: E | null;
  /** The best evaluation so far; null before the first one (or with no evaluation). */
  best: BestScore | null;
}

/** The part of a run's state that a checkpoint keeps and a resumed run starts from. */
export interface RunState {
  /** The best evaluation so far, so a resumed run only saves weights that beat it; null when none yet. */
  best: BestScore | null;
  /** Seconds trained so far, resumed runs included. */
  elapsedSeconds: number;
}

/** Scoring the weights: every `every` steps and at the last step. */
export interface RunEvaluation<E extends { score: number }> {
  /** Steps between evaluations; the last step is always scored too. */
  every: number;
  /** Score the current weights (lower is better). */
  score: () => Promise<E>;
  /** Called when a score beats the best so far, before the run goes on: keep these weights. */
  onBest?: (best: BestScore, evaluation: E) => Promise<void>;
  /** Score once more at the end when the run stopped before its first evaluation, so it has a best (default true). */
  ensureBest?: boolean;
}

/** Options of {@link runTraining}. */
export interface TrainingRunOptions<E extends { score: number }> {
  /** The trainer to step; it carries the networks, the optimisers and the step count a resume restored. */
  trainer: GanTrainer;
  /** Run until the trainer has done this many steps. */
  steps: number;
  /** Aborting ends the run after the current step (with its final checkpoint). */
  signal?: AbortSignalLike;
  /** How and how often to score the weights and keep the best; no scoring when absent. */
  evaluation?: RunEvaluation<E>;
  /** Save the state every `every` steps and when the run ends (stopped or finished). */
  checkpoint?: { every: number; save: (state: RunState) => Promise<void> };
  /** The state of the checkpoint this run resumes from. */
  resumed?: RunState;
  /** Where rows go (steps with metrics or an evaluation); `cells` gives the application's own columns. */
  log?: { file: TrainingLog; cells?: (metrics: StepMetrics | null, evaluation: E | null) => string[] };
  /** Called after every step (for a progress bar or the lab's charts); keep it cheap. */
  onProgress?: (progress: RunProgress<E>) => void;
}

/** How a run ended. */
export interface RunSummary {
  /** The trainer's step count at the end. */
  steps: number;
  /** Whether the signal stopped it before `steps`. */
  interrupted: boolean;
  /** The best evaluation of the whole run (resumed part included); null when nothing was scored. */
  best: BestScore | null;
  /** Seconds trained in all, time before a resume included. */
  elapsedSeconds: number;
}

/**
 * A page must get a turn to draw and a process to take a signal: on CPU backends a step awaits only
 * resolved promises, so without these turns neither would happen until the run ends.
 */
export const YIELD_EVERY_MS = 50;

/**
 * One turn of the event loop (setImmediate in Node: no timer clamp; setTimeout in a page or worker):
 * long computations on CPU backends await it now and then, so that a page can draw and a process can
 * take a signal.
 */
export const eventLoopTurn = () => new Promise<void>((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

/**
 * A function to await inside a long loop: it takes a turn of the event loop once every `everyMs`
 * milliseconds of work and returns at once otherwise (a page's setTimeout turn costs 4 ms, so not one
 * per iteration).
 */
export function eventLoopTurns(everyMs = YIELD_EVERY_MS): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < everyMs) return;
    await eventLoopTurn();
    last = performance.now();
  };
}

/** Train `options.trainer` to `options.steps` steps (see the file comment); returns how the run ended. */
export async function runTraining<E extends { score: number } = never>(options: TrainingRunOptions<E>): Promise<RunSummary> {
  const { trainer, steps, evaluation, checkpoint, log } = options;
  let best = options.resumed?.best ?? null;
  const started = performance.now();
  const elapsed = () => (options.resumed?.elapsedSeconds ?? 0) + (performance.now() - started) / 1000;
  const evaluate = async (): Promise<E> => {
    const result = await evaluation!.score();
    if (!best || result.score < best.score) {
      best = { step: trainer.stepCount, score: result.score };
      await evaluation!.onBest?.(best, result);
    }
    return result;
  };
  const save = () => checkpoint!.save({ best, elapsedSeconds: elapsed() });

  let interrupted = false;
  let lastMetrics: StepMetrics | null = null;
  let lastTurn = performance.now();
  while (trainer.stepCount < steps) {
    if (performance.now() - lastTurn > YIELD_EVERY_MS) {
      await eventLoopTurn();
      lastTurn = performance.now();
    }
    if (options.signal?.aborted) {
      interrupted = true;
      break;
    }
    const metrics = await trainer.step();
    const step = trainer.stepCount;
    const validation = evaluation && (step % evaluation.every === 0 || step === steps) ? await evaluate() : null;
    if (metrics) lastMetrics = metrics;
    if (log && (metrics || validation)) log.file.append(step, metrics, elapsed(), log.cells?.(metrics, validation) ?? []);
    if (checkpoint && step % checkpoint.every === 0) await save();
    options.onProgress?.({ step, steps, elapsedSeconds: elapsed(), metrics: lastMetrics, stepMetrics: metrics, validation, best });
  }
  // The checkpoint first (a second Ctrl-C or a kill during the scoring below must not lose it); then a run
  // stopped before its first evaluation is scored, and saved again so that --resume keeps that best.
  // Scoring leaves the trainer's state alone, so both saves hold the same training state.
  if (checkpoint) await save();
  if (evaluation && !best && evaluation.ensureBest !== false) {
    await evaluate();
    if (checkpoint) await save();
  }
  return { steps: trainer.stepCount, interrupted, best, elapsedSeconds: elapsed() };
}
