/**
 * A pool of worker threads that run the matmul kernel on row ranges of the same product, over the
 * shared WebAssembly memory. The calling thread takes the first range itself, then waits.
 *
 * Synchronisation is one Int32Array in a SharedArrayBuffer, no messages per job:
 *   [0] generation: bumped by the caller to start a job (workers Atomics.wait on it)
 *   [1] command: 0 = gemm, 1 = stop
 *   [2..11] gemm arguments: a, rowStride, colStride, packedB, c, m, k, n, stripsPerBlock, tileBase
 *   [12] workers finished with this generation (the caller Atomics.waits on it)
 *   [16 + 2i, 17 + 2i] rows [begin, end) of thread i; its scratch tile is tileBase + 128·i.
 */
import { Worker } from 'node:worker_threads';

const GENERATION = 0, COMMAND = 1, ARGS = 2, DONE = 12, RANGES = 16;
const MAX_THREADS = 24;

/** Rows [begin, end) of thread `index` out of `threads`, in multiples of the 4-row micro-panel. */
export function rowRange(m: number, threads: number, index: number): [number, number] {
  const panels = Math.ceil(m / 4);
  const begin = Math.min(m, Math.floor((panels * index) / threads) * 4);
  const end = Math.min(m, Math.floor((panels * (index + 1)) / threads) * 4);
  return [begin, end];
}

// The worker body, plain JavaScript so it runs without a TypeScript loader.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { bytes, memory, control, index } = workerData;
const kernels = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
const ctl = new Int32Array(control);
let seen = 0;
for (;;) {
  Atomics.wait(ctl, ${GENERATION}, seen);
  seen = Atomics.load(ctl, ${GENERATION});
  if (ctl[${COMMAND}] === 1) break;
  const a = ctl[${ARGS}], rowStride = ctl[${ARGS} + 1], colStride = ctl[${ARGS} + 2], packed = ctl[${ARGS} + 3], c = ctl[${ARGS} + 4];
  const m = ctl[${ARGS} + 5], k = ctl[${ARGS} + 6], n = ctl[${ARGS} + 7], strips = ctl[${ARGS} + 8], tiles = ctl[${ARGS} + 9];
  const begin = ctl[${RANGES} + 2 * index], end = ctl[${RANGES} + 2 * index + 1];
  if (begin < end) kernels.gemm(a, rowStride, colStride, packed, c, begin, end, k, n, strips, tiles + 128 * index);
  Atomics.add(ctl, ${DONE}, 1);
  Atomics.notify(ctl, ${DONE});
}
`;

export type Gemm = (a: number, rowStride: number, colStride: number, packed: number, c: number,
  rowBegin: number, rowEnd: number, k: number, n: number, strips: number, tile: number) => void;

export class GemmThreadPool {
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * (RANGES + 2 * MAX_THREADS)));
  private readonly workers: Worker[] = [];

  /** `threads` counts the calling thread: threads − 1 workers are started. */
  constructor(readonly threads: number, bytes: Uint8Array, memory: WebAssembly.Memory) {
    if (threads < 1 || threads > MAX_THREADS) throw new Error(`gangrad wasm: thread count must be 1..${MAX_THREADS}, got ${threads}`);
    for (let index = 1; index < threads; index++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bytes, memory, control: this.control.buffer, index } });
      worker.unref(); // an idle pool must not keep the process alive
      this.workers.push(worker);
    }
  }

  /** Run gemm over all rows of C, split across the pool; returns when every thread is done. */
  run(gemm: Gemm, a: number, rowStride: number, colStride: number, packed: number, c: number,
    m: number, k: number, n: number, strips: number, tiles: number): void {
    const ctl = this.control;
    ctl[COMMAND] = 0;
    ctl.set([a, rowStride, colStride, packed, c, m, k, n, strips, tiles], ARGS);
    for (let i = 0; i < this.threads; i++) ctl.set(rowRange(m, this.threads, i), RANGES + 2 * i);
    Atomics.store(ctl, DONE, 0);
    Atomics.add(ctl, GENERATION, 1);
    Atomics.notify(ctl, GENERATION);
    const [begin, end] = rowRange(m, this.threads, 0);
    if (begin < end) gemm(a, rowStride, colStride, packed, c, begin, end, k, n, strips, tiles);
    const workers = this.workers.length;
    for (let done = Atomics.load(ctl, DONE); done < workers; done = Atomics.load(ctl, DONE)) Atomics.wait(ctl, DONE, done);
  }

  destroy(): void {
    this.control[COMMAND] = 1;
    Atomics.add(this.control, GENERATION, 1);
    Atomics.notify(this.control, GENERATION);
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
  }
}
