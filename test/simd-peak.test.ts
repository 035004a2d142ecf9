import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { peakModule, peakWat } from '../bench/simd-peak.js';

/**
 * The bench's SIMD128 peak loop does the work it is credited with: each of its chains is updated once
 * per iteration (acc = acc·a + b), every update kept (its result depends on all of them). A loop that
 * skipped or folded updates would report a peak above the machine's.
 */
describe('SIMD128 peak loop (bench/simd-peak.ts)', () => {
  /** What the loop returns: the lanes of all chains summed, each chain iterated `n` times in float32. */
  function expected(n: number, x: number, a: number, b: number, chains: number): number {
    const f = Math.fround;
    let total = 0;
    for (let i = 0; i < chains; i++) {
      let acc = f(f(x) + i);
      for (let k = 0; k < n; k++) acc = f(f(acc * a) + b);
      total += 4 * acc;
    }
    return total;
  }

  it('mul+add: the result is every chain updated n times', async () => {
    for (const chains of [6, 10]) {
      const { instance } = await WebAssembly.instantiate(await peakModule('mul+add', chains));
      const run = instance.exports.run as (n: number, x: number, a: number, b: number) => number;
      for (const n of [1, 2, 37]) {
        // a = 0.5 halves the start each step, so a missed or repeated update shows in the result.
        expect(run(n, 1.5, 0.5, 0.25), `${chains} chains, n = ${n}`).toBeCloseTo(expected(n, 1.5, 0.5, 0.25, chains), 4);
      }
    }
  });

  it('FMA: one relaxed_madd per chain and iteration, assembled with the relaxed-SIMD feature', async () => {
    const text = peakWat('fma', 8);
    expect(text.match(/f32x4\.relaxed_madd/g)).toHaveLength(8);
    expect(text).not.toMatch(/f32x4\.mul/);
    const bytes = await peakModule('fma', 8);
    expect(bytes.length).toBeGreaterThan(0);
    // Engines without relaxed SIMD (Node 20 without a flag) refuse the module; where it validates, it computes the same.
    if (WebAssembly.validate(bytes)) {
      const { instance } = await WebAssembly.instantiate(bytes);
      const run = instance.exports.run as (n: number, x: number, a: number, b: number) => number;
      expect(run(37, 1.5, 0.5, 0.25)).toBeCloseTo(expected(37, 1.5, 0.5, 0.25, 8), 4);
    }
  });
});

describe('bench/simd-peak.ts run directly', () => {
  it('measures and prints both peaks (it printed nothing); an argument is a usage error', () => {
    const tool = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../bench/simd-peak.ts'), ...args], { encoding: 'utf8', timeout: 900_000 });
    const run = tool([]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^SIMD128 peak of this CPU \(register-only loop\): FMA .*; mul\+add [\d.]+ GFLOP\/s on 1 thread, [\d.]+ on \d+ \(\d+ chains\)\n$/);
    const bad = tool(['--threads', '2']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("simd-peak: unexpected argument '--threads'");
  });
});
