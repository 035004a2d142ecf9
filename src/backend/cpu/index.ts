import type { Backend, DataHandle, FloatArray, Kernels, MemoryInfo } from '../backend.js';
import { normalAt } from '../counter-rng.js';
import * as ew from './elementwise.js';
import * as layout from './layout.js';
import { matmulInto } from './matmul.js';
import { adam, sgdMomentum } from './optimizers.js';

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
  const precision = options.precision ?? 'float32';
  const ArrayType = precision === 'float64' ? Float64Array : Float32Array;
  const memory: MemoryInfo = { buffers: 0, bytes: 0 };
  let scratchArray: FloatArray = new ArrayType(0);
  const scratch = (length: number): FloatArray => {
    if (scratchArray.length < length) scratchArray = new ArrayType(length);
    return scratchArray;
  };
  const f = (h: DataHandle) => h as FloatArray;

  const kernels: Kernels = {
    matmul: (a, b, out, m, k, n, tA, tB) => matmulInto(f(a), f(b), f(out), m, k, n, tA, tB, scratch),
    add: (a, b, out, size) => ew.add(f(a), f(b), f(out), size),
    sub: (a, b, out, size) => ew.sub(f(a), f(b), f(out), size),
    mul: (a, b, out, size) => ew.mul(f(a), f(b), f(out), size),
    scale: (a, out, size, factor) => ew.scale(f(a), f(out), size, factor),
    addRowBroadcast: (a, bias, out, rows, cols) => ew.addRowBroadcast(f(a), f(bias), f(out), rows, cols),
    tileRows: (row, out, rows, cols) => ew.tileRows(f(row), f(out), rows, cols),
    leakyRelu: (x, out, size, alpha) => ew.leakyRelu(f(x), f(out), size, alpha),
    leakyReluGrad: (x, dy, out, size, alpha) => ew.leakyReluGrad(f(x), f(dy), f(out), size, alpha),
    sigmoid: (x, out, size) => ew.sigmoid(f(x), f(out), size),
    sigmoidGrad: (y, dy, out, size) => ew.sigmoidGrad(f(y), f(dy), f(out), size),
    tanh: (x, out, size) => ew.tanh(f(x), f(out), size),
    tanhGrad: (y, dy, out, size) => ew.tanhGrad(f(y), f(dy), f(out), size),
    sigmoidCrossEntropyWithLogits: (x, z, out, size) => ew.sigmoidCrossEntropyWithLogits(f(x), f(z), f(out), size),
    sigmoidCrossEntropyWithLogitsGrad: (x, z, dy, out, size) =>
      ew.sigmoidCrossEntropyWithLogitsGrad(f(x), f(z), f(dy), f(out), size),
    sumAll: (x, out, size) => layout.sumAll(f(x), f(out), size),
    sumAxis0: (x, out, rows, cols) => layout.sumAxis0(f(x), f(out), rows, cols),
    concatColumns: (a, b, out, rows, colsA, colsB) => layout.concatColumns(f(a), f(b), f(out), rows, colsA, colsB),
    sliceColumns: (x, out, rows, cols, start, width) => layout.sliceColumns(f(x), f(out), rows, cols, start, width),
    copy: (src, srcOffset, dst, dstOffset, size) => f(dst).set(f(src).subarray(srcOffset, srcOffset + size), dstOffset),
    fill: (out, size, value) => { f(out).fill(value, 0, size); },
    randomNormal: (out, size, seed, offset, mean, std) => {
      const o = f(out);
      for (let i = 0; i < size; i++) o[i] = mean + std * normalAt(seed, offset + i);
    },
    adam: (param, grad, m, v, size, p) => adam(f(param), f(grad), f(m), f(v), size, p),
    sgdMomentum: (param, grad, vel, size, lr, momentum) => sgdMomentum(f(param), f(grad), f(vel), size, lr, momentum),
  };

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
