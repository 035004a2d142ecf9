import { Tensor } from '../tensor.js';
import type { Rng } from '../rng.js';
import { add, scale } from './arithmetic.js';
import { tensor } from './create.js';
import { assertSameBackend, assertSameShape, record } from './record.js';

/** [rows, cols] of a tensor seen as rows along its last axis. */
function lastAxis(op: string, x: Tensor): [number, number] {
  const cols = x.shape[x.rank - 1];
  if (x.rank === 0 || !cols) throw new Error(`gangrad: ${op} needs a non-empty last axis, got shape [${x.shape.join(', ')}]`);
  return [x.size / cols, cols];
}

/**
 * Softmax along the last axis: e^x / Σ e^x per row, with the row maximum subtracted first so logits
 * of any size stay finite. Backward: dx = y ⊙ (dy − Σ dy ⊙ y), from the forward output y.
 */
export function softmax(x: Tensor): Tensor {
  const [rows, cols] = lastAxis('softmax', x);
  const out = Tensor.empty(x.shape, x.backend);
  x.backend.kernels.softmax(x.handle, out.handle, rows, cols);
  return record('softmax', out, [x], (dy) => {
    const dx = Tensor.empty(x.shape, x.backend);
    x.backend.kernels.softmaxGrad(out.handle, dy.handle, dx.handle, rows, cols);
    return [dx];
  });
}

/**
 * Cross-entropy of each row of logits against a row of labels (one-hot or any non-negative weights),
 * along the last axis: −Σ z · log softmax(x) = Σ z · (logsumexp(x) − x), computed from the shifted
 * log-sum-exp so no probability underflows to log 0. The result keeps the last axis with size 1
 * ([rows, 1] for a [rows, cols] input). d/dx = dy · (softmax(x) · Σ z − z).
 *
 * Labels are targets, not learned: they get no gradient (asking for one is an error), as in
 * TensorFlow's original op.
 */
export function softmaxCrossEntropyWithLogits(logits: Tensor, labels: Tensor): Tensor {
  assertSameBackend('softmaxCrossEntropyWithLogits', logits, labels);
  assertSameShape('softmaxCrossEntropyWithLogits', logits, labels);
  if (labels.requiresGrad) throw new Error('gangrad: softmaxCrossEntropyWithLogits gives labels no gradient; pass them detached');
  const [rows, cols] = lastAxis('softmaxCrossEntropyWithLogits', logits);
  const out = Tensor.empty([...logits.shape.slice(0, -1), 1], logits.backend);
  logits.backend.kernels.softmaxCrossEntropyWithLogits(logits.handle, labels.handle, out.handle, rows, cols);
  return record('softmaxCrossEntropyWithLogits', out, [logits], (dy) => {
    const dx = Tensor.empty(logits.shape, logits.backend);
    logits.backend.kernels.softmaxCrossEntropyWithLogitsGrad(logits.handle, labels.handle, dy.handle, dx.handle, rows, cols);
    return [dx];
  });
}

/**
 * Gumbel-softmax (Jang et al. 2017; Maddison et al. 2017): softmax((x + g) / τ) with g = −log(−log u)
 * drawn per element. A differentiable stand-in for sampling one category per row: as τ → 0 rows approach
 * one-hot draws from softmax(x). CTGAN uses τ = 0.2 for its categorical heads. Built from existing ops;
 * the noise comes from the host `rng` (one upload), so a seeded run is reproducible on every backend.
 */
export function gumbelSoftmax(logits: Tensor, temperature: number, rng: Rng): Tensor {
  if (!(temperature > 0)) throw new Error(`gangrad: gumbelSoftmax needs a positive temperature, got ${temperature}`);
  const noise = new Float32Array(logits.size);
  // u strictly inside (0, 1), so both logarithms are finite.
  for (let i = 0; i < noise.length; i++) noise[i] = -Math.log(-Math.log((rng.nextUint32() + 0.5) / 4294967296));
  return softmax(scale(add(logits, tensor(noise, logits.shape, logits.backend)), 1 / temperature));
}
