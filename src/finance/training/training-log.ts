/** Reading back `training-log.csv` (written by train.ts): the metrics rows, for reports and diagnoses. */
import { diagnoseTraining, type ConvergenceDiagnosis } from '../../gan/index.js';
import { nodeModules } from '../../io/node.js';

/** One metrics row of the log (rows with only validation scores are skipped). */
export interface TrainingLogRow {
  step: number;
  dLoss: number;
  gLoss: number;
  dReal: number;
  dFake: number;
}

/** The metrics rows of a training log, oldest first; an absent file gives none. */
export function readTrainingLog(file: string): TrainingLogRow[] {
  const { existsSync, readFileSync } = nodeModules('readTrainingLog').fs;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')).filter((c) => c[1] !== undefined && c[1] !== '')
    .map((c) => ({ step: Number(c[0]), dLoss: Number(c[1]), gLoss: Number(c[2]), dReal: Number(c[3]), dFake: Number(c[4]) }));
}

/** The convergence diagnosis of a model directory's run (see gan/convergence.ts), or null without a log. */
export function diagnoseRun(logFile: string, bestStep: number | null, totalSteps: number): ConvergenceDiagnosis | null {
  const rows = readTrainingLog(logFile);
  return rows.length ? diagnoseTraining(rows, bestStep, totalSteps) : null;
}
