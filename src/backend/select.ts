import type { Backend } from './backend.js';
import { createCpuBackend } from './cpu/index.js';
import { checkWasmOptions, createWasmBackend, createWasmBackendSync } from './wasm/index.js';
import { checkOptionNames } from './option-names.js';
import type { PackageImporter } from './optional-package.js';

/** Backend names accepted by the API and the CLI's `--backend`. */
export type BackendName = 'auto' | 'cpu' | 'wasm' | 'gpujs' | 'webgpu';

/** Every {@link BackendName}: for validating a name, and the list `--backend` help prints. */
export const BACKEND_NAMES: readonly BackendName[] = ['auto', 'cpu', 'wasm', 'gpujs', 'webgpu'];

/** Options for `createBackend`; each applies to one backend and is ignored by the others. */
export interface CreateBackendOptions {
  /** gpu.js mode for `gpujs`: `webasm` (Node default), `cpu`, `headlessgl` (needs the `gl` package), `webgl2` (browsers). */
  gpujsMode?: 'webasm' | 'cpu' | 'headlessgl' | 'webgl2' | 'gpu';
  /** Threads for the `wasm` backend's matmul, 1 to 24 (default: all cores, at most 24; one in a browser page without cross-origin isolation); another value is an error, for `auto` too. */
  threads?: number;
  /**
   * How `gpujs` and `webgpu` load their optional packages (`gpu.js`; `webgpu`, i.e. Dawn, in Node).
   * Default: a run-time `import(name)`. A bundled page passes `() => import('gpu.js')` so that its
   * bundler includes gpu.js, in a chunk loaded only when that backend is created.
   */
  importPackage?: PackageImporter;
  /** `wasm`/`auto`: the relaxed-SIMD FMA matmul (default: where the engine validates it); `false` forces plain SIMD128. */
  relaxedSimd?: boolean;
}

/**
 * Create a backend by name. The WebGPU and gpu.js backends are imported on demand, so a program that
 * never asks for WebGPU never loads Dawn. The cpu and wasm backends are imported statically: the
 * default backend (createDefaultBackend) needs them anyway, and a bundler would otherwise wrap every
 * module they import in a lazy initialiser, which costs bytes and nothing is loaded later.
 *
 * `auto` picks the WebAssembly SIMD backend (measured 10–13× faster than the scalar CPU backend on the
 * reference GAN step, bench/), else the scalar CPU reference where the engine lacks WebAssembly SIMD or
 * a page's Content-Security-Policy forbids compiling it (with a warning saying which). WebGPU and
 * gpu.js are never chosen by `auto`: ask for them by name.
 */
export async function createBackend(name: BackendName = 'auto', options: CreateBackendOptions = {}): Promise<Backend> {
  checkOptionNames(options, 'gpujsMode threads importPackage relaxedSimd', 'gangrad: createBackend');
  switch (name) {
    case 'auto': {
      // A bad option is the caller's error: the fallback is only for engines the wasm backend cannot run on.
      checkWasmOptions(options);
      try {
        return await createWasmBackend({ threads: options.threads, relaxedSimd: options.relaxedSimd });
      } catch (e) {
        warnCpuFallback(e);
        return createCpuBackend();
      }
    }
    case 'cpu':
      return createCpuBackend();
    case 'wasm':
      return createWasmBackend({ threads: options.threads, relaxedSimd: options.relaxedSimd });
    case 'webgpu': {
      // Asked for by name: a software adapter is acceptable (tests, CI), though slower than the CPU backends.
      const { createWebGpuBackend } = await import('./webgpu/index.js');
      return createWebGpuBackend({ allowSoftware: true, importPackage: options.importPackage });
    }
    case 'gpujs': {
      const { createGpuJsBackend } = await import('./gpujs/index.js');
      return createGpuJsBackend({ mode: options.gpujsMode, importPackage: options.importPackage });
    }
    default:
      throw new Error(`gangrad: unknown backend '${name as string}'; expected one of ${BACKEND_NAMES.join(', ')}`);
  }
}

/**
 * The backend tensors go to when none was set: `auto`'s choice made synchronously (wasm on the calling
 * thread where WebAssembly SIMD exists, else cpu), since the first tensor may be made before any
 * `await`. `setBackend(await createBackend('auto'))` adds the wasm backend's worker threads.
 */
export function createDefaultBackend(): Backend {
  try {
    return createWasmBackendSync();
  } catch (e) {
    warnCpuFallback(e);
    return createCpuBackend();
  }
}

let warnedCpuFallback = false;

/** Say once why the scalar CPU backend runs where the WebAssembly one was wanted: it is about ten times slower. */
function warnCpuFallback(e: unknown): void {
  if (warnedCpuFallback) return;
  warnedCpuFallback = true;
  console.warn(`gangrad: on the scalar CPU backend (about 10× slower): ${(e as Error).message}`);
}
