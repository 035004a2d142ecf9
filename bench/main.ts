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
 * Named with --peers, a peer that cannot run here fails its cells, as a backend named with --backend does.
 * With the wasm backend, the CPU's own SIMD128 peak (bench/simd-peak.ts) is measured too, and each wasm
 * matmul is shown as a share of it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { signalOutcome } from './interrupted.js';
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { relaxedSimdSupported } from '../src/backend/wasm/fused.js';
import { requireOutputDirectories } from '../src/cli/args.js';
import {
  BACKENDS, batchSpecError, choosePeers, failureMessage, gpujsMissing, LARGE_STEP, matmulSpecError, PEERS, stepSkip, type Cell, type CellResult,
} from './cells.js';
import { findTorchPython, runTorchCell, torchHasCuda } from './peers/pytorch.js';
import { cpuName } from './cpu-name.js';
import { describePeak, measurePeak, type PeakFigure } from './simd-peak.js';
import { referenceWorkload, stepFlops } from './workload.js';

const USAGE = `Usage: npm run bench [-- options]
  --quick              one batch (64) and one matmul (256³), fewer repetitions
  --backend LIST       backends, comma-separated (default: every one available here)
  --batch LIST         training-step cells: B or B:H (hidden width H, default 256), e.g. 64,256,1024:1024
                       (each runs; without --batch, a full run adds 1024:1024 where the B=1024 step takes under 1 s)
  --matmul LIST        matmul shapes m,k,n separated by /, e.g. 1024,1024,1024/4096,4096,4096
  --no-matmul          no matmul cells
  --peers LIST         only these peers (tfjs-cpu, tfjs-wasm, pytorch, pytorch-cuda); one that cannot
                       run here fails its cells (by default, PyTorch is left out with a note)
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
const list = (text: string | undefined) => (text === undefined ? undefined : [...new Set(text.split(',').map((v) => v.trim()))]);
const askedBackends = list(args.backend);
for (const b of askedBackends ?? []) if (!BACKENDS.includes(b)) usage(`--backend: unknown backend '${b}' (one of ${BACKENDS.join(', ')})`);
const askedPeers = list(args.peers);
if (askedPeers && args['no-peers']) usage('--peers and --no-peers contradict each other');
for (const p of askedPeers ?? []) if (!PEERS.includes(p)) usage(`--peers: unknown peer '${p}' (one of ${PEERS.join(', ')})`);
// A batch is B or B:H (hidden width H; 256 when left out).
const batches = list(args.batch) ?? (args.quick ? ['64'] : ['64', '256', '1024']);
for (const spec of batches) {
  const why = batchSpecError(spec);
  if (why) usage(`--batch: ${why}`);
}
if (args['no-matmul'] && args.matmul !== undefined) usage('--matmul and --no-matmul contradict each other');
const matmuls = args['no-matmul'] ? [] : args.matmul ? [...new Set(args.matmul.split('/'))]
  : args.quick ? ['256,256,256'] : ['256,256,256', '512,512,512', '1024,1024,1024', '256,64,256', '1024,256,256'];
for (const spec of matmuls) {
  const why = matmulSpecError(spec);
  if (why) usage(`--matmul: ${why}`);
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
try {
  requireOutputDirectories([out]); // a file made and removed there: permission bits alone do not tell
} catch (e) {
  usage(`--json: ${(e as Error).message}`);
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
/** The gpu.js backends where gpu.js is installed (an optional peer), else none, with the reason said. */
function gpujsBackends(): string[] {
  const missing = gpujsMissing();
  if (missing) console.error(`(gpujs:webasm, gpujs:cpu not benchmarked: ${missing})`);
  return missing ? [] : ['gpujs:webasm', 'gpujs:cpu'];
}
// webgpu and gpu.js are listed where they can run (webgpu on machines without a GPU: the software
// adapter, slow, but measured); asked for by name, they run, and what is missing is their cells' failure.
const backends = askedBackends ?? ['cpu', 'wasm', ...gpujsBackends(), ...(await webgpuAvailable() ? ['webgpu'] : [])];
// PyTorch joins the default peers wherever a Python with torch is found; otherwise the report says why not.
const wantsTorch = !args['no-peers'] && (!askedPeers || askedPeers.some((p) => p.startsWith('pytorch')));
const torch = wantsTorch ? findTorchPython() : null;
const cuda = !!torch && 'python' in torch && torchHasCuda(torch.python);
const { peers, skipped: peersSkipped, cannotRun } = choosePeers(args['no-peers'] ? [] : askedPeers, torch, cuda);
const reps = args.quick ? 'quick' : 'full';

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

function runCell(engine: string, kind: string, spec: string): CellResult {
  process.stderr.write(`  ${engine.padEnd(14)} ${kind} ${spec} … `);
  if (cannotRun[engine]) {
    process.stderr.write(`failed: ${cannotRun[engine]}\n`);
    return { engine, kind, spec, error: cannotRun[engine] };
  }
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
if (!args.quick && !args.batch) steps.push(LARGE_STEP);

// The machine may be shared: the load averages at the start and end say how quiet the run was.
const loadAtStart = loadavg();
console.error(`gangrad bench (${reps}): backends ${backends.join(', ')}; peers ${peers.join(', ') || 'none'}`);
// The ceiling the wasm matmul is held against: FMA where its kernel fuses (relaxed SIMD), else mul+add.
const peaks: { fma: PeakFigure | null; mulAdd: PeakFigure } | null = backends.includes('wasm') && !args['no-peak']
  ? { fma: await measurePeak('fma'), mulAdd: (await measurePeak('mul+add'))! } : null;
const matmulPeak = peaks ? (relaxedSimdSupported() ? peaks.fma! : peaks.mulAdd) : null;
const results: CellResult[] = [];
for (const spec of steps) {
  for (const engine of [...backends.map((b) => `gangrad-${b}`), ...peers]) {
    const skip = stepSkip(spec, args.batch !== undefined, results.find((r) => r.engine === engine && r.kind === 'step' && r.spec === '1024'));
    results.push(skip ? { engine, kind: 'step', spec, error: skip } : runCell(engine, 'step', spec));
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

const cpu = cpuName();
// Read once: the line below and the JSON give the same figure.
const loadAtEnd = loadavg()[0];
const relaxed = backends.includes('wasm') ? ` · wasm matmul: ${relaxedSimdSupported() ? 'relaxed-SIMD FMA' : 'plain SIMD128 (no relaxed SIMD in this engine)'}` : '';
console.log(`\n${new Date().toISOString().slice(0, 10)} · ${cpus().length} cores · ${cpu} · Node ${process.version}${relaxed} · median of ${reps === 'quick' ? '5 runs' : '20 to 40 runs (more while a 45 s budget lasts; see JSON)'} · load average ${loadAtStart[0].toFixed(2)} at start, ${loadAtEnd.toFixed(2)} at end`);
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
  console.log(`\n${describePeak(peaks.fma, peaks.mulAdd)}`);
  for (const s of peakShares) console.log(`  gangrad-wasm matmul ${s.spec}: ${s.gflops.toFixed(2)} GFLOP/s = ${(100 * s.share).toFixed(1)}% of the ${matmulPeak.kind} peak on ${matmulPeak.threads} threads`);
}
for (const [peer, why] of Object.entries(peersSkipped)) console.log(`\n${peer}: skipped: ${why}`);
if (torch && 'python' in torch) for (const p of peers.filter((e) => e.startsWith('pytorch'))) console.log(`\n${p}: ${ok.find((c) => c.engine === p)?.description ?? 'every cell failed'}`);
const failures = results.filter((r) => 'error' in r && !r.error.startsWith('skipped'));
for (const f of results.filter((r) => 'error' in r && r.error.startsWith('skipped'))) console.log(`\n${f.engine} ${f.kind} ${f.spec}: ${'error' in f ? f.error : ''}`);
for (const f of failures) console.log(`\n${'engine' in f ? f.engine : ''} ${f.kind} ${f.spec}: failed: ${'error' in f ? f.error : ''}`);

const versions: Record<string, string> = { node: process.version };
try {
  versions.npm = execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
} catch { /* npm absent: the Node version is still recorded */ }
const report = {
  date: new Date().toISOString(), machine: { cores: cpus().length, cpu, memoryGiB: totalmem() / 2 ** 30, loadAverage1m: { start: loadAtStart[0], end: loadAtEnd } }, versions, mode: reps,
  wasm: { relaxedSimd: relaxedSimdSupported() },
  simdPeak: peaks ? { fma: peaks.fma, mulAdd: peaks.mulAdd, matmulAgainst: matmulPeak!.kind, matmulShares: peakShares } : null, peersSkipped, results,
};
try {
  writeFileSync(`${out}.tmp`, JSON.stringify(report, null, 2));
  renameSync(`${out}.tmp`, out);
} catch (e) {
  // Checked writable at the start; a disk that filled up since is said plainly (the tables are above).
  rmSync(`${out}.tmp`, { force: true });
  console.error(`npm run bench: cannot write ${out} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the figures are only in the tables above`);
  process.exit(1);
}
console.log(`\nfull results: ${out}`);
// A failed cell is a failure (exit 1), here as in CI: the table above says which and why.
if (failures.length) process.exit(1);
