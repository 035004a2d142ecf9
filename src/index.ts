/**
 * gangrad: a from-scratch GAN engine. This module is the one public entry point.
 *
 * ```ts
 * import { mlp, GanTrainer, rowSampler } from 'gangrad';
 * ```
 * Tensors are created on the current backend (CPU unless `useBackend` picks another).
 */
import { createCpuBackend } from './backend/cpu/index.js';
import { setDefaultBackendFactory } from './tensor/engine.js';

export * from './tensor/index.js';
export * from './backend/index.js';
export * from './nn/index.js';
export * from './optim/index.js';
export * from './gan/index.js';

setDefaultBackendFactory(() => createCpuBackend());
export * from './finance/index.js';
export * from './tabular/index.js';
