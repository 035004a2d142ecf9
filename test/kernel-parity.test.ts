import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KERNEL_NAMES, Rng, createCpuBackend, type Backend, type DataHandle } from '../src/index.js';
import { backendCases, missingKernels, probeWebGpu, relativeError, webgpuCase } from './helpers/backends.js';

const webgpuAvailable = await probeWebGpu();

/**
 * Every kernel of every backend against the scalar CPU reference, on random inputs of awkward shapes.
 * Outputs are poisoned with NaN before each run, so an element a kernel forgets to write fails.
 */
const reference = createCpuBackend();
const rng = new Rng(42);
const random = (n: number, scale = 1) => Float32Array.from({ length: n }, () => (2 * rng.uniform() - 1) * scale);

/** One kernel call described independently of the backend: inputs, output sizes and the call. */
interface Case {
  label: string;
  inputs: Float32Array[];
  /** Lengths of the buffers the kernel writes (outputs, or in-place state). */
  outputs: number[];
  /** Initial contents of output buffers (in-place kernels); default: poisoned with NaN. */
  initial?: Float32Array[];
  call: (b: Backend, inputs: DataHandle[], outputs: DataHandle[]) => void;
}

function cases(): Case[] {
  const list: Case[] = [];
  const matmulShapes: [number, number, number][] = [[1, 1, 1], [7, 65, 3], [65, 257, 33], [257, 33, 7], [4, 8, 8], [9, 1023, 17], [257, 64, 256]];
  for (const [m, k, n] of matmulShapes) {
    for (const tA of [false, true]) for (const tB of [false, true]) {
      list.push({
        label: `matmul ${m}×${k}×${n}${tA ? ' Aᵀ' : ''}${tB ? ' Bᵀ' : ''}`,
        inputs: [random(m * k), random(k * n)], outputs: [m * n],
        call: (b, [x, y], [o]) => b.kernels.matmul(x, y, o, m, k, n, tA, tB),
      });
    }
  }
  // One-hot rows (a table's condition: class + one level), with a row of zeros, a non-unit entry and batch 1.
  for (const [rows, k, n] of [[1, 1, 1], [1, 9, 7], [7, 65, 3], [65, 33, 257], [257, 160, 128]]) {
    const x = new Float32Array(rows * k);
    for (let r = 0; r < rows; r++) { x[r * k + (r % Math.min(2, k))] = 1; x[r * k + ((r * 7 + 3) % k)] = 1; }
    if (rows > 2) { x.fill(0, k, 2 * k); x[2 * k + k - 1] = -0.75; }
    const w = random(k * n), dy = random(rows * n);
    list.push({ label: `oneHotMatmul ${rows}×${k}×${n}`, inputs: [x, w], outputs: [rows * n], call: (b, [p, q], [o]) => b.kernels.oneHotMatmul(p, q, o, rows, k, n) });
    list.push({ label: `oneHotMatmulGrad ${rows}×${k}×${n}`, inputs: [x, dy], outputs: [k * n], call: (b, [p, q], [o]) => b.kernels.oneHotMatmulGrad(p, q, o, rows, k, n) });
  }
  for (const size of [1, 7, 65, 257 * 33]) {
    const x = random(size, 4), y = random(size, 4), z = Float32Array.from({ length: size }, () => rng.uniform());
    list.push({ label: `add ${size}`, inputs: [x, y], outputs: [size], call: (b, [p, q], [o]) => b.kernels.add(p, q, o, size) });
    list.push({ label: `sub ${size}`, inputs: [x, y], outputs: [size], call: (b, [p, q], [o]) => b.kernels.sub(p, q, o, size) });
    list.push({ label: `mul ${size}`, inputs: [x, y], outputs: [size], call: (b, [p, q], [o]) => b.kernels.mul(p, q, o, size) });
    list.push({ label: `scale ${size}`, inputs: [x], outputs: [size], call: (b, [p], [o]) => b.kernels.scale(p, o, size, -0.37) });
    list.push({ label: `leakyRelu ${size}`, inputs: [x], outputs: [size], call: (b, [p], [o]) => b.kernels.leakyRelu(p, o, size, 0.2) });
    list.push({ label: `leakyReluGrad ${size}`, inputs: [x, y], outputs: [size], call: (b, [p, q], [o]) => b.kernels.leakyReluGrad(p, q, o, size, 0.2) });
    list.push({ label: `sigmoid ${size}`, inputs: [x], outputs: [size], call: (b, [p], [o]) => b.kernels.sigmoid(p, o, size) });
    list.push({ label: `sigmoidGrad ${size}`, inputs: [z, y], outputs: [size], call: (b, [p, q], [o]) => b.kernels.sigmoidGrad(p, q, o, size) });
    list.push({ label: `tanh ${size}`, inputs: [x], outputs: [size], call: (b, [p], [o]) => b.kernels.tanh(p, o, size) });
    list.push({ label: `tanhGrad ${size}`, inputs: [z, y], outputs: [size], call: (b, [p, q], [o]) => b.kernels.tanhGrad(p, q, o, size) });
    list.push({ label: `exp ${size}`, inputs: [random(size, 20)], outputs: [size], call: (b, [p], [o]) => b.kernels.exp(p, o, size) });
    list.push({ label: `sigmoidCrossEntropyWithLogits ${size}`, inputs: [random(size, 120), z], outputs: [size], call: (b, [p, q], [o]) => b.kernels.sigmoidCrossEntropyWithLogits(p, q, o, size) });
    list.push({ label: `sigmoidCrossEntropyWithLogitsGrad ${size}`, inputs: [random(size, 120), z, y], outputs: [size], call: (b, [p, q, r], [o]) => b.kernels.sigmoidCrossEntropyWithLogitsGrad(p, q, r, o, size) });
    list.push({ label: `sumAll ${size}`, inputs: [x], outputs: [1], call: (b, [p], [o]) => b.kernels.sumAll(p, o, size) });
    list.push({ label: `fill ${size}`, inputs: [], outputs: [size], call: (b, [], [o]) => b.kernels.fill(o, size, 3.25) });
    list.push({ label: `randomNormal ${size}`, inputs: [], outputs: [size], call: (b, [], [o]) => b.kernels.randomNormal(o, size, 1234, 99, 0.5, 2) });
    list.push({ label: `copy ${size}`, inputs: [x], outputs: [size + 3], initial: [random(size + 3)], call: (b, [p], [o]) => b.kernels.copy(p, 0, o, 3, size) });
    const state = () => [random(size), random(size), Float32Array.from({ length: size }, () => rng.uniform())];
    list.push({ label: `adam ${size}`, inputs: [y], outputs: [size, size, size], initial: state(),
      call: (b, [g], [p, m, v]) => b.kernels.adam(p, g, m, v, size, { lr: 0.01, beta1: 0.5, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, step: 7 }) });
    list.push({ label: `sgdMomentum ${size}`, inputs: [y], outputs: [size, size], initial: state().slice(0, 2),
      call: (b, [g], [p, vel]) => b.kernels.sgdMomentum(p, g, vel, size, 0.1, 0.9) });
  }
  for (const [rows, cols] of [[1, 1], [7, 65], [65, 257], [257, 33]]) {
    const x = random(rows * cols), row = random(cols);
    list.push({ label: `addRowBroadcast ${rows}×${cols}`, inputs: [x, row], outputs: [rows * cols], call: (b, [p, q], [o]) => b.kernels.addRowBroadcast(p, q, o, rows, cols) });
    list.push({ label: `tileRows ${rows}×${cols}`, inputs: [row], outputs: [rows * cols], call: (b, [p], [o]) => b.kernels.tileRows(p, o, rows, cols) });
    list.push({ label: `sumAxis0 ${rows}×${cols}`, inputs: [x], outputs: [cols], call: (b, [p], [o]) => b.kernels.sumAxis0(p, o, rows, cols) });
    const colsB = 7, y = random(rows * colsB);
    list.push({ label: `concatColumns ${rows}×(${cols}+${colsB})`, inputs: [x, y], outputs: [rows * (cols + colsB)], call: (b, [p, q], [o]) => b.kernels.concatColumns(p, q, o, rows, cols, colsB) });
    const start = Math.floor(cols / 3), width = Math.max(1, cols - start - 1);
    list.push({ label: `sliceColumns ${rows}×${cols}[${start}:+${width}]`, inputs: [x], outputs: [rows * width], call: (b, [p], [o]) => b.kernels.sliceColumns(p, o, rows, cols, start, width) });
  }
  for (const [rows, cols] of [[1, 1], [1, 65], [7, 65], [65, 257], [257, 33], [64, 256]]) {
    const x = random(rows * cols, 2), bias = random(cols), dy = random(rows * cols);
    for (const alpha of [0.2, 0]) {
      list.push({ label: `biasLeakyRelu ${rows}×${cols} α=${alpha}`, inputs: [x, bias], outputs: [rows * cols],
        call: (b, [p, q], [o]) => b.kernels.biasLeakyRelu(p, q, o, rows, cols, alpha) });
      list.push({ label: `biasLeakyReluGrad ${rows}×${cols} α=${alpha}`, inputs: [x, dy], outputs: [rows * cols, cols],
        call: (b, [y, g], [dz, db]) => b.kernels.biasLeakyReluGrad(y, g, dz, db, rows, cols, alpha) });
    }
  }
  for (const [rows, cols] of [[1, 1], [1, 7], [7, 65], [65, 3], [257, 2], [3, 257]]) {
    const x = random(rows * cols, 30), y = Float32Array.from({ length: rows * cols }, () => rng.uniform()), dy = random(rows * cols);
    const labels = Float32Array.from({ length: rows * cols }, (_, i) => (i % cols === (Math.floor(i / cols) * 5) % cols ? 1 : 0));
    labels[0] = 0.25; // a soft label: the gradient scales softmax by the label mass
    list.push({ label: `softmax ${rows}×${cols}`, inputs: [x], outputs: [rows * cols], call: (b, [p], [o]) => b.kernels.softmax(p, o, rows, cols) });
    list.push({ label: `softmaxGrad ${rows}×${cols}`, inputs: [y, dy], outputs: [rows * cols], call: (b, [p, q], [o]) => b.kernels.softmaxGrad(p, q, o, rows, cols) });
    list.push({ label: `softmaxCrossEntropyWithLogits ${rows}×${cols}`, inputs: [x, labels], outputs: [rows],
      call: (b, [p, q], [o]) => b.kernels.softmaxCrossEntropyWithLogits(p, q, o, rows, cols) });
    list.push({ label: `softmaxCrossEntropyWithLogitsGrad ${rows}×${cols}`, inputs: [x, labels, random(rows)], outputs: [rows * cols],
      call: (b, [p, q, r], [o]) => b.kernels.softmaxCrossEntropyWithLogitsGrad(p, q, r, o, rows, cols) });
  }
  // Column spans (a table's categorical heads): a single span, width-1 spans, batch 1, awkward widths.
  for (const [rows, bounds] of [[1, [0, 1]], [1, [0, 3, 4, 11]], [7, [0, 2, 9, 10, 33]], [65, [0, 65]], [257, [0, 12, 17, 24, 43, 45, 53, 66]]] as [number, number[]][]) {
    const cols = bounds[bounds.length - 1], n = bounds.length - 1, spans = Float32Array.from(bounds);
    const x = random(rows * cols, 30), y = Float32Array.from({ length: rows * cols }, () => rng.uniform()), dy = random(rows * cols);
    // Each row's label: one level of one span (CTGAN's condition), the first row's a soft one.
    const labels = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) labels[r * cols + ((r * 7) % cols)] = 1;
    labels[0] = 0.25;
    const shape = `${rows}×${cols} (${n} spans)`;
    list.push({ label: `softmaxSpans ${shape}`, inputs: [x, spans], outputs: [rows * cols], call: (b, [p, s], [o]) => b.kernels.softmaxSpans(p, s, o, rows, cols, n) });
    list.push({ label: `softmaxSpansGrad ${shape}`, inputs: [y, dy, spans], outputs: [rows * cols], call: (b, [p, q, s], [o]) => b.kernels.softmaxSpansGrad(p, q, s, o, rows, cols, n) });
    list.push({ label: `softmaxCrossEntropySpans ${shape}`, inputs: [x, labels, spans], outputs: [rows],
      call: (b, [p, q, s], [o]) => b.kernels.softmaxCrossEntropySpans(p, q, s, o, rows, cols, n) });
    list.push({ label: `softmaxCrossEntropySpansGrad ${shape}`, inputs: [x, labels, spans, random(rows)], outputs: [rows * cols],
      call: (b, [p, q, s, r], [o]) => b.kernels.softmaxCrossEntropySpansGrad(p, q, s, r, o, rows, cols, n) });
  }
  for (const [rows, cols] of [[1, 1], [1, 64], [7, 65], [257, 7], [65, 257], [256, 64]]) {
    // One row scaled down by 1e3 and one all-zero row (if there are enough): eps matters only there.
    const x = random(rows * cols, 3), dy = random(rows * cols);
    if (rows > 2) {
      for (let c = 0; c < cols; c++) { x[cols + c] *= 1e-3; x[2 * cols + c] = 0; }
    }
    for (const eps of [1e-6, 0.5]) {
      list.push({ label: `rmsNormalize ${rows}×${cols} ε=${eps}`, inputs: [x], outputs: [rows * cols], call: (b, [p], [o]) => b.kernels.rmsNormalize(p, o, rows, cols, eps) });
      // A one-column row's gradient is dy·ε/(x²+ε)^1.5, the difference of two nearly equal numbers: float32
      // keeps it only to absolute, not relative, precision when ε ≪ x².
      if (cols === 1 && eps < 0.1) continue;
      list.push({ label: `rmsNormalizeGrad ${rows}×${cols} ε=${eps}`, inputs: [x, dy], outputs: [rows * cols],
        call: (b, [p, q], [o]) => b.kernels.rmsNormalizeGrad(p, q, o, rows, cols, eps) });
    }
  }
  return list;
}

const allCases = cases();

it('the parity suite covers every named kernel', () => {
  const covered = new Set(allCases.map((c) => c.label.split(' ')[0]));
  expect(KERNEL_NAMES.filter((k) => !covered.has(k))).toEqual([]);
});

async function run(b: Backend, c: Case): Promise<Float32Array[]> {
  const inputs = c.inputs.map((data) => { const h = b.alloc(data.length); b.write(h, data); return h; });
  const outputs = c.outputs.map((n, i) => {
    const h = b.alloc(n);
    b.write(h, c.initial?.[i] ?? new Float32Array(n).fill(NaN));
    return h;
  });
  c.call(b, inputs, outputs);
  const results = await Promise.all(outputs.map(async (h) => Float32Array.from(await b.read(h))));
  for (const h of [...inputs, ...outputs]) b.free(h);
  return results;
}

for (const backendCase of [...backendCases.filter((c) => c.name !== 'cpu'), webgpuCase]) {
  describe.skipIf(backendCase === webgpuCase && !webgpuAvailable)(`kernel parity: ${backendCase.name} vs cpu`, () => {
    let backend: Backend;
    beforeAll(async () => { backend = await backendCase.create(); });
    afterAll(() => backend?.destroy());

    it('implements every named kernel', () => expect(missingKernels(backend)).toEqual([]));

    it.each(allCases.map((c) => [c.label, c] as const))('%s', async (_label, c) => {
      const expected = await run(reference, c);
      const actual = await run(backend, c);
      for (let i = 0; i < expected.length; i++) {
        expect(actual[i].some(Number.isNaN), 'an output element was left unwritten (NaN)').toBe(false);
        expect(relativeError(expected[i], actual[i])).toBeLessThanOrEqual(backendCase.tolerance);
      }
    });

    it('leaks no storage over the suite', () => expect(backend.memory()).toEqual({ buffers: 0, bytes: 0 }));
  });
}
