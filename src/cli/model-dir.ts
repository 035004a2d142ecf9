/**
 * The model directory as the training and reading commands use it (io/model-dir.ts does the files):
 * a training command runs inside {@link trainInModelDir}; `eval`, `sample` and `report` open a
 * directory with {@link openModel}.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadModelFile, modelPaths, type LoadedModel } from '../finance/model/model.js';
import { GanEnsembleForecaster } from '../finance/model/gan-ensemble.js';
import { GanForecaster } from '../finance/model/gan-forecaster.js';
import { readSafetensorsFile, readSafetensorsMetadata } from '../io/index.js';
import { acquireLock, checkResumable, freshRunRefusal, modelDirFiles, runDirs, settleModelDir } from '../io/model-dir.js';
import { setBackend } from '../tensor/index.js';
import { commandName, createCommandBackend, UsageError } from './args.js';

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

/**
 * `--resume --steps N` below the steps the run has already done is a usage error (the run cannot go
 * back); the run is DIR.partial's when there is one, else DIR's. Nothing to check without a checkpoint.
 */
export function refuseStepsBelowCheckpoint(dir: string, steps: number | undefined): void {
  if (steps === undefined) return;
  const { partial } = runDirs(dir);
  for (const runDir of [partial, dir]) {
    const file = modelDirFiles(runDir).checkpoint;
    if (!existsSync(file)) continue;
    // A checkpoint of another run is the graver fault: say so before arguing about its step count.
    checkResumable(runDir);
    const done = Number(readSafetensorsMetadata(file).step);
    if (Number.isInteger(done) && steps < done) {
      throw new UsageError(`--steps ${steps} is below the ${done} steps the run in ${runDir} has done; give --steps ${done} or more, or no --steps to continue to its own target`);
    }
    return;
  }
}

/**
 * A fresh training run into `out` is refused before anything is read when `out` already holds a model
 * or DIR.partial an unfinished run with a checkpoint, unless `force`: a usage error (exit 2), with the
 * words the model directory itself would use.
 */
export function refuseExistingRun(out: string, force: boolean | undefined): void {
  const refusal = freshRunRefusal(out, force);
  if (refusal) throw new UsageError(refusal);
}

/** One option of a resumed run, checked against what the run started with. */
export interface ResumedSetting {
  /** The option's name, without the dashes. */
  option: string;
  /** Its value as this command's options give it; undefined when the option was not given. */
  given: unknown;
  /** The same setting as the checkpoint records it (its `config` and `data` metadata). */
  stored: (run: { config: Record<string, unknown>; data: Record<string, unknown> }) => unknown;
}

/** JSON with object keys sorted, so settings compare whatever order they were written in. */
const canonical = (v: unknown): string => JSON.stringify(v, (_, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));

/**
 * A resumed run continues with the data and settings in its checkpoint. Options that repeat them (the
 * first command run again with --resume) are fine; an option that would change one is a usage error,
 * not silently ignored. An --out with no run at all is a usage error too; a directory without a
 * checkpoint is left to the resume itself, which says what is wrong with it.
 */
export function refuseChangedSettingsOnResume(out: string, settings: readonly ResumedSetting[]): void {
  const { partial } = runDirs(out);
  const file = [partial, out].map((dir) => modelDirFiles(dir).checkpoint).find((f) => existsSync(f));
  if (!file && !existsSync(out) && !existsSync(partial)) throw new UsageError(`${out}: nothing to resume (no model directory and no unfinished run in ${partial}): give the --out of an earlier run`);
  if (!file) return;
  let run: { config: Record<string, unknown>; data: Record<string, unknown> };
  try {
    const metadata = readSafetensorsMetadata(file);
    run = { config: JSON.parse(metadata.config ?? '{}'), data: JSON.parse(metadata.data ?? '{}') };
  } catch {
    return; // a damaged checkpoint is named by the resume itself
  }
  const changed = settings.filter((s) => s.given !== undefined && canonical(s.given) !== canonical(s.stored(run) ?? null));
  if (changed.length > 0) {
    const shown = changed.map((s) => `--${s.option} ${canonical(s.given)} (the run: ${canonical(s.stored(run) ?? null)})`).join(', ');
    throw new UsageError(`${shown}: --resume continues with the data and settings the run started with, so these cannot change; leave them out, or start a new run with --force`);
  }
}

/** A fresh run id (time and 32 random bits): every file a run writes records it, so files of different runs are told apart. */
export function newRunId(): string {
  return `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}`;
}

/** Open a model directory's best weights on a backend (default auto). */
export async function openModel(dir: string | undefined, backendName: string | undefined) {
  if (!dir) throw new UsageError('--model DIR is required (a directory written by gangrad train)');
  checkModelDir(dir);
  return loadChecked(dir, backendName);
}

/** A checked directory's model on a new backend. */
async function loadChecked(dir: string, backendName: string | undefined) {
  const paths = modelPaths(dir);
  const backend = await createCommandBackend(backendName);
  setBackend(backend);
  return { backend, paths, model: loadModelFile(paths.model) };
}

/**
 * Open `--model DIR[,DIR…]`: models trained on the same data (with different seeds, say) to forecast
 * as one pool. The first is opened as {@link openModel} does; the others must record the same data.
 */
export async function openModels(list: string | undefined, backendName: string | undefined) {
  const items = (list ?? '').split(',').map((d) => d.trim());
  const dirs = items.filter((d) => d !== '');
  if (dirs.length === 0) throw new UsageError('--model DIR is required (a directory written by gangrad train; several, comma-separated, forecast as one pool)');
  // As --levels 0.95, is refused: an empty item is a slip (a model left out?), not nothing.
  if (dirs.length !== items.length) throw new UsageError(`--model '${list}': an empty item in the list; give each model directory once, separated by commas`);
  const twice = dirs.find((d, i) => dirs.findIndex((e) => resolve(e) === resolve(d)) !== i);
  if (twice !== undefined) throw new UsageError(`--model: ${twice} is given twice; a pool is of models trained with different seeds`);
  for (const dir of dirs) checkModelDir(dir);
  const first = await loadChecked(dirs[0], backendName);
  const models = [{ dir: dirs[0], paths: first.paths, model: first.model }];
  try {
    for (const dir of dirs.slice(1)) {
      const paths = modelPaths(dir), model = loadModelFile(paths.model);
      if (model.metadata.data.sha256 !== first.model.metadata.data.sha256 || model.metadata.data.column !== first.model.metadata.data.column) {
        throw new UsageError(`${paths.model}: trained on other data than ${first.paths.model} (${model.metadata.data.file}, column ${model.metadata.data.column}): a pool needs models of the same series`);
      }
      // A copy of a directory, or a link to it, is the same run under another name.
      const same = models.find((m) => model.metadata.runId && m.model.metadata.runId === model.metadata.runId);
      if (same) throw new UsageError(`--model: ${dir} holds the same run as ${same.dir} (run ${model.metadata.runId}, a copy or a link?); a pool is of models trained with different seeds`);
      models.push({ dir, paths, model });
    }
  } catch (e) {
    first.backend.destroy();
    throw e;
  }
  return { backend: first.backend, models };
}

/** The GAN forecaster of opened models: the one model's, or the pool of several. */
export function ganForecasterOf(models: readonly { model: LoadedModel }[]): GanForecaster | GanEnsembleForecaster {
  const members = models.map(({ model: m }) => new GanForecaster({ generator: m.networks.generator, latentDim: m.metadata.config.latentDim, transforms: m.metadata.transforms }));
  return members.length === 1 ? members[0] : new GanEnsembleForecaster(members);
}

/** The training step of each opened model, as a JSON output records it: a number for one model, a list for a pool. */
export function modelSteps(models: readonly { model: LoadedModel }[]): number | number[] {
  return models.length === 1 ? models[0].model.metadata.step : models.map(({ model: m }) => m.metadata.step);
}

/** Settle a model directory and check it holds a model file (clear errors for a run still in DIR.partial). */
function checkModelDir(dir: string): void {
  try {
    const release = acquireLock(dir, 'read');
    try { settleModelDir(dir); } finally { release(); }
  } catch { /* a writer holds the lock: read what is published */ }
  requireModelFile(dir, 'train');
}

/** The DIR.partial directories already warned of (a command may ask for their model file several times). */
const warnedPartial = new Set<string>();

/**
 * DIR/model.safetensors, or a usage error naming the path: a --model that holds no model (a directory
 * that does not exist, or a run still unfinished in DIR.partial) is a wrong argument, exit 2 for every
 * command. `trainCommand`: the subcommand that makes one (`train`, `portfolio train`), named in the hints
 * as the user runs gangrad ({@link commandName}: a checkout's `node --import tsx src/cli/main.ts`).
 */
export function requireModelFile(dir: string, trainCommand: string): string {
  const train = `${commandName()} ${trainCommand}`;
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`--model ${dir}: a file, not a model directory (the directory ${train} --out DIR wrote)`);
  const file = modelDirFiles(dir).model;
  if (existsSync(file)) {
    // DIR.partial named itself: the best model so far of a run still going or interrupted. Said once
    // per directory, though a command may ask for the model file more than once.
    const run = dir.replace(/\.partial[\\/]?$/, '');
    if (run !== dir && !warnedPartial.has(resolve(dir))) {
      warnedPartial.add(resolve(dir));
      console.error(`warning: ${dir} is an unfinished run (still training, or interrupted): its model is the best so far, not the run's (an interrupted run goes on with ${train} --resume --out ${run})`);
    }
    return file;
  }
  const { partial } = runDirs(dir);
  if (existsSync(partial)) throw new UsageError(`${file}: no model yet; ${partial} holds an unfinished run (continue it: ${train} --resume --out ${dir})`);
  // A pool (DIR,DIR) given to a command of one model: not a directory named with a comma to train into.
  if (!existsSync(dir) && dir.includes(',') && dir.split(',').every((d) => d.trim() !== '' && existsSync(d.trim()))) {
    throw new UsageError(`--model ${dir}: this command takes one model directory; a pool of models (DIR,DIR) is for gangrad forecast and gangrad backtest`);
  }
  if (!existsSync(dir)) throw new UsageError(`--model ${dir}: no such directory (train a model into it first: ${train} --out ${dir})`);
  throw new UsageError(`${file}: no model file (train first: ${train} --out ${dir})`);
}

/**
 * The data files a model directory's model was trained on, as its header records them: `data.file`
 * (one series, one table) or `data.inputs.files` (a portfolio). None when the header is missing or
 * unreadable: loading the model names that damage.
 */
export function recordedDataFiles(dir: string): string[] {
  try {
    const data = JSON.parse(readSafetensorsMetadata(modelDirFiles(dir).model).data ?? '{}') as { file?: unknown; inputs?: { files?: { path?: unknown }[] } };
    if (typeof data.file === 'string') return [data.file];
    return (data.inputs?.files ?? []).map((f) => f.path).filter((p): p is string => typeof p === 'string');
  } catch {
    return [];
  }
}

/**
 * What a command reads and its outputs must not replace (see refuseOutputsOverInputs): each model
 * directory's files, the data files its model was trained on, and, when given, the data file the
 * command reads.
 */
export function modelDirInputs(dirs: string | readonly string[], dataFile?: string): { path: string; what: string }[] {
  const list = typeof dirs === 'string' ? [dirs] : dirs;
  const models = list.flatMap((dir) => {
    const files = modelDirFiles(dir);
    return [
      { path: files.model, what: 'the model file' }, { path: files.checkpoint, what: 'the model\'s checkpoint' },
      { path: files.config, what: 'the model\'s configuration' }, { path: files.log, what: 'the model\'s training log' },
    ];
  });
  const trainedOn = list.flatMap((dir) => recordedDataFiles(dir).map((path) => ({ path, what: `the data ${dir} was trained on` })));
  return [...(dataFile === undefined ? [] : [{ path: dataFile, what: 'the data file' }]), ...trainedOn, ...models];
}
