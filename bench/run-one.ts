/**
 * One benchmark cell, run in its own process so peak RSS and JIT state belong to it alone.
 * Prints one JSON line: { engine, description, kind, spec, timing, ... }.
 *
 *   npx tsx bench/run-one.ts ENGINE KIND SPEC [quick|full]    (RUN_ONE_USAGE in bench/cells.ts)
 *   engine: gangrad-cpu | gangrad-wasm | gangrad-webgpu | gangrad-gpujs:webasm | gangrad-gpujs:cpu | tfjs-cpu | tfjs-wasm
 *   kind:   step (spec = batch[:hidden]) | matmul (spec = m,k,n)
 */
import { GanTrainer, Rng, createBackend, matmul, memory, mlp, randomNormal, rowSampler, setBackend, tidy, type BackendName } from '../src/index.js';
import { RUN_ONE_USAGE, runOneArgs } from './cells.js';
import { measure } from './stats.js';
import { referenceWorkload, stepFlops } from './workload.js';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(RUN_ONE_USAGE);
  process.exit(0);
}
const cell = runOneArgs(process.argv.slice(2));
if ('error' in cell) {
  console.error(`run-one: ${cell.error}\n\n${RUN_ONE_USAGE}`);
  process.exit(2);
}
const { engine, kind, spec, reps } = cell;
// The full run warms each cell up for 2 s (every engine alike: pytorch.py does the same), the quick one for its 3 steps.
const [minReps, maxReps, budgetMs, warmupMs] = reps === 'quick' ? [5, 5, 2_000, 0] : [20, 40, 45_000, 2_000];
const isTfjs = engine.startsWith('tfjs-');

function realData(features: number, rows = 4096): Float32Array {
  const rng = new Rng(1);
  return Float32Array.from({ length: rows * features }, () => rng.normal());
}

let description: string;
let run: () => Promise<void>;
let flops: number;
let liveBytes = () => NaN;
if (isTfjs) {
  const peer = await import('./peers/tfjs.js');
  description = await peer.initTfjs(engine.slice(5) as 'cpu' | 'wasm');
  if (kind === 'step') {
    const [batch, hidden] = spec.split(':').map(Number);
    const w = referenceWorkload(batch, hidden || 256);
    run = peer.tfjsStep(w, realData(w.features));
    flops = stepFlops(w);
  } else {
    const shape = spec.split(',').map(Number) as [number, number, number];
    run = await peer.tfjsMatmul(shape);
    flops = 2 * shape[0] * shape[1] * shape[2];
  }
  const tf = await import('@tensorflow/tfjs');
  liveBytes = () => tf.memory().numBytes;
} else {
  // gangrad-<backend>, or gangrad-gpujs:<mode> for one gpu.js mode.
  const [name, mode] = engine.slice('gangrad-'.length).split(':');
  const backend = name === 'gpujs' && mode
    ? await (await import('../src/backend/gpujs/index.js')).createGpuJsBackend({ mode: mode as 'cpu' | 'webasm' })
    : await createBackend(name as BackendName);
  setBackend(backend);
  description = `gangrad ${backend.name}: ${backend.description}`;
  liveBytes = () => memory().bytes;
  if (kind === 'step') {
    const [batch, hidden] = spec.split(':').map(Number);
    const w = referenceWorkload(batch, hidden || 256);
    const data = realData(w.features);
    const G = mlp([w.latent, w.hidden, w.hidden, w.features], { seed: 1 });
    const D = mlp([w.features, w.hidden, w.hidden, 1], { seed: 2 });
    const trainer = new GanTrainer({
      generator: G, discriminator: D, latentDim: w.latent, batchSize: w.batch, metricsEvery: 1,
      sampleReal: rowSampler(data, data.length / w.features, w.features, 3).sample,
    });
    run = async () => { await trainer.step(); };
    flops = stepFlops(w);
  } else {
    const [m, k, n] = spec.split(',').map(Number);
    const a = randomNormal([m, k], { seed: 1 });
    const b = randomNormal([k, n], { seed: 2 });
    run = async () => {
      const c = tidy(() => matmul(a, b));
      await c.data();
      c.dispose();
    };
    flops = 2 * m * k * n;
  }
}

const timing = await measure(run, { warmup: kind === 'step' ? 3 : 2, warmupMs, minReps: Math.min(minReps, 20), maxReps, budgetMs });
console.log(JSON.stringify({
  engine, description, kind, spec, flops,
  timing: { median: timing.median, p10: timing.p10, p90: timing.p90, reps: timing.samples.length },
  gflops: flops / (timing.median * 1e6),
  stepsPerSecond: 1000 / timing.median,
  peakRssMiB: process.resourceUsage().maxRSS / 1024,
  liveBytes: liveBytes(),
}));
process.exit(0);
