/**
 * Batches of one row (issue 13): `add` used to skip the bias broadcast when the matrix had one row, so
 * `mlp(...).forward` on one row, `train --batch 1` and `sample --count 1` all failed with
 * "add needs equal shapes, got [1, 256] and [256]". Every op, every backend and the trainer at batch 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  absolute, add, concatColumns, createCpuBackend, disposeModule, GanTrainer, getBackend, leakyRelu, matmul, mean, mlp, mul, relu,
  reshape, rowSampler, scale, setBackend, sigmoid, sigmoidCrossEntropyWithLogits, sliceColumns, sliceRows, sub, sum, tanh, tensor,
  exp, rmsNormalize, type Backend,
} from '../src/index.js';
import { backendCases, probeWebGpu, webgpuCase } from './helpers/backends.js';
import { checkGradients, useFloat64Reference } from './helpers/gradcheck.js';

describe('batch of one row: gradients against central differences (float64)', () => {
  useFloat64Reference();

  it('bias add broadcasts a vector over one row, whatever the vector\'s rank', async () => {
    await checkGradients([[1, 7], [7]], (a, b) => add(a, b));
    await checkGradients([[1, 7], [1, 7]], (a, b) => add(a, b));
    const y = add(tensor([1, 2, 3], [1, 3]), tensor([10, 20, 30], [3]));
    expect(y.shape).toEqual([1, 3]);
    expect(Array.from(await y.data())).toEqual([11, 22, 33]);
  });

  it('every other op on a [1, n] input', async () => {
    await checkGradients([[1, 5], [1, 5]], (a, b) => sub(a, b));
    await checkGradients([[1, 5], [1, 5]], (a, b) => mul(a, b));
    await checkGradients([[1, 5]], (a) => scale(a, 3));
    await checkGradients([[1, 5], [5, 3]], (a, b) => matmul(a, b));
    await checkGradients([[1, 5], [3, 5]], (a, b) => matmul(a, b, { transposeB: true }));
    await checkGradients([[1, 5]], (a) => leakyRelu(a, 0.2), { gap: 0.05 });
    await checkGradients([[1, 5]], (a) => relu(a), { gap: 0.05 });
    await checkGradients([[1, 5]], (a) => absolute(a), { gap: 0.05 });
    await checkGradients([[1, 5]], (a) => sigmoid(a));
    await checkGradients([[1, 5]], (a) => tanh(a));
    await checkGradients([[1, 5]], (a) => exp(a));
    await checkGradients([[1, 5]], (a) => rmsNormalize(a));
    await checkGradients([[1, 5], [1, 5]], (a, b) => sigmoidCrossEntropyWithLogits(a, sigmoid(b)));
    await checkGradients([[1, 5]], (a) => sum(a, 0));
    await checkGradients([[1, 5]], (a) => mean(a, 0));
    await checkGradients([[1, 5]], (a) => mean(a));
    await checkGradients([[1, 3], [1, 2]], (a, b) => concatColumns(a, b));
    await checkGradients([[1, 5]], (a) => sliceColumns(a, 1, 3));
    await checkGradients([[1, 5]], (a) => sliceRows(a, 0, 1));
    await checkGradients([[1, 6]], (a) => reshape(a, [2, 3]));
  });

  it('a whole MLP on one row equals the same row inside a larger batch', async () => {
    const net = mlp([3, 8, 8, 2], { seed: 4 });
    const rows = [0.3, -1.2, 0.7, 2.0, 0.1, -0.4];
    const batch = Array.from(await net.forward(tensor(rows, [2, 3])).data());
    const one = Array.from(await net.forward(tensor(rows.slice(3), [1, 3])).data());
    expect(one).toEqual(batch.slice(2));
    disposeModule(net);
  });
});

const webgpuAvailable = await probeWebGpu();
for (const backendCase of [...backendCases, webgpuCase]) {
  describe.skipIf(backendCase === webgpuCase && !webgpuAvailable)(`batch of one row on ${backendCase.name}`, () => {
    let previous: Backend;
    let backend: Backend;
    beforeAll(async () => { previous = getBackend(); backend = await backendCase.create(); setBackend(backend); });
    afterAll(() => { setBackend(previous); backend.destroy(); });

    it('mlp forward on one row matches the cpu reference', async () => {
      const input = [0.5, -0.25, 1.5, -2];
      const run = async (b: Backend) => {
        const before = getBackend();
        setBackend(b);
        const net = mlp([4, 16, 3], { seed: 9 });
        const out = Array.from(await net.forward(tensor(input, [1, 4])).data());
        disposeModule(net);
        setBackend(before);
        return out;
      };
      const reference = await run(createCpuBackend());
      const actual = await run(backend);
      expect(actual).toHaveLength(3);
      actual.forEach((v, i) => expect(v).toBeCloseTo(reference[i], 4));
    });

    it('the GAN trainer steps at batch 1 with finite losses', async () => {
      const data = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i));
      const G = mlp([2, 8, 1], { seed: 1 });
      const D = mlp([1, 8, 1], { seed: 2 });
      const trainer = new GanTrainer({ generator: G, discriminator: D, latentDim: 2, batchSize: 1, sampleReal: rowSampler(data, 64, 1, 1).sample });
      const last = await trainer.train(5);
      expect(last!.step).toBe(5);
      expect([last!.dLoss, last!.gLoss].every(Number.isFinite)).toBe(true);
      trainer.dispose(); disposeModule(G); disposeModule(D);
    });
  });
}
