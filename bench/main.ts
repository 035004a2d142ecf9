/**
 * `npm run bench`: training-step and matmul benchmarks of gangrad's backends against TensorFlow.js
 * (CPU and WASM backends) measured in the same run, each cell in its own process.
 *
 *   npm run bench [-- --quick] [--backend cpu,wasm] [--batch 64,256,1024:1024] [--matmul 1024,1024,1024/4096,4096,4096]
 *                   [--json FILE] [--no-peers | --peers pytorch,pytorch-cuda,tfjs-wasm] [--no-peak]
 *
 * Ratios are gangrad's time ÷ the peer's, as in docs/performance.md (below 1: gangrad faster).
 *
 * Peers: tfjs-cpu and tfjs-wasm always; pytorch (CPU) where a Python with torch is found; pytorch-cuda
 * where that torch also sees a CUDA GPU (the peer of the webgpu backend on a machine with a real GPU).
 * With the wasm backend, the CPU's own SIMD128 peak (bench/simd-peak.ts) is measured too, and each wasm
 * matmul is shown as a share of it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { signalOutcome } from './interrupted.js';
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
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
  --force              replace an existing --json FILE (refused otherwise)
  --help               this text

Ratios are gangrad's time ÷ the peer's: below 1, gangrad is faster. Exit codes: 0 done, 1 a cell
failed, 2 usage error.`;

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
        force: { type: 'boolean', default: false },
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

/** A usage error: said with the usage, exit 2, before anything runs or is written. */
function usage(message: string): never {
  console.error(`npm run bench: ${message}\n\n${USAGE}`);
  process.exit(2);
}
const BACKENDS = ['cpu', 'wasm', 'gpujs:webasm', 'gpujs:cpu', 'webgpu'];
const PEERS = ['tfjs-cpu', 'tfjs-wasm', 'pytorch', 'pytorch-cuda'];
const list = (text: string | undefined) => (text === undefined ? undefined : [...new Set(text.split(',').map((v) => v.trim()))]);
const askedBackends = list(args.backend);
for (const b of askedBackends ?? []) if (!BACKENDS.includes(b)) usage(`--backend: unknown backend '${b}' (one of ${BACKENDS.join(', ')})`);
const askedPeers = list(args.peers);
if (askedPeers && args['no-peers']) usage('--peers and --no-peers contradict each other');
for (const p of askedPeers ?? []) if (!PEERS.includes(p)) usage(`--peers: unknown peer '${p}' (one of ${PEERS.join(', ')})`);
// A batch is B or B:H (hidden width H; 256 when left out); sizes past these are no benchmark of a step.
const batches = list(args.batch) ?? (args.quick ? ['64'] : ['64', '256', '1024']);
for (const spec of batches) {
  const [b, h] = spec.split(':').map(Number);
  if (!/^\d+(:\d+)?$/.test(spec) || b < 1 || b > 65536 || h < 1 || h > 16384) usage(`--batch: '${spec}' is not a batch B or B:H (B 1 to 65536, H 1 to 16384)`);
}
const matmuls = args['no-matmul'] ? [] : args.matmul ? [...new Set(args.matmul.split('/'))]
  : args.quick ? ['256,256,256'] : ['256,256,256', '512,512,512', '1024,1024,1024', '256,64,256', '1024,256,256'];
for (const spec of matmuls) {
  if (!/^\d+,\d+,\d+$/.test(spec) || spec.split(',').map(Number).some((v) => v < 1 || v > 16384)) usage(`--matmul: '${spec}' is not a matmul shape m,k,n (each 1 to 16384)`);
}
// The JSON's place is checked now, not after a run of many minutes.
const out = args.json ?? join(root, 'bench/results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
if (out.trim() === '') usage('--json: an empty file name');
if (existsSync(out) && statSync(out).isDirectory()) usage(`--json ${out}: a directory`);
if (existsSync(out) && !args.force) usage(`--json ${out} exists: pass --force to replace it`);
try {
  mkdirSync(dirname(out), { recursive: true });
} catch (e) {
  usage(`--json ${out}: cannot make its folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
}

async function webgpuAvailable(): Promise<boolean> {
  try {
    const { createBackend } = await import('../src/index.js');
    (await createBackend('webgpu')).destroy();
    return true;
  } catch (e) {
    // The whole reason: its end says what to install or set.
    console.error(`(webgpu not benchmarked: ${(e as Error).message})`);
    return false;
  }
}
// webgpu is listed where an adapter exists (on machines without a GPU, the software one: slow, but measured);
// asked for by name, it runs, and a missing adapter is its cell's failure.
const backends = askedBackends ?? ['cpu', 'wasm', 'gpujs:webasm', 'gpujs:cpu', ...(await webgpuAvailable() ? ['webgpu'] : [])];
// PyTorch joins the peers wherever a Python with torch is found; otherwise the report says why not.
const torch = args['no-peers'] ? { skipped: '--no-peers' } : findTorchPython();
const cuda = 'python' in torch && torchHasCuda(torch.python);
const peersSkipped: Record<string, string> = {};
if ('skipped' in torch && !args['no-peers']) peersSkipped.pytorch = torch.skipped;
if ('python' in torch && !cuda && askedPeers?.includes('pytorch-cuda')) peersSkipped['pytorch-cuda'] = 'this torch sees no CUDA GPU';
const peers = (args['no-peers'] ? [] : ['tfjs-cpu', 'tfjs-wasm', ...('python' in torch ? ['pytorch', ...(cuda ? ['pytorch-cuda'] : [])] : [])])
  .filter((p) => !askedPeers || askedPeers.includes(p));
const reps = args.quick ? 'quick' : 'full';

interface Cell {
  engine: string; description: string; kind: string; spec: string; flops: number;
  timing: { median: number; p10: number; p90: number; reps: number };
  gflops: number; stepsPerSecond: number; peakRssMiB: number; liveBytes?: number;
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
  delete cell.liveBytes; // PyTorch's allocator has no count of live tensor bytes to compare
  return { line: JSON.stringify(cell) };
}

/** The message of a cell's failure: the last error line of its output, not the stack frames after it. */
function failureMessage(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('at ') && !/^Node\.js v/.test(l) && !/^[\^~\s]+$/.test(l));
  return [...lines].reverse().find((l) => /(^|\b)\w*Error\b|^gangrad/.test(l)) ?? lines.slice(-2).join(' | ');
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
  const killed = signalOutcome(r.signal);
  const line = r.stdout?.split('\n').find((l) => l.startsWith('{'));
  if (r.status !== 0 || !line) {
    const error = killed ?? (r.error ? r.error.message : failureMessage(r.stderr || r.stdout));
    process.stderr.write(`failed: ${error}\n`);
    return { engine, kind, spec, error };
  }
  const cell = JSON.parse(line) as Cell;
  process.stderr.write(`${cell.timing.median.toFixed(2)} ms (${cell.gflops.toFixed(2)} GFLOP/s)\n`);
  return cell;
}

const steps: string[] = [...batches];
if (!args.quick && !args.batch) steps.push('1024:1024');

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
for (const spec of matmuls) for (const engine of [...backends.map((b) => `gangrad-${b}`), ...peers]) results.push(runCell(engine, 'matmul', spec));

const ok = results.filter((r): r is Cell => !('error' in r));
const find = (engine: string, kind: string, spec: string) => ok.find((c) => c.engine === engine && c.kind === kind && c.spec === spec);

function table(kind: string, specs: string[], label: (s: string) => string): void {
  const engines = [...backends.map((b) => `gangrad-${b}`), ...peers];
  const header = [kind === 'step' ? 'workload' : 'matmul m,k,n', ...engines.map((e) => `${e} ms`), ...(kind === 'matmul' ? engines.map((e) => `${e} GFLOP/s`) : []),
    ...backends.flatMap((b) => peers.map((p) => `${b} ÷ ${p}`))];
  const rows = specs.map((spec) => {
    const cells = engines.map((e) => find(e, kind, spec));
    return [label(spec), ...cells.map((c) => (c ? c.timing.median.toFixed(kind === 'step' ? 1 : 2) : 'n/a')),
      ...(kind === 'matmul' ? cells.map((c) => (c ? c.gflops.toFixed(2) : 'n/a')) : []),
      ...backends.flatMap((b) => peers.map((p) => {
        const g = find(`gangrad-${b}`, kind, spec);
        const q = find(p, kind, spec);
        return g && q ? `${(g.timing.median / q.timing.median).toFixed(2)}×` : 'n/a';
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
console.log(`\n${new Date().toISOString().slice(0, 10)} · ${cpus().length} cores · ${cpu} · Node ${process.version}${relaxed} · median of ${reps === 'quick' ? '5 runs' : '20 to 40 runs (more while a 45 s budget lasts; see JSON)'} · load average ${loadAtStart[0].toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end`);
console.log("Training step (D update + G update; G z64→H→H→64, D 64→H→H→1, H = 256 unless noted). Ratios: gangrad's time ÷ the peer's (below 1: gangrad faster).\n");
table('step', steps, (s) => (s.includes(':') ? `B=${s.split(':')[0]} H=${s.split(':')[1]}` : `B=${s}`));
if (matmuls.length) {
  console.log('\nMatmul (float32, including readback of the result)\n');
  table('matmul', matmuls, (s) => s);
}
const peakShares = matmulPeak ? matmuls.flatMap((spec) => {
  const cell = find('gangrad-wasm', 'matmul', spec);
  return cell ? [{ spec, gflops: cell.gflops, share: cell.gflops / matmulPeak.allThreadsGflops }] : [];
}) : [];
if (peaks && matmulPeak) {
  const figure = (p: PeakFigure) => `${p.oneThreadGflops.toFixed(1)} GFLOP/s on 1 thread, ${p.allThreadsGflops.toFixed(1)} on ${p.threads} (${p.chains} chains)`;
  console.log(`\nSIMD128 peak of this CPU (register-only loop): FMA ${peaks.fma ? figure(peaks.fma) : 'n/a (no relaxed SIMD in this engine)'}; mul+add ${figure(peaks.mulAdd)}`);
  for (const s of peakShares) console.log(`  gangrad-wasm matmul ${s.spec}: ${s.gflops.toFixed(2)} GFLOP/s = ${(100 * s.share).toFixed(1)}% of the ${matmulPeak.kind} peak on ${matmulPeak.threads} threads`);
}
for (const [peer, why] of Object.entries(peersSkipped)) console.log(`\n${peer}: skipped: ${why}`);
if ('python' in torch) for (const p of peers.filter((e) => e.startsWith('pytorch'))) console.log(`\n${p}: ${ok.find((c) => c.engine === p)?.description ?? 'every cell failed'}`);
const failures = results.filter((r) => 'error' in r && !r.error.startsWith('skipped'));
for (const f of results.filter((r) => 'error' in r && r.error.startsWith('skipped'))) console.log(`\n${f.engine} ${f.kind} ${f.spec}: ${'error' in f ? f.error : ''}`);
for (const f of failures) console.log(`\n${'engine' in f ? f.engine : ''} ${f.kind} ${f.spec}: failed: ${'error' in f ? f.error : ''}`);

const versions: Record<string, string> = { node: process.version };
try {
  versions.npm = execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
} catch { /* npm absent: the Node version is still recorded */ }
const report = {
  date: new Date().toISOString(), machine: { cores: cpus().length, cpu, memoryGiB: totalmem() / 2 ** 30, loadAverage1m: { start: loadAtStart[0], end: loadavg()[0] } }, versions, mode: reps,
  wasm: { relaxedSimd: relaxedSimdSupported() },
  simdPeak: peaks ? { fma: peaks.fma, mulAdd: peaks.mulAdd, matmulAgainst: matmulPeak!.kind, matmulShares: peakShares } : null, peersSkipped, results,
};
writeFileSync(`${out}.tmp`, JSON.stringify(report, null, 2));
renameSync(`${out}.tmp`, out);
console.log(`\nfull results: ${out}`);
// A failed cell is a failure (exit 1), here as in CI: the table above says which and why.
if (failures.length) process.exit(1);
