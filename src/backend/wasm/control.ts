/**
 * The layout of the wasm thread pool's control block (one Int32Array in a SharedArrayBuffer that the
 * calling thread, threads.ts, and every worker, worker.ts, read and write), and the two steps of the
 * protocol both sides run alike: packing a product's strips of B, and claiming items. The top of
 * threads.ts describes what each field means.
 */

/**
 * Int indices: the job's generation, its command, its arguments, the claim counters, and (a product's
 * first phase) the counters of the strips of B packed.
 */
export const GENERATION = 0, COMMAND = 1, ARGS = 2, DONE = 14, NEXT = 15, CHUNK = 16, ROWS_DONE = 17, PACK_NEXT = 18, PACK_DONE = 19, CONTROL_INTS = 20;
/** Strips of B (8 columns each) a thread packs per claim, and the looks at the count of strips packed before a thread that may block sleeps between them (about 20 µs of spinning). */
export const PACK_CHUNK = 4, PACK_SPINS = 4096;
/** Commands. */
export const GEMM = 0, STOP = 1, NORMAL = 2;
/** Slots of noise made ahead; their layout (64 bytes each: 12 ints, 9 of them used, then mean and std as float64) and their fields. */
export const AHEAD_SLOTS = 4;
/** Bytes per slot, the byte offset of slot 0 (after the control ints and the pool's mean and std), and of a slot's mean and std within it. */
export const SLOT_BYTES = 64, SLOTS_BYTE = 4 * CONTROL_INTS + 16, SLOT_MOMENTS_BYTE = 48;
/** A slot's int fields, by index from {@link slotIndex}: its state, the job (out, size, seed, offset), its claim counters (next, done), the workers inside it, and its post order. */
export const STATE = 0, OUT = 1, SIZE = 2, SEED = 3, OFFSET = 4, SLOT_NEXT = 5, SLOT_DONE = 6, INSIDE = 7, ORDER = 8;

/**
 * Bytes of the scratch of one gemm call over `rows` rows with inner dimension k: 256 for the tile at ragged
 * edges, then the rows of A packed in panels (of 4 rows in one build, 6 in the other: 12 covers both).
 */
export const gemmScratchBytes = (k: number, rows: number): number => 256 + Math.ceil(rows / 12) * 12 * k * 4;

/**
 * The matmul micro-kernel a thread runs on rows rowBegin..rowEnd−1 of C from packed B (byte offsets into
 * the shared memory; kernels.wat's gemm, or gemm-fma.wat's in the relaxed-SIMD build).
 */
export type Gemm = (a: number, rowStride: number, colStride: number, packed: number, c: number,
  rowBegin: number, rowEnd: number, k: number, n: number, stripsPerBlock: number, scratch: number) => void;

/** The kernel that packs strips begin..end−1 of op(B) (kernels.wat's pack_b). */
export type PackB = (src: number, dst: number, k: number, n: number, transposed: number, begin: number, end: number) => void;

/**
 * A product's first phase, run by every thread of the job: claim strips of B, PACK_CHUNK at a time, and
 * pack them, until none is left; then wait until every strip is packed, by whichever thread claimed it,
 * before any row of C is computed. The wait spins for `spins` looks (the other threads' last claims take
 * microseconds; {@link PACK_SPINS}, or Infinity on a thread that may not block), then sleeps 20 µs between
 * looks, so that a thread the OS has descheduled in the middle of a claim is not fought for its core.
 */
export function packStrips(ctl: Int32Array, packB: PackB, b: number, packed: number, k: number, n: number, transposed: number, spins: number): void {
  const count = (n + 7) >> 3;
  for (let begin = Atomics.add(ctl, PACK_NEXT, PACK_CHUNK); begin < count; begin = Atomics.add(ctl, PACK_NEXT, PACK_CHUNK)) {
    const end = Math.min(count, begin + PACK_CHUNK);
    packB(b, packed, k, n, transposed, begin, end);
    Atomics.add(ctl, PACK_DONE, end - begin);
  }
  for (let done = Atomics.load(ctl, PACK_DONE), looks = 0; done < count; done = Atomics.load(ctl, PACK_DONE)) {
    if (++looks > spins) Atomics.wait(ctl, PACK_DONE, done, 0.02);
  }
}

/**
 * Claim the next items of a job over `items` items split across `threads` threads (a product's rows of C,
 * or elements of noise): returns the first (`items` or more when none is left) and moves the shared
 * counter at `next` to {@link claimEnd}'s end.
 */
export function claim(ctl: Int32Array, next: number, items: number, threads: number, chunk: number): number {
  for (;;) {
    const begin = Atomics.load(ctl, next);
    if (begin >= items || Atomics.compareExchange(ctl, next, begin, claimEnd(begin, items, threads, chunk)) === begin) return begin;
  }
}

/**
 * Where the claim that starts at item `begin` ends: half a thread's share of the items left, in
 * multiples of 12 (no claim of rows ends in a part-filled panel), between 12 and `chunk` (a multiple of
 * 12). Claims shrink as the job ends, so no thread waits long for another's last claim (fixed claims of
 * 24 rows left one thread 144 of m = 256 rows, the other 112). A noise fill's last claims are as small,
 * a few dozen compare-exchanges a fill: no floor for them fitted in the core's 30 kB.
 */
export const claimEnd = (begin: number, items: number, threads: number, chunk: number): number =>
  Math.min(items, begin + Math.min(chunk, Math.max(1, Math.ceil((items - begin) / (2 * threads) / 12)) * 12));

/** The int index of slot `slot`'s fields. */
export const slotIndex = (slot: number): number => (SLOTS_BYTE + SLOT_BYTES * slot) / 4;
