/**
 * The model directory as the training and reading commands use it (io/model-dir.ts does the files):
 * a training command runs inside {@link trainInModelDir}; `eval`, `sample` and `report` open a
 * directory with {@link openModel}.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createBackend, type BackendName } from '../backend/index.js';
import { loadModelFile, modelPaths } from '../finance/model/model.js';
import { TrainingDivergedError } from '../gan/index.js';
import {
  acquireLock, discardUnlessResumable, prepareRunDirectory, publishRun, runDirs, settleModelDir, type ReplaceOptions,
} from '../io/model-dir.js';
import { setBackend } from '../tensor/index.js';
import { UsageError } from './args.js';

/**
 * Run a training command's `train` into `DIR.partial` under `DIR.lock`: an existing DIR is refused
 * unless `--resume` or `--force` (io/model-dir.ts); a finished run is published as DIR, an interrupted
 * one stays in DIR.partial for --resume, a failed one is kept only when it can be resumed.
 */
export async function trainInModelDir<R extends { interrupted: boolean }>(
  out: string, options: ReplaceOptions & { command: string }, train: (partial: string) => Promise<R>,
): Promise<R> {
  const { partial } = runDirs(out);
  mkdirSync(dirname(resolve(out)), { recursive: true });
  const release = acquireLock(out, options.command);
  try {
    settleModelDir(out);
    prepareRunDirectory(out, options);
    let result: R;
    try {
      result = await train(partial);
    } catch (e) {
      discardUnlessResumable(partial, !(e instanceof TrainingDivergedError));
      // Node names no path for a failed write (ENOSPC on the log, say): name the run directory at least.
      const code = (e as NodeJS.ErrnoException).code;
      if (code && !(e as Error).message.includes(partial)) throw new Error(`${partial}: ${(e as Error).message}`);
      throw e;
    }
    if (!result.interrupted) publishRun(out);
    return result;
  } finally {
    release();
  }
}

/** A fresh run id (time and 32 random bits): every file a run writes records it, so files of different runs are told apart. */
export function newRunId(): string {
  return `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}`;
}

/** Open a model directory's best weights on a backend (default auto). */
export async function openModel(dir: string | undefined, backendName: string | undefined) {
  if (!dir) throw new UsageError('--model DIR is required (a directory written by gangrad train)');
  try {
    const release = acquireLock(dir, 'read');
    try { settleModelDir(dir); } finally { release(); }
  } catch { /* a writer holds the lock: read what is published */ }
  const paths = modelPaths(dir);
  if (!existsSync(paths.model)) {
    const { partial } = runDirs(dir);
    if (existsSync(partial)) throw new Error(`${paths.model}: no model yet; ${partial} holds an unfinished run (continue it: gangrad train --resume --out ${dir})`);
    throw new Error(`${paths.model}: no model file (train first: gangrad train --out ${dir})`);
  }
  const backend = await createBackend((backendName ?? 'auto') as BackendName);
  setBackend(backend);
  return { backend, paths, model: loadModelFile(paths.model) };
}
