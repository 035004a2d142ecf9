/**
 * A model directory is one consistent unit, for every application. A training run writes into
 * `DIR.partial` (its model, checkpoint, config and log, each file replaced atomically) and publishes it
 * by renaming it to `DIR`, the earlier `DIR` stepping aside as `DIR.previous` for the instant between the
 * two renames. So `DIR` always holds one complete run, the last one published, and a failed or killed run
 * leaves it intact; a publish cut short is rolled back by the next command (`settleModelDir`). `DIR.lock`
 * names the process writing, so a second writer stops with that name instead of interleaving its files.
 * Node only: pages keep models in memory.
 */
import { nodeModules } from './node.js';
import { processAlive as alive, removeStaleTemporaries } from './stale-temporaries.js';
import { readSafetensorsFile, readSafetensorsMetadata } from './safetensors.js';

const node = () => nodeModules('the model directory');
const fs = () => node().fs;

/** The files of a model directory: best weights, latest checkpoint, configuration, training log. */
export function modelDirFiles(dir: string) {
  const { join } = node().path;
  return { model: join(dir, 'model.safetensors'), checkpoint: join(dir, 'checkpoint.safetensors'), config: join(dir, 'config.json'), log: join(dir, 'training-log.csv') };
}

/**
 * A library run's `out` (trainReturnGan, trainTabularGan) that already holds a model is not written over
 * unasked: the commands train into DIR.partial (removed first) and publish it, but a program calling the
 * function twice with one `out` lost the first model in silence.
 */
export function refuseModelInOut(out: string, where: string): void {
  // Else the run fails later with a bare 'EEXIST: file already exists, mkdir'.
  if (fs().existsSync(out) && !fs().statSync(out).isDirectory()) throw new Error(`${where}: out ${out} is a file, not a directory; a model directory is a folder: choose another out`);
  const files = modelDirFiles(out);
  if (fs().existsSync(files.model) || fs().existsSync(files.checkpoint)) {
    throw new Error(`${where}: ${out} already holds a model; pass resume: true to continue its run, or choose another out (remove the directory to replace it)`);
  }
}

/** The paths beside a model directory that make its updates atomic and exclusive. */
export function runDirs(dir: string) {
  const base = dir.replace(/\/+$/, '') || '/';
  return { dir: base, partial: `${base}.partial`, previous: `${base}.previous`, lock: `${base}.lock` };
}


interface LockInfo { pid: number; host: string; command: string; started: string }

/** What `lock` says of the process holding it (nothing when it is empty, half-written or gone). */
function lockHolder(lock: string): Partial<LockInfo> {
  try { return JSON.parse(fs().readFileSync(lock, 'utf8')); } catch { return {}; }
}

/** The refusal when `holder` (of `dir`'s lock) still runs here, or runs on another machine; null when the lock is stale. */
function heldLockMessage(dir: string, holder: Partial<LockInfo>): string | null {
  const { lock } = runDirs(dir);
  const sameHost = holder.host === undefined || holder.host === node().os.hostname();
  if (sameHost && typeof holder.pid === 'number' && alive(holder.pid)) {
    return `${dir}: locked by process ${holder.pid} (gangrad ${holder.command ?? '?'}, started ${holder.started ?? '?'}); wait for it to finish, or remove ${lock} if that process is gone`;
  }
  if (!sameHost) return `${dir}: locked by process ${holder.pid} on ${holder.host} (gangrad ${holder.command ?? '?'}, started ${holder.started ?? '?'}); remove ${lock} if that run is over`;
  return null;
}

/**
 * Take `DIR.lock` for `command`, or fail naming the process that holds it. A lock left by a process
 * that no longer runs on this machine (killed with SIGKILL, say) is taken over with a warning.
 * Returns the release function; the lock is also released if the process exits first.
 */
export function acquireLock(dir: string, command: string): () => void {
  const { lock } = runDirs(dir);
  const info: LockInfo = { pid: process.pid, host: node().os.hostname(), command, started: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      fs().writeFileSync(lock, JSON.stringify(info) + '\n', { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
      const holder = lockHolder(lock);
      const held = heldLockMessage(dir, holder);
      if (held) throw new Error(held);
      console.error(`warning: ${lock} was left by process ${holder.pid ?? '?'}, which no longer runs; taking it over`);
      fs().rmSync(lock, { force: true });
    }
  }
  const release = () => {
    removeCleanup();
    try {
      if (JSON.parse(fs().readFileSync(lock, 'utf8')).pid === process.pid) fs().unlinkSync(lock);
    } catch { /* already gone */ }
  };
  // Also released when the process exits first (a signal's handler exits through process.exit).
  const removeCleanup = () => process.off('exit', release);
  process.on('exit', release);
  return release;
}

/**
 * Finish what a killed process left: a publish cut between its two renames is rolled back (the previous
 * result returns; the unpublished run stays in `DIR.partial`), and stale temporary files go.
 * Call it holding the lock.
 */
export function settleModelDir(dir: string): void {
  const { partial, previous } = runDirs(dir);
  if (fs().existsSync(previous)) {
    if (fs().existsSync(dir)) fs().rmSync(previous, { recursive: true, force: true });
    else fs().renameSync(previous, dir);
  }
  removeStaleTemporaries(dir);
  removeStaleTemporaries(partial);
}

/** Replace `DIR` by `DIR.partial` (see the file comment for why this is atomic enough). */
export function publishRun(dir: string): void {
  const { partial, previous } = runDirs(dir);
  removeStaleTemporaries(partial);
  if (fs().existsSync(dir)) fs().renameSync(dir, previous);
  fs().renameSync(partial, dir);
  fs().rmSync(previous, { recursive: true, force: true });
}

/** Copy a published run into `DIR.partial`, to continue it (more steps) without touching `DIR`. */
export function copyToPartial(dir: string): void {
  const { partial } = runDirs(dir);
  const temporary = `${partial}.tmp-${process.pid}`;
  fs().rmSync(temporary, { recursive: true, force: true });
  fs().cpSync(dir, temporary, { recursive: true, filter: (source) => !/\.tmp-\d+$/.test(source) });
  fs().renameSync(temporary, partial);
}

/** What a run directory's files say about the run: read from their metadata (checksums verified). */
export interface ResumableRun {
  runId: string | null;
  /** Steps done at the checkpoint, and the run's target. */
  step: number;
  steps: number;
  bestStep: number | null;
  /** Step of the weights in model.safetensors, or null without one. */
  modelStep: number | null;
}

/** Parse a metadata field, naming the file when it is not JSON. */
function field(file: string, metadata: Record<string, string>, key: string): unknown {
  try {
    return JSON.parse(metadata[key] ?? 'null');
  } catch {
    throw new Error(`${file}: metadata field '${key}' is not valid JSON`);
  }
}

/**
 * Check that a run directory can be resumed: it has a checkpoint with training state, and its
 * model.safetensors belongs to the same run (same run id; the checkpoint's best step, or a best
 * written after the checkpoint, which the resumed run writes again identically). Throws naming the files.
 */
export function checkResumable(dir: string, command = 'train'): ResumableRun {
  const paths = modelDirFiles(dir);
  if (!fs().existsSync(paths.checkpoint)) {
    throw new Error(`${paths.checkpoint}: no checkpoint: the run in ${dir} stopped before its first one, so there is nothing to resume; start it again: gangrad ${command} with its options and --force`);
  }
  const checkpoint = readSafetensorsFile(paths.checkpoint).metadata;
  const resume = field(paths.checkpoint, checkpoint, 'resume') as { bestStep?: number | null } | null;
  if (!resume) throw new Error(`${paths.checkpoint}: holds weights but no training state; cannot resume`);
  const config = field(paths.checkpoint, checkpoint, 'config') as { steps?: number } | null;
  const state: ResumableRun = {
    runId: checkpoint.run_id ?? null, step: Number(checkpoint.step), steps: Number(config?.steps), bestStep: resume.bestStep ?? null, modelStep: null,
  };
  if (fs().existsSync(paths.model)) {
    const model = readSafetensorsFile(paths.model).metadata;
    state.modelStep = Number(model.step);
    const runId = model.run_id ?? null;
    if (runId !== state.runId || !(state.modelStep === state.bestStep || state.modelStep >= state.step)) {
      throw new Error(`${paths.model} (run ${runId ?? 'unknown'}, step ${model.step}) does not belong with ${paths.checkpoint} (run ${state.runId ?? 'unknown'}, best at step ${state.bestStep ?? 'none'}); resuming would report a best this model does not hold. Start again with --force`);
    }
  } else if (state.bestStep !== null) {
    throw new Error(`${paths.model}: missing, but ${paths.checkpoint} records a best model at step ${state.bestStep}; start again with --force`);
  }
  return state;
}

/** How a training command asked to treat an existing model directory. */
export interface ReplaceOptions {
  /** Continue the run (DIR.partial if there is one, else a copy of DIR). */
  resume?: boolean;
  /** Replace DIR and discard an unfinished DIR.partial. */
  force?: boolean;
  /** The command after `gangrad`, for the messages (default `train`). */
  command?: string;
}

/**
 * Make `DIR.partial` ready for a run, refusing to replace anything the user did not ask to replace. Call
 * it holding the lock. Returns the published run's step when `DIR.partial` is a fresh copy of `DIR` (a
 * resumed finished run), null otherwise.
 */
export function prepareRunDirectory(out: string, o: ReplaceOptions): number | null {
  const { partial } = runDirs(out);
  if (o.resume) {
    if (fs().existsSync(partial)) checkResumable(partial, o.command);
    else if (fs().existsSync(out)) {
      const { step } = checkResumable(out, o.command);
      copyToPartial(out);
      return step;
    } else throw new Error(`${out}: nothing to resume (no model directory and no unfinished run in ${partial})`);
    return null;
  }
  const refusal = freshRunRefusal(out, o.force);
  if (refusal) throw new Error(refusal);
  // Without a checkpoint it holds no progress to lose.
  if (fs().existsSync(partial)) fs().rmSync(partial, { recursive: true, force: true });
  return null;
}

/**
 * The files gangrad's own commands leave in a model directory: the run's, and eval's and report's
 * default outputs (and the Finder's .DS_Store). A run replacing the directory may drop these; any other
 * file is the user's.
 */
const MODEL_DIR_OWN_FILES = new Set(['model.safetensors', 'checkpoint.safetensors', 'config.json', 'training-log.csv', 'eval.json', 'report.html', '.DS_Store']);

/** Up to five names, then how many more. */
const someNames = (names: string[]) => names.slice(0, 5).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');

/**
 * Why a fresh run may not start in `out`, or null when it may. Without `force`: DIR.partial holds an
 * unfinished run with a checkpoint, or DIR a model. Never, even with `force`: `out` is a file, a
 * folder of files that is not a model directory, or a model directory that also holds files of the
 * user's (a training CSV, notes) — a run replaces the whole directory, and they would go with it.
 * Commands ask before reading any data. Throws when another process holds DIR.lock.
 */
export function freshRunRefusal(out: string, force: boolean | undefined): string | null {
  const { partial, lock } = runDirs(out);
  // A run still going holds the lock: said (a failure, as taking the lock would be) before its files are
  // judged, whose refusal would offer --resume or --force, both refused while it runs.
  if (fs().existsSync(lock)) {
    const holder = lockHolder(lock);
    const held = holder.pid === process.pid ? null : heldLockMessage(out, holder); // this command's own lock
    if (held) throw new Error(held);
  }
  const exists = fs().existsSync(out);
  if (exists && !fs().statSync(out).isDirectory()) return `${out}: is a file, not a directory; a model directory is a folder: choose another --out`;
  const entries = exists ? fs().readdirSync(out) : [];
  const foreign = entries.filter((name) => !MODEL_DIR_OWN_FILES.has(name));
  const model = entries.some((name) => name === 'model.safetensors' || name === 'checkpoint.safetensors' || name === 'config.json');
  if (entries.length > 0 && !model) {
    return `${out}: holds files but no model (${someNames(foreign.length > 0 ? foreign : entries)}); a training run replaces its whole --out directory, so choose a new or empty one`;
  }
  if (force && foreign.length > 0) {
    return `${out}: besides the model it holds ${someNames(foreign)}, which --force would delete with the directory; move them out, or choose another --out`;
  }
  if (force) return null;
  if (fs().existsSync(modelDirFiles(partial).checkpoint)) return `${partial}: holds an unfinished run with a checkpoint; continue it with --resume, or discard it with --force`;
  if (entries.length > 0) {
    return `${out}: already holds a model; pass --force to replace it (it stays intact until the new run completes), --resume to continue it, or choose another --out`;
  }
  return null;
}

/**
 * After a failed run: keep DIR.partial only where it holds progress worth resuming (`resumable`: the
 * failure allows it; `copiedAt`: the step of the published run it was copied from, which it must have
 * passed, else DIR holds all of it already).
 */
export function discardUnlessResumable(partial: string, resumable: boolean, copiedAt: number | null = null): void {
  const checkpoint = modelDirFiles(partial).checkpoint;
  const progressed = fs().existsSync(checkpoint) && (copiedAt === null || Number(readSafetensorsMetadata(checkpoint).step) > copiedAt);
  if (resumable && progressed) {
    console.error(`the unfinished run is kept in ${partial}: fix the cause and continue with --resume, or discard it with --force`);
  } else fs().rmSync(partial, { recursive: true, force: true });
}

/** Options of {@link runInModelDir}: how to treat an existing directory, and which failures leave a resumable run. */
export interface RunInModelDirOptions extends ReplaceOptions {
  /** Whether a run that threw `error` may be resumed (its DIR.partial then stays when it has a checkpoint); default: always. */
  resumable?: (error: unknown) => boolean;
}

/**
 * Run `train` into `DIR.partial` under `DIR.lock`: an existing DIR is refused unless `resume` or
 * `force` ({@link prepareRunDirectory}); a finished run is published as DIR, an interrupted one stays in
 * DIR.partial for resuming, a failed one is kept only when it can be resumed.
 */
export async function runInModelDir<R extends { interrupted: boolean }>(out: string, options: RunInModelDirOptions, train: (partial: string) => Promise<R>): Promise<R> {
  const { partial } = runDirs(out);
  fs().mkdirSync(node().path.dirname(node().path.resolve(out)), { recursive: true });
  const release = acquireLock(out, options.command ?? 'train');
  try {
    settleModelDir(out);
    const copiedAt = prepareRunDirectory(out, options);
    let result: R;
    try {
      result = await train(partial);
    } catch (e) {
      discardUnlessResumable(partial, options.resumable?.(e) ?? true, copiedAt);
      // A fresh copy of DIR that is gone again: its files are DIR's, so name those (e.g. a model of the other kind).
      if (copiedAt !== null && !fs().existsSync(partial) && e instanceof Error) e.message = e.message.split(partial).join(out);
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
