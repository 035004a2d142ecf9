import type { Backend, DataHandle, FloatArray, MemoryInfo } from '../backend.js';
import { scalarKernels } from './kernels.js';
import { checkOptionNames } from '../option-names.js';
import { showValue } from '../show-value.js';

/** Options of the scalar CPU backend. */
export interface CpuBackendOptions {
  /** `float32` (default) is what every backend computes; `float64` exists for gradient checks. */
  precision?: 'float32' | 'float64';
}

/**
 * The scalar TypeScript backend: the reference every other backend is tested against.
 * A handle *is* a typed array, so reads and writes are plain copies.
 */
export function createCpuBackend(options: CpuBackendOptions = {}): Backend {
  checkOptionNames(options, 'precision', 'gangrad: createCpuBackend'); // { precison: 'float64' } ran in float32 in silence
  const precision = options.precision ?? 'float32';
  // 'double' was reported in the description and ran in float32.
  if (precision !== 'float32' && precision !== 'float64') throw new Error(`gangrad: createCpuBackend: precision must be float32 or float64, got ${showValue(precision)}`);
  const ArrayType = precision === 'float64' ? Float64Array : Float32Array;
  const memory: MemoryInfo = { buffers: 0, bytes: 0 };
  let scratchArray: FloatArray = new ArrayType(0);
  const scratch = (length: number): FloatArray => {
    if (scratchArray.length < length) scratchArray = new ArrayType(length);
    return scratchArray;
  };
  const f = (h: DataHandle) => h as FloatArray;
  const kernels = scalarKernels(f, scratch);

  return {
    name: 'cpu',
    description: `scalar TypeScript (${precision})`,
    bytesPerElement: precision === 'float64' ? 8 : 4,
    kernels,
    alloc(length) {
      memory.buffers++;
      memory.bytes += length * ArrayType.BYTES_PER_ELEMENT;
      return new ArrayType(length);
    },
    write(handle, data) { f(handle).set(data as ArrayLike<number>); },
    async read(handle) { return f(handle).slice(); },
    free(handle) {
      memory.buffers--;
      memory.bytes -= handle.length * ArrayType.BYTES_PER_ELEMENT;
    },
    memory: () => ({ ...memory }),
    flush() {},
    destroy() {},
  };
}
