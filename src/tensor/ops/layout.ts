import { tidy } from '../engine.js';
import { checkTensor, Tensor, sizeOf } from '../tensor.js';
import { assertSameBackend, matrixShape, record } from './record.js';

/**
 * [a, b] along columns: rows stay, features join (a conditional GAN feeds [noise, condition]).
 * The gradient slices dy back into the two column ranges.
 */
export function concatColumns(a: Tensor, b: Tensor): Tensor {
  assertSameBackend('concat', a, b);
  const [rows, colsA] = matrixShape('concat', a);
  const [rowsB, colsB] = matrixShape('concat', b);
  if (rows !== rowsB) throw new Error(`gangrad: concat along columns of [${a.shape.join(', ')}] and [${b.shape.join(', ')}]: row counts differ`);
  const cols = colsA + colsB;
  const out = Tensor.empty([rows, cols], a.backend);
  a.backend.kernels.concatColumns(a.handle, b.handle, out.handle, rows, colsA, colsB);
  const slice = (dy: Tensor, start: number, width: number): Tensor => {
    const part = Tensor.empty([rows, width], dy.backend);
    dy.backend.kernels.sliceColumns(dy.handle, part.handle, rows, cols, start, width);
    return part;
  };
  return record('concatColumns', out, [a, b], (dy, needsGrad) => [
    needsGrad[0] ? slice(dy, 0, colsA) : null,
    needsGrad[1] ? slice(dy, colsA, colsB) : null,
  ]);
}

/**
 * Columns [start, start + width) of a matrix (a conditional GAN's condition columns). The gradient puts
 * dy back between zero columns.
 */
export function sliceColumns(x: Tensor, start: number, width: number): Tensor {
  const [rows, cols] = matrixShape('sliceColumns', x);
  if (!Number.isInteger(start) || !Number.isInteger(width) || start < 0 || width < 1 || start + width > cols) {
    throw new Error(`gangrad: sliceColumns(${start}, ${width}) out of range for [${x.shape.join(', ')}]`);
  }
  const out = Tensor.empty([rows, width], x.backend);
  x.backend.kernels.sliceColumns(x.handle, out.handle, rows, cols, start, width);
  // tidy: the zero blocks and a half-joined dx are scratch, freed here rather than left to the caller.
  return record('sliceColumns', out, [x], (dy) => tidy(() => {
    const zeros = (w: number) => {
      const z = Tensor.empty([rows, w], x.backend);
      x.backend.kernels.fill(z.handle, rows * w, 0);
      return z;
    };
    let dx = dy;
    if (start > 0) dx = concatColumns(zeros(start), dx);
    if (start + width < cols) dx = concatColumns(dx, zeros(cols - start - width));
    return [dx];
  }));
}

/** The same values under a new shape of equal size (a copy: storage is never shared between tensors). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor('reshape', x);
  if (sizeOf(shape) !== x.size) throw new Error(`gangrad: cannot reshape [${x.shape.join(', ')}] to [${shape.join(', ')}]`);
  const out = Tensor.empty(shape, x.backend);
  x.backend.kernels.copy(x.handle, 0, out.handle, 0, x.size);
  return record('reshape', out, [x], (dy) => [reshape(dy, x.shape)]);
}

/** Rows [start, start + count) of a matrix. The gradient places dy into zeros of the input's shape. */
export function sliceRows(x: Tensor, start: number, count: number): Tensor {
  const [rows, cols] = matrixShape('sliceRows', x);
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > rows) {
    throw new Error(`gangrad: sliceRows(${start}, ${count}) out of range for [${x.shape.join(', ')}]`);
  }
  const out = Tensor.empty([count, cols], x.backend);
  x.backend.kernels.copy(x.handle, start * cols, out.handle, 0, count * cols);
  return record('sliceRows', out, [x], (dy) => {
    const dx = Tensor.like(x);
    x.backend.kernels.fill(dx.handle, x.size, 0);
    x.backend.kernels.copy(dy.handle, 0, dx.handle, start * cols, count * cols);
    return [dx];
  });
}
