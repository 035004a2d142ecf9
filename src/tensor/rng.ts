/**
 * The seeded host-side random generator: weight initialisation, batch sampling, data shuffling.
 * (Latent noise during training is made on the backend: see `randomNormal`.)
 *
 * Algorithm: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), seeded through splitmix32 so
 * that nearby seeds give unrelated streams. 32-bit state arithmetic, exact in JavaScript.
 */
import { showValue } from '../backend/show-value.js';

/** The largest seed: seeds are taken as 32-bit unsigned integers, so 2³² + 1 would repeat seed 1. */
export const MAX_SEED = 0xffff_ffff;

/** `seed` if it is a whole number in [0, {@link MAX_SEED}]; otherwise an error naming `where` (e.g. `ReturnGan.sample`). */
export function checkSeed(seed: unknown, where: string): number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new Error(`${where}: seed must be an integer from 0 to ${MAX_SEED}, got ${showValue(seed)}`);
  }
  return seed;
}

/**
 * A seeded sfc32 generator (see the top of this file): uniform, integer and normal draws, a state to
 * checkpoint, and {@link Rng.fork} for independent child streams. The same seed gives the same stream.
 * The seed is taken as a 32-bit unsigned integer (`seed >>> 0`): check one from user input with {@link checkSeed}.
 */
export class Rng {
  /**
   * The state a, b, c, d. In a typed array, not four fields: a uint32 above 2³⁰ is no small integer to
   * V8, so fields boxed a fresh number on every draw (twice the cost of the draw itself, measured).
   */
  private readonly state = new Uint32Array(4);
  private spareNormal: number | null = null;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    for (let i = 0; i < 4; i++) this.state[i] = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.state;
    const a = s[0], b = s[1], c = s[2], d = s[3];
    const t = (((a + b) >>> 0) + d) >>> 0;
    s[3] = d + 1; // the typed array wraps each store modulo 2³²
    s[0] = b ^ (b >>> 9);
    s[1] = c + (c << 3);
    s[2] = (((c << 21) | (c >>> 11)) >>> 0) + t;
    return t;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Box–Muller, both branches used). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spareNormal = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** The generator's whole state, for checkpoints. */
  getState(): number[] {
    // a as a signed 32-bit integer, as the state was written before it moved into a typed array.
    const [a, b, c, d] = this.state;
    return [a | 0, b, c, d, this.spareNormal ?? NaN];
  }

  /** Continue exactly where a saved state left off. */
  setState(state: readonly number[]): void {
    if (state.length !== 5) throw new Error(`gangrad: an Rng state has 5 numbers, got ${state.length}`);
    this.state.set(state.slice(0, 4).map((v) => v >>> 0));
    this.spareNormal = Number.isNaN(state[4]) ? null : state[4];
  }

  /** A fresh seed for a child generator, so components get independent streams from one master seed. */
  fork(): number {
    return this.nextUint32();
  }
}
