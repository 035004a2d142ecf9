/**
 * The gpu.js backend: every kernel is a gpu.js kernel (a JavaScript function that gpu.js translates
 * for its mode: WebAssembly (`webasm`) or plain JS (`cpu`) in Node, WebGL2 in browsers, headless-gl
 * where the optional `gl` package is installed).
 *
 * Data stays in gpu.js's own output arrays: a handle points at the array a kernel returned, and the
 * next kernel takes it as input, so nothing is copied between kernels. In-place updates (Adam, SGD)
 * swap the handle to the kernel's new output.
 *
 * One kernel is computed on the host: randomNormal. Its counter-based hash needs exact 32-bit integer
 * multiplication, which gpu.js's translation (float arithmetic on GL) does not provide; it uses the
 * same `normalAt` as the CPU backend, so the stream is identical.
 */
import type * as GpuJsModule from 'gpu.js';
import type { Backend, DataHandle, Kernels, MemoryInfo } from '../backend.js';
import { normalAt } from '../counter-rng.js';
import { importOptional, type PackageImporter } from '../optional-package.js';
import { gpuJsDenseKernels } from './dense.js';
import { gpujsSoftmaxKernels } from './softmax.js';
import { gpujsNormalizeKernels } from './normalize.js';

/**
 * gpu.js's execution modes: WebAssembly (`webasm`) or plain JS (`cpu`) in Node, WebGL2 (`webgl2`, or
 * `gpu`) in a browser, headless-gl where the optional `gl` package is installed (see the top of this file).
 */
export type GpuJsMode = 'webasm' | 'cpu' | 'headlessgl' | 'webgl2' | 'gpu';

/** Options of {@link createGpuJsBackend}. */
export interface GpuJsBackendOptions {
  /** gpu.js mode; default `webasm` in Node, `gpu` (WebGL2) in browsers. */
  mode?: GpuJsMode;
  /** How to load the optional `gpu.js` package (see PackageImporter). */
  importPackage?: PackageImporter;
}

interface GpuJsHandle extends DataHandle {
  array: Float32Array;
}

type Kernel = ((...args: unknown[]) => Float32Array) & { setOutput(o: number[]): Kernel };

/* eslint-disable @typescript-eslint/no-explicit-any -- gpu.js kernel bodies are translated source: `this` is gpu.js's thread context */
type This = { thread: { x: number } };

/**
 * The gpu.js backend (an optional peer package): every kernel as a gpu.js kernel, run in the mode asked
 * for.
 */
export async function createGpuJsBackend(options: GpuJsBackendOptions = {}): Promise<Backend> {
  const isNode = typeof process !== 'undefined' && !!process.versions?.node;
  const requested = options.mode ?? (isNode ? 'webasm' : 'gpu');
  // gpu.js is CommonJS: its exports arrive as the namespace's default.
  const loaded = await importOptional<typeof GpuJsModule & { default?: typeof GpuJsModule }>('gpu.js', 'gpujs', options.importPackage);
  const gpujs = loaded.default ?? loaded;
  const gpu = new gpujs.GPU({ mode: requested === 'webgl2' ? 'gpu' : requested });
  const stats: MemoryInfo = { buffers: 0, bytes: 0 };
  const opts = { dynamicOutput: true, dynamicArguments: true, output: [1], tactic: 'precision' as const, loopMaxIterations: 1 << 20 };
  const make = (fn: (this: This, ...args: any[]) => number): Kernel => gpu.createKernel(fn as any, opts) as unknown as Kernel;
  const h = (x: DataHandle) => (x as GpuJsHandle).array;
  /** Run kernel `k` with an output of `length`, store its result as `out`'s array. */
  const run = (k: Kernel, out: DataHandle, length: number, ...args: unknown[]) => {
    (out as GpuJsHandle).array = k.setOutput([length])(...args);
  };

  const kMatmul = make(function (a: number[], b: number[], k: number, n: number, m: number, flags: number) {
    const row = Math.floor(this.thread.x / n);
    const col = this.thread.x - row * n;
    let sum = 0;
    for (let p = 0; p < k; p++) {
      const av = flags % 2 === 1 ? a[p * m + row] : a[row * k + p];
      const bv = flags >= 2 ? b[col * k + p] : b[p * n + col];
      sum += av * bv;
    }
    return sum;
  });
  const kAdd = make(function (a: number[], b: number[]) { return a[this.thread.x] + b[this.thread.x]; });
  const kSub = make(function (a: number[], b: number[]) { return a[this.thread.x] - b[this.thread.x]; });
  const kMul = make(function (a: number[], b: number[]) { return a[this.thread.x] * b[this.thread.x]; });
  const kScale = make(function (a: number[], f: number) { return a[this.thread.x] * f; });
  const kFill = make(function (value: number) { return value; });
  const kAddRow = make(function (a: number[], bias: number[], cols: number) { return a[this.thread.x] + bias[this.thread.x % cols]; });
  const kTileRows = make(function (row: number[], cols: number) { return row[this.thread.x % cols]; });
  const kLeaky = make(function (x: number[], alpha: number) { const v = x[this.thread.x]; return v > 0 ? v : alpha * v; });
  const kLeakyGrad = make(function (x: number[], dy: number[], alpha: number) { return x[this.thread.x] > 0 ? dy[this.thread.x] : alpha * dy[this.thread.x]; });
  const kSigmoid = make(function (x: number[]) {
    const v = x[this.thread.x];
    if (v >= 0) return 1 / (1 + Math.exp(-v));
    const e = Math.exp(v);
    return e / (1 + e);
  });
  const kSigmoidGrad = make(function (y: number[], dy: number[]) { const s = y[this.thread.x]; return dy[this.thread.x] * s * (1 - s); });
  const kTanh = make(function (x: number[]) {
    // tanh from exp of a non-positive argument: no overflow for any x.
    const v = x[this.thread.x];
    const e = Math.exp(-2 * Math.abs(v));
    const t = (1 - e) / (1 + e);
    return v < 0 ? -t : t;
  });
  const kTanhGrad = make(function (y: number[], dy: number[]) { const t = y[this.thread.x]; return dy[this.thread.x] * (1 - t * t); });
  const kExp = make(function (x: number[]) { return Math.exp(x[this.thread.x]); });
  const kSce = make(function (x: number[], z: number[]) {
    const v = x[this.thread.x];
    const t = Math.exp(-Math.abs(v));
    const log1p = t < 1e-4 ? t - 0.5 * t * t : Math.log(1 + t);
    return Math.max(v, 0) - v * z[this.thread.x] + log1p;
  });
  const kSceGrad = make(function (x: number[], z: number[], dy: number[]) {
    const v = x[this.thread.x];
    let s = 0;
    if (v >= 0) { s = 1 / (1 + Math.exp(-v)); } else { const e = Math.exp(v); s = e / (1 + e); }
    return dy[this.thread.x] * (s - z[this.thread.x]);
  });
  const kSumAll = make(function (x: number[], size: number) {
    let s = 0;
    for (let i = 0; i < size; i++) s += x[i];
    return s;
  });
  const kSumAxis0 = make(function (x: number[], rows: number, cols: number) {
    let s = 0;
    for (let r = 0; r < rows; r++) s += x[r * cols + this.thread.x];
    return s;
  });
  const kConcat = make(function (a: number[], b: number[], colsA: number, colsB: number) {
    const cols = colsA + colsB;
    const r = Math.floor(this.thread.x / cols);
    const c = this.thread.x - r * cols;
    return c < colsA ? a[r * colsA + c] : b[r * colsB + c - colsA];
  });
  const kSlice = make(function (x: number[], cols: number, start: number, width: number) {
    const r = Math.floor(this.thread.x / width);
    return x[r * cols + start + this.thread.x - r * width];
  });
  const kCopy = make(function (src: number[], dst: number[], srcOffset: number, dstOffset: number, size: number) {
    const i = this.thread.x;
    return i >= dstOffset && i < dstOffset + size ? src[srcOffset + i - dstOffset] : dst[i];
  });
  const kAdamM = make(function (m: number[], g: number[], beta1: number) { return beta1 * m[this.thread.x] + (1 - beta1) * g[this.thread.x]; });
  const kAdamV = make(function (v: number[], g: number[], beta2: number) { const gi = g[this.thread.x]; return beta2 * v[this.thread.x] + (1 - beta2) * gi * gi; });
  const kAdamP = make(function (p: number[], m: number[], v: number[], lr: number, eps: number, wd: number, c1: number, c2: number) {
    const i = this.thread.x;
    const update = (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps);
    return p[i] - lr * (update + wd * p[i]);
  });
  const kSgdV = make(function (vel: number[], g: number[], momentum: number) { return momentum * vel[this.thread.x] + g[this.thread.x]; });
  const kSgdP = make(function (p: number[], vel: number[], lr: number) { return p[this.thread.x] - lr * vel[this.thread.x]; });

  const kernels: Kernels = {
    matmul: (a, b, out, m, k, n, tA, tB) => run(kMatmul, out, m * n, h(a), h(b), k, n, m, (tA ? 1 : 0) + (tB ? 2 : 0)),
    add: (a, b, out, size) => run(kAdd, out, size, h(a), h(b)),
    sub: (a, b, out, size) => run(kSub, out, size, h(a), h(b)),
    mul: (a, b, out, size) => run(kMul, out, size, h(a), h(b)),
    scale: (a, out, size, factor) => run(kScale, out, size, h(a), factor),
    addRowBroadcast: (a, bias, out, rows, cols) => run(kAddRow, out, rows * cols, h(a), h(bias), cols),
    tileRows: (row, out, rows, cols) => run(kTileRows, out, rows * cols, h(row), cols),
    leakyRelu: (x, out, size, alpha) => run(kLeaky, out, size, h(x), alpha),
    leakyReluGrad: (x, dy, out, size, alpha) => run(kLeakyGrad, out, size, h(x), h(dy), alpha),
    sigmoid: (x, out, size) => run(kSigmoid, out, size, h(x)),
    sigmoidGrad: (y, dy, out, size) => run(kSigmoidGrad, out, size, h(y), h(dy)),
    tanh: (x, out, size) => run(kTanh, out, size, h(x)),
    tanhGrad: (y, dy, out, size) => run(kTanhGrad, out, size, h(y), h(dy)),
    exp: (x, out, size) => run(kExp, out, size, h(x)),
    sigmoidCrossEntropyWithLogits: (x, z, out, size) => run(kSce, out, size, h(x), h(z)),
    sigmoidCrossEntropyWithLogitsGrad: (x, z, dy, out, size) => run(kSceGrad, out, size, h(x), h(z), h(dy)),
    sumAll: (x, out, size) => run(kSumAll, out, 1, h(x), size),
    sumAxis0: (x, out, rows, cols) => run(kSumAxis0, out, cols, h(x), rows, cols),
    concatColumns: (a, b, out, rows, colsA, colsB) => run(kConcat, out, rows * (colsA + colsB), h(a), h(b), colsA, colsB),
    sliceColumns: (x, out, rows, cols, start, width) => run(kSlice, out, rows * width, h(x), cols, start, width),
    copy: (src, srcOffset, dst, dstOffset, size) => run(kCopy, dst, dst.length, h(src), h(dst), srcOffset, dstOffset, size),
    fill: (out, size, value) => run(kFill, out, size, value),
    randomNormal: (out, size, seed, offset, mean, std) => {
      const o = new Float32Array(size);
      for (let i = 0; i < size; i++) o[i] = mean + std * normalAt(seed, offset + i);
      (out as GpuJsHandle).array = o;
    },
    adam: (param, grad, m, v, size, p) => {
      run(kAdamM, m, size, h(m), h(grad), p.beta1);
      run(kAdamV, v, size, h(v), h(grad), p.beta2);
      run(kAdamP, param, size, h(param), h(m), h(v), p.lr, p.eps, p.weightDecay, 1 - p.beta1 ** p.step, 1 - p.beta2 ** p.step);
    },
    sgdMomentum: (param, grad, velocity, size, lr, momentum) => {
      run(kSgdV, velocity, size, h(velocity), h(grad), momentum);
      run(kSgdP, param, size, h(param), h(velocity), lr);
    },
    ...gpuJsDenseKernels(make, run, h),
    ...gpujsSoftmaxKernels(make, run, h),
    ...gpujsNormalizeKernels(make, run, h),
  };

  const mode = (gpu as unknown as { mode: string }).mode;
  return {
    name: 'gpujs',
    description: `gpu.js ${mode} mode`,
    bytesPerElement: 4,
    kernels,
    alloc(length) {
      stats.buffers++;
      stats.bytes += length * 4;
      return { length, array: new Float32Array(length) } satisfies GpuJsHandle;
    },
    write(handle, data) {
      const array = new Float32Array(handle.length);
      array.set(data as ArrayLike<number>);
      (handle as GpuJsHandle).array = array;
    },
    async read(handle) { return Float32Array.from(h(handle).subarray(0, handle.length)); },
    free(handle) {
      stats.buffers--;
      stats.bytes -= handle.length * 4;
    },
    memory: () => ({ ...stats }),
    flush() {},
    destroy() { gpu.destroy(); },
  };
}
