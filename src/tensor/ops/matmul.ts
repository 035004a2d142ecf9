import { Tensor } from '../tensor.js';
import { assertSameBackend, matrixShape, record } from './record.js';

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
