/**
 * The wasm backend's SIMD kernels besides matmul (kernels.wat): the fused dense-layer kernels and
 * Adam, called on heap offsets (no typed-array views), and the relaxed-SIMD feature test.
 */
import type { DataHandle, Kernels } from '../backend.js';
import type { HeapRange } from './heap.js';
import { decodeHex } from './hex.js';

/** The exports of kernels.wat that this file wraps. */
export interface DenseExports {
  /** out = leakyRelu(x + bias, alpha) for a [rows, cols] x and a [cols] bias, at heap byte offsets. */
  bias_leaky_relu(x: number, bias: number, out: number, rows: number, cols: number, alpha: number): void;
  /** dz = y > 0 ? dy : alpha · dy, and dbias = dz summed over rows in row order (as the CPU reference does). */
  bias_leaky_relu_grad(y: number, dy: number, dz: number, dbias: number, rows: number, cols: number, alpha: number): void;
  /** One Adam(W) update of `size` parameters in place, moments m and v too; correction1/2 are 1 − β^t. */
  adam(param: number, grad: number, m: number, v: number, size: number,
    lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, correction1: number, correction2: number): void;
}

/** (module (func (param v128 v128 v128) (result v128) (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))) */
const RELAXED_PROBE = '0061736d0100000001080160037b7b7b017b03020100070501016600000a0d010b00200020012002fd85020b';
let relaxedSupport: boolean | undefined;

/** Whether this engine validates relaxed SIMD (a 44-byte module using f32x4.relaxed_madd); decided once. */
export function relaxedSimdSupported(): boolean {
  relaxedSupport ??= typeof WebAssembly !== 'undefined' && WebAssembly.validate(decodeHex(RELAXED_PROBE));
  return relaxedSupport;
}

/**
 * The fused dense kernels (bias + leaky ReLU and its gradient) and Adam, in WebAssembly over heap
 * ranges.
 */
export function wasmDenseKernels(wasm: DenseExports, r: (h: DataHandle) => HeapRange): Pick<Kernels, 'biasLeakyRelu' | 'biasLeakyReluGrad' | 'adam'> {
  return {
    biasLeakyRelu: (a, bias, out, rows, cols, alpha) => wasm.bias_leaky_relu(r(a).offset, r(bias).offset, r(out).offset, rows, cols, alpha),
    biasLeakyReluGrad: (y, dy, dz, dbias, rows, cols, alpha) =>
      wasm.bias_leaky_relu_grad(r(y).offset, r(dy).offset, r(dz).offset, r(dbias).offset, rows, cols, alpha),
    adam: (param, grad, m, v, size, p) =>
      wasm.adam(r(param).offset, r(grad).offset, r(m).offset, r(v).offset, size,
        p.lr, p.beta1, p.beta2, p.eps, p.weightDecay, 1 - p.beta1 ** p.step, 1 - p.beta2 ** p.step),
  };
}
