import { isGradEnabled } from '../engine.js';
import { checkTensor, type GradNode, type Tensor } from '../tensor.js';

/**
 * Attach the tape entry to an op's output when autograd is on and some input wants a gradient.
 * Every op calls this right after its forward kernel, with its backward rule written beside it.
 */
export function record(op: string, out: Tensor, inputs: readonly Tensor[], backward: GradNode['backward']): Tensor {
  if (isGradEnabled() && inputs.some((t) => t.requiresGrad)) {
    out.requiresGrad = true;
    out.node = { op, inputs, backward };
  }
  return out;
}

/** Throw a clear error when two shapes that must match do not. */
export function assertSameShape(op: string, a: Tensor, b: Tensor): void {
  if (a.size !== b.size || a.rank !== b.rank || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new Error(`gangrad: ${op} needs equal shapes, got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
  }
}

/**
 * Throw a clear error when an input is no tensor (a number or array from plain JavaScript), or when two
 * tensors live on different backend instances: most often a model made before `setBackend` meets
 * tensors made after it (two wasm backends share a name, not their memory).
 */
export function assertSameBackend(op: string, a: Tensor, b: Tensor): void {
  checkTensor(op, a);
  checkTensor(op, b);
  if (a.backend !== b.backend) {
    throw new Error(`gangrad: ${op} mixes tensors of two backends (${a.backend.description}; ${b.backend.description}): `
      + 'call setBackend before making models, or make them again (ReturnGan.fromBytes(model.toBytes()))');
  }
}

/** [rows, cols] of a rank-2 tensor, or an error naming the op. */
export function matrixShape(op: string, t: Tensor): [number, number] {
  checkTensor(op, t);
  if (t.rank !== 2) throw new Error(`gangrad: ${op} needs a matrix, got shape [${t.shape.join(', ')}]`);
  return [t.shape[0], t.shape[1]];
}

/** [rows, cols] of a tensor seen as rows along its last axis, or an error naming the op. */
export function lastAxis(op: string, x: Tensor): [number, number] {
  checkTensor(op, x);
  const cols = x.shape[x.rank - 1];
  if (x.rank === 0 || !cols) throw new Error(`gangrad: ${op} needs a non-empty last axis, got shape [${x.shape.join(', ')}]`);
  return [x.size / cols, cols];
}
