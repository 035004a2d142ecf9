import { mkdtempSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
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
