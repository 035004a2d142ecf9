export type { Backend, DataHandle, FloatArray, Kernels, KernelName, AdamParams, MemoryInfo } from './backend.js';
export { KERNEL_NAMES } from './backend.js';
export { createCpuBackend, type CpuBackendOptions } from './cpu/index.js';
export { normalAt, pcgHash } from './counter-rng.js';
export { createBackend, createDefaultBackend, BACKEND_NAMES, type BackendName, type CreateBackendOptions } from './select.js';
export { MissingPackageError, type OptionalPackage, type PackageImporter } from './optional-package.js';
