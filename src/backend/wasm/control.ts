/**
 * The layout of the wasm thread pool's control block: one Int32Array in a SharedArrayBuffer that the
 * calling thread (threads.ts) and every worker (worker.ts) read and write. The top of threads.ts
 * describes what each field means.
 */

/**
 * Int indices: the job's generation, its command, its arguments, the claim counters, and (a product's
 * first phase) the counters of the strips of B packed.
 */
export const GENERATION = 0, COMMAND = 1, ARGS = 2, DONE = 14, NEXT = 15, CHUNK = 16, ROWS_DONE = 17, PACK_NEXT = 18, PACK_DONE = 19, CONTROL_INTS = 20;
/** Strips of B (8 columns each) a thread packs per claim. */
export const PACK_CHUNK = 4;
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

/** The kernel that packs strips begin..end−1 of op(B) (kernels.wat's pack_b). */
export type PackB = (src: number, dst: number, k: number, n: number, transposed: number, begin: number, end: number) => void;

/**
 * A product's first phase, run by every thread of the job: claim strips of B, PACK_CHUNK at a time, and
 * pack them, until none is left; then wait (spinning: at most one claim's work) until every strip is
 * packed, by whichever thread claimed it, before any row of C is computed.
 */
export function packStrips(ctl: Int32Array, packB: PackB, b: number, packed: number, k: number, n: number, transposed: number): void {
  const strips = Math.ceil(n / 8);
  for (let begin = Atomics.add(ctl, PACK_NEXT, PACK_CHUNK); begin < strips; begin = Atomics.add(ctl, PACK_NEXT, PACK_CHUNK)) {
    const end = Math.min(strips, begin + PACK_CHUNK);
    packB(b, packed, k, n, transposed, begin, end);
    Atomics.add(ctl, PACK_DONE, end - begin);
  }
  while (Atomics.load(ctl, PACK_DONE) < strips);
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
 * multiples of 12 (no claim of rows ends in a part-filled panel), between 12 and `chunk`. Claims shrink
 * as the job ends, so no thread waits long for another's last claim (fixed claims of 24 rows left one
 * thread 144 of m = 256 rows, the other 112).
 */
export const claimEnd = (begin: number, items: number, threads: number, chunk: number): number =>
  Math.min(items, begin + Math.min(chunk, Math.max(12, Math.ceil((items - begin) / (2 * threads) / 12) * 12)));

/** The int index of slot `slot`'s fields. */
export const slotIndex = (slot: number): number => (SLOTS_BYTE + SLOT_BYTES * slot) / 4;
