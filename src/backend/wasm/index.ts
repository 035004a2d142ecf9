/**
 * The WebAssembly SIMD backend: every tensor lives in one WebAssembly.Memory; matmul (the step's
 * dominant cost) runs the hand-written SIMD kernel of kernels.wat, split across worker threads over
 * shared memory for large products. The remaining kernels are memory-bound loops, for which the
 * CPU reference's TypeScript is already close to memory speed: they are the CPU backend's own kernel
 * table (cpu/kernels.ts), run on views of the same heap.
 */
import type { Backend, DataHandle, Kernels, MemoryInfo } from '../backend.js';
import { scalarKernels } from '../cpu/kernels.js';
import { WasmHeap, type HeapRange } from './heap.js';
import { KERNELS_RELAXED_WASM_HEX, KERNELS_WASM_HEX } from './kernels.wasm.js';
import { withSharedMemory } from './shared-memory.js';
import { decodeHex } from './hex.js';
import { relaxedSimdSupported, wasmDenseKernels, type DenseExports } from './fused.js';
import { wasmElementwiseKernels, type ElementwiseExports } from './elementwise.js';
import { GemmThreadPool, MAX_THREADS, rowChunk, type GemmKernels } from './threads.js';
import { gemmScratchBytes } from './control.js';
import { NoiseAhead } from './noise-ahead.js';
import { nodeBuiltin } from '../node-builtin.js';
import { fillNormal } from '../counter-rng.js';
import { showValue } from '../show-value.js';

/** Options of {@link createWasmBackend}. */
export interface WasmBackendOptions {
  /**
   * Threads for large matmuls, counting the calling thread. Default: the number of cores, at most 24 (Node), or the
   * browser's `navigator.hardwareConcurrency` (at most 16) on a cross-origin isolated page. Always 1
   * where SharedArrayBuffer is unavailable (a browser page without cross-origin isolation).
   */
  threads?: number;
  /**
   * Products of fewer multiply-adds than this run on one thread. Default 2^21: on the reference step at
   * batch 64 (products of 1–4M) two threads were slower than one with 2^18 (10.2 / 9.1 ms against 8.7),
   * while 2^21 gave 8.8 ms and kept batch 256 and 1024 as fast (2 cores, Node 20, medians of 40 steps).
   */
  threadMinMultiplyAdds?: number;
  /**
   * Use the matmul micro-kernel with relaxed-SIMD fused multiply-adds (`f32x4.relaxed_madd`). Default:
   * wherever this engine validates relaxed SIMD (Node 22 and 24; Node 20 only with --experimental-wasm-relaxed-simd),
   * else the plain SIMD128 kernel. `true` fails where it is unsupported; `false` forces the plain kernel.
   * A fused multiply-add rounds once where mul + add rounds twice, so the two kernels' products differ in
   * the last bits; each is deterministic on a given machine.
   */
  relaxedSimd?: boolean;
}

interface KernelExports extends DenseExports, ElementwiseExports, GemmKernels {}

/** Strips of 8 packed columns per cache block: 8 × k × 32 bytes stays in L2 (measured flat from 4 to 32). */
const STRIPS_PER_BLOCK = 16;
/** Default cap on browser threads (hardwareConcurrency can be large on workstations); the pool holds at most 24. */
const MAX_DEFAULT_THREADS = 16;
/** Noise fills of fewer than twice this many elements stay on the calling thread. */
const NORMAL_THREAD_MIN = 4096;
/** Noise fills of this many elements or more may be made ahead by the pool's idle workers. */
const AHEAD_MIN = 2048;
/** Bytes of A one gemm call on a single thread packs, about (at least 12 rows; it calls again for the next rows). */
const ONE_CALL_BYTES = 1 << 20;
/** Bytes kept at the bottom of memory, so that no tensor starts at address 0. */
const RESERVED = 16;

/** Cores to use by default: all of them (Node's availableParallelism, a browser's hardwareConcurrency), up to the pool's limit. */
async function coreCount(isNode: boolean): Promise<number> {
  if (isNode) {
    const os = nodeBuiltin<typeof import('node:os')>('node:os')!;
    return Math.max(1, Math.min(MAX_THREADS, os.availableParallelism?.() ?? os.cpus().length));
  }
  return Math.max(1, Math.min(MAX_DEFAULT_THREADS, globalThis.navigator?.hardwareConcurrency ?? 1));
}

/** The kernels' module; a page whose Content-Security-Policy forbids compiling WebAssembly is told which source to allow. */
function compileKernels(bytes: Uint8Array<ArrayBuffer>): WebAssembly.Module {
  try {
    return new WebAssembly.Module(bytes);
  } catch (e) {
    if (/Content.Security/i.test((e as Error).message)) {
      throw new Error(`gangrad wasm: allow 'wasm-unsafe-eval' in the Content-Security-Policy's script-src (and blob: in worker-src, for threads). ${(e as Error).message}`);
    }
    throw e;
  }
}

function requireSimd(): void {
  if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(decodeHex(KERNELS_WASM_HEX))) {
    throw new Error('gangrad wasm: this JavaScript engine lacks WebAssembly SIMD (Node ≥ 16.4, Chrome ≥ 91, Firefox ≥ 89, Safari ≥ 16.4)');
  }
}

/**
 * Throw on an option no engine could honour (a thread count out of range, a non-boolean `relaxedSimd`):
 * `auto` checks them before trying the wasm backend, so a typo is an error there too, not a quiet
 * fallback to the scalar CPU backend.
 */
export function checkWasmOptions(options: Pick<WasmBackendOptions, 'threads' | 'relaxedSimd'>): void {
  const { threads, relaxedSimd } = options;
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= MAX_THREADS)) {
    throw new Error(`gangrad wasm: option 'threads' must be an integer from 1 to ${MAX_THREADS}, got ${showValue(threads)}`);
  }
  if (relaxedSimd !== undefined && typeof relaxedSimd !== 'boolean') throw new Error(`gangrad wasm: option 'relaxedSimd' must be true or false, got ${showValue(relaxedSimd)}`);
}

/**
 * The WebAssembly SIMD backend: matmul (threaded over a shared memory where allowed), fused dense
 * kernels, Adam and the element-wise work in WebAssembly, the rest on the scalar reference kernels over
 * its heap.
 */
export async function createWasmBackend(options: WasmBackendOptions = {}): Promise<Backend> {
  checkWasmOptions(options);
  requireSimd();
  const isNode = typeof process !== 'undefined' && !!process.versions?.node;
  // Shared memory needs SharedArrayBuffer, which a browser offers only to cross-origin isolated pages
  // (served with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp).
  const canShare = typeof SharedArrayBuffer !== 'undefined' && (isNode || (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true);
  // Threads asked for where there is no shared memory: run, on one thread, and say why (the same page
  // may be served with and without the headers).
  if (!canShare && options.threads !== undefined && options.threads > 1) {
    console.warn(`gangrad wasm: one thread, not ${options.threads}: no shared memory without the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp`);
  }
  let threads = canShare ? options.threads ?? (await coreCount(isNode)) : 1;
  const shared = threads > 1;
  const relaxed = options.relaxedSimd ?? relaxedSimdSupported();
  if (relaxed && !relaxedSimdSupported()) {
    throw new Error('gangrad wasm: relaxedSimd was asked for, but this engine does not validate relaxed WebAssembly SIMD (Node ≥ 22, Chrome ≥ 114; Node 20 needs --experimental-wasm-relaxed-simd)');
  }
  const unshared = decodeHex(relaxed ? KERNELS_RELAXED_WASM_HEX : KERNELS_WASM_HEX);
  const bytes = shared ? withSharedMemory(unshared) : unshared;
  const memory = new WebAssembly.Memory(shared ? { initial: 256, maximum: 16384, shared: true } : { initial: 256, maximum: 16384 });
  let pool: GemmThreadPool | null = null;
  if (shared) {
    try {
      pool = await GemmThreadPool.start(threads, bytes, memory);
    } catch (e) {
      // Threads asked for explicitly: say why they are missing. Defaulted: run on this thread instead
      // (a page whose Content-Security-Policy forbids blob: workers, say) rather than fail.
      if (options.threads !== undefined) throw e;
      console.warn(`gangrad wasm: running on one thread: ${(e as Error).message}`);
      threads = 1;
    }
  }
  return wasmBackend(bytes, relaxed, memory, pool, threads, isNode, options);
}

/**
 * The wasm backend on the calling thread, made synchronously: the library's default when no backend
 * was set (a tensor made before any `await`), as `auto` would choose it but without worker threads,
 * which start asynchronously.
 */
export function createWasmBackendSync(options: Pick<WasmBackendOptions, 'threadMinMultiplyAdds'> = {}): Backend {
  requireSimd();
  const isNode = typeof process !== 'undefined' && !!process.versions?.node;
  // The same micro-kernel as createWasmBackend picks by default, so both round alike on this machine.
  const relaxed = relaxedSimdSupported();
  const bytes = decodeHex(relaxed ? KERNELS_RELAXED_WASM_HEX : KERNELS_WASM_HEX);
  return wasmBackend(bytes, relaxed, new WebAssembly.Memory({ initial: 256, maximum: 16384 }), null, 1, isNode, options);
}

function wasmBackend(bytes: Uint8Array<ArrayBuffer>, relaxed: boolean, memory: WebAssembly.Memory, pool: GemmThreadPool | null, threads: number, isNode: boolean, options: WasmBackendOptions): Backend {
  // Synchronous compilation: the module is a few kilobytes, within what browsers compile synchronously on a page's main thread.
  const instance = new WebAssembly.Instance(compileKernels(bytes), { env: { memory } });
  const wasm = instance.exports as unknown as KernelExports;
  const heap = new WasmHeap(memory, RESERVED);
  const threadMin = options.threadMinMultiplyAdds ?? 1 << 21;
  const stats: MemoryInfo = { buffers: 0, bytes: 0 };
  let packed: HeapRange | null = null;
  // Every thread's gemm scratch (an edge tile and the rows of A it packs), grown as packed B is.
  let scratch: HeapRange | null = null;
  const r = (h: DataHandle) => h as HeapRange;
  const v = (h: DataHandle) => heap.view(h as HeapRange);
  // Null once destroyed: the pool's workers are gone, and noise is made on this thread as products are.
  let ahead = pool ? new NoiseAhead(pool, heap, memory, (out, size, seed, offset, mean, std) => {
    if (size >= 2 * NORMAL_THREAD_MIN) pool!.runNormal(memory, out, size, seed, offset, mean, std);
    else fillNormal(new Float32Array(memory.buffer), out, 0, size, seed, offset, mean, std);
  }) : null;

  const matmul: Kernels['matmul'] = (a, b, out, m, k, n, transposeA, transposeB) => {
    const packedLength = Math.ceil(n / 8) * 8 * k;
    if (!packed || packed.length < packedLength) {
      if (packed) heap.release(packed);
      packed = heap.alloc(packedLength);
    }
    // The pool this product is split across (large enough to pay for the hand-off), or null: this thread alone.
    const splitAcross = pool !== null && m >= 8 && m * n * k >= threadMin ? pool : null;
    // Rows per gemm call at most: the largest claim of the pool's, or on one thread as many as pack into ONE_CALL_BYTES.
    const rows = splitAcross ? rowChunk(m, threads) : Math.min(m, Math.max(12, Math.floor(ONE_CALL_BYTES / (48 * k)) * 12));
    const scratchLength = ((splitAcross ? threads : 1) * gemmScratchBytes(k, rows)) / 4;
    if (!scratch || scratch.length < scratchLength) {
      if (scratch) heap.release(scratch);
      scratch = heap.alloc(scratchLength);
    }
    const rowStride = transposeA ? 1 : k;
    const colStride = transposeA ? m : 1;
    if (splitAcross) {
      splitAcross.run(wasm, r(b).offset, transposeB ? 1 : 0, r(a).offset, rowStride, colStride, packed.offset, r(out).offset, m, k, n, STRIPS_PER_BLOCK, scratch.offset);
    } else {
      wasm.pack_b(r(b).offset, packed.offset, k, n, transposeB ? 1 : 0, 0, Math.ceil(n / 8));
      for (let begin = 0; begin < m; begin += rows) {
        wasm.gemm(r(a).offset, rowStride, colStride, packed.offset, r(out).offset, begin, Math.min(m, begin + rows), k, n, STRIPS_PER_BLOCK, scratch.offset);
      }
    }
  };

  const kernels: Kernels = {
    // The scalar matmul (and its scratch) is replaced by the SIMD one below.
    ...scalarKernels(v, (length) => new Float32Array(length)),
    matmul,
    ...wasmDenseKernels(wasm, r),
    ...wasmElementwiseKernels(wasm, r),
    // Noise is a fifth of a training step on one thread (log and cos per element); any range of the
    // counter-based stream can be made on any thread, so the pool shares large fills, and its idle
    // workers make a stream's next fill ahead of need (noise-ahead.ts).
    ...(ahead ? {
      randomNormal: (out, size, seed, offset, mean, std) => {
        if (ahead && size >= AHEAD_MIN) ahead.fill(r(out).offset >> 2, size, seed, offset, mean, std);
        else fillNormal(v(out), 0, 0, size, seed, offset, mean, std);
      },
    } satisfies Partial<Kernels> : {}),
    // A byte move inside the heap (copyWithin), no view objects.
    copy: (src, srcOffset, dst, dstOffset, size) => {
      new Uint8Array(memory.buffer).copyWithin(r(dst).offset + 4 * dstOffset, r(src).offset + 4 * srcOffset, r(src).offset + 4 * (srcOffset + size));
    },
  };

  return {
    name: 'wasm',
    description: `WebAssembly SIMD${relaxed ? ' (relaxed FMA)' : ''}, ${threads} thread${threads > 1 ? 's' : ''}${pool ? ` (shared memory, ${isNode ? 'worker_threads' : 'Web Workers'})` : ''}`,
    bytesPerElement: 4,
    kernels,
    alloc(length) {
      const range = heap.alloc(length); // counted once it exists: a refused allocation leaves the stats alone
      stats.buffers++;
      stats.bytes += length * 4;
      return range;
    },
    write(handle, data) { v(handle).set(data); },
    async read(handle) { return v(handle).slice(); },
    free(handle) {
      stats.buffers--;
      stats.bytes -= handle.length * 4;
      heap.release(r(handle));
    },
    memory: () => ({ ...stats }),
    flush() {},
    destroy() { pool?.destroy(); pool = ahead = null; },
  };
}
