import { describe, expect, it } from 'vitest';
import { WasmHeap } from '../src/backend/wasm/heap.js';
import { createBackend } from '../src/backend/index.js';
import { getBackend, memory, setBackend, sum, tensor, zeros } from '../src/tensor/index.js';

describe('the wasm heap when memory runs out', () => {
  it('a refused allocation leaves the heap as it was: the next small one succeeds at the old top', () => {
    const mem = new WebAssembly.Memory({ initial: 1, maximum: 2 }); // 64 KiB, may grow to 128 KiB
    const heap = new WasmHeap(mem, 16);
    const first = heap.alloc(100);
    const top = heap.sizeBytes;
    expect(() => heap.alloc(100_000)).toThrow(/^gangrad wasm: out of WebAssembly memory allocating 100000 floats \(heap at 0 MiB\)$/);
    expect(heap.sizeBytes).toBe(top);
    const next = heap.alloc(100);
    expect(next.offset).toBe(top);
    expect(next.offset).toBeGreaterThan(first.offset);
  });

  it('on the wasm backend: a tensor too large for the memory is refused, memory() counts nothing for it, and work goes on', async () => {
    const before = getBackend();
    try {
      setBackend(await createBackend('wasm'));
      const held = memory();
      expect(() => zeros([30000, 40000])).toThrow(/out of WebAssembly memory allocating 1200000000 floats/);
      expect(memory()).toEqual(held);
      const t = tensor([1, 2, 3]);
      const s = sum(t);
      expect(Array.from(await s.data())).toEqual([6]);
      t.dispose();
      s.dispose();
    } finally {
      const wasm = getBackend();
      setBackend(before);
      wasm.destroy();
    }
  });
});
