import { KERNEL_NAMES, createBackend, createCpuBackend, getBackend, setBackend, type Backend } from '../../src/index.js';
import { relaxedSimdSupported } from '../../src/backend/wasm/fused.js';
import { MissingPackageError } from '../../src/backend/optional-package.js';

/** ‖expected − actual‖ / ‖expected‖ (the absolute norm where `expected` is all zeros): how backends are compared with the reference. */
export function relativeError(expected: ArrayLike<number>, actual: ArrayLike<number>): number {
  let err = 0, norm = 0;
  for (let i = 0; i < expected.length; i++) {
    err += (expected[i] - actual[i]) ** 2;
    norm += expected[i] ** 2;
  }
  return norm === 0 ? Math.sqrt(err) : Math.sqrt(err / norm);
}

/** The kernels a backend lacks: what a new backend must still implement. */
export function missingKernels(backend: Backend): string[] {
  return KERNEL_NAMES.filter((name) => typeof (backend.kernels as unknown as Record<string, unknown>)[name] !== 'function');
}

/**
 * The backends the shared suites (kernel parity, GAN training) run on. Each case says how to create it;
 * `unavailable` returns the reason a backend cannot run on this machine, or null when it can.
 */
export interface BackendCase {
  name: string;
  create: () => Promise<Backend>;
  /** Relative 2-norm error allowed against the CPU reference. */
  tolerance: number;
}

export const cpuCase: BackendCase = { name: 'cpu', create: async () => createCpuBackend(), tolerance: 1e-6 };

/** What createBackend('webgpu') says when the machine has no WebGPU (src/backend/webgpu/device.ts). */
const WEBGPU_UNAVAILABLE = /^gangrad webgpu: (no adapter|only a software adapter|no navigator\.gpu|no hardware WebGPU adapter|no WebGPU adapter at all)/;

/** Whether createBackend('webgpu')'s error says the machine has no WebGPU (no package, no adapter), not that the backend failed. */
export const webgpuUnavailable = (e: unknown): boolean => e instanceof MissingPackageError || WEBGPU_UNAVAILABLE.test((e as Error)?.message ?? '');

/**
 * Whether the WebGPU backend can start here. Without an adapter the WebGPU suites skip, printing why;
 * with GANGRAD_REQUIRE_WEBGPU=1 (set by .ci/run) the missing adapter is a failure instead. Any other
 * error (a shader that does not compile) fails the suite.
 */
export async function probeWebGpu(): Promise<boolean> {
  try {
    const backend = await createBackend('webgpu');
    backend.destroy();
    return true;
  } catch (e) {
    if (process.env.GANGRAD_REQUIRE_WEBGPU === '1') throw new Error(`GANGRAD_REQUIRE_WEBGPU=1 but WebGPU is unavailable: ${(e as Error).message}`);
    // Skipped only where there is no WebGPU to test (no package, no adapter); anything else, a shader
    // that does not compile say, is a failure of the backend, not of the machine.
    if (!webgpuUnavailable(e)) throw e;
    console.warn(`WebGPU tests skipped: ${(e as Error).message}`);
    return false;
  }
}

export const webgpuCase: BackendCase = { name: 'webgpu', create: () => createBackend('webgpu'), tolerance: 1e-5 };

export const backendCases: BackendCase[] = [
  cpuCase,
  { name: 'wasm', create: () => createBackend('wasm'), tolerance: 1e-5 },
  { name: 'wasm (1 thread)', create: async () => (await import('../../src/backend/wasm/index.js')).createWasmBackend({ threads: 1 }), tolerance: 1e-5 },
  { name: 'gpujs', create: () => createBackend('gpujs'), tolerance: 1e-5 },
  { name: 'gpujs (cpu mode)', create: () => createBackend('gpujs', { gpujsMode: 'cpu' }), tolerance: 1e-5 },
  { name: 'wasm (plain SIMD128 matmul, 1 thread)', create: async () => (await import('../../src/backend/wasm/index.js')).createWasmBackend({ threads: 1, relaxedSimd: false }), tolerance: 1e-5 },
  ...(relaxedSimdSupported()
    ? [{ name: 'wasm (relaxed-SIMD FMA matmul, 2 threads)', create: async () => (await import('../../src/backend/wasm/index.js')).createWasmBackend({ threads: 2, relaxedSimd: true, threadMinMultiplyAdds: 0 }), tolerance: 1e-5 }]
    : []),
  { name: 'wasm (2 threads, no size threshold)', create: async () => (await import('../../src/backend/wasm/index.js')).createWasmBackend({ threads: 2, threadMinMultiplyAdds: 0 }), tolerance: 1e-5 },
];

/**
 * Run `work` with `backend` as the current backend, then restore the previous one and destroy
 * `backend` (also when `work` throws): for comparing a whole computation across backends.
 */
export async function onBackend<T>(backend: Backend, work: () => Promise<T>): Promise<T> {
  const before = getBackend();
  setBackend(backend);
  try {
    return await work();
  } finally {
    setBackend(before);
    backend.destroy();
  }
}
