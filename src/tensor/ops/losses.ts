import { tidy } from '../engine.js';
import { Tensor } from '../tensor.js';
import { scale, mul } from './arithmetic.js';
import { assertSameBackend, assertSameShape, record } from './record.js';

/**
 * Elementwise binary cross-entropy between logits x and labels z ∈ [0, 1]:
 *   −z·log σ(x) − (1−z)·log(1−σ(x))  =  max(x, 0) − x·z + log(1 + e^−|x|)
 * The right-hand form never exponentiates a positive number, so logits of ±100 (a saturated
 * discriminator) give finite losses and gradients. d/dx = σ(x) − z; d/dz = −x.
 */
export function sigmoidCrossEntropyWithLogits(logits: Tensor, labels: Tensor): Tensor {
  assertSameBackend('sigmoidCrossEntropyWithLogits', logits, labels);
  assertSameShape('sigmoidCrossEntropyWithLogits', logits, labels);
  const out = Tensor.like(logits);
  logits.backend.kernels.sigmoidCrossEntropyWithLogits(logits.handle, labels.handle, out.handle, logits.size);
  return record('sigmoidCrossEntropyWithLogits', out, [logits, labels], (dy, needsGrad) => {
    let dLogits: Tensor | null = null;
    if (needsGrad[0]) {
      dLogits = Tensor.like(logits);
      logits.backend.kernels.sigmoidCrossEntropyWithLogitsGrad(logits.handle, labels.handle, dy.handle, dLogits.handle, logits.size);
    }
    return [dLogits, needsGrad[1] ? tidy(() => scale(mul(dy, logits), -1)) : null];
  });
}
