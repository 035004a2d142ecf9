/**
 * The body of the wasm thread pool's workers (threads.ts starts them and describes the protocol).
 * A worker runs as a plain script, without modules or a TypeScript loader, so nothing imports this
 * file at run time: `npm run build:worker` bundles it, with the control block's layout (control.ts) and
 * the noise stream's `fillNormal` (counter-rng.ts), into the minified script of worker.generated.ts,
 * which test/generated-sources.test.ts checks is current.
 */
import { fillNormal } from '../counter-rng.js';
import {
  ARGS, CHUNK, claim, claimEnd, gemmScratchBytes, PACK_SPINS, packStrips, type Gemm, type PackB, COMMAND, CONTROL_INTS, DONE, GENERATION, INSIDE, NEXT, NORMAL, OFFSET, ORDER, OUT, ROWS_DONE, SEED, SIZE,
  SLOT_DONE, SLOT_MOMENTS_BYTE, SLOT_NEXT, SLOTS_BYTE, SLOT_BYTES, STATE, STOP, AHEAD_SLOTS, slotIndex,
} from './control.js';

/** What a worker is started with. `bytes` is the shared-memory kernel module. */
export interface WorkerInit {
  /** The kernel module's bytes; each worker instantiates it on the shared memory. */
  bytes: Uint8Array<ArrayBuffer>;
  /** The shared memory holding every tensor, so workers compute on the caller's heap without copies. */
  memory: WebAssembly.Memory;
  /** The control block (command, generation, counters) the caller and workers synchronise on with Atomics. */
  control: SharedArrayBuffer;
  /** This worker's number, from 1 (0 is the calling thread): it selects the worker's own scratch area in the heap. */
  index: number;
  /** Threads a product or a noise fill is split across, the calling one included: claims shrink by it (control.ts's claimEnd). */
  threads: number;
}

/** Elements per claim of noise made ahead: small, so a worker busy with it starts the next product late by tens of microseconds at most. */
const AHEAD_CHUNK = 1024;
/**
 * How long an idle worker polls for the next job (and for noise to make ahead) before it sleeps, in ms: a thread woken from
 * Atomics.wait starts tens of microseconds late, which at batch 64 was a fifth of the step (measured in
 * docs/performance.md).
 */
const WORKER_SPIN_MS = 1;

interface KernelExports {
  pack_b: PackB;
  gemm: Gemm;
}

/**
 * Serve jobs until told to stop. `ready` is called once the module is instantiated: the pool does not
 * hand out work before every worker is in its loop, which matters in browsers, where a worker only
 * starts after the page yields.
 */
export function serve({ bytes, memory, control, index, threads }: WorkerInit, ready: () => void): void {
  const kernels = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as unknown as KernelExports;
  const ctl = new Int32Array(control);
  const moments = new Float64Array(control, 4 * CONTROL_INTS, 2);
  let floats = new Float32Array(memory.buffer);
  const slotMoments = Array.from({ length: AHEAD_SLOTS }, (_, slot) => new Float64Array(control, SLOTS_BYTE + SLOT_BYTES * slot + SLOT_MOMENTS_BYTE, 2));
  // Make one chunk of a posted slot of noise made ahead, if any (true when it did one). It picks the
  // posted slot with work left that comes first in the stream's order (a hint, checked again inside);
  // it counts itself inside before looking again, because the caller changes a slot only when nobody is
  // inside; it does not notify (a few microseconds a chunk): the caller polls for the one chunk it may wait on.
  const ahead = (): boolean => {
    let slot = -1, first = 0;
    for (let s = 0; s < AHEAD_SLOTS; s++) {
      const at = slotIndex(s);
      if (Atomics.load(ctl, at + STATE) !== 1 || ctl[at + SLOT_NEXT] >= ctl[at + SIZE]) continue;
      if (slot < 0 || ctl[at + ORDER] < first) { slot = s; first = ctl[at + ORDER]; }
    }
    if (slot < 0) return false;
    const at = slotIndex(slot);
    Atomics.add(ctl, at + INSIDE, 1);
    if (Atomics.load(ctl, at + STATE) === 1) {
      const size = ctl[at + SIZE], begin = Atomics.add(ctl, at + SLOT_NEXT, AHEAD_CHUNK);
      if (begin < size) {
        const end = Math.min(size, begin + AHEAD_CHUNK);
        if (floats.length * 4 !== memory.buffer.byteLength) floats = new Float32Array(memory.buffer);
        const m = slotMoments[slot];
        fillNormal(floats, ctl[at + OUT], begin, end, ctl[at + SEED] >>> 0, ctl[at + OFFSET] >>> 0, m[0], m[1]);
        Atomics.add(ctl, at + SLOT_DONE, end - begin);
      }
    }
    Atomics.sub(ctl, at + INSIDE, 1);
    return true;
  };
  ready();
  let seen = 0;
  for (;;) {
    const generation = Atomics.load(ctl, GENERATION);
    if (generation === seen) {
      // No new job: make noise ahead, or sleep until a job (or a slot's notify) wakes this worker. Spin
      // first, looking for noise to make as well: the next product usually follows within
      // microseconds, and a sleeping thread takes tens of them to wake (docs/performance.md measures it).
      for (let until = performance.now() + WORKER_SPIN_MS; Atomics.load(ctl, GENERATION) === seen && performance.now() < until;) {
        if (ahead()) until = performance.now() + WORKER_SPIN_MS;
      }
      if (Atomics.load(ctl, GENERATION) === seen) Atomics.wait(ctl, GENERATION, seen);
      continue;
    }
    seen = generation;
    if (ctl[COMMAND] === STOP) return;
    // The job's items, and the work on a claim of them: elements of noise, or rows of C once every
    // thread has helped pack B.
    const chunk = ctl[CHUNK];
    let items: number, work: (begin: number, end: number) => void;
    if (ctl[COMMAND] === NORMAL) {
      // A fresh view of the memory: it may have grown since the last job.
      const out = new Float32Array(memory.buffer), base = ctl[ARGS], seed = ctl[ARGS + 2] >>> 0, offset = ctl[ARGS + 3] >>> 0;
      items = ctl[ARGS + 1];
      work = (begin, end) => fillNormal(out, base, begin, end, seed, offset, moments[0], moments[1]);
    } else {
      const a = ctl[ARGS], rowStride = ctl[ARGS + 1], colStride = ctl[ARGS + 2], packed = ctl[ARGS + 3], c = ctl[ARGS + 4];
      const k = ctl[ARGS + 6], n = ctl[ARGS + 7], stripsPerBlock = ctl[ARGS + 8];
      const scratch = ctl[ARGS + 9] + index * gemmScratchBytes(k, chunk);
      items = ctl[ARGS + 5];
      packStrips(ctl, kernels.pack_b, ctl[ARGS + 10], packed, k, n, ctl[ARGS + 11], PACK_SPINS);
      work = (begin, end) => kernels.gemm(a, rowStride, colStride, packed, c, begin, end, k, n, stripsPerBlock, scratch);
    }
    for (let begin = claim(ctl, NEXT, items, threads, chunk); begin < items; begin = claim(ctl, NEXT, items, threads, chunk)) {
      const end = claimEnd(begin, items, threads, chunk);
      work(begin, end);
      Atomics.add(ctl, ROWS_DONE, end - begin);
      Atomics.notify(ctl, ROWS_DONE);
    }
    Atomics.add(ctl, DONE, 1);
    Atomics.notify(ctl, DONE);
  }
}
