export { Tensor, type GradNode } from './tensor.js';
export { backward } from './autograd.js';
export { setBackend, getBackend, noGrad, tidy, scope, keep, memory, isGradEnabled, type TensorContainer } from './engine.js';
export * from './ops/index.js';
export { checkSeed, MAX_SEED, Rng } from './rng.js';
