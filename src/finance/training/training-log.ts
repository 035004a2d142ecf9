/** Reading back a finance run's `training-log.csv` (gan/training-log.ts writes it): its convergence diagnosis. */
import { diagnoseTraining, readTrainingLog, type ConvergenceDiagnosis } from '../../gan/index.js';

export { readTrainingLog, type TrainingLogRow } from '../../gan/index.js';

/** The convergence diagnosis of a model directory's run (see gan/convergence.ts), or null without a log. */
export function diagnoseRun(logFile: string, bestStep: number | null, totalSteps: number): ConvergenceDiagnosis | null {
  const rows = readTrainingLog(logFile);
  return rows.length ? diagnoseTraining(rows, bestStep, totalSteps) : null;
}
