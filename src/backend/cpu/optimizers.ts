import type { AdamParams, FloatArray } from '../backend.js';

/**
 * Fused Adam (Kingma & Ba 2015, with AdamW's decoupled decay): one pass updates both moments and the
 * parameter, instead of the eight elementwise passes the textbook formula would take.
 */
export function adam(param: FloatArray, grad: FloatArray, m: FloatArray, v: FloatArray, size: number, p: AdamParams): void {
  const { lr, beta1, beta2, eps, weightDecay, step } = p;
  const correction1 = 1 - Math.pow(beta1, step);
  const correction2 = 1 - Math.pow(beta2, step);
  for (let i = 0; i < size; i++) {
    const g = grad[i];
    const mi = beta1 * m[i] + (1 - beta1) * g;
    const vi = beta2 * v[i] + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    const update = (mi / correction1) / (Math.sqrt(vi / correction2) + eps);
    param[i] = param[i] - lr * (update + weightDecay * param[i]);
  }
}

/**
 * SGD with heavy-ball momentum, in place: velocity = momentum · velocity + grad; param −= lr ·
 * velocity.
 */
export function sgdMomentum(param: FloatArray, grad: FloatArray, velocity: FloatArray, size: number, lr: number, momentum: number): void {
  for (let i = 0; i < size; i++) {
    const vi = momentum * velocity[i] + grad[i];
    velocity[i] = vi;
    param[i] -= lr * vi;
  }
}
