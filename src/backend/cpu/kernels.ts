import type { DataHandle, FloatArray, Kernels } from '../backend.js';
import { fillNormal } from '../counter-rng.js';
import * as ew from './elementwise.js';
import * as layout from './layout.js';
import { matmulInto, oneHotMatmul, oneHotMatmulGrad } from './matmul.js';
import { adam, sgdMomentum } from './optimizers.js';
import * as dense from './dense.js';
import * as sm from './softmax.js';
import * as norm from './normalize.js';

/**
 * The scalar kernel table, over any storage that can be viewed as a typed array: the CPU backend's
 * handles are typed arrays already; the wasm backend views ranges of its WebAssembly heap and
 * replaces the kernels it accelerates (matmul, the fused dense kernels, Adam, the element-wise
 * arithmetic and leaky ReLU, concatenation and slicing, normal noise, copies: `wasm/index.ts`).
 * The loops themselves are in elementwise.ts, layout.ts, matmul.ts, dense.ts, softmax.ts,
 * normalize.ts and optimizers.ts, the normal noise's in ../counter-rng.ts.
 */
export function scalarKernels(view: (h: DataHandle) => FloatArray, scratch: (length: number) => FloatArray): Kernels {
  const v = view;
  return {
    matmul: (a, b, out, m, k, n, tA, tB) => matmulInto(v(a), v(b), v(out), m, k, n, tA, tB, scratch),
    oneHotMatmul: (x, w, out, rows, k, n) => oneHotMatmul(v(x), v(w), v(out), rows, k, n),
    oneHotMatmulGrad: (x, dy, dw, rows, k, n) => oneHotMatmulGrad(v(x), v(dy), v(dw), rows, k, n),
    add: (a, b, out, size) => ew.add(v(a), v(b), v(out), size),
    sub: (a, b, out, size) => ew.sub(v(a), v(b), v(out), size),
    mul: (a, b, out, size) => ew.mul(v(a), v(b), v(out), size),
    scale: (a, out, size, factor) => ew.scale(v(a), v(out), size, factor),
    addRowBroadcast: (a, bias, out, rows, cols) => ew.addRowBroadcast(v(a), v(bias), v(out), rows, cols),
    tileRows: (row, out, rows, cols) => ew.tileRows(v(row), v(out), rows, cols),
    leakyRelu: (x, out, size, alpha) => ew.leakyRelu(v(x), v(out), size, alpha),
    leakyReluGrad: (x, dy, out, size, alpha) => ew.leakyReluGrad(v(x), v(dy), v(out), size, alpha),
    sigmoid: (x, out, size) => ew.sigmoid(v(x), v(out), size),
    sigmoidGrad: (y, dy, out, size) => ew.sigmoidGrad(v(y), v(dy), v(out), size),
    tanh: (x, out, size) => ew.tanh(v(x), v(out), size),
    tanhGrad: (y, dy, out, size) => ew.tanhGrad(v(y), v(dy), v(out), size),
    exp: (x, out, size) => ew.exp(v(x), v(out), size),
    sigmoidCrossEntropyWithLogits: (x, z, out, size) => ew.sigmoidCrossEntropyWithLogits(v(x), v(z), v(out), size),
    sigmoidCrossEntropyWithLogitsGrad: (x, z, dy, out, size) => ew.sigmoidCrossEntropyWithLogitsGrad(v(x), v(z), v(dy), v(out), size),
    sumAll: (x, out, size) => layout.sumAll(v(x), v(out), size),
    sumAxis0: (x, out, rows, cols) => layout.sumAxis0(v(x), v(out), rows, cols),
    concatColumns: (a, b, out, rows, colsA, colsB) => layout.concatColumns(v(a), v(b), v(out), rows, colsA, colsB),
    sliceColumns: (x, out, rows, cols, start, width) => layout.sliceColumns(v(x), v(out), rows, cols, start, width),
    copy: (src, srcOffset, dst, dstOffset, size) => v(dst).set(v(src).subarray(srcOffset, srcOffset + size), dstOffset),
    fill: (out, size, value) => { v(out).fill(value, 0, size); },
    randomNormal: (out, size, seed, offset, mean, std) => fillNormal(v(out), 0, 0, size, seed, offset, mean, std),
    adam: (param, grad, m, vv, size, p) => adam(v(param), v(grad), v(m), v(vv), size, p),
    sgdMomentum: (param, grad, vel, size, lr, momentum) => sgdMomentum(v(param), v(grad), v(vel), size, lr, momentum),
    biasLeakyRelu: (a, bias, out, rows, cols, alpha) => dense.biasLeakyRelu(v(a), v(bias), v(out), rows, cols, alpha),
    biasLeakyReluGrad: (y, dy, dz, dbias, rows, cols, alpha) => dense.biasLeakyReluGrad(v(y), v(dy), v(dz), v(dbias), rows, cols, alpha),
    softmax: (x, out, rows, cols) => sm.softmax(v(x), v(out), rows, cols),
    softmaxGrad: (y, dy, out, rows, cols) => sm.softmaxGrad(v(y), v(dy), v(out), rows, cols),
    softmaxCrossEntropyWithLogits: (x, z, out, rows, cols) => sm.softmaxCrossEntropyWithLogits(v(x), v(z), v(out), rows, cols),
    softmaxCrossEntropyWithLogitsGrad: (x, z, dy, out, rows, cols) => sm.softmaxCrossEntropyWithLogitsGrad(v(x), v(z), v(dy), v(out), rows, cols),
    softmaxSpans: (x, spans, out, rows, cols, n) => sm.softmaxSpans(v(x), v(spans), v(out), rows, cols, n),
    softmaxSpansGrad: (y, dy, spans, out, rows, cols, n) => sm.softmaxSpansGrad(v(y), v(dy), v(spans), v(out), rows, cols, n),
    softmaxCrossEntropySpans: (x, z, spans, out, rows, cols, n) => sm.softmaxCrossEntropySpans(v(x), v(z), v(spans), v(out), rows, cols, n),
    softmaxCrossEntropySpansGrad: (x, z, spans, dy, out, rows, cols, n) =>
      sm.softmaxCrossEntropySpansGrad(v(x), v(z), v(spans), v(dy), v(out), rows, cols, n),
    rmsNormalize: (x, out, rows, cols, eps) => norm.rmsNormalize(v(x), v(out), rows, cols, eps),
    rmsNormalizeGrad: (x, dy, out, rows, cols, eps) => norm.rmsNormalizeGrad(v(x), v(dy), v(out), rows, cols, eps),
  };
}
