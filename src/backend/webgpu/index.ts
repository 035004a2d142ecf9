/**
 * The WebGPU backend: every kernel is a WGSL compute shader (shaders/*.wgsl), tensors stay in GPU
 * buffers, and a training step's dispatches are batched into one command buffer. Data crosses to the
 * host only in `read` (a tensor's `data()`), which is also when the batch is submitted.
 */
import type { Backend, DataHandle, Kernels, MemoryInfo } from '../backend.js';
import { BufferPool } from './buffer-pool.js';
import { acquireDevice } from './device.js';
import type { PackageImporter } from '../optional-package.js';
import { Dispatcher, type DispatchCounters, type KernelSpec } from './dispatcher.js';

/** Options of {@link createWebGpuBackend}. */
export interface WebGpuBackendOptions {
  /** Accept a software adapter (llvmpipe, SwiftShader) when no hardware one exists; default false. */
  allowSoftware?: boolean;
  /** How to load the optional `webgpu` package (Dawn) where there is no navigator.gpu (see PackageImporter). */
  importPackage?: PackageImporter;
}

/** The WebGPU backend's own extras: counters that tests and benchmarks read. */
export interface WebGpuBackend extends Backend {
  /** True when running on a software adapter (a test setting, slower than the CPU backends). */
  readonly software: boolean;
  /** A snapshot of the dispatcher's counters plus the GPU buffers ever created (a pool miss each). */
  counters(): DispatchCounters & { gpuBuffersCreated: number };
}

interface GpuHandle extends DataHandle {
  readonly buffer: GPUBuffer;
}

const K = (family: string, entry: string, ...access: ('read' | 'write')[]): KernelSpec => ({ family, entry, access });
const SPECS = {
  matmul: K('matmul', 'matmul', 'read', 'read', 'write'),
  oneHotMatmul: K('gather', 'oneHotMatmul', 'read', 'read', 'write'),
  oneHotMatmulGrad: K('gather', 'oneHotMatmulGrad', 'read', 'read', 'write'),
  add: K('elementwise', 'add', 'read', 'read', 'write'),
  sub: K('elementwise', 'sub', 'read', 'read', 'write'),
  mul: K('elementwise', 'mul', 'read', 'read', 'write'),
  scale: K('elementwise', 'scale', 'read', 'read', 'write'),
  fill: K('elementwise', 'fill', 'read', 'read', 'write'),
  leakyRelu: K('elementwise', 'leakyRelu', 'read', 'read', 'write'),
  leakyReluGrad: K('elementwise', 'leakyReluGrad', 'read', 'read', 'write'),
  sigmoid: K('elementwise', 'sigmoid', 'read', 'read', 'write'),
  sigmoidGrad: K('elementwise', 'sigmoidGrad', 'read', 'read', 'write'),
  tanh: K('elementwise', 'tanhForward', 'read', 'read', 'write'),
  tanhGrad: K('elementwise', 'tanhGrad', 'read', 'read', 'write'),
  exp: K('elementwise', 'expForward', 'read', 'read', 'write'),
  sce: K('loss', 'sigmoidCrossEntropyWithLogits', 'read', 'read', 'read', 'write'),
  sceGrad: K('loss', 'sigmoidCrossEntropyWithLogitsGrad', 'read', 'read', 'read', 'write'),
  sumAll: K('reduce', 'sumAll', 'read', 'read', 'write'),
  sumAxis0: K('reduce', 'sumAxis0', 'read', 'read', 'write'),
  tileRows: K('reduce', 'tileRows', 'read', 'read', 'write'),
  addRowBroadcast: K('reduce', 'addRowBroadcast', 'read', 'read', 'write'),
  concatColumns: K('layout', 'concatColumns', 'read', 'read', 'write'),
  sliceColumns: K('layout', 'sliceColumns', 'read', 'read', 'write'),
  copy: K('layout', 'copy', 'read', 'read', 'write'),
  adam: K('optimizers', 'adam', 'read', 'write', 'write', 'write'),
  sgdMomentum: K('optimizers', 'sgdMomentum', 'read', 'write', 'write', 'write'),
  randomNormal: K('random', 'randomNormal', 'write'),
  biasLeakyRelu: K('dense', 'biasLeakyRelu', 'read', 'read', 'write', 'write'),
  biasLeakyReluGrad: K('dense', 'biasLeakyReluGrad', 'read', 'read', 'write', 'write'),
  softmaxSpans: K('spans', 'softmaxSpans', 'read', 'read', 'read', 'read', 'write'),
  softmaxSpansGrad: K('spans', 'softmaxSpansGrad', 'read', 'read', 'read', 'read', 'write'),
  softmaxCeSpans: K('spans', 'softmaxCrossEntropySpans', 'read', 'read', 'read', 'read', 'write'),
  softmaxCeSpansGrad: K('spans', 'softmaxCrossEntropySpansGrad', 'read', 'read', 'read', 'read', 'write'),
  rmsNormalize: K('normalize', 'rmsNormalize', 'read', 'read', 'write'),
  rmsNormalizeGrad: K('normalize', 'rmsNormalizeGrad', 'read', 'read', 'write'),
} satisfies Record<string, KernelSpec>;

const groupsFor = (elements: number) => Math.max(1, Math.ceil(elements / 256));

/**
 * The WebGPU backend: every kernel a WGSL compute shader (shaders/), batched by one dispatcher;
 * `navigator.gpu` in a page, the optional `webgpu` package (Dawn) in Node.
 */
export async function createWebGpuBackend(options: WebGpuBackendOptions = {}): Promise<WebGpuBackend> {
  const acquired = await acquireDevice({ allowSoftware: options.allowSoftware ?? false, importPackage: options.importPackage });
  const { device } = acquired;
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const pool = new BufferPool(device, usage);
  const staging = new BufferPool(device, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
  const dispatcher = new Dispatcher(device, (b) => pool.id(b), () => { pool.commandsSubmitted(); staging.commandsSubmitted(); });
  await dispatcher.compileAll(Object.values(SPECS));
  // Bound where a kernel ignores a binding: distinct from every tensor, so it never aliases a written one.
  const placeholder = device.createBuffer({ size: 256, usage: GPUBufferUsage.STORAGE });
  const stats: MemoryInfo = { buffers: 0, bytes: 0 };
  const g = (h: DataHandle) => (h as GpuHandle).buffer;
  const d = dispatcher;

  const unary = (spec: KernelSpec) => (x: DataHandle, out: DataHandle, size: number, scalar = 0) =>
    d.dispatch(spec, 'uf', [size, scalar], [g(x), placeholder, g(out)], groupsFor(size));
  const binary = (spec: KernelSpec) => (x: DataHandle, y: DataHandle, out: DataHandle, size: number, scalar = 0) =>
    d.dispatch(spec, 'uf', [size, scalar], [g(x), g(y), g(out)], groupsFor(size));
  /** The spans [0, cols] of one span covering the whole row, uploaded once per width (a pooled buffer, so it has its own bind-group id). */
  const wholeRows = new Map<number, GpuHandle>();
  const wholeRow = (cols: number): GpuHandle => {
    let spans = wholeRows.get(cols);
    if (!spans) {
      spans = { length: 2, buffer: pool.acquire(8) };
      device.queue.writeBuffer(spans.buffer, 0, Float32Array.of(0, cols));
      wholeRows.set(cols, spans);
    }
    return spans;
  };
  const layoutParams = (rows: number, colsA: number, colsB: number, start: number, width: number, srcOffset: number, dstOffset: number, size: number) =>
    [rows, colsA, colsB, start, width, srcOffset, dstOffset, size];

  const kernels: Kernels = {
    matmul: (a, b, out, m, k, n, tA, tB) =>
      d.dispatch(SPECS.matmul, 'uuuu', [m, k, n, (tA ? 1 : 0) | (tB ? 2 : 0)], [g(a), g(b), g(out)], [Math.ceil(n / 64), Math.ceil(m / 64)]),
    oneHotMatmul: (x, w, out, rows, k, n) => d.dispatch(SPECS.oneHotMatmul, 'uuu', [rows, k, n], [g(x), g(w), g(out)], groupsFor(rows * n)),
    oneHotMatmulGrad: (x, dy, dw, rows, k, n) => d.dispatch(SPECS.oneHotMatmulGrad, 'uuu', [rows, k, n], [g(x), g(dy), g(dw)], groupsFor(k * n)),
    add: binary(SPECS.add),
    sub: binary(SPECS.sub),
    mul: binary(SPECS.mul),
    scale: (a, out, size, factor) => unary(SPECS.scale)(a, out, size, factor),
    addRowBroadcast: (a, bias, out, rows, cols) => d.dispatch(SPECS.addRowBroadcast, 'uu', [rows, cols], [g(a), g(bias), g(out)], groupsFor(rows * cols)),
    tileRows: (row, out, rows, cols) => d.dispatch(SPECS.tileRows, 'uu', [rows, cols], [g(row), placeholder, g(out)], groupsFor(rows * cols)),
    leakyRelu: (x, out, size, alpha) => unary(SPECS.leakyRelu)(x, out, size, alpha),
    leakyReluGrad: (x, dy, out, size, alpha) => binary(SPECS.leakyReluGrad)(x, dy, out, size, alpha),
    sigmoid: unary(SPECS.sigmoid),
    sigmoidGrad: binary(SPECS.sigmoidGrad),
    tanh: unary(SPECS.tanh),
    tanhGrad: binary(SPECS.tanhGrad),
    exp: unary(SPECS.exp),
    sigmoidCrossEntropyWithLogits: (x, z, out, size) => d.dispatch(SPECS.sce, 'u', [size], [g(x), g(z), placeholder, g(out)], groupsFor(size)),
    sigmoidCrossEntropyWithLogitsGrad: (x, z, dy, out, size) => d.dispatch(SPECS.sceGrad, 'u', [size], [g(x), g(z), g(dy), g(out)], groupsFor(size)),
    sumAll: (x, out, size) => d.dispatch(SPECS.sumAll, 'uu', [size, 1], [g(x), placeholder, g(out)], 1),
    sumAxis0: (x, out, rows, cols) => d.dispatch(SPECS.sumAxis0, 'uu', [rows, cols], [g(x), placeholder, g(out)], cols),
    concatColumns: (a, b, out, rows, colsA, colsB) =>
      d.dispatch(SPECS.concatColumns, 'uuuuuuuu', layoutParams(rows, colsA, colsB, 0, 0, 0, 0, 0), [g(a), g(b), g(out)], groupsFor(rows * (colsA + colsB))),
    sliceColumns: (x, out, rows, cols, start, width) =>
      d.dispatch(SPECS.sliceColumns, 'uuuuuuuu', layoutParams(rows, cols, 0, start, width, 0, 0, 0), [g(x), placeholder, g(out)], groupsFor(rows * width)),
    copy: (src, srcOffset, dst, dstOffset, size) =>
      d.dispatch(SPECS.copy, 'uuuuuuuu', layoutParams(0, 0, 0, 0, 0, srcOffset, dstOffset, size), [g(src), placeholder, g(dst)], groupsFor(size)),
    fill: (out, size, value) => d.dispatch(SPECS.fill, 'uf', [size, value], [placeholder, placeholder, g(out)], groupsFor(size)),
    randomNormal: (out, size, seed, offset, mean, std) =>
      d.dispatch(SPECS.randomNormal, 'uuuff', [size, seed, offset, mean, std], [g(out)], groupsFor(size)),
    adam: (param, grad, m, v, size, p) =>
      d.dispatch(SPECS.adam, 'ufffffff', [size, p.lr, p.beta1, p.beta2, p.eps, p.weightDecay, 1 - p.beta1 ** p.step, 1 - p.beta2 ** p.step],
        [g(grad), g(param), g(m), g(v)], groupsFor(size)),
    sgdMomentum: (param, grad, velocity, size, lr, momentum) =>
      d.dispatch(SPECS.sgdMomentum, 'ufffffff', [size, lr, momentum, 0, 0, 0, 1, 1], [g(grad), g(param), g(velocity), placeholder], groupsFor(size)),
    biasLeakyRelu: (a, bias, out, rows, cols, alpha) =>
      d.dispatch(SPECS.biasLeakyRelu, 'uuf', [rows, cols, alpha], [g(a), g(bias), g(out), placeholder], groupsFor(rows * cols)),
    biasLeakyReluGrad: (y, dy, dz, dbias, rows, cols, alpha) =>
      d.dispatch(SPECS.biasLeakyReluGrad, 'uuf', [rows, cols, alpha], [g(y), g(dy), g(dz), g(dbias)], cols),
    // The row kernels are the span kernels' one-span case, as on the CPU backend (cpu/softmax.ts).
    softmax: (x, out, rows, cols) => kernels.softmaxSpans(x, wholeRow(cols), out, rows, cols, 1),
    softmaxGrad: (y, dy, out, rows, cols) => kernels.softmaxSpansGrad(y, dy, wholeRow(cols), out, rows, cols, 1),
    softmaxCrossEntropyWithLogits: (x, z, out, rows, cols) => kernels.softmaxCrossEntropySpans(x, z, wholeRow(cols), out, rows, cols, 1),
    softmaxCrossEntropyWithLogitsGrad: (x, z, dy, out, rows, cols) => kernels.softmaxCrossEntropySpansGrad(x, z, wholeRow(cols), dy, out, rows, cols, 1),
    softmaxSpans: (x, spans, out, rows, cols, n) =>
      d.dispatch(SPECS.softmaxSpans, 'uuu', [rows, cols, n], [g(x), placeholder, placeholder, g(spans), g(out)], groupsFor(rows * n)),
    softmaxSpansGrad: (y, dy, spans, out, rows, cols, n) =>
      d.dispatch(SPECS.softmaxSpansGrad, 'uuu', [rows, cols, n], [g(y), placeholder, g(dy), g(spans), g(out)], groupsFor(rows * n)),
    softmaxCrossEntropySpans: (x, z, spans, out, rows, cols, n) =>
      d.dispatch(SPECS.softmaxCeSpans, 'uuu', [rows, cols, n], [g(x), g(z), placeholder, g(spans), g(out)], groupsFor(rows)),
    softmaxCrossEntropySpansGrad: (x, z, spans, dy, out, rows, cols, n) =>
      d.dispatch(SPECS.softmaxCeSpansGrad, 'uuu', [rows, cols, n], [g(x), g(z), g(dy), g(spans), g(out)], groupsFor(rows * n)),
    rmsNormalize: (x, out, rows, cols, eps) => d.dispatch(SPECS.rmsNormalize, 'uuf', [rows, cols, eps], [g(x), placeholder, g(out)], groupsFor(rows)),
    rmsNormalizeGrad: (x, dy, out, rows, cols, eps) => d.dispatch(SPECS.rmsNormalizeGrad, 'uuf', [rows, cols, eps], [g(x), g(dy), g(out)], groupsFor(rows)),
  };

  return {
    name: 'webgpu',
    description: `WebGPU on ${acquired.adapterName}`,
    software: acquired.software,
    bytesPerElement: 4,
    kernels,
    alloc(length) {
      stats.buffers++;
      stats.bytes += length * 4;
      return { length, buffer: pool.acquire(length * 4) } satisfies GpuHandle;
    },
    write(handle, data) {
      d.check();
      const values = data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
      device.queue.writeBuffer(g(handle), 0, values.buffer, values.byteOffset, handle.length * 4);
      d.counters.uploads++;
    },
    async read(handle) {
      const bytes = handle.length * 4;
      const target = staging.acquire(bytes);
      d.encoderForCopy().copyBufferToBuffer(g(handle), 0, target, 0, Math.ceil(bytes / 4) * 4);
      d.submit();
      d.counters.reads++;
      await target.mapAsync(GPUMapMode.READ, 0, BufferPool.sizeClass(bytes));
      d.check();
      const result = new Float32Array(target.getMappedRange(0, BufferPool.sizeClass(bytes)).slice(0, bytes));
      target.unmap();
      staging.release(target);
      return result;
    },
    free(handle) {
      stats.buffers--;
      stats.bytes -= handle.length * 4;
      pool.release(g(handle));
    },
    memory: () => ({ ...stats }),
    counters: () => ({ ...d.counters, gpuBuffersCreated: pool.createdCount }),
    flush: () => d.submit(),
    destroy() {
      d.destroy();
      pool.destroy();
      staging.destroy();
      placeholder.destroy();
      device.destroy();
      void acquired.keepAlive;
    },
  };
}
