/** Reading back a finance run's `training-log.csv` (gan/training-log.ts writes it): its convergence diagnosis. */
import { diagnoseTraining, readTrainingLog, type ConvergenceDiagnosis, type TrainingLogRow } from '../../gan/index.js';

export { readTrainingLog, type TrainingLogRow } from '../../gan/index.js';

/**
 * The convergence diagnosis of a model directory's run (see gan/convergence.ts), or null without a log.
 * A damaged log costs the diagnosis, not the command: `warn` says why.
 */
export function diagnoseRun(logFile: string, bestStep: number | null, totalSteps: number, warn: (message: string) => void = console.error): ConvergenceDiagnosis | null {
  const rows = readTrainingLogOrWarn(logFile, warn);
  return rows.length ? diagnoseTraining(rows, bestStep, totalSteps) : null;
}

/** {@link readTrainingLog}, with a damaged log reported through `warn` and read as absent. */
export function readTrainingLogOrWarn(logFile: string, warn: (message: string) => void = console.error): TrainingLogRow[] {
  try {
    return readTrainingLog(logFile);
  } catch (e) {
    warn(`warning: ${(e as Error).message}; going on without it`);
    return [];
  }
}
