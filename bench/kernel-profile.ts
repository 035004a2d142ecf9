/**
 * Where a training step's time goes, kernel by kernel: wraps every kernel of the wasm backend in a
 * timer, runs the benchmark's reference step (bench/workload.ts) and prints each kernel's time per
 * step, matrix products by shape and layout. Kernels on wasm run synchronously, so the wall time
 * around each call is its cost (the timers add about 1 µs a call).
 *
 *   THREADS=1|2 node --import tsx bench/kernel-profile.ts [batch=256] [steps=300]
 */
import { GanTrainer, Rng, createBackend, mlp, rowSampler, setBackend } from '../src/index.js';
import { MAX_THREADS } from '../src/backend/wasm/threads.js';
import { referenceWorkload } from './workload.js';

const USAGE = `usage: THREADS=N node --import tsx bench/kernel-profile.ts [batch] [steps]   (N 1 to ${MAX_THREADS}; unset: one a core)`;
function usage(message: string): never {
  console.error(`kernel-profile: ${message}\n${USAGE}`);
  process.exit(2);
}
const [batch, steps] = [process.argv[2] ?? '256', process.argv[3] ?? '300'].map(Number);
if (!(Number.isInteger(batch) && batch > 0 && Number.isInteger(steps) && steps > 0)) usage('batch and steps must be positive integers');
if (process.argv.length > 4) usage(`unexpected argument '${process.argv[4]}'`);
// Checked here like the arguments: the backend's own check would end in a stack trace.
const threads = process.env.THREADS ? Number(process.env.THREADS) : undefined;
if (threads !== undefined && !(/^\d+$/.test(process.env.THREADS!) && threads >= 1 && threads <= MAX_THREADS)) {
  usage(`THREADS must be an integer from 1 to ${MAX_THREADS}, got '${process.env.THREADS}'`);
}
const backend = await createBackend('wasm', threads ? { threads } : {});
const times = new Map<string, { ms: number; calls: number }>();
const kernels = backend.kernels as unknown as Record<string, (...args: unknown[]) => unknown>;
for (const name of Object.keys(kernels)) {
  const kernel = kernels[name];
  kernels[name] = (...args: unknown[]) => {
    const start = performance.now();
    const result = kernel(...args);
    const key = name === 'matmul' ? `matmul m${args[3]} k${args[4]} n${args[5]}${args[6] ? ' A stored transposed' : ''}${args[7] ? ' B stored transposed' : ''}` : name;
    const entry = times.get(key) ?? { ms: 0, calls: 0 };
    entry.ms += performance.now() - start;
    entry.calls++;
    times.set(key, entry);
    return result;
  };
}
setBackend(backend);
const w = referenceWorkload(batch);
const rng = new Rng(1);
const rows = 4096, data = Float32Array.from({ length: rows * w.features }, () => rng.normal());
const trainer = new GanTrainer({
  generator: mlp([w.latent, w.hidden, w.hidden, w.features], { seed: 1 }),
  discriminator: mlp([w.features, w.hidden, w.hidden, 1], { seed: 2 }),
  latentDim: w.latent, batchSize: w.batch, metricsEvery: 1, sampleReal: rowSampler(data, rows, w.features, 3).sample,
});
for (let i = 0; i < 20; i++) await trainer.step(); // warm-up: JIT tiers, the pool's first jobs
times.clear();
const start = performance.now();
for (let i = 0; i < steps; i++) await trainer.step();
const stepMs = (performance.now() - start) / steps;
const sorted = [...times.entries()].sort((a, b) => b[1].ms - a[1].ms);
const sum = (matmul: boolean) => sorted.filter(([key]) => key.startsWith('matmul') === matmul).reduce((s, [, e]) => s + e.ms, 0) / steps;
console.log(`${backend.description}; batch ${batch}, ${steps} steps`);
console.log(`step ${stepMs.toFixed(2)} ms: matrix products ${sum(true).toFixed(2)} ms, other kernels ${sum(false).toFixed(2)} ms`);
for (const [key, e] of sorted) console.log(`${(e.ms / steps).toFixed(3).padStart(8)} ms  ${(e.calls / steps).toFixed(0).padStart(3)} a step  ${key}`);
process.exit(0);
