/**
 * The model directory as the training and reading commands use it (io/model-dir.ts does the files):
 * a training command runs inside {@link trainInModelDir}; `eval`, `sample` and `report` open a
 * directory with {@link openModel}.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createBackend, type BackendName } from '../backend/index.js';
import { loadModelFile, modelPaths } from '../finance/model/model.js';
import { TrainingDivergedError } from '../gan/index.js';
import { acquireLock, runDirs, runInModelDir, settleModelDir, type ReplaceOptions } from '../io/model-dir.js';
import { setBackend } from '../tensor/index.js';
import { UsageError } from './args.js';

/**
 * Run a training command's `train` into `DIR.partial` under `DIR.lock` (io/model-dir.ts,
 * `runInModelDir`); a run that diverged is not kept for resuming, since resuming would diverge again.
 */
export async function trainInModelDir<R extends { interrupted: boolean }>(
  out: string, options: ReplaceOptions & { command: string }, train: (partial: string) => Promise<R>,
): Promise<R> {
  return runInModelDir(out, { ...options, resumable: (e) => !(e instanceof TrainingDivergedError) }, train);
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
