import type { Tensor } from '../tensor/index.js';

/** A differentiable function with trainable parameters: the unit networks are built from. */
export interface Module {
  /** Apply the module to a [batch, features] input; recorded for autograd when parameters require grad. */
  forward(x: Tensor): Tensor;
  /** The trainable tensors, in a stable order (optimisers and model files rely on it). */
  parameters(): Tensor[];
  /**
   * Named parameters, for saving and loading: from a Sequential, `0.weight`, `0.bias`, `2.weight`, …
   * (the layer's index in the Sequential; activations take indices too, so Dense layers skip some).
   */
  namedParameters(prefix?: string): [string, Tensor][];
}

/** Freeze or unfreeze a module: frozen parameters get no gradient (the discriminator during the G step). */
export function setTrainable(module: Module, trainable: boolean): void {
  for (const p of module.parameters()) p.requiresGrad = trainable;
}

/** Free every parameter of a module. */
export function disposeModule(module: Module): void {
  for (const p of module.parameters()) p.dispose();
}
