/**
 * A model directory is one consistent unit. A training run writes into `DIR.partial` (its model,
 * checkpoint, config and log, each file replaced atomically) and publishes it by renaming it to `DIR`,
 * the earlier `DIR` stepping aside as `DIR.previous` for the instant between the two renames. So `DIR`
 * always holds one complete run, the last one published, and a failed or killed run leaves it intact;
 * a publish cut short is rolled back by the next command (`settleModelDir`). `DIR.lock` names the
 * process writing, so a second writer stops with that name instead of interleaving its files.
 */
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createBackend, type BackendName } from '../backend/index.js';
import { loadModelFile, modelPaths } from '../finance/model/model.js';
import { readSafetensorsFile } from '../io/index.js';
import { setBackend } from '../tensor/index.js';
import { UsageError } from './args.js';
import { onCleanup } from './signals.js';

/** The paths beside a model directory that make its updates atomic and exclusive. */
export function runDirs(dir: string) {
  const base = dir.replace(/\/+$/, '') || '/';
  return { dir: base, partial: `${base}.partial`, previous: `${base}.previous`, lock: `${base}.lock` };
}

/** Whether a process with this id runs on this machine (EPERM: it does, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface LockInfo { pid: number; host: string; command: string; started: string }

/**
 * Take `DIR.lock` for `command`, or fail naming the process that holds it. A lock left by a process
 * that no longer runs on this machine (killed with SIGKILL, say) is taken over with a warning.
 * Returns the release function; the lock is also released if the process exits first.
 */
export function acquireLock(dir: string, command: string): () => void {
  const { lock } = runDirs(dir);
  const info: LockInfo = { pid: process.pid, host: hostname(), command, started: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(lock, JSON.stringify(info) + '\n', { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
      let holder: Partial<LockInfo> = {};
      try { holder = JSON.parse(readFileSync(lock, 'utf8')); } catch { /* empty or half-written: its writer died at once */ }
      const sameHost = holder.host === undefined || holder.host === info.host;
      if (sameHost && typeof holder.pid === 'number' && alive(holder.pid)) {
        throw new Error(`${dir}: locked by process ${holder.pid} (gangrad ${holder.command ?? '?'}, started ${holder.started ?? '?'}); wait for it to finish, or remove ${lock} if that process is gone`);
      }
      if (!sameHost) throw new Error(`${dir}: locked by process ${holder.pid} on ${holder.host} (gangrad ${holder.command ?? '?'}, started ${holder.started ?? '?'}); remove ${lock} if that run is over`);
      console.error(`warning: ${lock} was left by process ${holder.pid ?? '?'}, which no longer runs; taking it over`);
      rmSync(lock, { force: true });
    }
  }
  const release = () => {
    removeCleanup();
    try {
      if (JSON.parse(readFileSync(lock, 'utf8')).pid === process.pid) unlinkSync(lock);
    } catch { /* already gone */ }
  };
  const removeCleanup = onCleanup(release);
  return release;
}

/** Remove `*.tmp-<pid>` files in `dir` whose writing process no longer runs (left by SIGKILL). */
function removeStaleTemporaries(dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const pid = /\.tmp-(\d+)$/.exec(name)?.[1];
    if (pid && (Number(pid) === process.pid || !alive(Number(pid)))) rmSync(join(dir, name), { force: true, recursive: true });
  }
}

/**
 * Finish what a killed process left: a publish cut between its two renames is rolled back (the previous
 * result returns; the unpublished run stays in `DIR.partial`), and stale temporary files go.
 * Call it holding the lock.
 */
export function settleModelDir(dir: string): void {
  const { partial, previous } = runDirs(dir);
  if (existsSync(previous)) {
    if (existsSync(dir)) rmSync(previous, { recursive: true, force: true });
    else renameSync(previous, dir);
  }
  removeStaleTemporaries(dir);
  removeStaleTemporaries(partial);
}

/** Replace `DIR` by `DIR.partial` (see the file comment for why this is atomic enough). */
export function publishRun(dir: string): void {
  const { partial, previous } = runDirs(dir);
  removeStaleTemporaries(partial);
  if (existsSync(dir)) renameSync(dir, previous);
  renameSync(partial, dir);
  rmSync(previous, { recursive: true, force: true });
}

/** Copy a published run into `DIR.partial`, to continue it (more steps) without touching `DIR`. */
export function copyToPartial(dir: string): void {
  const { partial } = runDirs(dir);
  const temporary = `${partial}.tmp-${process.pid}`;
  rmSync(temporary, { recursive: true, force: true });
  cpSync(dir, temporary, { recursive: true, filter: (source) => !/\.tmp-\d+$/.test(source) });
  renameSync(temporary, partial);
}

/** What a run directory's files say about the run: read from their metadata (checksums verified). */
export interface RunState {
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
export function checkResumable(dir: string): RunState {
  const paths = modelPaths(dir);
  if (!existsSync(paths.checkpoint)) {
    throw new Error(`${paths.checkpoint}: no checkpoint: the run in ${dir} stopped before its first one, so there is nothing to resume; start it again (gangrad train --force)`);
  }
  const checkpoint = readSafetensorsFile(paths.checkpoint).metadata;
  const resume = field(paths.checkpoint, checkpoint, 'resume') as { bestStep?: number | null } | null;
  if (!resume) throw new Error(`${paths.checkpoint}: holds weights but no training state; cannot resume`);
  const config = field(paths.checkpoint, checkpoint, 'config') as { steps?: number } | null;
  const state: RunState = {
    runId: checkpoint.run_id ?? null, step: Number(checkpoint.step), steps: Number(config?.steps), bestStep: resume.bestStep ?? null, modelStep: null,
  };
  if (existsSync(paths.model)) {
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
