import { checkOptionNames } from '../../backend/option-names.js';
import { Tensor } from '../tensor.js';
import { assertSameBackend, matrixShape, record } from './record.js';

/** Options for {@link matmul}: use an operand transposed without making a transposed copy. */
export interface MatmulOptions {
  /** `a` is stored [k, m] and used transposed. */
  transposeA?: boolean;
  /** `b` is stored [n, k] and used transposed. */
  transposeB?: boolean;
}

/**
 * C = op(A)·op(B). The gradients are matmuls too, with the flags flipped instead of transposed copies
 * made (as tfjs's MatMul gradient does):
 *   dA (as stored) = transposeA ? op(B)·dCᵀ : dC·op(B)ᵀ
 *   dB (as stored) = transposeB ? dCᵀ·op(A) : op(A)ᵀ·dC
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  // matmul(a, b, { transposeX: true }) multiplied untransposed in silence, { transposeA: 'no' } transposed.
  checkOptionNames(options, 'transposeA transposeB', 'gangrad: matmul', 'boolean');
  const transposeA = options.transposeA ?? false;
  const transposeB = options.transposeB ?? false;
  assertSameBackend('matmul', a, b);
  const [ar, ac] = matrixShape('matmul', a);
  const [br, bc] = matrixShape('matmul', b);
  const [m, k] = transposeA ? [ac, ar] : [ar, ac];
  const [k2, n] = transposeB ? [bc, br] : [br, bc];
  if (k !== k2) {
    throw new Error(`gangrad: matmul of [${a.shape.join(', ')}]${transposeA ? 'ᵀ' : ''} and [${b.shape.join(', ')}]${transposeB ? 'ᵀ' : ''}: inner dimensions ${k} and ${k2} differ`);
  }
  const out = Tensor.empty([m, n], a.backend);
  a.backend.kernels.matmul(a.handle, b.handle, out.handle, m, k, n, transposeA, transposeB);
  return record('matmul', out, [a, b], (dy, needsGrad) => [
    needsGrad[0]
      ? transposeA
        ? matmul(b, dy, { transposeA: transposeB, transposeB: true })
        : matmul(dy, b, { transposeB: !transposeB })
      : null,
    needsGrad[1]
      ? transposeB
        ? matmul(dy, a, { transposeA: true, transposeB: transposeA })
        : matmul(a, dy, { transposeA: !transposeA })
      : null,
  ]);
}

/**
 * x·w for an x whose rows are one-hot (or otherwise mostly zero): each output row gathers the rows of
 * w that its nonzero entries select, scaled by them, as an embedding lookup does. For a table's
 * condition (2 ones in 160 columns) that is 2 row additions in place of 160 multiply-adds per output.
 * The same function as `matmul(x, w)` (it skips only exact zeros), summed in a different order.
 *
 * Backward: dw gathers the other way, each weight row summing dy over the batch rows that selected
 * it, in row order (deterministic, no atomics); dx, which a condition never needs, is the dense dy·wᵀ.
 */
export function oneHotMatmul(x: Tensor, w: Tensor): Tensor {
  assertSameBackend('oneHotMatmul', x, w);
  const [rows, k] = matrixShape('oneHotMatmul', x);
  const [k2, n] = matrixShape('oneHotMatmul', w);
  if (k !== k2) throw new Error(`gangrad: oneHotMatmul of [${x.shape.join(', ')}] and [${w.shape.join(', ')}]: inner dimensions ${k} and ${k2} differ`);
  const out = Tensor.empty([rows, n], x.backend);
  x.backend.kernels.oneHotMatmul(x.handle, w.handle, out.handle, rows, k, n);
  return record('oneHotMatmul', out, [x, w], (dy, needsGrad) => {
    let dw: Tensor | null = null;
    if (needsGrad[1]) {
      dw = Tensor.like(w);
      w.backend.kernels.oneHotMatmulGrad(x.handle, dy.handle, dw.handle, rows, k, n);
    }
    return [needsGrad[0] ? matmul(dy, w, { transposeB: true }) : null, dw];
  });
}
