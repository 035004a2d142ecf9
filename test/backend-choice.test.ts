import { describe, expect, it, vi } from 'vitest';
import { createBackend } from '../src/backend/index.js';
import { matmul, setBackend, getBackend, tensor } from '../src/tensor/index.js';

describe('choosing a backend', () => {
  it('a tensor made before setBackend meets one made after it: refused, naming both backends and the way out', async () => {
    const before = getBackend();
    try {
      setBackend(await createBackend('cpu'));
      const early = tensor([1, 2], [1, 2]);
      setBackend(await createBackend('cpu')); // same name, another instance: another memory
      const late = tensor([1, 2], [2, 1]);
      expect(() => matmul(early, late)).toThrow(/^gangrad: matmul mixes tensors of two backends \(scalar TypeScript.*; scalar TypeScript.*\): call setBackend before making models, or make them again \(ReturnGan\.fromBytes\(model\.toBytes\(\)\)\)$/);
    } finally {
      setBackend(before);
    }
  });

  it('setBackend refuses a name or an un-awaited Promise at once, saying to pass await createBackend(name)', async () => {
    const before = getBackend();
    expect(() => setBackend('cpu' as never)).toThrow(`gangrad: setBackend needs a Backend, got "cpu": pass await createBackend('cpu')`);
    const pending = createBackend('cpu');
    expect(() => setBackend(pending as never)).toThrow(`gangrad: setBackend needs a Backend, got a Promise (not awaited): pass await createBackend('cpu')`);
    expect(() => setBackend(undefined as never)).toThrow(`gangrad: setBackend needs a Backend, got undefined: pass await createBackend('cpu')`);
    (await pending).destroy();
    expect(getBackend()).toBe(before); // the refusals changed nothing
    const t = tensor([1, 2]);
    expect(t.size).toBe(2);
    t.dispose();
  });

  it('wasm threads asked for where there is no shared memory (a page not cross-origin isolated): one thread, and a warning naming the two headers', async () => {
    const shared = globalThis.SharedArrayBuffer;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // As a page without COOP/COEP sees it; restored below whatever happens.
    (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer = undefined;
    try {
      const asked = await createBackend('wasm', { threads: 2 });
      expect(asked.description).toMatch(/1 thread$/);
      expect(warn.mock.calls.flat().join('\n')).toContain('gangrad wasm: one thread, not 2: no shared memory without the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp');
      asked.destroy();
      warn.mockClear();
      const defaulted = await createBackend('wasm'); // not asked for: one thread, nothing to say
      expect(defaulted.description).toMatch(/1 thread$/);
      expect(warn).not.toHaveBeenCalled();
      defaulted.destroy();
    } finally {
      globalThis.SharedArrayBuffer = shared;
      warn.mockRestore();
    }
  });

  it('wasm on a machine with more cores than the pool allows: the default takes 24 threads, not one', async () => {
    const os = await import('node:os');
    const cores = vi.spyOn(os.default, 'availableParallelism').mockReturnValue(32);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const backend = await createBackend('wasm');
      expect(cores).toHaveBeenCalled();
      expect(backend.description).toMatch(/^WebAssembly SIMD( \(relaxed FMA\))?, 24 threads /);
      expect(warn).not.toHaveBeenCalled();
      backend.destroy();
      await expect(createBackend('wasm', { threads: 32 })).rejects.toThrow("gangrad wasm: option 'threads' must be an integer from 1 to 24, got 32"); // asked for: an error
    } finally {
      cores.mockRestore();
      warn.mockRestore();
    }
  });
});
