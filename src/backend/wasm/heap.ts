/**
 * Storage inside one WebAssembly.Memory: every tensor of the wasm backend is a range of this heap, so
 * kernels (and worker threads sharing the memory) address it by byte offset, with no copies.
 *
 * Allocation: freed ranges are kept in free lists keyed by exact size and reused first. A GAN step
 * allocates the same sizes every step, so after the first step nothing new is carved off the top; the
 * heap grows (memory.grow) only when a new size appears. Offsets are 16-byte aligned for v128 loads.
 */
export interface HeapRange {
  /** Byte offset into the memory. */
  readonly offset: number;
  /** Length in floats. */
  readonly length: number;
}

const PAGE = 65536;
const ALIGN = 16;

/** The allocator of the wasm backend's tensors (see the top of this file). */
export class WasmHeap {
  private top: number;
  private readonly free = new Map<number, number[]>();
  private floatView: Float32Array;

  /**
   * @param memory The WebAssembly memory the heap carves ranges from (grown as needed, never shrunk).
   * @param reservedBytes Bytes at the bottom of the memory never handed out (so that no range starts at address 0); ranges start above them.
   */
  constructor(readonly memory: WebAssembly.Memory, reservedBytes: number) {
    this.top = Math.ceil(reservedBytes / ALIGN) * ALIGN;
    this.floatView = new Float32Array(memory.buffer);
  }

  /** A range of `length` floats (contents unspecified). */
  alloc(length: number): HeapRange {
    const bytes = Math.max(ALIGN, Math.ceil((length * 4) / ALIGN) * ALIGN);
    const reuse = this.free.get(bytes);
    if (reuse && reuse.length > 0) return { offset: reuse.pop()!, length };
    const offset = this.top;
    const needed = offset + bytes - this.memory.buffer.byteLength;
    if (needed > 0) {
      try {
        this.memory.grow(Math.ceil(needed / PAGE));
      } catch {
        // The top moves only once the memory holds it, so a caller can catch this and go on with less.
        throw new Error(`gangrad wasm: out of WebAssembly memory allocating ${length} floats (heap at ${(offset / 2 ** 20).toFixed(0)} MiB)`);
      }
    }
    this.top = offset + bytes;
    return { offset, length };
  }

  /** Put a range on its size's free list for the next alloc of that size; the memory itself never shrinks. */
  release(range: HeapRange): void {
    const bytes = Math.max(ALIGN, Math.ceil((range.length * 4) / ALIGN) * ALIGN);
    const list = this.free.get(bytes);
    if (list) list.push(range.offset);
    else this.free.set(bytes, [range.offset]);
  }

  /** The floats of a range, as a view into the memory (valid until the next allocation). */
  view(range: HeapRange): Float32Array {
    if (this.floatView.buffer !== this.memory.buffer || this.floatView.length * 4 !== this.memory.buffer.byteLength) {
      this.floatView = new Float32Array(this.memory.buffer);
    }
    const start = range.offset >> 2;
    return this.floatView.subarray(start, start + range.length);
  }

  /** Bytes of memory in use by the heap (allocated or on free lists). */
  get sizeBytes(): number {
    return this.top;
  }
}
