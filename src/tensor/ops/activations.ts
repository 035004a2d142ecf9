import { Tensor } from '../tensor.js';
import { record } from './record.js';

/** Activation functions. Their gradients use the forward input (leaky ReLU) or output (sigmoid, tanh). */

/** max(x, 0) + alpha·min(x, 0): the GAN default with alpha = 0.2 keeps gradients alive for x < 0. */
export function leakyRelu(x: Tensor, alpha = 0.2): Tensor {
  const out = Tensor.like(x);
  x.backend.kernels.leakyRelu(x.handle, out.handle, x.size, alpha);
  return record('leakyRelu', out, [x], (dy) => {
    const dx = Tensor.like(x);
    x.backend.kernels.leakyReluGrad(x.handle, dy.handle, dx.handle, x.size, alpha);
    return [dx];
  });
}

/**
 * |x|, as leaky ReLU with slope −1 for x < 0: the same kernel, and its gradient is leaky ReLU's (1 for
 * x > 0, −1 for x ≤ 0: sign(x), with −1 as the subgradient at 0). No extra kernel is needed on any backend.
 */
export function absolute(x: Tensor): Tensor {
  return leakyRelu(x, -1);
}

/** max(x, 0). */
export function relu(x: Tensor): Tensor {
  return leakyRelu(x, 0);
}

/** 1 / (1 + e^−x). */
export function sigmoid(x: Tensor): Tensor {
  const out = Tensor.like(x);
  x.backend.kernels.sigmoid(x.handle, out.handle, x.size);
  return record('sigmoid', out, [x], (dy) => {
    const dx = Tensor.like(x);
    x.backend.kernels.sigmoidGrad(out.handle, dy.handle, dx.handle, x.size);
    return [dx];
  });
}

/** Hyperbolic tangent. */
export function tanh(x: Tensor): Tensor {
  const out = Tensor.like(x);
  x.backend.kernels.tanh(x.handle, out.handle, x.size);
  return record('tanh', out, [x], (dy) => {
    const dx = Tensor.like(x);
    x.backend.kernels.tanhGrad(out.handle, dy.handle, dx.handle, x.size);
    return [dx];
  });
}

/** e^x. Backward: dx = dy ⊙ e^x, from the forward output (the `mul` kernel; no gradient kernel of its own). */
export function exp(x: Tensor): Tensor {
  const out = Tensor.like(x);
  x.backend.kernels.exp(x.handle, out.handle, x.size);
  return record('exp', out, [x], (dy) => {
    const dx = Tensor.like(x);
    x.backend.kernels.mul(dy.handle, out.handle, dx.handle, x.size);
    return [dx];
  });
}
