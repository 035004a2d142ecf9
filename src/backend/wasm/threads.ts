/**
 * A pool of workers that run the matmul kernel on row ranges of the same product, over the shared
 * WebAssembly memory. The calling thread takes the first range itself, then waits for the others.
 * Workers are Node `worker_threads` under Node and Web Workers in a browser; both run the same body.
 *
 * Synchronisation is one Int32Array in a SharedArrayBuffer, no messages per job:
 *   [0] generation: bumped by the caller to start a job (workers Atomics.wait on it)
 *   [1] command: 0 = gemm, 1 = stop
 *   [2..11] gemm arguments: a, rowStride, colStride, packedB, c, m, k, n, stripsPerBlock, tileBase
 *   [12] workers finished with this generation (the caller waits on it)
 *   [16 + 2i, 17 + 2i] rows [begin, end) of thread i; its scratch tile is tileBase + 128·i.
 *
 * A browser page's main thread may not block (Atomics.wait throws there), so on such a thread the caller
 * spins on Atomics.load instead. It loses nothing: the caller has already done its own share and would
 * be busy anyway, and the wait is only for the slowest worker's share of the same product.
 */
import { nodeBuiltin } from '../node-builtin.js';

const GENERATION = 0, COMMAND = 1, ARGS = 2, DONE = 12, RANGES = 16;
const MAX_THREADS = 24;
/** How long a worker may take to start before the pool gives up (a blocked blob: URL never starts). */
const START_TIMEOUT_MS = 10_000;

/** Rows [begin, end) of thread `index` out of `threads`, in multiples of the 4-row micro-panel. */
export function rowRange(m: number, threads: number, index: number): [number, number] {
  const panels = Math.ceil(m / 4);
  const begin = Math.min(m, Math.floor((panels * index) / threads) * 4);
  const end = Math.min(m, Math.floor((panels * (index + 1)) / threads) * 4);
  return [begin, end];
}

/** What a worker is started with. `bytes` is the shared-memory kernel module. */
interface WorkerInit {
  bytes: Uint8Array;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  index: number;
}

// The worker body, plain JavaScript so it runs without a TypeScript loader or a bundler. `ready` is
// called once the module is instantiated: the pool does not hand out work before every worker is in
// its loop, which matters in browsers, where a worker only starts after the page yields.
const SERVE = `
function serve({ bytes, memory, control, index }, ready) {
  const kernels = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
  const ctl = new Int32Array(control);
  ready();
  let seen = 0;
  for (;;) {
    Atomics.wait(ctl, ${GENERATION}, seen);
    seen = Atomics.load(ctl, ${GENERATION});
    if (ctl[${COMMAND}] === 1) return;
    const a = ctl[${ARGS}], rowStride = ctl[${ARGS} + 1], colStride = ctl[${ARGS} + 2], packed = ctl[${ARGS} + 3], c = ctl[${ARGS} + 4];
    const m = ctl[${ARGS} + 5], k = ctl[${ARGS} + 6], n = ctl[${ARGS} + 7], strips = ctl[${ARGS} + 8], tiles = ctl[${ARGS} + 9];
    const begin = ctl[${RANGES} + 2 * index], end = ctl[${RANGES} + 2 * index + 1];
    if (begin < end) kernels.gemm(a, rowStride, colStride, packed, c, begin, end, k, n, strips, tiles + 128 * index);
    Atomics.add(ctl, ${DONE}, 1);
    Atomics.notify(ctl, ${DONE});
  }
}
`;

const NODE_WORKER = `${SERVE}
const { workerData, parentPort } = require('node:worker_threads');
serve(workerData, () => parentPort.postMessage('ready'));
`;

const BROWSER_WORKER = `${SERVE}
onmessage = (event) => {
  onmessage = null;
  serve(event.data, () => postMessage('ready'));
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

export type Gemm = (a: number, rowStride: number, colStride: number, packed: number, c: number,
  rowBegin: number, rowEnd: number, k: number, n: number, strips: number, tile: number) => void;

export class GemmThreadPool {
  private readonly blocking: boolean;

  private constructor(readonly threads: number, private readonly control: Int32Array, private readonly workers: WorkerHandle[]) {
    this.blocking = canBlock(control);
  }

  /**
   * Start `threads` − 1 workers (`threads` counts the calling thread) and wait until each has
   * instantiated the kernels. Node uses worker_threads, elsewhere Web Workers from a blob: URL.
   */
  static async start(threads: number, bytes: Uint8Array, memory: WebAssembly.Memory): Promise<GemmThreadPool> {
    if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) throw new Error(`gangrad wasm: thread count must be 1..${MAX_THREADS}, got ${threads}`);
    const control = new Int32Array(new SharedArrayBuffer(4 * (RANGES + 2 * MAX_THREADS)));
    const isNode = typeof process !== 'undefined' && !!process.versions?.node;
    const start = isNode ? startNodeWorker : startBrowserWorker;
    const results = await Promise.allSettled(Array.from({ length: threads - 1 }, (_, i) => start({ bytes, memory, control: control.buffer as SharedArrayBuffer, index: i + 1 })));
    const workers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    const pool = new GemmThreadPool(threads, control, workers);
    if (failed) {
      pool.destroy();
      throw failed.reason;
    }
    return pool;
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
    for (let done = Atomics.load(ctl, DONE); done < workers; done = Atomics.load(ctl, DONE)) {
      if (this.blocking) Atomics.wait(ctl, DONE, done);
    }
  }

  destroy(): void {
    this.control[COMMAND] = 1;
    Atomics.add(this.control, GENERATION, 1);
    Atomics.notify(this.control, GENERATION);
    for (const w of this.workers) w.terminate();
    this.workers.length = 0;
  }
}
