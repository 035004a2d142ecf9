import { chmodSync, closeSync, mkdtempSync, openSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

/**
 * `npm run bench` refuses bad options before it measures anything (a full run takes ten minutes): each
 * is a usage error, exit 2, naming the option, with nothing written.
 */
const bench = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../bench/main.ts'), ...args], { encoding: 'utf8', timeout: 900_000 });

describe('npm run bench: options', () => {
  it('refuses unknown backends and peers, bad batches and shapes, and a --json it cannot or may not write, before running', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-bench-args-'));
    const existing = join(dir, 'old.json');
    writeFileSync(existing, '{"kept": true}');
    const cases: [string[], string][] = [
      [['--backend', 'nosuch'], "--backend: unknown backend 'nosuch' (one of cpu, wasm, gpujs:webasm, gpujs:cpu, webgpu)"],
      [['--peers', 'tfjs-node'], "--peers: unknown peer 'tfjs-node' (one of tfjs-cpu, tfjs-wasm, pytorch, pytorch-cuda)"],
      [['--no-peers', '--peers', 'pytorch'], '--peers and --no-peers contradict each other'],
      [['--batch', '0'], "--batch: '0' is not a batch B or B:H (B 1 to 65536, H 1 to 16384)"],
      [['--batch', '8:0'], "--batch: '8:0' is not a batch B or B:H (B 1 to 65536, H 1 to 16384)"],
      [['--batch', '8', '--matmul', '8'], "--matmul: '8' is not a matmul shape m,k,n (each 1 to 16384)"],
      [['--matmul', '0,0,0'], "--matmul: '0,0,0' is not a matmul shape m,k,n (each 1 to 16384)"],
      [['--no-matmul', '--matmul', '1,1,1'], '--matmul and --no-matmul contradict each other'],
      [['--json', ''], '--json: an empty file name'],
      [['--json', dir], `--json ${dir}: a directory`],
      [['--json', existing], `--json ${existing} exists: pass --force to replace it`],
    ];
    for (const [args, message] of cases) {
      const run = bench(args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain(`npm run bench: ${message}\n\nUsage: npm run bench`);
      expect(run.stderr).not.toContain('gangrad bench ('); // nothing measured
    }
    expect(readdirSync(dir)).toEqual(['old.json']);
    expect(existsSync(join(process.cwd(), '.tmp'))).toBe(false);
  });

  it('refuses a --json in a directory where no file can be made, before running (it crashed with EACCES after every cell)', () => {
    const locked = mkdtempSync(join(tmpdir(), 'gangrad-bench-locked-'));
    chmodSync(locked, 0o500);
    // Root writes in a read-only directory anyway: then sysfs, where no one may make a file.
    const place = [locked, '/sys'].find((dir) => {
      try {
        closeSync(openSync(join(dir, 'probe'), 'wx'));
        rmSync(join(dir, 'probe'));
        return false;
      } catch {
        return existsSync(dir);
      }
    });
    try {
      if (!place) return; // nowhere unwritable on this machine
      const out = join(place, 'bench.json');
      const run = bench(['--json', out, '--quick', '--backend', 'cpu', '--no-peers', '--no-peak']);
      expect(run.status).toBe(2);
      // sysfs is read-only in some containers, refused by permission in others.
      expect(run.stderr).toMatch(new RegExp(`npm run bench: --json: cannot write ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: no file can be created in ${place.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\((permission denied|a read-only file system)\\)`));
      expect(run.stderr).not.toContain('gangrad bench (');
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      chmodSync(locked, 0o700);
    }
  });
});

describe('npm run bench: which cells run', () => {
  it('a B=1024 H=1024 cell asked for with --batch runs in any order; the one a full run adds runs only after a B=1024 step under 1 s', async () => {
    const { stepSkip } = await import('../bench/cells.js');
    const step = (median: number) => ({ engine: 'gangrad-cpu', description: '', kind: 'step', spec: '1024', flops: 1, timing: { median, p10: median, p90: median, reps: 5 }, gflops: 1, stepsPerSecond: 1, peakRssMiB: 1 });
    // Asked for by name: it runs, whether or not (and whatever) a B=1024 step ran before it.
    expect(stepSkip('1024:1024', true, undefined)).toBeNull();
    expect(stepSkip('1024:1024', true, step(5000))).toBeNull();
    expect(stepSkip('64', false, undefined)).toBeNull();
    // Added by the full run: each reason says what happened.
    expect(stepSkip('1024:1024', false, step(400))).toBeNull();
    expect(stepSkip('1024:1024', false, step(2500))).toBe('skipped: its B=1024 step takes 2.5 s, over 1 s');
    expect(stepSkip('1024:1024', false, { engine: 'gangrad-cpu', kind: 'step', spec: '1024', error: 'boom' })).toBe('skipped: its B=1024 step failed');
    expect(stepSkip('1024:1024', false, undefined)).toMatch(/^skipped: no B=1024 step was run/);
  });

  it('gpu.js, an optional peer, is left out of the default backends with the reason when it cannot be resolved', async () => {
    const { gpujsMissing } = await import('../bench/cells.js');
    expect(gpujsMissing(() => { throw Object.assign(new Error("Cannot find module 'gpu.js'"), { code: 'MODULE_NOT_FOUND' }); }))
      .toBe("the optional package 'gpu.js' is not installed (npm install gpu.js)");
    expect(gpujsMissing(() => '/somewhere/node_modules/gpu.js/dist/gpu-browser.js')).toBeNull();
  });

  it('a peer asked for by name that cannot run fails its cells; chosen by default, it is skipped with a note', async () => {
    const { choosePeers } = await import('../bench/cells.js');
    const noTorch = { skipped: 'no Python with torch (tried python3)' };
    expect(choosePeers(['pytorch'], noTorch, false)).toEqual({ peers: ['pytorch'], skipped: {}, cannotRun: { pytorch: noTorch.skipped } });
    expect(choosePeers(['tfjs-cpu', 'pytorch-cuda'], { python: 'python3' }, false))
      .toEqual({ peers: ['tfjs-cpu', 'pytorch-cuda'], skipped: {}, cannotRun: { 'pytorch-cuda': 'this torch sees no CUDA GPU' } });
    expect(choosePeers(undefined, noTorch, false)).toEqual({ peers: ['tfjs-cpu', 'tfjs-wasm'], skipped: { pytorch: noTorch.skipped }, cannotRun: {} });
    expect(choosePeers(undefined, { python: 'python3' }, true).peers).toEqual(['tfjs-cpu', 'tfjs-wasm', 'pytorch', 'pytorch-cuda']);
    expect(choosePeers([], null, false)).toEqual({ peers: [], skipped: {}, cannotRun: {} }); // --no-peers
  });
});

describe('npm run bench: a failed cell\'s message', () => {
  it('is the error Node printed first (the missing package and how to install it), not its [cause] line', async () => {
    const { failureMessage } = await import('../bench/cells.js');
    // What a cell prints when gpu.js is not installed (Node 20; paths shortened).
    const output = [
      '/repo/src/backend/optional-package.ts:46',
      '    throw new MissingPackageError(name,',
      '          ^',
      '',
      '',
      "MissingPackageError: gangrad gpujs: the 'gpujs' backend needs the optional package 'gpu.js', which is not installed; install it beside gangrad (npm install gpu.js), or use the 'auto', 'wasm' or 'cpu' backend.",
      '    at importOptional (/repo/src/backend/optional-package.ts:46:11)',
      '    at async <anonymous> (/repo/bench/run-one.ts:52:7) {',
      "  packageName: 'gpu.js',",
      "  [cause]: Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'gpu.js' imported from /repo/src/backend/optional-package.ts",
      '      at packageResolve (node:internal/modules/esm/resolve:873:9) {',
      "    code: 'ERR_MODULE_NOT_FOUND'",
      '  }',
      '}',
      '',
      'Node.js v20.20.2',
    ].join('\n');
    expect(failureMessage(output)).toMatch(/^MissingPackageError: gangrad gpujs: .*npm install gpu\.js/);
    expect(failureMessage('gangrad wasm: a warning\ngangrad webgpu: no adapter\n')).toBe('gangrad webgpu: no adapter');
    expect(failureMessage('something odd\nand its end\n')).toBe('something odd | and its end');
  });
});

describe('npm run bench: a cell that dies by a signal', () => {
  it('Ctrl-C (the cell killed by SIGINT or SIGTERM) stops the whole benchmark with 130 or 143; another signal is the cell\'s failure, named', async () => {
    const { signalOutcome } = await import('../bench/interrupted.js');
    expect(signalOutcome(null)).toBeNull();
    expect(signalOutcome('SIGKILL')).toBe('killed by SIGKILL (out of memory?)');
    expect(signalOutcome('SIGSEGV')).toBe('killed by SIGSEGV');
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code: number) => { throw new Error(`exit ${code}`); }) as never);
    const said = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(() => signalOutcome('SIGINT')).toThrow('exit 130');
      expect(() => signalOutcome('SIGTERM')).toThrow('exit 143');
      expect(said.mock.calls.flat().join('')).toContain('SIGINT: benchmark stopped; no results written');
    } finally {
      exit.mockRestore();
      said.mockRestore();
    }
  });
});
