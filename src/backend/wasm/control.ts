/**
 * The layout of the wasm thread pool's control block: one Int32Array in a SharedArrayBuffer that the
 * calling thread (threads.ts) and every worker (worker.ts) read and write. The top of threads.ts
 * describes what each field means.
 */

/** Int indices: the job's generation, its command, its arguments, and the claim counters. */
export const GENERATION = 0, COMMAND = 1, ARGS = 2, DONE = 12, NEXT = 13, CHUNK = 14, ROWS_DONE = 15, CONTROL_INTS = 16;
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

/** The int index of slot `slot`'s fields. */
export const slotIndex = (slot: number): number => (SLOTS_BYTE + SLOT_BYTES * slot) / 4;
