/**
 * The machine's own ceiling for the wasm kernels: the SIMD128 multiply-add rate of a register-only loop
 * (no memory traffic), one thread and all cores at once. Each of `chains` independent f32x4 accumulators
 * is updated as acc = acc·a + b, so every update depends on the last (no work can be folded away) and the
 * chains together hide the instruction latency. Assembled with wabt, as the kernels are
 * (scripts/assemble-wasm.ts). FMA (relaxed SIMD) where the engine accepts it; mul+add always.
 *
 *   npx tsx bench/simd-peak.ts    measures and prints both peaks (`npm run bench` measures them beside its wasm cells)
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import wabtFactory from 'wabt';
import { relaxedSimdSupported } from '../src/backend/wasm/fused.js';

/** How an update is written: one fused f32x4.relaxed_madd, or f32x4.mul then f32x4.add. */
export type PeakKind = 'fma' | 'mul+add';

/** Floating-point operations of one update: a multiply and an add on each of 4 lanes. */
const FLOPS_PER_UPDATE = 8;
/** Independent chains tried; the best is kept (enough to cover latency, few enough to stay in 16 registers). */
const CHAIN_COUNTS = [6, 8, 10, 12];
/** Loop iterations per timed call: about 0.1 s at tens of GFLOP/s. */
const ITERATIONS = 1_000_000;
/** Timed calls per chain count; the fastest counts (a shared machine only ever slows a run down). */
const REPEATS = 7;

/** The loop's text: `chains` accumulators, updated once each per iteration, their lanes summed at the end. */
export function peakWat(kind: PeakKind, chains: number): string {
  const locals = Array.from({ length: chains }, (_, i) => `(local $c${i} v128)`).join(' ');
  const update = (i: number) => (kind === 'fma'
    ? `(local.set $c${i} (f32x4.relaxed_madd (local.get $c${i}) (local.get $a) (local.get $b)))`
    : `(local.set $c${i} (f32x4.add (f32x4.mul (local.get $c${i}) (local.get $a)) (local.get $b)))`);
  const init = Array.from({ length: chains }, (_, i) => `(local.set $c${i} (f32x4.splat (f32.add (local.get $x) (f32.const ${i}))))`).join('\n    ');
  const sum = Array.from({ length: chains - 1 }, () => '(f32x4.add').join(' ') + ' (local.get $c0)' +
    Array.from({ length: chains - 1 }, (_, i) => ` (local.get $c${i + 1}))`).join('');
  return `(module
  (func (export "run") (param $n i32) (param $x f32) (param $ya f32) (param $yb f32) (result f32)
    (local $a v128) (local $b v128) (local $s v128) ${locals}
    (local.set $a (f32x4.splat (local.get $ya)))
    (local.set $b (f32x4.splat (local.get $yb)))
    ${init}
    (loop $next
      ${Array.from({ length: chains }, (_, i) => update(i)).join('\n      ')}
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $next (i32.gt_s (local.get $n) (i32.const 0))))
    (local.set $s ${sum})
    (f32.add (f32.add (f32x4.extract_lane 0 (local.get $s)) (f32x4.extract_lane 1 (local.get $s)))
             (f32.add (f32x4.extract_lane 2 (local.get $s)) (f32x4.extract_lane 3 (local.get $s))))))`;
}

/** The loop's WebAssembly bytes. */
export async function peakModule(kind: PeakKind, chains: number): Promise<Uint8Array<ArrayBuffer>> {
  const wabt = await wabtFactory();
  const features = { simd: true, relaxed_simd: kind === 'fma' };
  const parsed = wabt.parseWat('simd-peak.wat', peakWat(kind, chains), features);
  parsed.resolveNames();
  (parsed.validate as (f: object) => void)(features); // wabt.js takes features here too; its typings omit them
  const { buffer } = parsed.toBinary({ log: false });
  parsed.destroy();
  return Uint8Array.from(buffer);
}

/**
 * Run in each thread (the main one, or a worker): warm the loop up until V8 has optimised it, then time
 * `repeats` calls; returns the fastest call's seconds. Kept as source text so a worker can eval it.
 */
const TIMED_LOOP = `async function timedLoop(bytes, iterations, repeats) {
  const { instance } = await WebAssembly.instantiate(bytes);
  const run = instance.exports.run;
  // Warm-up: V8 first runs wasm in its baseline compiler and optimises a function once it is hot.
  for (let i = 0; i < 20; i++) run(iterations / 10, 0.5, 0.999, 0.001);
  let best = Infinity, sink = 0;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    sink += run(iterations, 0.5 + i, 0.999, 0.001);
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  if (!Number.isFinite(sink)) throw new Error('simd peak: the loop overflowed');
  return best;
}`;
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- the same function text runs in workers
const timedLoop = new Function(`return ${TIMED_LOOP}`)() as (bytes: Uint8Array, iterations: number, repeats: number) => Promise<number>;

/** The fastest call of the loop in `threads` threads at once (each its own copy); seconds per thread. */
async function timeThreads(bytes: Uint8Array, threads: number): Promise<number[]> {
  if (threads === 1) return [await timedLoop(bytes, ITERATIONS, REPEATS)];
  const script = `const { parentPort, workerData } = require('node:worker_threads');
    ${TIMED_LOOP}
    timedLoop(workerData.bytes, workerData.iterations, workerData.repeats).then((s) => parentPort.postMessage(s));`;
  return Promise.all(Array.from({ length: threads }, () => new Promise<number>((resolve, reject) => {
    const worker = new Worker(script, { eval: true, workerData: { bytes, iterations: ITERATIONS, repeats: REPEATS } });
    worker.once('message', (s: number) => { resolve(s); void worker.terminate(); });
    worker.once('error', reject);
  })));
}

/** One peak: GFLOP/s of the best chain count, on one thread and on all of them together. */
export interface PeakFigure {
  kind: PeakKind;
  chains: number;
  oneThreadGflops: number;
  threads: number;
  allThreadsGflops: number;
}

/** The measured peak of `kind` (null for FMA where this engine has no relaxed SIMD). */
export async function measurePeak(kind: PeakKind, threads = availableParallelism()): Promise<PeakFigure | null> {
  if (kind === 'fma' && !relaxedSimdSupported()) return null;
  const flops = (chains: number) => ITERATIONS * chains * FLOPS_PER_UPDATE;
  let best = { chains: 0, gflops: 0 };
  for (const chains of CHAIN_COUNTS) {
    const [seconds] = await timeThreads(await peakModule(kind, chains), 1);
    const gflops = flops(chains) / seconds / 1e9;
    if (gflops > best.gflops) best = { chains, gflops };
  }
  const perThread = await timeThreads(await peakModule(kind, best.chains), threads);
  const allThreadsGflops = perThread.reduce((sum, seconds) => sum + flops(best.chains) / seconds / 1e9, 0);
  return { kind, chains: best.chains, oneThreadGflops: best.gflops, threads, allThreadsGflops };
}

/** Both peaks in one line, as `npm run bench` and this file run directly print them. */
export function describePeak(fma: PeakFigure | null, mulAdd: PeakFigure): string {
  const figure = (p: PeakFigure) => `${p.oneThreadGflops.toFixed(1)} GFLOP/s on 1 thread, ${p.allThreadsGflops.toFixed(1)} on ${p.threads} (${p.chains} chains)`;
  return `SIMD128 peak of this CPU (register-only loop): FMA ${fma ? figure(fma) : 'n/a (no relaxed SIMD in this engine)'}; mul+add ${figure(mulAdd)}`;
}

// Run directly (not imported by bench/main.ts or a test): measure and print the peaks.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const USAGE = 'Usage: npx tsx bench/simd-peak.ts   (no options: measures the SIMD128 FMA and mul+add peaks on 1 thread and on all cores)';
  const extra = process.argv.slice(2);
  if (extra.includes('--help') || extra.includes('-h')) {
    console.log(USAGE);
    process.exit(0);
  }
  if (extra.length) {
    console.error(`simd-peak: unexpected argument '${extra[0]}'\n\n${USAGE}`);
    process.exit(2);
  }
  console.log(describePeak(await measurePeak('fma'), (await measurePeak('mul+add'))!));
}
