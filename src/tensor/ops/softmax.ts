import { Tensor } from '../tensor.js';
import type { Rng } from '../rng.js';
import { add, scale } from './arithmetic.js';
import { tensor } from './create.js';
import { assertSameBackend, assertSameShape, lastAxis, record } from './record.js';
import { noGrad } from '../engine.js';

/**
 * Softmax along the last axis: e^x / Σ e^x per row, with the row maximum subtracted first so logits
 * of any size stay finite. Backward: dx = y ⊙ (dy − Σ dy ⊙ y), from the forward output y.
 */
export function softmax(x: Tensor): Tensor {
  const [rows, cols] = lastAxis('softmax', x);
  const out = Tensor.like(x);
  x.backend.kernels.softmax(x.handle, out.handle, rows, cols);
  return record('softmax', out, [x], (dy) => {
    const dx = Tensor.like(x);
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
    const dx = Tensor.like(logits);
    logits.backend.kernels.softmaxCrossEntropyWithLogitsGrad(logits.handle, labels.handle, dy.handle, dx.handle, rows, cols);
    return [dx];
  });
}

/** A range of columns [start, start + width): one categorical head among several in a row. */
export interface ColumnSpan {
  /** Index of the span's first column (0-based). */
  start: number;
  /** Number of columns in the span (the categories of the head); at least 1. */
  width: number;
}

/**
 * The spans' column boundaries as a tensor for the span kernels (b₀ = 0 < b₁ < … < b_S = cols), after
 * checking that the spans tile the last axis in order.
 */
function spanBoundaries(op: string, spans: readonly ColumnSpan[], cols: number, x: Tensor): Tensor {
  const bounds = [0];
  for (const s of spans) {
    if (s.start !== bounds[bounds.length - 1] || !Number.isInteger(s.width) || s.width < 1) {
      throw new Error(`gangrad: ${op} needs spans that tile the columns in order, got ${JSON.stringify(spans)}`);
    }
    bounds.push(s.start + s.width);
  }
  if (bounds[bounds.length - 1] !== cols) throw new Error(`gangrad: ${op}: spans cover ${bounds[bounds.length - 1]} columns of ${cols} (shape [${x.shape.join(', ')}])`);
  return tensor(bounds, [bounds.length], x.backend);
}

/**
 * Softmax within each column span of every row: the categorical heads of a table's row, all in one
 * op, where slicing each head out, applying `softmax` and concatenating them back costs a copy of the
 * growing row per head and as many zero-padded gradients (issue #25). Per span it is `softmax`
 * exactly, forward and backward.
 */
export function softmaxSpans(x: Tensor, spans: readonly ColumnSpan[]): Tensor {
  const [rows, cols] = lastAxis('softmaxSpans', x);
  const bounds = spanBoundaries('softmaxSpans', spans, cols, x);
  const out = Tensor.like(x);
  x.backend.kernels.softmaxSpans(x.handle, bounds.handle, out.handle, rows, cols, spans.length);
  return record('softmaxSpans', out, [x], (dy) => {
    const dx = Tensor.like(x);
    x.backend.kernels.softmaxSpansGrad(out.handle, dy.handle, bounds.handle, dx.handle, rows, cols, spans.length);
    return [dx];
  });
}

/**
 * Σ over spans of {@link softmaxCrossEntropyWithLogits} of each span's logits against its labels, per
 * row ([rows, 1]): CTGAN's conditional penalty over all categorical heads at once (a span whose labels
 * are all zero adds nothing). Labels get no gradient.
 */
export function softmaxCrossEntropySpans(logits: Tensor, labels: Tensor, spans: readonly ColumnSpan[]): Tensor {
  assertSameBackend('softmaxCrossEntropySpans', logits, labels);
  assertSameShape('softmaxCrossEntropySpans', logits, labels);
  if (labels.requiresGrad) throw new Error('gangrad: softmaxCrossEntropySpans gives labels no gradient; pass them detached');
  const [rows, cols] = lastAxis('softmaxCrossEntropySpans', logits);
  const bounds = spanBoundaries('softmaxCrossEntropySpans', spans, cols, logits);
  const out = Tensor.empty([...logits.shape.slice(0, -1), 1], logits.backend);
  logits.backend.kernels.softmaxCrossEntropySpans(logits.handle, labels.handle, bounds.handle, out.handle, rows, cols, spans.length);
  return record('softmaxCrossEntropySpans', out, [logits], (dy) => {
    const dx = Tensor.like(logits);
    logits.backend.kernels.softmaxCrossEntropySpansGrad(logits.handle, labels.handle, bounds.handle, dy.handle, dx.handle, rows, cols, spans.length);
    return [dx];
  });
}

/** Options of {@link gumbelSoftmax}. */
export interface GumbelSoftmaxOptions {
  /**
   * Straight-through (Jang et al. 2017, §2.2): the forward value is the one-hot of each row's (each
   * span's) largest soft value, the gradient that of the soft sample. Default false: the soft sample.
   */
  hard?: boolean;
}

/**
 * Softmax sharpened this much is one-hot to float32 precision: soft values 10⁻⁵ apart end e⁻¹⁰ apart.
 * The row maximum is subtracted first, so nothing overflows.
 */
const ONE_HOT_SHARPNESS = 1e6;

/**
 * Gumbel-softmax (Jang et al. 2017; Maddison et al. 2017): softmax((x + g) / τ) with g = −log(−log u)
 * drawn per element. A differentiable stand-in for sampling one category per row: as τ → 0 rows approach
 * one-hot draws from softmax(x). CTGAN uses τ = 0.2 for its categorical heads. Built from existing ops;
 * the noise comes from the host `rng` (one upload), so a seeded run is reproducible on every backend.
 *
 * With `spans`, each column span is its own head (see {@link softmaxSpans}); the noise is drawn span by
 * span, each span's rows in order, so the result equals a Gumbel-softmax of each span's sliced columns
 * in turn with the same `rng`. With `hard`, rows are exact one-hot draws forward and soft backward:
 * y + (onehot(y) − y), the bracket computed without a gradient.
 */
export function gumbelSoftmax(logits: Tensor, temperature: number, rng: Rng, spans?: readonly ColumnSpan[], options: GumbelSoftmaxOptions = {}): Tensor {
  if (!(temperature > 0)) throw new Error(`gangrad: gumbelSoftmax needs a positive temperature, got ${temperature}`);
  const noise = new Float32Array(logits.size);
  const cols = logits.shape[logits.rank - 1], rows = logits.size / cols;
  // u strictly inside (0, 1), so both logarithms are finite.
  for (const { start, width } of spans ?? [{ start: 0, width: cols }]) {
    for (let r = 0; r < rows; r++) {
      for (let i = r * cols + start, end = i + width; i < end; i++) noise[i] = -Math.log(-Math.log((rng.nextUint32() + 0.5) / 4294967296));
    }
  }
  const noisy = scale(add(logits, tensor(noise, logits.shape, logits.backend)), 1 / temperature);
  const soft = spans ? softmaxSpans(noisy, spans) : softmax(noisy);
  if (!options.hard) return soft;
  const toOneHot = noGrad(() => {
    const sharp = scale(soft, ONE_HOT_SHARPNESS);
    return add(spans ? softmaxSpans(sharp, spans) : softmax(sharp), scale(soft, -1));
  });
  return add(soft, toOneHot);
}
