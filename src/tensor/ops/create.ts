import type { Backend } from '../../backend/backend.js';
import { checkOptionNames } from '../../backend/option-names.js';
import { getBackend } from '../engine.js';
import { showValue } from '../../backend/show-value.js';
import { sizeOf, Tensor } from '../tensor.js';

/** Tensor creation: no gradients flow into these (they are leaves). */

/** A tensor from host values (uploaded once to the backend). */
export function tensor(values: ArrayLike<number>, shape: readonly number[] = [values.length], backend: Backend = getBackend()): Tensor {
  if (sizeOf(shape) !== values.length) {
    throw new Error(`gangrad: ${values.length} values do not fill shape [${shape.join(', ')}]`);
  }
  const t = Tensor.empty(shape, backend);
  backend.write(t.handle, values);
  return t;
}

/** A tensor with every element `value`. */
export function fill(shape: readonly number[], value: number, backend: Backend = getBackend()): Tensor {
  const t = Tensor.empty(shape, backend);
  backend.kernels.fill(t.handle, t.size, value);
  return t;
}

/** A tensor of zeros (on `backend`, default the current one). */
export const zeros = (shape: readonly number[], backend?: Backend): Tensor => fill(shape, 0, backend);
/** A tensor of ones (on `backend`, default the current one). */
export const ones = (shape: readonly number[], backend?: Backend): Tensor => fill(shape, 1, backend);

/** A copy of `t`'s values with no autograd history. */
export function clone(t: Tensor): Tensor {
  const out = Tensor.like(t);
  t.backend.kernels.copy(t.handle, 0, out.handle, 0, t.size);
  return out;
}

/** `clone` under its PyTorch name: the values of `t`, cut off from the graph. */
export const detach = clone;

/**
 * Gaussian noise made on the backend from a counter-based generator: element i of the result is a pure
 * function of (seed, offset + i). Advance `offset` by the size each call to get fresh noise.
 */
export function randomNormal(
  shape: readonly number[],
  options: { seed: number; offset?: number; mean?: number; std?: number },
  backend: Backend = getBackend(),
): Tensor {
  // randomNormal([2]) failed with "reading 'seed'"; a seed of 'a' or 1.5 was taken as 0 or 1, a mean of '1' was
  // joined as a string. Not checkSeed: derived seeds run past 2³² (a GAN ensemble's seed · n + i) and are taken
  // modulo 2³², as the kernels document.
  checkOptionNames(options, 'seed offset mean std', 'gangrad: randomNormal', 'number');
  if (!Number.isInteger(options.seed)) throw new Error(`gangrad: randomNormal: seed must be an integer, got ${showValue(options.seed)}`);
  const t = Tensor.empty(shape, backend);
  backend.kernels.randomNormal(t.handle, t.size, options.seed, options.offset ?? 0, options.mean ?? 0, options.std ?? 1);
  return t;
}
