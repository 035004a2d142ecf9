import { Tensor } from '../tensor.js';
import { assertSameBackend, matrixShape, record } from './record.js';

/**
 * leakyRelu(x + bias, alpha): a dense layer's bias add and activation in one kernel, and their
 * gradients (dx, and the bias gradient as column sums) in one backward kernel. Against add then
 * leakyRelu it saves a pass over the batch each way, and keeps no pre-activation tensor alive: the
 * backward rule reads the output's sign, which equals the input's for alpha ≥ 0 (so negative slopes,
 * as in `absolute`, are refused).
 *
 * @param x [rows, cols]; @param bias [cols] or [1, cols], broadcast over rows (rows = 1 included).
 */
export function biasLeakyRelu(x: Tensor, bias: Tensor, alpha = 0.2): Tensor {
  assertSameBackend('biasLeakyRelu', x, bias);
  const [rows, cols] = matrixShape('biasLeakyRelu', x);
  if (bias.size !== cols || bias.rank > 2 || (bias.rank === 2 && bias.shape[0] !== 1)) {
    throw new Error(`gangrad: biasLeakyRelu needs a bias of shape [${cols}] for input [${x.shape.join(', ')}], got [${bias.shape.join(', ')}]`);
  }
  if (!(alpha >= 0)) throw new Error(`gangrad: biasLeakyRelu needs a slope alpha ≥ 0, got ${alpha}`);
  const out = Tensor.like(x);
  x.backend.kernels.biasLeakyRelu(x.handle, bias.handle, out.handle, rows, cols, alpha);
  return record('biasLeakyRelu', out, [x, bias], (dy, needsGrad) => {
    const dx = Tensor.like(x);
    const dbias = Tensor.empty(bias.shape, x.backend);
    x.backend.kernels.biasLeakyReluGrad(out.handle, dy.handle, dx.handle, dbias.handle, rows, cols, alpha);
    if (!needsGrad[1]) dbias.dispose();
    return [dx, needsGrad[1] ? dbias : null];
  });
}
