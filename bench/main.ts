/**
 * `npm run bench`: training-step and matmul benchmarks of gangrad's backends against TensorFlow.js
 * (CPU and WASM backends) measured in the same run, each cell in its own process.
 *
 *   npm run bench [-- --quick] [--backend cpu,wasm] [--batch 64,256,1024:1024] [--matmul 1024,1024,1024/4096,4096,4096]
 *                   [--json FILE] [--no-peers | --peers pytorch,pytorch-cuda,tfjs-wasm] [--no-peak]
 *
 * Peers: tfjs-cpu and tfjs-wasm always; pytorch (CPU) where a Python with torch is found; pytorch-cuda
 * where that torch also sees a CUDA GPU (the peer of the webgpu backend on a machine with a real GPU).
 * With the wasm backend, the CPU's own SIMD128 peak (bench/simd-peak.ts) is measured too, and each wasm
 * matmul is shown as a share of it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { relaxedSimdSupported } from '../src/backend/wasm/fused.js';
import { findTorchPython, runTorchCell, torchHasCuda } from './peers/pytorch.js';
import { measurePeak, type PeakFigure } from './simd-peak.js';
import { referenceWorkload, stepFlops } from './workload.js';

const USAGE = `Usage: npm run bench [-- options]
  --quick              one batch (64) and one matmul (256³), fewer repetitions
  --backend LIST       backends, comma-separated (default: every one available here)
  --batch LIST         training-step cells: B or B:H (hidden width H, default 256), e.g. 64,256,1024:1024
  --matmul LIST        matmul shapes m,k,n separated by /, e.g. 1024,1024,1024/4096,4096,4096
  --no-matmul          no matmul cells
  --peers LIST         only these peers (tfjs-cpu, tfjs-wasm, pytorch, pytorch-cuda)
  --no-peers           no peers
  --no-peak            skip the SIMD128 peak measurement
  --json FILE          also write every figure as JSON (default: bench/results/bench-DATE.json)
  --help               this text`;

function parseBenchArgs() {
  try {
    return parseArgs({
      options: {
        help: { type: 'boolean', default: false },
        quick: { type: 'boolean', default: false },
        backend: { type: 'string' },
        batch: { type: 'string' },
        json: { type: 'string' },
        'no-peers': { type: 'boolean', default: false },
        peers: { type: 'string' },
        matmul: { type: 'string' },
        'no-matmul': { type: 'boolean', default: false },
        'no-peak': { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    console.error(`npm run bench: ${(e as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}
const { values: args } = parseBenchArgs();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function webgpuAvailable(): Promise<boolean> {
  try {
    const { createBackend } = await import('../src/index.js');
    (await createBackend('webgpu')).destroy();
    return true;
  } catch (e) {
    console.error(`(webgpu not benchmarked: ${(e as Error).message.slice(0, 200)})`);
    return false;
  }
}
// webgpu is listed where an adapter exists (on machines without a GPU, the software one: slow, but measured).
const available = ['cpu', 'wasm', 'gpujs:webasm', 'gpujs:cpu', ...(await webgpuAvailable() ? ['webgpu'] : [])];
const backends = args.backend ? args.backend.split(',') : available;
// PyTorch joins the peers wherever a Python with torch is found; otherwise the table says it was skipped.
const torch = args['no-peers'] ? { skipped: '--no-peers' } : findTorchPython();
const torchPeers = 'python' in torch ? ['pytorch', ...(torchHasCuda(torch.python) ? ['pytorch-cuda'] : [])] : [];
const peers = (args['no-peers'] ? [] : ['tfjs-cpu', 'tfjs-wasm', ...torchPeers])
  .filter((p) => !args.peers || args.peers.split(',').includes(p));
// A batch is B or B:H (hidden width H; 256 when left out).
const batches = args.batch ? args.batch.split(',') : args.quick ? ['64'] : ['64', '256', '1024'];
const reps = args.quick ? 'quick' : 'full';

interface Cell {
  engine: string; description: string; kind: string; spec: string; flops: number;
  timing: { median: number; p10: number; p90: number; reps: number };
  gflops: number; stepsPerSecond: number; peakRssMiB: number; liveBytes: number;
}

/** The PyTorch cell: its timing from pytorch.py, the FLOP counts from the same workload definition. */
function torchCell(engine: string, kind: string, spec: string): { line?: string; error?: string } {
  const r = runTorchCell((torch as { python: string }).python, kind, spec, reps, engine === 'pytorch-cuda' ? 'cuda' : 'cpu');
  if (!r.line) return r;
  const cell = JSON.parse(r.line) as Cell;
  const [batch, hidden] = spec.split(':').map(Number);
  cell.flops = kind === 'step' ? stepFlops(referenceWorkload(batch, hidden || 256)) : spec.split(',').map(Number).reduce((a, b) => a * b, 2);
  cell.gflops = cell.flops / (cell.timing.median * 1e6);
  cell.stepsPerSecond = 1000 / cell.timing.median;
  cell.liveBytes = NaN;
  return { line: JSON.stringify(cell) };
}

function runCell(engine: string, kind: string, spec: string): Cell | { engine: string; kind: string; spec: string; error: string } {
  process.stderr.write(`  ${engine.padEnd(14)} ${kind} ${spec} … `);
  if (engine === 'pytorch' || engine === 'pytorch-cuda') {
    const t = torchCell(engine, kind, spec);
    if (!t.line) {
      process.stderr.write(`failed: ${t.error}\n`);
      return { engine, kind, spec, error: t.error ?? 'failed' };
    }
    const cell = JSON.parse(t.line) as Cell;
    process.stderr.write(`${cell.timing.median.toFixed(2)} ms (${cell.gflops.toFixed(2)} GFLOP/s)\n`);
    return cell;
  }
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench/run-one.ts'), engine, kind, spec, reps], {
    cwd: root, encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
  if (r.status !== 0 || !line) {
    const error = (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ');
    process.stderr.write(`failed: ${error}\n`);
    return { engine, kind, spec, error };
  }
  const cell = JSON.parse(line) as Cell;
  process.stderr.write(`${cell.timing.median.toFixed(2)} ms (${cell.gflops.toFixed(2)} GFLOP/s)\n`);
  return cell;
}

const steps: string[] = [...batches];
if (!args.quick && !args.batch) steps.push('1024:1024');
const matmuls = args['no-matmul'] ? [] : args.matmul ? args.matmul.split('/')
  : args.quick ? ['256,256,256'] : ['256,256,256', '512,512,512', '1024,1024,1024', '256,64,256', '256,256,256', '1024,256,256'];
for (const spec of [...steps, ...matmuls]) {
  const ok = steps.includes(spec) ? /^\d+(:\d+)?$/.test(spec) : /^\d+,\d+,\d+$/.test(spec);
  if (!ok) {
    console.error(`gangrad bench: '${spec}' is not a ${steps.includes(spec) ? 'batch (B or B:H)' : 'matmul shape (m,k,n)'}`);
    process.exit(2);
  }
}
const uniqueMatmuls = [...new Set(matmuls)];

// The machine may be shared: the load averages at the start and end say how quiet the run was.
const loadAtStart = loadavg();
console.error(`gangrad bench (${reps}): backends ${backends.join(', ')}; peers ${peers.join(', ') || 'none'}`);
// The ceiling the wasm matmul is held against: FMA where its kernel fuses (relaxed SIMD), else mul+add.
const peaks: { fma: PeakFigure | null; mulAdd: PeakFigure } | null = backends.includes('wasm') && !args['no-peak']
  ? { fma: await measurePeak('fma'), mulAdd: (await measurePeak('mul+add'))! } : null;
const matmulPeak = peaks ? (relaxedSimdSupported() ? peaks.fma! : peaks.mulAdd) : null;
const results: ReturnType<typeof runCell>[] = [];
// The H=1024 variant costs ~16× the B=1024 step: run it only for engines whose B=1024 step took under
// 1 s (else 20 repetitions would take over 5 minutes a cell); the others are reported as skipped.
const LARGE = '1024:1024';
for (const spec of steps) {
  for (const engine of [...backends.map((b) => `gangrad-${b}`), ...peers]) {
    if (spec === LARGE) {
      const base = results.find((r) => r.engine === engine && r.kind === 'step' && r.spec === '1024');
      if (!base || 'error' in base || base.timing.median > 1000) {
        results.push({ engine, kind: 'step', spec, error: 'skipped: its B=1024 step takes over 1 s' });
        continue;
      }
    }
    results.push(runCell(engine, 'step', spec));
  }
}
for (const spec of uniqueMatmuls) for (const engine of [...backends.map((b) => `gangrad-${b}`), ...peers]) results.push(runCell(engine, 'matmul', spec));

const ok = results.filter((r): r is Cell => !('error' in r));
const find = (engine: string, kind: string, spec: string) => ok.find((c) => c.engine === engine && c.kind === kind && c.spec === spec);

function table(kind: string, specs: string[], label: (s: string) => string): void {
  const engines = [...backends.map((b) => `gangrad-${b}`), ...peers];
  const header = [kind === 'step' ? 'workload' : 'matmul m,k,n', ...engines.map((e) => `${e} ms`), ...(kind === 'matmul' ? engines.map((e) => `${e} GFLOP/s`) : []),
    ...backends.flatMap((b) => peers.map((p) => `${b} vs ${p}`))];
  const rows = specs.map((spec) => {
    const cells = engines.map((e) => find(e, kind, spec));
    return [label(spec), ...cells.map((c) => (c ? c.timing.median.toFixed(kind === 'step' ? 1 : 2) : 'n/a')),
      ...(kind === 'matmul' ? cells.map((c) => (c ? c.gflops.toFixed(2) : 'n/a')) : []),
      ...backends.flatMap((b) => peers.map((p) => {
        const g = find(`gangrad-${b}`, kind, spec);
        const q = find(p, kind, spec);
        return g && q ? `${(q.timing.median / g.timing.median).toFixed(2)}×` : 'n/a';
      }))];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padStart(widths[i])).join(' | ') + ' |';
  console.log(line(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(r));
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const relaxed = backends.includes('wasm') ? ` · wasm matmul: ${relaxedSimdSupported() ? 'relaxed-SIMD FMA' : 'plain SIMD128 (no relaxed SIMD in this engine)'}` : '';
console.log(`\n${new Date().toISOString().slice(0, 10)} · ${cpus().length} cores · ${cpu} · Node ${process.version}${relaxed} · median of ≥${reps === 'quick' ? 5 : 20} runs (fewer where a 45 s budget ran out; see JSON) · load average ${loadAtStart[0].toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end`);
console.log('Training step (D update + G update; G z64→H→H→64, D 64→H→H→1, H = 256 unless noted). Ratio > 1: gangrad faster.\n');
table('step', steps, (s) => (s.includes(':') ? `B=${s.split(':')[0]} H=${s.split(':')[1]}` : `B=${s}`));
if (uniqueMatmuls.length) {
  console.log('\nMatmul (float32, including readback of the result)\n');
  table('matmul', uniqueMatmuls, (s) => s);
}
const peakShares = matmulPeak ? uniqueMatmuls.flatMap((spec) => {
  const cell = find('gangrad-wasm', 'matmul', spec);
  return cell ? [{ spec, gflops: cell.gflops, share: cell.gflops / matmulPeak.allThreadsGflops }] : [];
}) : [];
if (peaks && matmulPeak) {
  const figure = (p: PeakFigure) => `${p.oneThreadGflops.toFixed(1)} GFLOP/s on 1 thread, ${p.allThreadsGflops.toFixed(1)} on ${p.threads} (${p.chains} chains)`;
  console.log(`\nSIMD128 peak of this CPU (register-only loop): FMA ${peaks.fma ? figure(peaks.fma) : 'n/a (no relaxed SIMD in this engine)'}; mul+add ${figure(peaks.mulAdd)}`);
  for (const s of peakShares) console.log(`  gangrad-wasm matmul ${s.spec}: ${s.gflops.toFixed(2)} GFLOP/s = ${(100 * s.share).toFixed(1)}% of the ${matmulPeak.kind} peak on ${matmulPeak.threads} threads`);
}
if ('skipped' in torch) console.log(`\npytorch: skipped: ${torch.skipped}`);
else for (const p of peers.filter((e) => e.startsWith('pytorch'))) console.log(`\n${p}: ${ok.find((c) => c.engine === p)?.description ?? 'every cell failed'}`);
const failures = results.filter((r) => 'error' in r && !r.error.startsWith('skipped'));
for (const f of results.filter((r) => 'error' in r && r.error.startsWith('skipped'))) console.log(`\n${f.engine} ${f.kind} ${f.spec}: ${'error' in f ? f.error : ''}`);
for (const f of failures) console.log(`\n${'engine' in f ? f.engine : ''} ${f.kind} ${f.spec}: failed: ${'error' in f ? f.error : ''}`);

let versions: Record<string, string> = {};
try {
  versions = { node: process.version, npm: execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim() };
} catch { /* npm absent: versions stay partial */ }
const report = {
  date: new Date().toISOString(), machine: { cores: cpus().length, cpu, memoryGiB: totalmem() / 2 ** 30, loadAverage1m: { start: loadAtStart[0], end: loadavg()[0] } }, versions, mode: reps,
  wasm: { relaxedSimd: relaxedSimdSupported() },
  simdPeak: peaks ? { fma: peaks.fma, mulAdd: peaks.mulAdd, matmulAgainst: matmulPeak!.kind, matmulShares: peakShares } : null, peersSkipped: 'skipped' in torch ? { pytorch: torch.skipped } : {}, results,
};
const out = args.json ?? join(root, 'bench/results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(`${out}.tmp`, JSON.stringify(report, null, 2));
renameSync(`${out}.tmp`, out);
console.log(`\nfull results: ${out}`);
if (failures.length && process.env.CI) process.exit(1);
