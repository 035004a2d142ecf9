import { Tensor } from '../tensor.js';
import { assertSameBackend, assertSameShape, matrixShape, record } from './record.js';

/**
 * a + b. Equal shapes add elementwise; a matrix [rows, cols] plus a vector [cols] (or [1, cols]) adds
 * the vector to every row (a dense layer's bias), and the vector's gradient is the column sum of dy.
 * The rule looks at b's shape only, never at the row count: a batch of one row is still a batch.
 */
export function add(a: Tensor, b: Tensor): Tensor {
  assertSameBackend('add', a, b);
  if (a.rank === 2 && b.size === a.shape[1] && (b.rank === 1 || (b.rank === 2 && b.shape[0] === 1))) {
    return addRowBroadcast(a, b);
  }
  assertSameShape('add', a, b);
  const out = Tensor.like(a);
  a.backend.kernels.add(a.handle, b.handle, out.handle, a.size);
  return record('add', out, [a, b], (dy) => [dy, dy]);
}

function addRowBroadcast(a: Tensor, bias: Tensor): Tensor {
  const [rows, cols] = matrixShape('add', a);
  const out = Tensor.like(a);
  a.backend.kernels.addRowBroadcast(a.handle, bias.handle, out.handle, rows, cols);
  return record('addRowBroadcast', out, [a, bias], (dy, needsGrad) => [dy, needsGrad[1] ? sumRows(dy, bias.shape) : null]);
}

/** Column sums of a matrix gradient, shaped like the bias it belongs to. */
function sumRows(dy: Tensor, shape: readonly number[]): Tensor {
  const [rows, cols] = matrixShape('sum', dy);
  const out = Tensor.empty(shape, dy.backend);
  dy.backend.kernels.sumAxis0(dy.handle, out.handle, rows, cols);
  return out;
}

/** a − b, elementwise. */
export function sub(a: Tensor, b: Tensor): Tensor {
  assertSameBackend('sub', a, b);
  assertSameShape('sub', a, b);
  const out = Tensor.like(a);
  a.backend.kernels.sub(a.handle, b.handle, out.handle, a.size);
  return record('sub', out, [a, b], (dy, needsGrad) => [dy, needsGrad[1] ? scale(dy, -1) : null]);
}

/** a ⊙ b, elementwise. */
export function mul(a: Tensor, b: Tensor): Tensor {
  assertSameBackend('mul', a, b);
  assertSameShape('mul', a, b);
  const out = Tensor.like(a);
  a.backend.kernels.mul(a.handle, b.handle, out.handle, a.size);
  return record('mul', out, [a, b], (dy, needsGrad) => [
    needsGrad[0] ? mul(dy, b) : null,
    needsGrad[1] ? mul(dy, a) : null,
  ]);
}

/** a · factor for a constant factor. */
export function scale(a: Tensor, factor: number): Tensor {
  const out = Tensor.like(a);
  a.backend.kernels.scale(a.handle, out.handle, a.size, factor);
  return record('scale', out, [a], (dy) => [scale(dy, factor)]);
}
