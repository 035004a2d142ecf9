/**
 * Signals and exit codes, one convention for every command: 0 done, 1 failure, 2 usage, 130 after
 * SIGINT (Ctrl-C), 143 after SIGTERM. A command may stop gracefully on the first signal (training
 * finishes its step and writes a checkpoint); otherwise, and on a second signal (not the first one
 * delivered twice), the registered clean-ups run (temporary files, locks) and the process exits at once
 * with the signal's code.
 */

export const EXIT = { done: 0, failure: 1, usage: 2, SIGINT: 130, SIGTERM: 143 } as const;

/** The signals a long command stops cleanly on. */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** The exit-code table every `--help` ends with. */
export const EXIT_CODES_HELP = `Exit codes: 0 done, 1 failure (bad data, damaged model, diverged run, a write that fails: the message
names the file), 2 usage (bad or missing options; a data file too short for what is asked, with the rows
found and needed; a column named that the file lacks; an output path that cannot be written, found
before any work), 130 interrupted by SIGINT (Ctrl-C), 143 by SIGTERM.`;

const cleanups = new Set<() => void>();
let graceful: ((signal: StopSignal) => boolean) | null = null;
let installed = false;

/** Run `fn` if the process ends by a signal or exits before it is removed; returns the remover. */
export function onCleanup(fn: () => void): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** Run (and forget) every registered clean-up; each runs at most once and its errors are ignored. */
export function runCleanups(): void {
  for (const fn of [...cleanups]) {
    cleanups.delete(fn);
    try { fn(); } catch { /* best effort while exiting */ }
  }
}

/**
 * Let the running command handle the next signal itself: `handler` returns true when it will stop
 * on its own (and later return the signal's exit code), false to exit at once. Pass null to undo.
 */
export function setGracefulStop(handler: ((signal: StopSignal) => boolean) | null): void {
  graceful = handler;
}

/** Install the SIGINT/SIGTERM handlers and the exit-time clean-up (once per process). */
export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (graceful?.(signal)) return;
      runCleanups();
      // Said, so that a stop is not read as a crash (the progress line would be the last word otherwise).
      process.stderr.write(`\n${signal}: interrupted\n`);
      process.exit(EXIT[signal]);
    });
  }
  process.on('exit', runCleanups);
}

/**
 * One Ctrl-C often arrives twice within milliseconds: the terminal signals the whole process group, and
 * a parent process that relays signals (a wrapper script, tsx) sends it again. A repeat within this many milliseconds
 * of the first is that same keypress, not a second one.
 */
export const REPEATED_SIGNAL_MS = 1000;

/** What the first signal does while training steps run (said on stderr): `state.stopping`'s default. */
export const STOP_AFTER_STEP = 'finishing this step and writing a checkpoint';

/**
 * What it does once the steps are over and the level process is being calibrated: the last step's
 * checkpoint is written, and a resumed run calibrates it.
 */
export const STOP_CALIBRATION = 'stopping the calibration; the trained run stays in its checkpoint, which --resume calibrates';

/**
 * A training command's graceful stop: the first SIGINT/SIGTERM aborts `state.stop` (the run finishes its
 * step and writes a checkpoint, or stops its calibration: the command sets `state.stopping`, which is
 * said on stderr, to say which) and sets `state.code` to the signal's exit code; a second one, more than
 * {@link REPEATED_SIGNAL_MS} after the first, exits at once. Call `off` when the run is over; `handle` is
 * what a signal calls (true: the run stops by itself).
 *
 * @param options.now the clock in milliseconds (tests pass their own)
 */
export function interruptOnSignals(options: { now?: () => number } = {}): {
  state: { stop: AbortController; code: number; stopping: string }; off: () => void; handle: (signal: StopSignal) => boolean;
} {
  const now = options.now ?? Date.now;
  const state = { stop: new AbortController(), code: 0, stopping: STOP_AFTER_STEP };
  let firstAt = 0;
  const handle = (signal: StopSignal): boolean => {
    if (state.stop.signal.aborted) return now() - firstAt < REPEATED_SIGNAL_MS;
    firstAt = now();
    state.stop.abort();
    state.code = EXIT[signal];
    process.stderr.write(`\n${signal}: ${state.stopping} (${signal === 'SIGINT' ? 'Ctrl-C' : 'the signal'} again, a second later, to abort)\n`);
    return true;
  };
  setGracefulStop(handle);
  return { state, off: () => setGracefulStop(null), handle };
}
