/**
 * A pool of workers that run the matmul kernel on row ranges of the same product, and fill noise
 * tensors (counter-based, so any range can be made anywhere) in ranges, over the shared WebAssembly
 * memory. The calling thread claims chunks alongside the workers, then waits for the last.
 * Workers are Node `worker_threads` under Node and Web Workers in a browser; both run the same body
 * (worker.ts), and control.ts has the layout of the block they share with the caller.
 *
 * Synchronisation is one Int32Array in a SharedArrayBuffer, no messages per job:
 *   [0] generation: bumped by the caller to start a job (workers Atomics.wait on it)
 *   [1] command: 0 = gemm, 1 = stop, 2 = normal noise
 *   [2..13] gemm arguments: a, rowStride, colStride, packedB, c, m, k, n, stripsPerBlock, scratchBase, b, transposeB;
 *           noise: out (a float index into memory), size, seed, offset (mean and std as two float64 after the ints)
 *   [14] workers that have left this generation's job
 *   [15] the next unclaimed item (a row of C, or an element of noise); [16] the most items a claim takes;
 *   [17] items done (the caller waits on it)
 *   [18] the next unclaimed strip of B and [19] strips packed: a product's first phase, in which every
 *   thread packs strips of B, PACK_CHUNK at a time, and waits until all are packed
 *   Thread i's scratch (an edge tile and a claim's rows of A, packed) is scratchBase + i·gemmScratchBytes(k, the most rows a claim takes).
 * After the ints come the noise's mean and std (two float64), then AHEAD_SLOTS slots of noise made
 * ahead of need (see `postAhead`): each slot's ints [state, out, size, seed, offset, next, done, inside,
 * order] and its mean and std. A worker with no job claims chunks of the earliest-ordered posted slot; the caller later claims
 * whatever is left and waits for the rest, so a slot is finished whether or not a worker got to it.
 *
 * Rows are handed out in chunks from a shared counter (a compare-exchange: control.ts's `claim`), not
 * split in equal halves up front, and the caller returns as soon as every row is computed, not when every
 * worker has reported: on a machine shared with other work, a worker the OS has not yet woken (or has
 * descheduled) delays only the chunk it holds, and the caller takes the rest (in the packing of B before
 * the rows, the threads that finish first wait for such a chunk, sleeping after 20 µs). A late worker finds no rows left and just leaves;
 * the next product waits for that (its arguments must not change under a worker still reading them),
 * which has normally happened long before. With a fixed split the caller sat idle for a preempted
 * worker's half (batch 1024 step 245 ms against PyTorch's 27 ms at load average 18 on 2 cores).
 *
 * A browser page's main thread may not block (Atomics.wait throws there), so on such a thread the caller
 * spins on Atomics.load instead. It loses nothing: the caller has already done its own share and would
 * be busy anyway, and the wait is only for the slowest worker's share of the same product.
 */
import { fillNormal } from '../counter-rng.js';
import { nodeBuiltin } from '../node-builtin.js';
import {
  AHEAD_SLOTS, ARGS, CHUNK, claim, claimEnd, PACK_DONE, PACK_NEXT, PACK_SPINS, packStrips, type Gemm, type PackB, COMMAND, CONTROL_INTS, DONE, GEMM, GENERATION, INSIDE, NEXT, NORMAL, OFFSET, ORDER, OUT, ROWS_DONE, SEED, SIZE,
  SLOT_BYTES, SLOT_DONE, SLOT_MOMENTS_BYTE, SLOT_NEXT, SLOTS_BYTE, STATE, STOP, slotIndex,
} from './control.js';
import type { WorkerInit } from './worker.js';
import { WORKER_SCRIPT } from './worker.generated.js';

/** The most threads a pool runs, the calling one included. */
export const MAX_THREADS = 24;
/**
 * How long the caller polls for the workers' last rows before it sleeps, in ms: a thread woken from
 * Atomics.wait starts tens of microseconds late (worker.ts's WORKER_SPIN_MS says the same of idle workers).
 */
const CALLER_SPIN_MS = 0.03;
/** The most elements of noise a claim takes (claims shrink as a fill ends): a fraction of a millisecond of work, many times a hand-off's cost. */
const NORMAL_CHUNK = 2048;
/** How long a worker may take to start before the pool gives up (a blocked blob: URL never starts). */
const START_TIMEOUT_MS = 10_000;

/**
 * The most rows a thread claims at once: about 8 claims per thread, so a late thread costs at most an
 * eighth of its share, in multiples of 12 so that no claim ends in a part-filled panel of either kernel
 * build (4 or 6 rows). Claims shrink to 12 rows as a product ends (control.ts's claimEnd).
 */
export function rowChunk(m: number, threads: number): number {
  return Math.ceil(m / (threads * 8) / 12) * 12;
}

// A worker runs worker.ts's serve, bundled into one script by `npm run build:worker`, after defining
// the two names that script expects: `workerInit` (what it serves) and `workerReady` (called once the
// module is instantiated).
const NODE_WORKER = `const { workerData: workerInit, parentPort } = process.getBuiltinModule('node:worker_threads');
const workerReady = () => parentPort.postMessage('ready');
${WORKER_SCRIPT}`;

const BROWSER_WORKER = `onmessage = (event) => {
  onmessage = null;
  const workerInit = event.data, workerReady = () => postMessage('ready');
  ${WORKER_SCRIPT}
  close();
};
`;

interface WorkerHandle {
  terminate(): void;
}

function withTimeout<T>(started: Promise<T>, index: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gangrad wasm: worker ${index} did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
  });
  return Promise.race([started, timeout]).finally(() => clearTimeout(timer));
}

async function startNodeWorker(init: WorkerInit): Promise<WorkerHandle> {
  const { Worker } = nodeBuiltin<typeof import('node:worker_threads')>('node:worker_threads')!;
  const worker = new Worker(NODE_WORKER, { eval: true, workerData: init });
  await withTimeout(new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', (e) => reject(new Error(`gangrad wasm: worker ${init.index} failed to start: ${e.message}`)));
  }), init.index);
  worker.unref(); // an idle pool must not keep the process alive
  return { terminate: () => void worker.terminate() };
}

async function startBrowserWorker(init: WorkerInit): Promise<WorkerHandle> {
  const url = URL.createObjectURL(new Blob([BROWSER_WORKER], { type: 'text/javascript' }));
  try {
    const worker = new Worker(url);
    await withTimeout(new Promise<void>((resolve, reject) => {
      worker.onmessage = () => resolve();
      worker.onerror = (e) => reject(new Error(`gangrad wasm: worker ${init.index} failed to start: ${e.message || 'blocked (Content-Security-Policy worker-src?)'}`));
      worker.postMessage(init);
    }), init.index).catch((e) => { worker.terminate(); throw e; });
    return { terminate: () => worker.terminate() };
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Whether this thread may block in Atomics.wait (not a browser page's main thread). */
function canBlock(control: Int32Array): boolean {
  try {
    Atomics.wait(control, DONE, 1, 0); // returns "not-equal" at once where waiting is allowed
    return true;
  } catch {
    return false;
  }
}

/** The two kernel exports a product runs on every thread: packing strips of B, then gemm on rows of C. */
export interface GemmKernels {
  /** Packs a range of strips of op(B) (kernels.wat's pack_b). */
  pack_b: PackB;
  /** Computes a range of rows of C from packed B (kernels.wat's or gemm-fma.wat's gemm). */
  gemm: Gemm;
}

/** The worker pool (see the top of this file): matmul by row chunks and noise by element chunks. */
export class GemmThreadPool {
  private readonly blocking: boolean;
  /** The noise's mean and std, after the control ints (what the workers read as `moments`). */
  private readonly moments: Float64Array;
  /** Each noise slot's mean and std, after its ints. */
  private readonly slotMoments: Float64Array[];
  /** Slots posted so far: each post's order. */
  private posted = 0;

  private constructor(/** Threads a product is split over, the calling one included (so threads − 1 workers). */ readonly threads: number, private readonly control: Int32Array, private readonly workers: WorkerHandle[]) {
    this.blocking = canBlock(control);
    this.moments = new Float64Array(control.buffer, 4 * CONTROL_INTS, 2);
    this.slotMoments = Array.from({ length: AHEAD_SLOTS }, (_, slot) => new Float64Array(control.buffer, SLOTS_BYTE + SLOT_BYTES * slot + SLOT_MOMENTS_BYTE, 2));
    control[DONE] = workers.length; // no job yet: every worker is free
  }

  /**
   * Start `threads` − 1 workers (`threads` counts the calling thread: an integer from 2 to MAX_THREADS,
   * which `createWasmBackend` has checked, naming the option) and wait until each has instantiated the
   * kernels. Node uses worker_threads, elsewhere Web Workers from a blob: URL.
   */
  static async start(threads: number, bytes: Uint8Array<ArrayBuffer>, memory: WebAssembly.Memory): Promise<GemmThreadPool> {
    // The ints, then the noise's mean and std as float64 (4 · CONTROL_INTS is a multiple of 8).
    const control = new Int32Array(new SharedArrayBuffer(SLOTS_BYTE + SLOT_BYTES * AHEAD_SLOTS));
    const isNode = typeof process !== 'undefined' && !!process.versions?.node;
    const start = isNode ? startNodeWorker : startBrowserWorker;
    const results = await Promise.allSettled(Array.from({ length: threads - 1 }, (_, i) => start({ bytes, memory, control: control.buffer as SharedArrayBuffer, index: i + 1, threads })));
    const workers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    const pool = new GemmThreadPool(threads, control, workers);
    if (failed) {
      pool.destroy();
      throw failed.reason;
    }
    return pool;
  }

  /**
   * Pack B (stored at `b`) into `packed` and run gemm over all rows of C, both split across the pool;
   * returns when every row is computed. `scratch`
   * holds threads × gemmScratchBytes(k, rowChunk(m, threads)) bytes; the calling thread uses the first part.
   */
  run(kernels: GemmKernels, b: number, transposeB: number, a: number, rowStride: number, colStride: number, packed: number, c: number,
    m: number, k: number, n: number, stripsPerBlock: number, scratch: number): void {
    const ctl = this.control;
    this.share(GEMM, [a, rowStride, colStride, packed, c, m, k, n, stripsPerBlock, scratch, b, transposeB], m, rowChunk(m, this.threads), (begin, end) => {
      kernels.gemm(a, rowStride, colStride, packed, c, begin, end, k, n, stripsPerBlock, scratch);
    }, () => packStrips(ctl, kernels.pack_b, b, packed, k, n, transposeB, this.blocking ? PACK_SPINS : Infinity));
  }

  /**
   * Fill `size` floats of `memory` from float index `out` with `mean + std · normalAt(seed, offset + i)`,
   * split across the pool in chunks; returns when every element is written.
   */
  runNormal(memory: WebAssembly.Memory, out: number, size: number, seed: number, offset: number, mean: number, std: number): void {
    const view = new Float32Array(memory.buffer);
    this.share(NORMAL, [out, size, seed | 0, offset | 0], size, NORMAL_CHUNK, (begin, end) => {
      fillNormal(view, out, begin, end, seed >>> 0, offset >>> 0, mean, std);
    }, undefined, mean, std);
  }

  /**
   * Start job `command` over `items` items with its integer arguments (and the noise's mean and std),
   * do `first` (a product's packing of B, which every thread takes part in), then claim chunks of at
   * most `chunk` items on this thread alongside the workers, and return when every item is done.
   */
  private share(command: number, args: number[], items: number, chunk: number, work: (begin: number, end: number) => void, first?: () => void, mean = 0, std = 0): void {
    const ctl = this.control, threads = this.threads;
    // A worker that woke late for the previous job may still be reading its arguments: let it leave.
    this.waitUntil(DONE, this.workers.length);
    ctl[COMMAND] = command;
    ctl.set(args, ARGS);
    this.moments[0] = mean;
    this.moments[1] = std;
    ctl[CHUNK] = chunk;
    ctl[NEXT] = ctl[ROWS_DONE] = ctl[PACK_NEXT] = ctl[PACK_DONE] = 0;
    Atomics.store(ctl, DONE, 0);
    Atomics.add(ctl, GENERATION, 1);
    Atomics.notify(ctl, GENERATION);
    first?.();
    for (let begin = claim(ctl, NEXT, items, threads, chunk); begin < items; begin = claim(ctl, NEXT, items, threads, chunk)) {
      const end = claimEnd(begin, items, threads, chunk);
      work(begin, end);
      Atomics.add(ctl, ROWS_DONE, end - begin);
    }
    this.waitUntil(ROWS_DONE, items);
  }

  /**
   * Post slot `slot` of noise made ahead: `size` floats from float index `out` of the memory, to be
   * `mean + std · normalAt(seed, offset + i)`. Idle workers fill it in chunks, the earliest posted slot
   * first; {@link finishAhead} completes it. The slot must be free (never posted, or retired by {@link retireAhead}).
   */
  postAhead(slot: number, out: number, size: number, seed: number, offset: number, mean: number, std: number): void {
    const at = this.slotAt(slot), ctl = this.control;
    ctl[at + ORDER] = ++this.posted; // workers fill the earliest posted first
    ctl[at + OUT] = out;
    ctl[at + SIZE] = size;
    ctl[at + SEED] = seed | 0;
    ctl[at + OFFSET] = offset | 0;
    const moments = this.slotMoments[slot];
    moments[0] = mean;
    moments[1] = std;
    ctl[at + SLOT_NEXT] = 0;
    ctl[at + SLOT_DONE] = 0;
    Atomics.store(ctl, at + STATE, 1);
    Atomics.notify(ctl, GENERATION); // wakes a sleeping worker without starting a job
  }

  /** Fill what no worker has claimed of a posted slot on this thread, then wait for the workers' chunks. */
  finishAhead(memory: WebAssembly.Memory, slot: number): void {
    const at = this.slotAt(slot), ctl = this.control;
    const out = ctl[at + OUT], size = ctl[at + SIZE], seed = ctl[at + SEED] >>> 0, offset = ctl[at + OFFSET] >>> 0;
    const moments = this.slotMoments[slot];
    let view: Float32Array | null = null;
    for (let begin = Atomics.add(ctl, at + SLOT_NEXT, NORMAL_CHUNK); begin < size; begin = Atomics.add(ctl, at + SLOT_NEXT, NORMAL_CHUNK)) {
      const end = Math.min(size, begin + NORMAL_CHUNK);
      view ??= new Float32Array(memory.buffer);
      fillNormal(view, out, begin, end, seed, offset, moments[0], moments[1]);
      Atomics.add(ctl, at + SLOT_DONE, end - begin);
    }
    this.poll(at + SLOT_DONE, (done) => done >= size);
  }

  /** Withdraw a slot (finished or not) and wait until no worker is inside it, so it can be posted again. */
  retireAhead(slot: number): void {
    const at = this.slotAt(slot), ctl = this.control;
    Atomics.store(ctl, at + STATE, 0);
    this.poll(at + INSIDE, (inside) => inside === 0);
  }

  /**
   * Wait for a worker's chunk of noise made ahead (at most one chunk, tens of microseconds), which it
   * does not notify: poll, sleeping 20 µs between looks where this thread may block.
   */
  private poll(index: number, done: (value: number) => boolean): void {
    for (let value = Atomics.load(this.control, index); !done(value); value = Atomics.load(this.control, index)) {
      if (this.blocking) Atomics.wait(this.control, index, value, 0.02);
    }
  }

  private slotAt(slot: number): number {
    if (!Number.isInteger(slot) || slot < 0 || slot >= AHEAD_SLOTS) throw new Error(`gangrad wasm: no noise slot ${slot}`);
    return slotIndex(slot);
  }

  /** Block (or spin, on a thread that may not block) until control[index] reaches `target`. */
  private waitUntil(index: number, target: number): void {
    const ctl = this.control;
    const until = performance.now() + CALLER_SPIN_MS;
    for (let value = Atomics.load(ctl, index); value < target; value = Atomics.load(ctl, index)) {
      if (this.blocking && performance.now() >= until) Atomics.wait(ctl, index, value);
    }
  }

  /** Tell the workers to stop and terminate them; the pool cannot run anything afterwards. */
  destroy(): void {
    this.control[COMMAND] = STOP;
    Atomics.add(this.control, GENERATION, 1);
    Atomics.notify(this.control, GENERATION);
    for (const w of this.workers) w.terminate();
    this.workers.length = 0;
  }
}
