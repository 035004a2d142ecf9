import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_ONE_USAGE, runOneArgs } from '../bench/cells.js';
import { cpuName } from '../bench/cpu-name.js';
import { measure } from '../bench/stats.js';
import { MAX_THREADS } from '../src/backend/wasm/threads.js';
import { loadPriceCsv, ReturnGan } from '../src/index.js';
import { writeSmallPriceFile } from './helpers/prices.js';
import { tinyConfig } from './helpers/tiny-model.js';

/**
 * The bench tools that docs/performance.md tells users to run check their arguments: a bad one is a
 * usage error (exit 2, a message naming it, the usage, no stack trace), found before any measuring.
 */
const tool = (file: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../bench', file), ...args], { encoding: 'utf8', timeout: 900_000, env: { ...process.env, ...env } });
const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at /);

describe('bench/run-one.ts', () => {
  it('checks every argument: engine, kind, spec for that kind, repetitions, nothing extra', () => {
    expect(runOneArgs(['gangrad-wasm', 'step', '64:128', 'quick'])).toEqual({ engine: 'gangrad-wasm', kind: 'step', spec: '64:128', reps: 'quick' });
    expect(runOneArgs(['tfjs-cpu', 'matmul', '8,8,8'])).toEqual({ engine: 'tfjs-cpu', kind: 'matmul', spec: '8,8,8', reps: 'full' });
    const cases: [string[], string][] = [
      [[], 'expected ENGINE KIND SPEC, got no arguments'],
      [['gangrad-wasm'], "expected ENGINE KIND SPEC, got only 'gangrad-wasm'"],
      [['--help', 'step', '64'], "unknown engine '--help'"],
      [['gangrad-wasm', 'blah', '64', 'quick'], "unknown kind 'blah' (step or matmul)"],
      [['gangrad-wasm', 'step', '64', 'fast'], "unknown repetitions 'fast' (quick or full)"],
      [['gangrad-wasm', 'step', '8,8,8'], "step: '8,8,8' is not a batch B or B:H (B 1 to 65536, H 1 to 16384)"],
      [['gangrad-wasm', 'matmul', '64'], "matmul: '64' is not a matmul shape m,k,n (each 1 to 16384)"],
      [['gangrad-wasm', 'step', '64', 'quick', 'more'], "unexpected argument 'more'"],
    ];
    for (const [args, error] of cases) expect(runOneArgs(args), args.join(' ')).toEqual({ error });
  });

  it('run with no arguments or a bad one: usage, exit 2; --help: usage, exit 0', () => {
    const none = tool('run-one.ts', []);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain(`run-one: expected ENGINE KIND SPEC, got no arguments\n\n${RUN_ONE_USAGE}`);
    noStackTrace(none.stderr);
    const fast = tool('run-one.ts', ['gangrad-cpu', 'step', '8', 'fast']);
    expect(fast.status).toBe(2);
    expect(fast.stdout).toBe(''); // nothing measured
    const help = tool('run-one.ts', ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain(RUN_ONE_USAGE);
  });
});

describe('bench/kernel-profile.ts', () => {
  it('refuses a THREADS that is no thread count the wasm pool can start, as it does bad arguments', () => {
    for (const threads of ['abc', '0', '-1', String(MAX_THREADS + 1), '1.5']) {
      const run = tool('kernel-profile.ts', ['8', '2'], { THREADS: threads });
      expect(run.status, threads).toBe(2);
      expect(run.stderr).toContain(`kernel-profile: THREADS must be an integer from 1 to ${MAX_THREADS}, got '${threads}'\nusage: THREADS=N`);
      noStackTrace(run.stderr);
    }
  });
});

describe('bench/forecast-speed.ts', () => {
  it('a model made in code records no data file: a usage error that says to pass --data, and --data then works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-forecast-speed-'));
    const data = writeSmallPriceFile(dir, 300);
    const model = await ReturnGan.fit(loadPriceCsv(data).prices, { ...tinyConfig, validationSamples: 32 });
    const file = join(dir, 'model.safetensors');
    model.save(file);
    model.dispose();
    const run = tool('forecast-speed.ts', [file, '2', '1000', '5']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`forecast-speed: ${file} records its training data as 'prices', which is no file here (a model made in code with ReturnGan.fit records a name, not a file): pass the prices as a CSV with --data FILE`);
    noStackTrace(run.stderr);
    const given = tool('forecast-speed.ts', [file, '2', '1000', '5', '--data', data]);
    // The one warning: a history this short (299 returns) leaves the near-term fit resting on few days; said once.
    expect(given.stderr).toMatch(/^warning: the forecast's history holds 299 daily returns, fewer than 2500[^\n]*\n$/);
    expect(given.status).toBe(0);
    expect(given.stdout).toContain('1000 paths × 5 days from 299 returns');
    for (const [args, message] of [[[file, '0'], "repeats must be a positive integer, got '0'"], [[join(dir, 'none.safetensors')], `MODEL_FILE ${join(dir, 'none.safetensors')}: no such file`]] as const) {
      const bad = tool('forecast-speed.ts', [...args]);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain(`forecast-speed: ${message}`);
    }
  });
});

describe('bench/cpu-name.ts', () => {
  it("names the CPU by its model name and, where /proc/cpuinfo has them, its family, model number and AVX-512", () => {
    const name = cpuName();
    expect(name.startsWith(cpus()[0]?.model?.trim() || 'unknown CPU')).toBe(true);
    let info = '';
    try { info = readFileSync('/proc/cpuinfo', 'utf8'); } catch { /* not Linux: the model name alone */ }
    const model = /^model\s*:\s*(\d+)$/m.exec(info)?.[1];
    if (model !== undefined) expect(name).toMatch(new RegExp(`\\(family \\d+, model ${model}(, AVX-512)?\\)$`));
    expect(name.endsWith(', AVX-512)')).toBe(/^flags\s*:.*\bavx512f\b/m.test(info));
  });
});

describe('bench/stats.ts measure', () => {
  it('warms up for at least warmup calls and warmupMs before timing, and times between minReps and maxReps', async () => {
    let calls = 0, firstTimed = -1;
    const started = performance.now();
    const run = () => { calls++; const t = performance.now(); while (performance.now() - t < 1) { /* 1 ms of work */ } };
    const timing = await measure(() => { if (firstTimed < 0 && performance.now() - started >= 30) firstTimed = calls; run(); }, { warmup: 2, warmupMs: 30, minReps: 5, maxReps: 5, budgetMs: 1_000 });
    expect(timing.samples).toHaveLength(5);
    // At 1 ms a call, 30 ms of warm-up is far more than 2 calls, and every timed call comes after it.
    expect(calls - timing.samples.length).toBeGreaterThanOrEqual(firstTimed);
    expect(calls - timing.samples.length).toBeGreaterThan(2);
    let quick = 0;
    await measure(() => { quick++; }, { warmup: 3, minReps: 4, maxReps: 4, budgetMs: 1_000 });
    expect(quick).toBe(7); // without warmupMs: exactly the warm-up calls, then the repetitions
  });
});
