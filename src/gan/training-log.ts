/**
 * A run's `training-log.csv`: one row per step that read metrics (or scored the weights), the same first
 * columns for every application — step, the four losses/outputs, seconds — then the application's own.
 */
import { writeFileAtomic } from '../io/index.js';
import { nodeModules } from '../io/node.js';
import type { StepMetrics } from './trainer.js';

/** The columns every training log starts with. */
export const TRAINING_LOG_COLUMNS = ['step', 'd_loss', 'g_loss', 'd_real', 'd_fake', 'seconds'] as const;

/** One metrics row of a log (rows with only validation scores are skipped by {@link readTrainingLog}). */
export interface TrainingLogRow {
  /** The step the row was logged at (column `step`). */
  step: number;
  /** Discriminator loss at that step (column `d_loss`). */
  dLoss: number;
  /** Generator loss at that step (column `g_loss`). */
  gLoss: number;
  /** Mean D(x) on real samples, a probability (column `d_real`). */
  dReal: number;
  /** Mean D(G(z)) on generated samples, a probability (column `d_fake`). */
  dFake: number;
}

/** Writing a training log: begun afresh, or cut back to a checkpoint's step on resume, then appended to. */
export class TrainingLog {
  /** The header line (without its newline). */
  readonly header: string;

  /**
   * @param file Path of the CSV file this log writes.
   * @param extraColumns The application's columns after the common ones.
   */
  constructor(readonly file: string, extraColumns: readonly string[] = []) {
    this.header = [...TRAINING_LOG_COLUMNS, ...extraColumns].join(',');
  }

  /** Start an empty log (the header only). */
  begin(): void {
    writeFileAtomic(this.file, this.header + '\n');
  }

  /**
   * Keep the rows up to `step` (the checkpoint resumed from): the steps after it are logged again,
   * identically. The header becomes the current one, so a log begun by an older version gains the
   * columns added since (empty in its rows). An absent log stays absent.
   */
  keepUpTo(step: number): void {
    const { existsSync, readFileSync } = nodeModules('TrainingLog').fs;
    if (!existsSync(this.file)) return;
    const rows = readFileSync(this.file, 'utf8').trimEnd().split('\n').slice(1).filter((r) => Number(r.split(',')[0]) <= step);
    writeFileAtomic(this.file, [this.header, ...rows].join('\n') + '\n');
  }

  /** Append a row: the metrics read at this step (empty cells without), the run's seconds, and `extra` cells. */
  append(step: number, metrics: StepMetrics | null, elapsedSeconds: number, extra: readonly string[] = []): void {
    const m = metrics ? [metrics.dLoss, metrics.gLoss, metrics.dReal, metrics.dFake].map((v) => v.toPrecision(6)) : ['', '', '', ''];
    nodeModules('TrainingLog').fs.appendFileSync(this.file, [step, ...m, elapsedSeconds.toFixed(2), ...extra].join(',') + '\n');
  }
}

/** The fields of a metrics row, in the log's first five columns. */
const LOG_FIELDS = ['step', 'dLoss', 'gLoss', 'dReal', 'dFake'] as const;

/** The metrics rows of a training log, oldest first; an absent file gives none, a damaged row an error naming its line. */
export function readTrainingLog(file: string): TrainingLogRow[] {
  const { existsSync, readFileSync } = nodeModules('readTrainingLog').fs;
  if (!existsSync(file)) return [];
  const rows: TrainingLogRow[] = [];
  readFileSync(file, 'utf8').trim().split('\n').forEach((line, i) => {
    const c = line.split(',');
    if (i === 0 || c[1] === undefined || c[1] === '') return; // the header, and rows of evaluations only
    const values = LOG_FIELDS.map((_, j) => Number(c[j]));
    const bad = values.findIndex((v, j) => (j === 0 ? !(Number.isInteger(v) && v >= 0) : !Number.isFinite(v)));
    if (bad >= 0) {
      const [what, need] = bad === 0 ? ['the step', 'a whole number ≥ 0'] : [`'${LOG_FIELDS[bad]}'`, 'a finite number'];
      throw new Error(`${file}, line ${i + 1}: ${what} is ${JSON.stringify(c[bad] ?? '')}, not ${need} (the training log is damaged)`);
    }
    const [step, dLoss, gLoss, dReal, dFake] = values;
    rows.push({ step, dLoss, gLoss, dReal, dFake });
  });
  return rows;
}
