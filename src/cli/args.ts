/** Small helpers shared by the CLI commands: option parsing with clear errors, and formatting. */
import { closeSync, existsSync, lstatSync, openSync, readlinkSync, realpathSync, statSync, unlinkSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, delimiter, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BACKEND_NAMES, createBackend, type Backend, type BackendName } from '../backend/index.js';
import { MAX_THREADS } from '../backend/wasm/threads.js';
import type { StepMetrics } from '../gan/index.js';
import { setBackend } from '../tensor/index.js';

/** Bad or missing options: the command exits with 2 and the message. */
export class UsageError extends Error {}

/**
 * `--help` was given: main prints `help` and exits with 0. Thrown rather than printed here so that no
 * command exits the process from inside, and so a test can read both what a command's help documents
 * and the options its parser accepts (`options`, without `help` itself).
 */
export class HelpRequested extends Error {
  constructor(readonly help: string, readonly options: string[]) {
    super('help requested');
  }
}

/**
 * `--opt -1` as `--opt=-1` for an option that takes a value: parseArgs refuses a value that starts with
 * a dash after a space as ambiguous, but a negative number (or a list starting with one) is never an
 * option name, so it is passed on to be checked like any other value.
 */
function joinNegativeValues(argv: string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith('--') ? argv[i].slice(2) : '';
    if (Object.hasOwn(options, name) && options[name].type === 'string' && /^-\.?\d/.test(argv[i + 1] ?? '')) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

/**
 * Parses a command's options strictly (an unknown option is a UsageError that shows `help`); `--help`
 * or `-h` throws {@link HelpRequested}.
 */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, help: string) {
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, options), options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: false, strict: true, tokens: true });
  } catch (e) {
    const unknown = /^Unknown option '--([^']+)'/.exec((e as Error).message)?.[1];
    const near = unknown === undefined ? undefined : nearestOption(unknown, Object.keys(options));
    throw new UsageError(`${(e as Error).message}${near ? `; did you mean --${near}?` : ''}\n\n${help}`);
  }
  if ((parsed.values as { help?: boolean }).help) throw new HelpRequested(help, Object.keys(options));
  // An option given twice would count only the last time (`--as-of A --as-of B` forecasts from B): refused.
  const given = new Map<string, string[]>();
  for (const t of parsed.tokens) {
    if (t.kind === 'option' && options[t.name]?.type === 'string' && !options[t.name].multiple) given.set(t.name, [...(given.get(t.name) ?? []), t.value ?? '']);
  }
  for (const [name, values] of given) {
    // `--json "$OUT"` with OUT unset: an empty value would be taken as the option not given (no file written, exit 0).
    if (values.some((v) => v.trim() === '')) throw new UsageError(`--${name}: an empty value ('${values.find((v) => v.trim() === '')}')`);
    if (values.length > 1) throw new UsageError(`--${name} is given ${values.length} times (${values.map((v) => `'${v}'`).join(', ')}): give it once`);
  }
  return parsed.values as { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string };
}

/** The option `name` most likely meant (one is a prefix of the other, or at most two edits apart), if any. */
export function nearestOption(name: string, options: string[]): string | undefined {
  const edits = (a: string, b: string): number => {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      row = next;
    }
    return row[b.length];
  };
  const scored = options.map((o) => ({ o, d: o.startsWith(name) || name.startsWith(o) ? 0.5 : edits(name, o) })).filter((x) => x.d <= 2);
  return scored.sort((a, b) => a.d - b.d)[0]?.o;
}

/** A number option: integer and range checked, named in the error; `what` says what it must be in words. */
export function numberOption(value: string | undefined, name: string, fallback: number, { integer = true, min = -Infinity, max = Infinity, what = '' } = {}): number {
  if (value === undefined) return fallback;
  const n = decimal(value);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    const range = max < Infinity ? ` from ${min} to ${max}` : min > -Infinity ? ` ≥ ${min}` : '';
    throw new UsageError(`--${name} must be ${what || `${integer ? 'an integer' : 'a number'}${range}`}, got '${value}'`);
  }
  return n;
}

/** Where {@link commandName} is asked from: the working directory a command will be pasted in, and the PATH its shell searches. */
export interface CommandContext {
  cwd: string;
  /** The PATH (entries separated by the platform's delimiter); undefined: none. */
  pathEnv: string | undefined;
  /**
   * Run by npm (npx, npm exec, npm run): npm put node_modules/.bin folders at the front of PATH for this
   * run only, so a `gangrad` found there is not on the PATH of the shell the command is pasted in.
   */
  npm?: boolean;
}

/**
 * How to run gangrad again as it was run now, as a command that works pasted in the working directory:
 * `gangrad` when that name on the PATH is the very script that runs (not counting the node_modules/.bin
 * folders npx or npm run put there); else `node` and the script's path (an installed package's
 * node_modules/.bin/gangrad, say); in a checkout, `node --import LOADER
 * src/cli/main.ts`, naming tsx's loader by its file URL when `tsx` from the working directory is not the
 * checkout's (node resolves --import from there). Any other script (an embedding program, a test runner): `gangrad`.
 */
export function commandName(script: string | undefined = process.argv[1], context: CommandContext = { cwd: process.cwd(), pathEnv: process.env.PATH, npm: process.env.npm_lifecycle_event !== undefined }): string {
  if (!script) return 'gangrad';
  const { cwd } = context;
  const here = (file: string) => {
    const local = relative(cwd, file);
    return shellWord(local === '' || local.startsWith('..') || isAbsolute(local) ? resolve(cwd, file) : local);
  };
  if (/src[\\/]cli[\\/]main\.ts$/.test(script)) return `node --import ${tsxLoader(resolve(cwd, script), cwd)} ${here(script)}`;
  const real = realPath(resolve(cwd, script));
  if (!real || !/(bin[\\/]gangrad(\.js)?|dist[\\/]cli[\\/]main\.js)$/.test(real)) return 'gangrad';
  return gangradOnPath(context.pathEnv, { npm: context.npm ?? false }) === real ? 'gangrad' : `node ${here(script)}`;
}

/** The real path of `file` (links resolved), or undefined when there is none. */
function realPath(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}

/**
 * The real path of the first `gangrad` on the PATH, as a shell runs it (on Windows, npm's `gangrad.cmd`
 * shim, which is no link: its own path); under npm, node_modules/.bin folders are passed over (see
 * {@link CommandContext.npm}).
 */
function gangradOnPath(pathEnv: string | undefined, options: { npm: boolean }): string | undefined {
  const names = process.platform === 'win32' ? ['gangrad.cmd', 'gangrad.exe'] : ['gangrad'];
  const npmBin = (dir: string) => options.npm && /(^|[\\/])node_modules[\\/]\.bin[\\/]?$/.test(dir);
  for (const dir of (pathEnv ?? '').split(delimiter).filter((d) => d !== '' && !npmBin(d))) {
    for (const name of names) {
      const found = realPath(join(dir, name));
      if (found && !statSync(found).isDirectory()) return found;
    }
  }
  return undefined;
}

/**
 * What --import names to load tsx for the checkout's `main`: `tsx` when it resolves from `cwd` to the
 * checkout's own loader, else that loader's file URL (one from another directory fails, or is another tsx).
 */
function tsxLoader(main: string, cwd: string): string {
  const from = (dir: string) => {
    try {
      return realPath(createRequire(join(dir, 'noop.js')).resolve('tsx'));
    } catch {
      return undefined;
    }
  };
  const own = from(dirname(main));
  return own === undefined || from(cwd) === own ? 'tsx' : shellWord(pathToFileURL(own).href);
}

/** `word` as one shell word: as it is when it holds no character a shell reads, else quoted. */
function shellWord(word: string): string {
  if (/^[\w@%+=:,./\\-]+$/.test(word)) return word;
  return process.platform === 'win32' ? `"${word}"` : `'${word.replace(/'/g, "'\\''")}'`;
}

/** Seconds as `42s`, `3m05s` or `1h02m`. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * A progress line's losses (`D 1.386 G 0.693 D(x) 0.50 D(G(z)) 0.50`), '' before the first read. They
 * are read only every few steps: on a line between reads they carry the step they were read at, so a
 * repeated value does not look like a run that stopped moving.
 */
export function lossesText(progress: { step: number; metrics: StepMetrics | null }): string {
  const m = progress.metrics;
  if (!m) return '';
  const noise = m.noiseLevel !== undefined ? ` σ ${m.noiseLevel.toFixed(2)}` : '';
  return `D ${m.dLoss.toFixed(3)} G ${m.gLoss.toFixed(3)} D(x) ${m.dReal.toFixed(2)} D(G(z)) ${m.dFake.toFixed(2)}${noise}${m.step === progress.step ? '' : ` (at step ${m.step})`}`;
}

/** The widest hidden layer `--hidden` takes: 8192² weights are 256 MB, and a wider layer outgrows the WebAssembly heap (4 GB). */
export const MAX_HIDDEN_WIDTH = 8192;

/** `--hidden W,W…`: each width a whole number from 1 to {@link MAX_HIDDEN_WIDTH}. */
export function hiddenOption(value: string): number[] {
  return value.split(',').map((w) => numberOption(w.trim(), 'hidden', 0, { min: 1, max: MAX_HIDDEN_WIDTH }));
}

/** A comma-separated list of numbers ("0.95,0.99"), each checked by `check`; the error names the option and the value. */
export function numberListOption(value: string, name: string, check: (v: number) => boolean, what: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  const bad = parts.findIndex((s) => !Number.isFinite(decimal(s)) || !check(decimal(s)));
  if (bad >= 0) throw new UsageError(`--${name}: '${parts[bad]}' is not ${what}`);
  // The same value twice would only print (or compute) the same row twice.
  const values = parts.map(decimal);
  const twice = values.find((v, i) => values.indexOf(v) !== i);
  if (twice !== undefined) throw new UsageError(`--${name}: ${twice} is given twice`);
  return values;
}

/** A plain decimal number (an exponent allowed: 1e3), or NaN: `Number` would also read 0x10, 0b11 and '' (as 0). */
function decimal(text: string): number {
  return /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(text) ? Number(text) : NaN;
}

/**
 * An input file named on the command line (`--data FILE`, one of `--data A,B`, `--wide FILE`): one that
 * does not exist or is a directory is a usage error (exit 2), found before any work, with one wording for
 * every command.
 */
export function requireInputFile(file: string, option = 'data'): void {
  if (!existsSync(file)) throw new UsageError(`--${option} ${file}: no such file`);
  if (statSync(file).isDirectory()) throw new UsageError(`${file}: a directory, not a CSV file (--${option})`);
}

/**
 * Output files that exist are refused without --force: a user's earlier result is never replaced unasked.
 * Then each must be writable ({@link requireOutputDirectories}) and no two may name the same file.
 */
export function refuseExistingOutputs(files: (string | undefined)[], force: boolean): void {
  // A directory cannot be replaced by a file whatever --force says: requireOutputDirectories names it.
  for (const f of files) if (f && existsSync(f) && !force && !statSync(f).isDirectory()) throw new UsageError(`${f} exists; pass --force to replace it`);
  requireOutputDirectories(files);
  const seen = new Map<string, string>();
  for (const f of files) {
    if (!f) continue;
    const other = seen.get(resolve(f));
    if (other !== undefined) throw new UsageError(`${other} and ${f} name the same file: give each output its own name`);
    seen.set(resolve(f), f);
  }
}

/**
 * Outputs are refused before any work, not after it (a backtest takes minutes), when they could not be
 * written: a directory that does not exist or is a file, a target that is a directory, a directory
 * this process may not write in (tried by creating and removing an empty file: permission bits alone
 * do not tell, e.g. for root or a read-only mount). The message names the file and the reason.
 */
export function requireOutputDirectories(files: (string | undefined)[]): void {
  for (const f of files) {
    if (!f) continue;
    // The Unix sign for standard output: written as a file named '-' it would surprise everyone.
    if (f === '-') throw new UsageError("an output named '-': results are written to files, not to standard output; give a file name");
    const dir = dirname(resolve(f));
    if (!existsSync(dir)) throw new UsageError(`cannot write ${f}: its directory ${dirname(f)} does not exist`);
    if (!statSync(dir).isDirectory()) throw new UsageError(`cannot write ${f}: ${dirname(f)} is a file, not a directory`);
    if (existsSync(f) && statSync(f).isDirectory()) throw new UsageError(`cannot write ${f}: it is a directory`);
    // A result is written to a temporary file renamed into place: over a link or a device (/dev/stdout) the
    // rename would put a plain file where the link or device was.
    const entry = lstatOrNull(f);
    if (entry?.isSymbolicLink()) throw new UsageError(`cannot write ${f}: it is a symbolic link (to ${readlinkSync(f)}); results are written whole and renamed into place, which would replace the link: give the file's own path`);
    if (entry && !entry.isFile()) throw new UsageError(`cannot write ${f}: not a regular file (a device, pipe or socket); results are written to files: give a file name`);
    const probe = join(dir, `.gangrad-write-test-${process.pid}`);
    try {
      closeSync(openSync(probe, 'wx'));
      unlinkSync(probe);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue; // a leftover probe of a process with our id: the directory is writable
      const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'a read-only file system' : code;
      throw new UsageError(`cannot write ${f}: no file can be created in ${dirname(f)} (${why})`);
    }
  }
}

/**
 * An output that would replace one of the command's own inputs (its data file, the model's files) is
 * refused even with --force: the input would be lost and the run would read what it writes.
 */
export function refuseOutputsOverInputs(outputs: (string | undefined)[], inputs: { path: string; what: string }[]): void {
  for (const f of outputs) {
    if (!f) continue;
    const input = inputs.find((i) => resolvedPath(i.path) === resolvedPath(f));
    if (input) throw new UsageError(`${f} is ${input.what}: an output may not replace an input; choose another name`);
  }
}

/** The entry at `path` itself (a link not followed), or null when there is none. */
function lstatOrNull(path: string): Stats | null {
  try { return lstatSync(path); } catch { return null; }
}

/** Where a path leads, symbolic links (of the file or of a folder above it) followed; a file not there yet, by its folder's. */
export function resolvedPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

/**
 * Dispatch `gangrad GROUP <command> …` (tabular, portfolio): bare or --help prints `usage` (bare is
 * also a usage error, `missing`), an unknown command is a usage error listing the commands.
 */
export async function runSubcommand(group: string, commands: Record<string, (argv: string[]) => Promise<unknown>>, usage: string, missing: string, argv: string[]): Promise<number | void> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    console.log(usage);
    if (!command) throw new UsageError(missing);
    return;
  }
  const run = commands[command];
  if (!run) throw new UsageError(`unknown ${group} command '${command}'\n\n${usage}`);
  // A number is the command's exit code (a run stopped by a signal); other results are for in-process callers.
  const result = await run(rest);
  return typeof result === 'number' ? result : undefined;
}

/** The backend `--backend` names (default auto); an unknown name is a UsageError. */
export function backendOption(name: string | undefined): BackendName {
  const backendName = (name ?? 'auto') as BackendName;
  if (!BACKEND_NAMES.includes(backendName)) throw new UsageError(`--backend must be one of ${BACKEND_NAMES.join(', ')}, got '${name}'`);
  return backendName;
}

/**
 * `GANGRAD_THREADS`: how many threads a command may use — the wasm backend's worker pool and the
 * scoring workers — as `OMP_NUM_THREADS` caps PyTorch's. Unset, one per core. Programs sharing a
 * machine each want fewer: the test suite runs two test files at once on two cores and sets 1
 * (vitest.config.ts; the tests of threaded paths ask for threads by name).
 */
export const ENVIRONMENT_HELP = `Environment: GANGRAD_THREADS=N caps the threads a command uses (the WebAssembly backend's and the
validation scoring's; default: one per core), as OMP_NUM_THREADS does for PyTorch.`;

/** The thread cap `GANGRAD_THREADS` sets, or undefined when it is unset; a bad value is a UsageError. */
export function threadsFromEnvironment(): number | undefined {
  const value = process.env.GANGRAD_THREADS;
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_THREADS) {
    throw new UsageError(`GANGRAD_THREADS must be a whole number from 1 to ${MAX_THREADS}, got '${value}'`);
  }
  return Number(value);
}

/** Create the backend `--backend` names (default auto), with `GANGRAD_THREADS`'s cap; an unknown name is a UsageError. */
export async function createCommandBackend(name: string | undefined): Promise<Backend> {
  const backendName = backendOption(name);
  return createBackend(backendName, backendName === 'auto' || backendName === 'wasm' ? { threads: threadsFromEnvironment() } : {});
}

/** {@link createCommandBackend}, made current. */
export async function useBackend(name: string | undefined): Promise<Backend> {
  const backend = await createCommandBackend(name);
  setBackend(backend);
  return backend;
}

/** A date option: YYYY-MM-DD and a real calendar day (2023-02-30 is not one); a UsageError naming the option otherwise. */
export function checkDateOption(value: string, name: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new UsageError(`--${name} ${value}: expected a date as YYYY-MM-DD`);
  const [y, m, d] = value.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) throw new UsageError(`--${name} ${value}: not a date in the calendar`);
}
