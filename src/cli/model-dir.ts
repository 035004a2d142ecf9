/**
 * The model directory as the training and reading commands use it (io/model-dir.ts does the files):
 * a training command runs inside {@link trainInModelDir}; `eval`, `sample` and `report` open a
 * directory with {@link openModel}.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createBackend, type BackendName } from '../backend/index.js';
import { loadModelFile, modelPaths } from '../finance/model/model.js';
import { readSafetensorsFile } from '../io/index.js';
import { acquireLock, modelDirFiles, runDirs, settleModelDir } from '../io/model-dir.js';
import { setBackend } from '../tensor/index.js';
import { UsageError } from './args.js';

/** Shared with the library's runs (gan/model-dir.ts); the commands import it from here. */
export { trainInModelDir } from '../gan/model-dir.js';

/**
 * The step count the run in `dir` was started for (its checkpoint's config `steps`): what `--resume`
 * continues to when no --steps is given, rather than the command's default. Reads only the metadata.
 */
export function checkpointStepTarget(dir: string): number {
  const file = modelDirFiles(dir).checkpoint;
  const steps = Number(JSON.parse(readSafetensorsFile(file).metadata.config ?? '{}').steps);
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`${file}: its config records no step count`);
  return steps;
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
