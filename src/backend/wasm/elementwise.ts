/**
 * The wasm backend's element-wise kernels and column copies (kernels.wat), called on heap offsets.
 * They round exactly as the scalar kernels they replace (src/backend/cpu/elementwise.ts, layout.ts),
 * so a model trains to the same bits as before they existed; only the time changes (docs/performance.md).
 */
import type { DataHandle, Kernels } from '../backend.js';
import type { HeapRange } from './heap.js';

/** The exports of kernels.wat that this file wraps. */
export interface ElementwiseExports {
  /** out = a + b over `size` floats (a − b when negate is 1); a, b, out are heap byte offsets. */
  add_f32(a: number, b: number, out: number, size: number, negate: number): void;
  /** out = a · b element-wise over `size` floats at heap byte offsets. */
  mul_f32(a: number, b: number, out: number, size: number): void;
  /** out = keep and x > 0 ? v : v · factor, formed in float64 and rounded once: scale, leaky ReLU and its gradient. */
  times_f64(x: number, v: number, out: number, size: number, factor: number, keep: number): void;
  /** Copies `width` columns of each of `rows` rows from src (from srcStart) to dst (at dstStart): concat and slice. */
  copy_columns(src: number, srcCols: number, srcStart: number, dst: number, dstCols: number, dstStart: number, rows: number, width: number): void;
}

type ElementwiseKernels = Pick<Kernels, 'add' | 'sub' | 'mul' | 'scale' | 'leakyRelu' | 'leakyReluGrad' | 'concatColumns' | 'sliceColumns'>;

/** The kernels above for tensors whose handles are heap ranges (`r` maps a handle to its range). */
export function wasmElementwiseKernels(wasm: ElementwiseExports, r: (h: DataHandle) => HeapRange): ElementwiseKernels {
  return {
    add: (a, b, out, size) => wasm.add_f32(r(a).offset, r(b).offset, r(out).offset, size, 0),
    sub: (a, b, out, size) => wasm.add_f32(r(a).offset, r(b).offset, r(out).offset, size, 1),
    mul: (a, b, out, size) => wasm.mul_f32(r(a).offset, r(b).offset, r(out).offset, size),
    scale: (a, out, size, factor) => wasm.times_f64(r(a).offset, r(a).offset, r(out).offset, size, factor, 0),
    leakyRelu: (x, out, size, alpha) => wasm.times_f64(r(x).offset, r(x).offset, r(out).offset, size, alpha, 1),
    leakyReluGrad: (x, dy, out, size, alpha) => wasm.times_f64(r(x).offset, r(dy).offset, r(out).offset, size, alpha, 1),
    concatColumns: (a, b, out, rows, colsA, colsB) => {
      wasm.copy_columns(r(a).offset, colsA, 0, r(out).offset, colsA + colsB, 0, rows, colsA);
      wasm.copy_columns(r(b).offset, colsB, 0, r(out).offset, colsA + colsB, colsA, rows, colsB);
    },
    sliceColumns: (x, out, rows, cols, start, width) => wasm.copy_columns(r(x).offset, cols, start, r(out).offset, width, 0, rows, width),
  };
}
