/**
 * The cells of `npm run bench` (bench/main.ts), each run by bench/run-one.ts or the PyTorch peer: the
 * engines, the checks of a cell's workload, which cells run, and how a failed cell's output is read.
 * Kept apart from main.ts so that run-one.ts checks its arguments the same way and tests can call them.
 */
import { createRequire } from 'node:module';

export const BACKENDS = ['cpu', 'wasm', 'gpujs:webasm', 'gpujs:cpu', 'webgpu'];
export const PEERS = ['tfjs-cpu', 'tfjs-wasm', 'pytorch', 'pytorch-cuda'];
/** What bench/run-one.ts runs: every gangrad backend and the TensorFlow.js peers (PyTorch runs in Python). */
export const RUN_ONE_ENGINES = [...BACKENDS.map((b) => `gangrad-${b}`), 'tfjs-cpu', 'tfjs-wasm'];

/** Why `spec` is no training-step cell B or B:H, or null; sizes past these are no benchmark of a step. */
export function batchSpecError(spec: string): string | null {
  const [b, h] = spec.split(':').map(Number);
  return /^\d+(:\d+)?$/.test(spec) && b >= 1 && b <= 65536 && !(h < 1 || h > 16384) ? null
    : `'${spec}' is not a batch B or B:H (B 1 to 65536, H 1 to 16384)`;
}

/** Why `spec` is no matmul shape m,k,n, or null. */
export function matmulSpecError(spec: string): string | null {
  return /^\d+,\d+,\d+$/.test(spec) && spec.split(',').map(Number).every((v) => v >= 1 && v <= 16384) ? null
    : `'${spec}' is not a matmul shape m,k,n (each 1 to 16384)`;
}

export interface Cell {
  engine: string; description: string; kind: string; spec: string; flops: number;
  timing: { median: number; p10: number; p90: number; reps: number };
  gflops: number; stepsPerSecond: number; peakRssMiB: number; liveBytes?: number;
}
export type CellResult = Cell | { engine: string; kind: string; spec: string; error: string };

/** The B=1024 H=1024 step, which a full run adds to the default batches. */
export const LARGE_STEP = '1024:1024';

/**
 * Why a training-step cell is skipped, or null to run it. Only the H=1024 cell that a full run adds by
 * itself is optional: it costs ~16× the B=1024 step, so it runs for engines whose B=1024 step (`base`)
 * took under 1 s (else 20 repetitions would take over 5 minutes a cell). A cell asked for by --batch runs.
 */
export function stepSkip(spec: string, askedByName: boolean, base: CellResult | undefined): string | null {
  if (spec !== LARGE_STEP || askedByName) return null;
  if (!base) return 'skipped: no B=1024 step was run to tell how long it would take';
  if ('error' in base) return 'skipped: its B=1024 step failed';
  const seconds = base.timing.median / 1000;
  return seconds > 1 ? `skipped: its B=1024 step takes ${seconds.toFixed(1)} s, over 1 s` : null;
}

/**
 * Why the gpu.js backends cannot run here (gpu.js, an optional peer, is not installed), or null. Only
 * resolved, not loaded: loading it takes seconds, and the cells load it in their own processes.
 */
export function gpujsMissing(resolve: (name: string) => string = createRequire(import.meta.url).resolve): string | null {
  try {
    resolve('gpu.js');
    return null;
  } catch {
    return "the optional package 'gpu.js' is not installed (npm install gpu.js)";
  }
}

/** What the PyTorch probe found: a Python with torch, or why none (null: not looked for). */
export type TorchProbe = { python: string } | { skipped: string } | null;

/**
 * The peers that run, the default ones left out with a note (`skipped`), and those asked for by name
 * that cannot run here (`cannotRun`): each of their cells fails, as a backend asked for by name does.
 */
export function choosePeers(asked: string[] | undefined, torch: TorchProbe, cuda: boolean):
  { peers: string[]; skipped: Record<string, string>; cannotRun: Record<string, string> } {
  const skipped: Record<string, string> = {}, cannotRun: Record<string, string> = {};
  const noTorch = torch && 'skipped' in torch ? torch.skipped : null;
  if (!asked) {
    if (noTorch) skipped.pytorch = noTorch;
    return { peers: ['tfjs-cpu', 'tfjs-wasm', ...(noTorch ? [] : ['pytorch', ...(cuda ? ['pytorch-cuda'] : [])])], skipped, cannotRun };
  }
  for (const p of asked.filter((p) => p.startsWith('pytorch'))) {
    if (noTorch) cannotRun[p] = noTorch;
    else if (p === 'pytorch-cuda' && !cuda) cannotRun[p] = 'this torch sees no CUDA GPU';
  }
  return { peers: PEERS.filter((p) => asked.includes(p)), skipped, cannotRun };
}

/**
 * The message of a cell's failure: the first line that starts with an error's name, as Node prints an
 * uncaught error. Not a later one: a `[cause]: Error ...` line under it gives the cause
 * (ERR_MODULE_NOT_FOUND) without the error's own advice (npm install gpu.js). Not the source excerpt
 * Node prints above it either (`throw new MissingPackageError(name,`). Else the last line a gangrad
 * message begins (a warning may come before it), else the output's last two lines.
 */
export function failureMessage(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('at ') && !/^Node\.js v/.test(l) && !/^[\^~\s]+$/.test(l));
  return lines.find((l) => /^\w*Error\b/.test(l)) ?? [...lines].reverse().find((l) => l.startsWith('gangrad')) ?? lines.slice(-2).join(' | ');
}

export const RUN_ONE_USAGE = `Usage: npx tsx bench/run-one.ts ENGINE KIND SPEC [quick|full]
  ENGINE  ${RUN_ONE_ENGINES.join(' | ')}
  KIND    step (SPEC: batch B or B:H, hidden width H, default 256) or matmul (SPEC: m,k,n)
  quick   5 repetitions; full (the default): 20 to 40, more while a 45 s budget lasts
One cell of npm run bench, in this process; prints its figures as one JSON line.
Exit codes: 0 done, 1 failure, 2 usage error.`;

/** bench/run-one.ts's arguments: the cell they name, or why they name none (a usage error). */
export function runOneArgs(argv: string[]): { engine: string; kind: 'step' | 'matmul'; spec: string; reps: 'quick' | 'full' } | { error: string } {
  const [engine, kind, spec, reps = 'full', ...extra] = argv;
  if (argv.length < 3) return { error: `expected ENGINE KIND SPEC, got ${argv.length ? `only '${argv.join(' ')}'` : 'no arguments'}` };
  if (!RUN_ONE_ENGINES.includes(engine)) return { error: `unknown engine '${engine}'` };
  if (kind !== 'step' && kind !== 'matmul') return { error: `unknown kind '${kind}' (step or matmul)` };
  const why = kind === 'step' ? batchSpecError(spec) : matmulSpecError(spec);
  if (why) return { error: `${kind}: ${why}` };
  if (reps !== 'quick' && reps !== 'full') return { error: `unknown repetitions '${reps}' (quick or full)` };
  if (extra.length) return { error: `unexpected argument '${extra[0]}'` };
  return { engine, kind, spec, reps };
}
