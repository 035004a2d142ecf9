import { checkOptionNames } from '../backend/option-names.js';
import { checkTensors } from '../tensor/tensor.js';
import { keep, zeros, type Tensor } from '../tensor/index.js';
import { clearGrads, type Optimizer } from './optimizer.js';

/** Options for the {@link Adam} optimizer; the defaults are Kingma & Ba's. */
export interface AdamOptions {
  /** Learning rate; default 1e-3. */
  lr?: number;
  /** Decay of the first-moment (mean) estimate; default 0.9 (GANs often use 0.5). */
  beta1?: number;
  /** Decay of the second-moment estimate; default 0.999. */
  beta2?: number;
  /** Added to √v to avoid division by zero; default 1e-8. */
  eps?: number;
  /** Decoupled weight decay (AdamW, Loshchilov & Hutter 2019); default 0. */
  weightDecay?: number;
}

/**
 * Adam with bias correction: m and v are running means of g and g², divided by (1 − βᵗ) so the first
 * steps are not biased towards zero. At update t, for every parameter θ with gradient g:
 *   m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²,
 *   θ ← θ − lr · ( (m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + eps) + weightDecay·θ ).
 * Each parameter's update is one fused backend kernel (`adam`; the reference loop is in
 * src/backend/cpu/optimizers.ts).
 */
export class Adam implements Optimizer {
  /** Learning rate; writable, so a schedule can change it between steps. */
  lr: number;
  /** Decay of m, the running mean of the gradient; default 0.9 (the GAN trainer's own Adam uses 0.5). */
  readonly beta1: number;
  /** Decay of v, the running mean of the squared gradient; default 0.999. */
  readonly beta2: number;
  /** Added to √v so a parameter with near-zero gradients does not get a huge step; default 1e-8. */
  readonly eps: number;
  /** Decoupled weight decay (AdamW): θ shrinks by lr · weightDecay · θ each update; default 0. */
  readonly weightDecay: number;
  /** Updates applied so far (Adam's t). */
  stepCount = 0;
  private readonly moments: { m: Tensor; v: Tensor }[];

  /** @param parameters The tensors to update; a pair of moments m, v (zeros, on each one's backend) is made for each. */
  constructor(readonly parameters: readonly Tensor[], options: AdamOptions = {}) {
    checkTensors('Adam', parameters);
    checkOptionNames(options, 'lr beta1 beta2 eps weightDecay', 'gangrad: Adam');
    this.lr = options.lr ?? 1e-3;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    if (!(this.lr > 0)) throw new Error(`gangrad: Adam learning rate must be positive, got ${this.lr}`);
    if (!(this.beta1 >= 0 && this.beta1 < 1 && this.beta2 >= 0 && this.beta2 < 1)) {
      throw new Error(`gangrad: Adam betas must lie in [0, 1), got ${this.beta1}, ${this.beta2}`);
    }
    this.moments = parameters.map((p) => ({ m: keep(zeros(p.shape, p.backend)), v: keep(zeros(p.shape, p.backend)) }));
  }

  /** One Adam update of every parameter that has a gradient (t counts up even if none has), then clear the gradients. */
  step(): void {
    this.stepCount++;
    const params = { lr: this.lr, beta1: this.beta1, beta2: this.beta2, eps: this.eps, weightDecay: this.weightDecay, step: this.stepCount };
    this.parameters.forEach((p, i) => {
      if (!p.grad) return;
      const { m, v } = this.moments[i];
      p.backend.kernels.adam(p.handle, p.grad.handle, m.handle, v.handle, p.size, params);
    });
    clearGrads(this.parameters);
  }

  /** Drop the gradients without updating (t unchanged). */
  zeroGrad(): void {
    clearGrads(this.parameters);
  }

  /** The moments by parameter index, `0.m`, `0.v`, `1.m`, …: each shaped like its parameter. */
  stateTensors(): [string, Tensor][] {
    return this.moments.flatMap(({ m, v }, i) => [[`${i}.m`, m], [`${i}.v`, v]] as [string, Tensor][]);
  }

  /** Adam's step count t, for checkpoints (the moments are in `stateTensors`). */
  get state(): { step: number } {
    return { step: this.stepCount };
  }

  /** Free the moments; the parameters belong to the caller. */
  dispose(): void {
    for (const { m, v } of this.moments) {
      m.dispose();
      v.dispose();
    }
  }
}
