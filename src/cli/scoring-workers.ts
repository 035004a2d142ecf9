/**
 * Discriminative scores on worker threads. A score trains five small classifiers, one per fold (600
 * steps each), on one thread; `eval` needs fifty scores (five models × ten draws) and training one every
 * 500 steps. Each fold is a job of its own, so on a machine with several cores the folds of one score
 * run side by side, and `eval` samples its next draws meanwhile.
 *
 * A worker computes exactly what the calling thread would: the same function on the same kind of
 * backend (the default wasm kernels, or the scalar CPU reference), and the folds' tallies are integers,
 * so the figures do not depend on the number of threads (test/scoring-workers.test.ts). Node only: the
 * CLI starts the pool and hands `score` to the library, which itself never starts threads.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { threadsFromEnvironment } from './args.js';
import { scoreFromFolds, type DiscriminativeOptions, type DiscriminativeScorer, type FoldTally } from '../finance/evaluation/discriminative.js';

/**
 * What a worker is asked: fold `fold` of the discriminative score of `real` against `synthetic`, or
 * (tables) each row of `x`'s distance to its nearest row of `reference`.
 */
export type ScoringJob =
  | { kind: 'fold'; real: Float64Array[]; synthetic: Float64Array[]; fold: number; options: DiscriminativeOptions }
  | { kind: 'distances'; x: Float32Array; reference: Float32Array; width: number };
/** A job as it crosses to a worker, with its id and the kind of kernels to compute on. */
export type ScoringRequest = ScoringJob & { id: number; backend: 'wasm' | 'cpu' };
/** A worker's answer: `ready` once it has loaded, then a job's result or its error. */
export type ScoringReply = { ready: true } | { id: number; result: FoldTally | Float64Array } | { id: number; error: string };

/**
 * A pool of scoring workers: `score` has the signature of `discriminativeScore`, `closestDistances`
 * that of the tabular evaluation's nearest-row distances; `close` ends the threads.
 */
export interface ScoringWorkers {
  readonly threads: number;
  score: DiscriminativeScorer;
  closestDistances(x: Float32Array, reference: Float32Array, width: number): Promise<Float64Array>;
  close(): Promise<void>;
}

/** Backends whose kernels a worker can reproduce; others (gpujs, webgpu) score on the calling thread. */
export function canScoreOnWorkers(backendName: string): backendName is 'wasm' | 'cpu' {
  return backendName === 'wasm' || backendName === 'cpu';
}

/** Threads for scoring by default: one per core (or GANGRAD_THREADS), at most 4 (each holds a draw's windows). */
export function defaultScoringThreads(): number {
  return Math.max(1, Math.min(4, threadsFromEnvironment() ?? availableParallelism()));
}

/** How long the workers may take to load (tsx compiles the sources on a slow machine) before the pool gives up. */
const START_TIMEOUT_MS = 120_000;

function startWorker(): Worker {
  const entry = new URL(import.meta.url.endsWith('.ts') ? './scoring-worker.ts' : './scoring-worker.js', import.meta.url);
  if (entry.pathname.endsWith('.js')) return new Worker(entry);
  // Run from source (tsx, vitest): a worker starts without the parent's TypeScript loader, so it loads
  // its entry through tsx's API, a dev dependency wherever the .ts sources run. Resolved here, next to
  // this file, since the worker would resolve a bare name from the current directory.
  const api = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(api)}).then((api) => api.tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(import.meta.url)}))`, { eval: true });
}

/**
 * Start `threads` scoring workers computing on the kernels of `backendName` ('wasm' or 'cpu'), and wait
 * until each has loaded; if one fails to, every one started is ended and the error thrown.
 */
export async function startScoringWorkers(threads: number, backendName: 'wasm' | 'cpu'): Promise<ScoringWorkers> {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`gangrad: scoring threads must be a whole number ≥ 1, got ${threads}`);
  const workers: Worker[] = [];
  const waiting = new Map<number, { resolve: (result: FoldTally | Float64Array) => void; reject: (e: Error) => void }>();
  const idle: Worker[] = [];
  const queue: ScoringRequest[] = [];
  let nextId = 0, failure: Error | null = null, loaded = 0;
  let started: { resolve: () => void; reject: (e: Error) => void } | null = null;
  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) idle.pop()!.postMessage(queue.shift()!);
  };
  const failAll = (e: Error) => {
    failure ??= e;
    started?.reject(failure);
    for (const { reject } of waiting.values()) reject(failure);
    waiting.clear();
    queue.length = 0;
  };
  const end = () => Promise.all(workers.map((w) => w.terminate()));
  try {
    for (let i = 0; i < threads; i++) {
      const worker = startWorker();
      workers.push(worker);
      worker.on('message', (reply: ScoringReply) => {
        idle.push(worker);
        if ('ready' in reply) {
          if (++loaded === threads) started?.resolve();
        } else {
          const job = waiting.get(reply.id);
          waiting.delete(reply.id);
          if (job && 'error' in reply) job.reject(new Error(reply.error));
          else if (job && 'result' in reply) job.resolve(reply.result);
        }
        dispatch();
      });
      worker.on('error', (e) => failAll(new Error(`gangrad: a scoring worker failed: ${e.message}`)));
      worker.on('exit', (code) => { if (code !== 0) failAll(new Error(`gangrad: a scoring worker exited with code ${code}`)); });
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    await new Promise<void>((resolve, reject) => {
      started = { resolve, reject };
      timer = setTimeout(() => reject(new Error(`gangrad: the scoring workers did not load within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    }).finally(() => { clearTimeout(timer); started = null; });
  } catch (e) {
    await end();
    throw e;
  }
  const run = <T extends FoldTally | Float64Array>(job: ScoringJob): Promise<T> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (result: FoldTally | Float64Array) => void, reject });
      queue.push({ ...job, id, backend: backendName });
      dispatch();
    });
  };
  // Every job of a call settles before the call does, so a failed one leaves none behind.
  const all = async <T>(jobs: Promise<T>[]): Promise<T[]> => {
    const settled = await Promise.allSettled(jobs);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
  };
  return {
    threads,
    score: async (real, synthetic, options = {}) => {
      const folds = Array.from({ length: options.folds ?? 5 }, (_, fold) => run<FoldTally>({ kind: 'fold', real, synthetic, fold, options }));
      return scoreFromFolds(await all(folds));
    },
    closestDistances: async (x, reference, width) => {
      // Rows take unequal times (the search stops early), so more parts than threads balance the load.
      const rows = x.length / width, parts = Math.min(rows, 4 * threads);
      const bounds = Array.from({ length: parts + 1 }, (_, i) => Math.round((i * rows) / parts));
      const pieces = await all(bounds.slice(0, -1).map((begin, i) => run<Float64Array>({ kind: 'distances', x: x.slice(begin * width, bounds[i + 1] * width), reference, width })));
      const out = new Float64Array(rows);
      pieces.forEach((piece, i) => out.set(piece, bounds[i]));
      return out;
    },
    close: async () => {
      failure ??= new Error('gangrad: the scoring workers were closed');
      await end();
    },
  };
}

/**
 * Run `fn` (an evaluation or a training run) with the discriminative scores on a pool of
 * {@link defaultScoringThreads} workers, closed again when `fn` ends: `fn` gets the scorer and the
 * nearest-row distances to pass on, and how many draws `evaluateModel` should keep in flight. On one core, on a GPU backend, or where the
 * workers cannot start (said in a warning), `fn` gets nothing and scores on the calling thread.
 */
export async function withScoringWorkers<T>(backendName: string, fn: (options: { discriminativeScorer?: DiscriminativeScorer; concurrentDraws?: number; closestDistances?: ScoringWorkers['closestDistances'] }) => Promise<T>): Promise<T> {
  const threads = defaultScoringThreads();
  if (threads < 2 || !canScoreOnWorkers(backendName)) return fn({});
  let pool: ScoringWorkers;
  try {
    pool = await startScoringWorkers(threads, backendName);
  } catch (e) {
    console.warn(`gangrad: scoring on this thread: ${(e as Error).message}`);
    return fn({});
  }
  try {
    return await fn({ discriminativeScorer: pool.score, concurrentDraws: 2 * threads, closestDistances: pool.closestDistances });
  } finally {
    await pool.close();
  }
}
