// The engine's public API, for the core bundle size (scripts/ci-package.sh): tensors, autograd, layers,
// optimisers, the GAN trainer and backend selection (cpu and wasm inline; gpujs and webgpu load lazily).
export { tensor, matmul, tidy, scope, mlp, Dense, Sequential, Adam, GanTrainer, rowSampler, Rng, createBackend, setBackend } from 'gangrad';
