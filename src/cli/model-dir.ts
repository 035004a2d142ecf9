import { existsSync } from 'node:fs';
import { createBackend, type BackendName } from '../backend/index.js';
import { loadModelFile, modelPaths } from '../finance/model.js';
import { setBackend } from '../tensor/index.js';
import { UsageError } from './args.js';

/** Open a model directory's best weights on a backend (default auto). */
export async function openModel(dir: string | undefined, backendName: string | undefined) {
  if (!dir) throw new UsageError('--model DIR is required (a directory written by gangrad train)');
  const paths = modelPaths(dir);
  if (!existsSync(paths.model)) throw new Error(`${paths.model}: no model file (train first: gangrad train --out ${dir})`);
  const backend = await createBackend((backendName ?? 'auto') as BackendName);
  setBackend(backend);
  return { backend, paths, model: loadModelFile(paths.model) };
}
