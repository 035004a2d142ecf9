/**
 * gangrad: a from-scratch GAN engine. This module is the one public entry point.
 *
 * ```ts
 * import { mlp, GanTrainer, rowSampler } from 'gangrad';
 * ```
 * Tensors are created on the current backend: `setBackend(await createBackend(name))` picks one; without
 * it, the first tensor gets `auto`'s choice on one thread (wasm where WebAssembly SIMD exists, else cpu).
 * Importing this module has no side effects.
 */

export * from './tensor/index.js';
export * from './backend/index.js';
export * from './nn/index.js';
export * from './optim/index.js';
export * from './gan/index.js';
export * from './finance/index.js';
export * from './tabular/index.js';
export { TooLittleDataError } from './io/too-little-data.js';
export { ColumnNotFoundError } from './io/column-not-found.js';
