import type { Tensor } from '../tensor/index.js';

/** An optimiser updates parameters in place from their `.grad`, with state kept on the same backend. */
export interface Optimizer {
  /** The tensors this optimiser updates, in the order their state is kept and saved. */
  readonly parameters: readonly Tensor[];
  /** Apply one update from the current gradients, then clear them. Parameters with no gradient are left alone. */
  step(): void;
  /** Drop the gradients without updating. */
  zeroGrad(): void;
  /** Optimiser state tensors for checkpoints (Adam's moments, SGD's velocities); Adam's step count is kept apart (`Adam.state`). */
  stateTensors(): [string, Tensor][];
  /** Free the state tensors (the parameters belong to the caller); the optimiser cannot step afterwards. */
  dispose(): void;
}

/** Free and clear the gradients of `parameters`. */
export function clearGrads(parameters: readonly Tensor[]): void {
  for (const p of parameters) {
    p.grad?.dispose();
    p.grad = null;
  }
}
