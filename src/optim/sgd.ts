import { checkOptionNames } from '../backend/option-names.js';
import { checkTensors } from '../tensor/tensor.js';
import { keep, zeros, type Tensor } from '../tensor/index.js';
import { clearGrads, type Optimizer } from './optimizer.js';

/** Options for the {@link Sgd} optimizer. */
export interface SgdOptions {
  /** Learning rate; default 1e-2. */
  lr?: number;
  /** Momentum (heavy ball); default 0, plain gradient descent. */
  momentum?: number;
}

/** Stochastic gradient descent with momentum: v ← μ·v + g; p ← p − lr·v. */
export class Sgd implements Optimizer {
  /** Learning rate; writable, so a schedule can change it between steps. */
  lr: number;
  /** μ in v ← μ·v + g: how much of the last update carries over; 0 is plain gradient descent. */
  readonly momentum: number;
  private readonly velocities: Tensor[];

  /** @param parameters The tensors to update; a zero velocity on each one's backend is made for each. */
  constructor(readonly parameters: readonly Tensor[], options: SgdOptions = {}) {
    checkTensors('SGD', parameters);
    checkOptionNames(options, 'lr momentum', 'gangrad: SGD');
    this.lr = options.lr ?? 1e-2;
    this.momentum = options.momentum ?? 0;
    if (!(this.lr > 0)) throw new Error(`gangrad: SGD learning rate must be positive, got ${this.lr}`);
    this.velocities = parameters.map((p) => keep(zeros(p.shape, p.backend)));
  }

  /** One update of every parameter that has a gradient, then clear the gradients. */
  step(): void {
    this.parameters.forEach((p, i) => {
      if (!p.grad) return;
      p.backend.kernels.sgdMomentum(p.handle, p.grad.handle, this.velocities[i].handle, p.size, this.lr, this.momentum);
    });
    clearGrads(this.parameters);
  }

  /** Drop the gradients without updating. */
  zeroGrad(): void {
    clearGrads(this.parameters);
  }

  /** The velocities by parameter index, `0.velocity`, `1.velocity`, …: each shaped like its parameter. */
  stateTensors(): [string, Tensor][] {
    return this.velocities.map((v, i) => [`${i}.velocity`, v]);
  }

  /** Free the velocities; the parameters belong to the caller. */
  dispose(): void {
    for (const v of this.velocities) v.dispose();
  }
}
