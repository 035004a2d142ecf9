import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const MAIN = resolve('src/cli/main.ts');
const TSX = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href;

/**
 * Only against a hung child: the runner's per-test limit cannot fire while spawnSync blocks its event
 * loop. Far above any run's duration on a slow machine, so it never decides a test.
 */
const HANG_GUARD_MS = 20 * 60_000;

/** Run `gangrad …` to completion (any working directory; `env` adds to or overrides the runner's variables). */
export const cli = (args: string[], cwd?: string, env?: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', TSX, MAIN, ...args], { encoding: 'utf8', timeout: HANG_GUARD_MS, cwd, env: env && { ...process.env, ...env } });

/** Start `gangrad …` in the background; stderr is collected into `.stderr()`. */
export function startCli(args: string[]): { child: ChildProcess; stderr: () => string; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args]);
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  child.stdout!.resume();
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('close', (code, signal) => done({ code, signal })));
  return { child, stderr: () => stderr, exit };
}

/**
 * Send SIGINT to a run started by {@link startCli} once, as soon as its stderr matches `line` (a second
 * SIGINT a second later aborts by design, and on a loaded machine the run's later lines came after that).
 */
export function interruptWhen(run: ReturnType<typeof startCli>, line: RegExp): void {
  let sent = false;
  run.child.stderr!.on('data', () => { if (!sent && line.test(run.stderr())) { sent = true; run.child.kill('SIGINT'); } });
}

/** Wait (polling every 20 ms, at most `seconds`) until `ready()` holds. */
export async function until(ready: () => boolean, seconds = 1200): Promise<void> {
  for (let i = 0; i < seconds * 50; i++) {
    if (ready()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timed out waiting');
}

/** Rows of a training log after its header (empty when absent). */
export const logRows = (dir: string) => (existsSync(join(dir, 'training-log.csv')) ? readFileSync(join(dir, 'training-log.csv'), 'utf8').trim().split('\n').slice(1) : []);

/** Every file of a directory with its bytes, to compare a directory before and after. */
export const snapshot = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));

/** The options that make a CLI training run tiny. */
export const TINY = ['--window', '8', '--batch', '8', '--hidden', '8', '--backend', 'cpu'];
