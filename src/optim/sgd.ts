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
  readonly momentum: number;
  private readonly velocities: Tensor[];

  constructor(readonly parameters: readonly Tensor[], options: SgdOptions = {}) {
    this.lr = options.lr ?? 1e-2;
    this.momentum = options.momentum ?? 0;
    if (!(this.lr > 0)) throw new Error(`gangrad: SGD learning rate must be positive, got ${this.lr}`);
    this.velocities = parameters.map((p) => keep(zeros(p.shape, p.backend)));
  }

  step(): void {
    this.parameters.forEach((p, i) => {
      if (!p.grad) return;
      p.backend.kernels.sgdMomentum(p.handle, p.grad.handle, this.velocities[i].handle, p.size, this.lr, this.momentum);
    });
    clearGrads(this.parameters);
  }

  zeroGrad(): void {
    clearGrads(this.parameters);
  }

  stateTensors(): [string, Tensor][] {
    return this.velocities.map((v, i) => [`${i}.velocity`, v]);
  }

  dispose(): void {
    for (const v of this.velocities) v.dispose();
  }
}
