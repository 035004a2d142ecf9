import { describe, expect, it } from 'vitest';
import { createCpuBackend, type Backend } from '../src/index.js';
import { missingKernels } from './helpers/backends.js';
import { relaxedSimdSupported } from '../src/backend/wasm/fused.js';

/** How the wasm backend names its SIMD: the relaxed-SIMD FMA kernel where the engine has it (test/fused.test.ts). */
const SIMD = relaxedSimdSupported() ? 'WebAssembly SIMD (relaxed FMA)' : 'WebAssembly SIMD';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';


describe('backend registry', () => {
  it('the CPU backend implements every named kernel', () => {
    expect(missingKernels(createCpuBackend())).toEqual([]);
    expect(missingKernels(createCpuBackend({ precision: 'float64' }))).toEqual([]);
  });

  it('createBackend reports the gpu.js mode it runs and the wasm thread count', async () => {
    const { createBackend } = await import('../src/index.js');
    for (const [mode, expected] of [['cpu', 'gpu.js cpu mode'], ['webasm', 'gpu.js webasm mode']] as const) {
      const b = await createBackend('gpujs', { gpujsMode: mode });
      expect(b.description).toBe(expected);
      b.destroy();
    }
    const w = await createBackend('wasm', { threads: 1 });
    expect(w.description).toBe(`${SIMD}, 1 thread`);
    w.destroy();
    await expect(createBackend('tpu' as never)).rejects.toThrow(/unknown backend 'tpu'/);
  });

  it('detects a missing kernel', () => {
    const b = createCpuBackend();
    const partial = { ...b, kernels: { ...b.kernels, adam: undefined } } as unknown as Backend;
    expect(missingKernels(partial)).toEqual(['adam']);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('architecture', () => {
  const files = sourceFiles('src');
  const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);

  it('the library never imports TensorFlow.js, and package.json does not depend on it', () => {
    for (const f of files) expect(importsOf(f).filter((i) => i.startsWith('@tensorflow')), f).toEqual([]);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(Object.keys(pkg.dependencies ?? {}).filter((d) => d.startsWith('@tensorflow'))).toEqual([]);
  });

  it('finance and tabular never import each other; nothing below them imports either', () => {
    for (const f of files) {
      const imports = importsOf(f);
      if (/src\/tabular\//.test(f)) expect(imports.filter((i) => /finance\//.test(i)), f).toEqual([]);
      if (/src\/finance\//.test(f)) expect(imports.filter((i) => /tabular\//.test(i)), f).toEqual([]);
      if (/src\/(backend|tensor|nn|optim|gan|io)\//.test(f)) expect(imports.filter((i) => /\/(tabular|finance)\//.test(i)), f).toEqual([]);
    }
  });

  it('imports point downward: nn/optim/gan/tensor never import a backend implementation', () => {
    for (const f of files.filter((f) => /src\/(nn|optim|gan|tensor)\//.test(f))) {
      const bad = importsOf(f).filter((i) => /backend\/(cpu|wasm|gpujs|webgpu)/.test(i));
      expect(bad, f).toEqual([]);
    }
    for (const f of files.filter((f) => /src\/backend\//.test(f))) {
      const bad = importsOf(f).filter((i) => /\/(nn|optim|gan|finance|cli)\//.test(i) || /^\.\.\/\.\.\/(nn|optim|gan|finance|cli)/.test(i));
      expect(bad, f).toEqual([]);
    }
  });
});

describe('wasm backend threads', () => {
  it('starts the pool it is asked for and names it; an impossible thread count fails clearly', async () => {
    const { createWasmBackend } = await import('../src/backend/wasm/index.js');
    const two = await createWasmBackend({ threads: 2 });
    expect(two.description).toBe(`${SIMD}, 2 threads (shared memory, worker_threads)`);
    two.destroy();
    const one = await createWasmBackend({ threads: 1 });
    expect(one.description).toBe(`${SIMD}, 1 thread`);
    one.destroy();
    await expect(createWasmBackend({ threads: 25 })).rejects.toThrow("gangrad wasm: option 'threads' must be an integer from 1 to 24, got 25");
  });

  it('a bad threads or relaxedSimd option is an error for wasm and auto alike, not a quiet fallback to the CPU backend', async () => {
    const { createBackend } = await import('../src/index.js');
    for (const name of ['wasm', 'auto'] as const) {
      for (const [threads, shown] of [[100, '100'], ['2', '"2"'], [1.5, '1.5'], [0, '0'], [NaN, 'NaN']] as const) {
        await expect(createBackend(name, { threads: threads as number })).rejects.toThrow(`gangrad wasm: option 'threads' must be an integer from 1 to 24, got ${shown}`);
      }
      await expect(createBackend(name, { relaxedSimd: 'no' as never })).rejects.toThrow(`gangrad wasm: option 'relaxedSimd' must be true or false, got "no"`);
    }
  });
});
