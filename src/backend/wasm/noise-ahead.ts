/**
 * Noise made ahead of need on the wasm pool's idle workers.
 *
 * A training step asks for its latent and instance noise in fills of one size, each stream (seed) read
 * in order: the next fill of a stream is the previous one's offset plus its size. During a step the
 * pool's workers sleep most of the time (between matrix products), while the calling thread is busy, so
 * once a stream has been read twice in a row its next fill is posted to a slot (`GemmThreadPool.postAhead`)
 * for idle workers to make. When that fill is asked for, the caller makes what is left of it and copies
 * it out; a fill that was not predicted is made as before. Either way each element is
 * `mean + std · normalAt(seed, offset + i)`, computed by the same arithmetic, so the noise — and the
 * trained weights — do not depend on whether the guess was right.
 */
import type { HeapRange, WasmHeap } from './heap.js';
import { AHEAD_SLOTS } from './control.js';
import type { GemmThreadPool } from './threads.js';

/** A fill that was asked for or is expected. */
interface Fill {
  seed: number;
  offset: number;
  size: number;
  mean: number;
  std: number;
}

/** Larger fills are not made ahead (their buffer would hold memory for one guess). */
const MAX_AHEAD = 1 << 20;
/** Fills of a stream kept posted ahead. */
const DEPTH = 2;
/** Streams remembered to detect in-order reading; more than the slots, so a passing stream does not evict one in use. */
const REMEMBERED = 2 * AHEAD_SLOTS;

interface Slot {
  /** What the slot holds or is being filled with; null when free. */
  fill: Fill | null;
  buffer: HeapRange | null;
  lastUsed: number;
}

const same = (a: Fill, b: Fill) => a.seed === b.seed && a.offset === b.offset && a.size === b.size && a.mean === b.mean && a.std === b.std;

/** The wasm backend's noise fills, made ahead by the pool's idle workers where a stream is read in order (see the file comment). */
export class NoiseAhead {
  private readonly slots: Slot[] = Array.from({ length: AHEAD_SLOTS }, () => ({ fill: null, buffer: null, lastUsed: 0 }));
  /** Per seed, where the stream's next in-order fill would start (most recent last). */
  private readonly nextOffset = new Map<number, number>();
  private clock = 0;

  /** `makeNow` makes a fill that was not made ahead (on the pool, or on this thread when small). */
  constructor(private readonly pool: GemmThreadPool, private readonly heap: WasmHeap, private readonly memory: WebAssembly.Memory,
    private readonly makeNow: (out: number, size: number, seed: number, offset: number, mean: number, std: number) => void) {}

  /**
   * Write `size` floats of noise at float index `out`: from a slot made ahead when this fill was
   * predicted, else by `makeNow`. Then, if the stream is being read in order, keep its next
   * {@link DEPTH} fills posted (two, because a step often asks for two fills of a stream back to back).
   */
  fill(out: number, size: number, seed: number, offset: number, mean: number, std: number): void {
    const hit = this.slots.find((s) => s.fill !== null && same(s.fill, { seed, offset, size, mean, std }));
    if (hit) {
      this.pool.finishAhead(this.memory, this.slots.indexOf(hit));
      const start = hit.buffer!.offset >> 2;
      new Float32Array(this.memory.buffer).copyWithin(out, start, start + size);
      this.retire(hit);
    } else {
      this.makeNow(out, size, seed, offset, mean, std);
    }
    const inOrder = this.nextOffset.get(seed) === offset;
    this.nextOffset.delete(seed);
    this.nextOffset.set(seed, (offset + size) >>> 0);
    if (this.nextOffset.size > REMEMBERED) this.nextOffset.delete(this.nextOffset.keys().next().value!);
    const wanted: Fill[] = inOrder && size <= MAX_AHEAD
      ? Array.from({ length: DEPTH }, (_, i) => ({ seed, offset: (offset + (i + 1) * size) >>> 0, size, mean, std }))
      : [];
    for (const slot of this.slots) {
      if (slot.fill === null || slot.fill.seed !== seed) continue;
      if (wanted.some((f) => same(f, slot.fill!))) slot.lastUsed = ++this.clock;
      else this.retire(slot);
    }
    for (const fill of wanted) {
      if (!this.slots.some((s) => s.fill !== null && same(s.fill, fill))) this.post(this.leastRecentlyUsed(), fill);
    }
  }

  private post(slot: Slot, fill: Fill): void {
    this.retire(slot);
    if (!slot.buffer || slot.buffer.length < fill.size) {
      if (slot.buffer) this.heap.release(slot.buffer);
      slot.buffer = this.heap.alloc(fill.size);
    }
    slot.fill = fill;
    slot.lastUsed = ++this.clock;
    this.pool.postAhead(this.slots.indexOf(slot), slot.buffer.offset >> 2, fill.size, fill.seed, fill.offset, fill.mean, fill.std);
  }

  private retire(slot: Slot): void {
    if (slot.fill === null) return;
    this.pool.retireAhead(this.slots.indexOf(slot));
    slot.fill = null;
  }

  private leastRecentlyUsed(): Slot {
    return this.slots.reduce((a, b) => (b.fill === null || (a.fill !== null && b.lastUsed < a.lastUsed) ? b : a));
  }
}
