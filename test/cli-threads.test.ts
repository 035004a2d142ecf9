/** GANGRAD_THREADS: the cap on a command's threads (cli/args.ts), read by every command, checked before any work. */
import { existsSync, mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCommandBackend, ENVIRONMENT_HELP, threadsFromEnvironment, UsageError } from '../src/cli/args.js';
import { defaultScoringThreads } from '../src/cli/scoring-workers.js';
import { cli } from './helpers/cli.js';
import { writeSmallPriceFile } from './helpers/prices.js';

describe('GANGRAD_THREADS', () => {
  const saved = process.env.GANGRAD_THREADS;
  afterEach(() => { if (saved === undefined) delete process.env.GANGRAD_THREADS; else process.env.GANGRAD_THREADS = saved; });

  it("sets the threads of a command's wasm backend (auto or wasm), whatever the suite's own setting", async () => {
    for (const [threads, description] of [['2', /^WebAssembly SIMD( \(relaxed FMA\))?, 2 threads \(shared memory, worker_threads\)$/], ['1', /^WebAssembly SIMD( \(relaxed FMA\))?, 1 thread$/]] as const) {
      process.env.GANGRAD_THREADS = threads;
      for (const name of ['auto', 'wasm']) {
        const backend = await createCommandBackend(name);
        expect(backend.description, `${name}, GANGRAD_THREADS=${threads}`).toMatch(description);
        backend.destroy();
      }
    }
    const cpu = await createCommandBackend('cpu'); // no threads to cap
    expect(cpu.name).toBe('cpu');
    cpu.destroy();
  });

  it('a bad value is a usage error naming the variable, before anything is written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-threads-'));
    const data = writeSmallPriceFile(dir, 300);
    for (const value of ['0', 'two']) {
      const out = join(dir, 'run');
      const run = cli(['train', '--data', data, '--out', out, '--steps', '2'], undefined, { GANGRAD_THREADS: value });
      expect(run.status, value).toBe(2);
      expect(run.stderr).toContain(`gangrad train: GANGRAD_THREADS must be a whole number from 1 to 24, got '${value}'`);
      expect(existsSync(out) || existsSync(`${out}.partial`) || existsSync(`${out}.lock`)).toBe(false);
    }
    for (const value of ['0', '25', 'two', '1.5', ' 2', '-1', '2e0']) {
      process.env.GANGRAD_THREADS = value;
      expect(() => threadsFromEnvironment(), value).toThrow(UsageError);
    }
  });

  it('caps the scoring workers too; unset or empty, the cores decide', () => {
    process.env.GANGRAD_THREADS = '3';
    expect(threadsFromEnvironment()).toBe(3);
    expect(defaultScoringThreads()).toBe(3);
    process.env.GANGRAD_THREADS = '24';
    expect(defaultScoringThreads()).toBe(4); // at most 4 scoring workers (each holds a draw's windows)
    for (const unset of [undefined, '']) {
      if (unset === undefined) delete process.env.GANGRAD_THREADS; else process.env.GANGRAD_THREADS = unset;
      expect(threadsFromEnvironment()).toBeUndefined();
      expect(defaultScoringThreads()).toBe(Math.min(4, availableParallelism()));
    }
  });

  it('gangrad --help says so', () => {
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain(ENVIRONMENT_HELP);
  });
});
