import { checkTensor, Tensor } from '../tensor.js';
import { scale } from './arithmetic.js';
import { matrixShape, record } from './record.js';

/** Spread a gradient of shape [cols] (or a scalar, cols = 1) back over `rows` rows. */
function tile(dy: Tensor, rows: number, shape: readonly number[]): Tensor {
  const out = Tensor.empty(shape, dy.backend);
  dy.backend.kernels.tileRows(dy.handle, out.handle, rows, dy.size);
  return out;
}

/**
 * Σ x over every element (axis omitted, result [1]) or over rows (axis 0 of a matrix, result [cols]).
 * The gradient copies dy back to every element that was summed.
 */
export function sum(x: Tensor, axis?: 0): Tensor {
  checkTensor('sum', x);
  if (axis !== undefined && axis !== 0) throw new Error(`gangrad: sum axis ${axis}: 0 or none`);
  if (axis === 0) {
    const [rows, cols] = matrixShape('sum(axis 0)', x);
    const out = Tensor.empty([cols], x.backend);
    x.backend.kernels.sumAxis0(x.handle, out.handle, rows, cols);
    return record('sumAxis0', out, [x], (dy) => [tile(dy, rows, x.shape)]);
  }
  const out = Tensor.empty([1], x.backend);
  x.backend.kernels.sumAll(x.handle, out.handle, x.size);
  return record('sumAll', out, [x], (dy) => [tile(dy, x.size, x.shape)]);
}

/** The mean over every element, or over rows (axis 0). */
export function mean(x: Tensor, axis?: 0): Tensor {
  const count = axis === 0 ? matrixShape('mean(axis 0)', x)[0] : x.size;
  if (count === 0) throw new Error(`gangrad: mean of an empty tensor [${x.shape.join(', ')}]`);
  return scale(sum(x, axis), 1 / count);
}
