import { describe, expect, it } from 'vitest';
import {
  absolute, add, biasLeakyRelu, concatColumns, leakyRelu, matmul, mean, memory, mul, relu, reshape, scale,
  sigmoid, sigmoidCrossEntropyWithLogits, softmax, softmaxCrossEntropyWithLogits, gumbelSoftmax, Rng, sliceColumns, sliceRows, sub, sum, tanh, tensor, backward, mlp,
  exp, rmsNormalize, softmaxSpans, softmaxCrossEntropySpans, oneHotMatmul, Dense,
} from '../src/index.js';
import { checkGradients, useFloat64Reference } from './helpers/gradcheck.js';

useFloat64Reference();

describe('gradients against central finite differences (float64)', () => {
  for (const [m, k, n] of [[1, 1, 1], [7, 5, 3], [3, 65, 2]]) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        it(`matmul ${m}×${k}×${n} transposeA=${transposeA} transposeB=${transposeB}`, async () => {
          const aShape = transposeA ? [k, m] : [m, k];
          const bShape = transposeB ? [n, k] : [k, n];
          await checkGradients([aShape, bShape], (a, b) => matmul(a, b, { transposeA, transposeB }));
        });
      }
    }
  }

  it('oneHotMatmul: the weight gradient gathered per weight row, the input gradient dense; batch 1', async () => {
    // Fixed one-hot rows (a zero row, a repeated column, a non-unit entry); w and, through the dense rule, x are checked.
    const x = [[1, 0, 0, 1, 0, /**/ 0, 0, 0, 0, 0, /**/ 0, 1, 0, 1, 0, /**/ 0, 0, -0.5, 0, 1]];
    await checkGradients([[4, 5], [5, 3]], (a, w) => oneHotMatmul(a, w), { values: [x[0], Array.from({ length: 15 }, (_, i) => Math.cos(i))] });
    await checkGradients([[5, 3]], (w) => oneHotMatmul(tensor([0, 0, 1, 0, 0], [1, 5]), w));
    await checkGradients([[7, 4]], (w) => oneHotMatmul(tensor(Array.from({ length: 14 }, (_, i) => (i % 5 === 0 ? 1 : 0)), [2, 7]), w));
  });

  it('oneHotMatmul equals matmul, and a Dense layer with one-hot inputs equals the plain one', async () => {
    const x = tensor([1, 0, 0, 0.5, 0, 1, 0, 0, 0, 0, 0, 0], [3, 4]);
    const w = tensor(Array.from({ length: 8 }, (_, i) => i - 3.5), [4, 2]);
    expect(Array.from(await oneHotMatmul(x, w).data())).toEqual(Array.from(await matmul(x, w).data()));
    const plain = new Dense(6, 5, { rng: 4 }), gathered = new Dense(6, 5, { rng: 4, oneHotInputs: 4 });
    const input = tensor([0.3, -1.2, 0, 1, 0, 0, /**/ 2, 0.1, 1, 0, 1, 0], [2, 6]);
    const [a, b] = [await plain.forwardLeakyRelu(input, 0.2).data(), await gathered.forwardLeakyRelu(input, 0.2).data()];
    a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 12));
    await checkGradients([[3, 6]], (xx) => new Dense(6, 5, { rng: 4, oneHotInputs: 4 }).forward(xx));
    expect(() => new Dense(3, 2, { oneHotInputs: 4 })).toThrow(/cannot take 4 one-hot inputs/);
  });

  it('add, sub, mul, scale', async () => {
    await checkGradients([[7, 3], [7, 3]], (a, b) => add(a, b));
    await checkGradients([[7, 3], [7, 3]], (a, b) => sub(a, b));
    await checkGradients([[7, 3], [7, 3]], (a, b) => mul(a, b));
    await checkGradients([[1]], (a) => scale(a, -2.5));
  });

  it('bias add broadcasts over rows and sums the gradient back', async () => {
    await checkGradients([[65, 7], [7]], (a, b) => add(a, b));
    await checkGradients([[7, 1], [1, 1]], (a, b) => add(a, b));
  });

  it('fan-out: a tensor used several times accumulates its gradient', async () => {
    await checkGradients([[7, 3]], (x) => add(mul(x, x), add(x, tanh(x))));
    await checkGradients([[5, 5]], (x) => matmul(x, x, { transposeB: true }));
  });

  it('activations', async () => {
    await checkGradients([[7, 9]], (x) => leakyRelu(x, 0.2), { gap: 1e-3 });
    await checkGradients([[7, 9]], (x) => relu(x), { gap: 1e-3 });
    await checkGradients([[7, 9]], (x) => absolute(x), { gap: 1e-3 });
    await checkGradients([[65]], (x) => sigmoid(x), { scale: 6 });
    await checkGradients([[65]], (x) => tanh(x), { scale: 3 });
    await checkGradients([[7, 9]], (x) => exp(x), { scale: 3 });
  });

  it('RMS normalisation of rows: awkward widths, batch 1, a row of one, tiny and large rows', async () => {
    await checkGradients([[7, 9]], (x) => rmsNormalize(x));
    await checkGradients([[1, 65]], (x) => rmsNormalize(x), { scale: 4 });
    await checkGradients([[3, 1]], (x) => rmsNormalize(x, 0.5)); // cols 1 with eps: x/√(x²+ε) has a gradient
    await checkGradients([[2, 3]], (x) => rmsNormalize(x), { values: [[1e-2, -2e-2, 3e-2, 40, -70, 5]] });
    await checkGradients([[5, 7]], (x) => rmsNormalize(mul(x, exp(x))), { scale: 2 }); // composed, as the shape head uses it
  });

  it('fused bias + leaky ReLU: awkward shapes, batch 1, ReLU, a [1, cols] bias', async () => {
    await checkGradients([[7, 9], [9]], (x, b) => biasLeakyRelu(x, b, 0.2), { gap: 1e-3 });
    await checkGradients([[1, 65], [65]], (x, b) => biasLeakyRelu(x, b, 0.2), { gap: 1e-3 });
    await checkGradients([[65, 1], [1, 1]], (x, b) => biasLeakyRelu(x, b, 0), { gap: 1e-3 });
  });

  it('sigmoid cross-entropy with logits, including saturated logits', async () => {
    await checkGradients([[7, 1], [7, 1]], (x, z) => sigmoidCrossEntropyWithLogits(x, z), { scale: 4 });
    await checkGradients([[4], [4]], (x, z) => sigmoidCrossEntropyWithLogits(x, z), { values: [[100, -100, 99.5, -60], [0, 1, 0.3, 0.9]] });
  });

  it('softmax along the last axis, including large logits and batch 1', async () => {
    await checkGradients([[7, 5]], (x) => softmax(x), { scale: 3 });
    await checkGradients([[1, 1]], (x) => softmax(x));
    await checkGradients([[1, 65]], (x) => softmax(x), { scale: 4 });
    await checkGradients([[2, 3]], (x) => softmax(x), { values: [[100, 99, -100, 1000, 999.5, 998]] });
  });

  it('softmax cross-entropy with logits, one-hot, soft and all-zero label rows, large logits', async () => {
    const labels = [0, 1, 0, 0.2, 0.3, 0.5, 0, 0, 0, 1, 0, 0];
    await checkGradients([[4, 3]], (x) => softmaxCrossEntropyWithLogits(x, tensor(labels, [4, 3])), { scale: 4 });
    await checkGradients([[1, 7]], (x) => softmaxCrossEntropyWithLogits(x, tensor([0, 0, 0, 0, 0, 0, 1], [1, 7])));
    await checkGradients([[2, 3]], (x) => softmaxCrossEntropyWithLogits(x, tensor([1, 0, 0, 0, 0, 1], [2, 3])), { values: [[-100, 100, 0, 500, 0, -500]] });
  });

  it('softmax and softmax cross-entropy within column spans: widths 1 and more, batch 1, large logits', async () => {
    const spans = [{ start: 0, width: 2 }, { start: 2, width: 1 }, { start: 3, width: 4 }];
    await checkGradients([[5, 7]], (x) => softmaxSpans(x, spans), { scale: 3 });
    await checkGradients([[1, 7]], (x) => softmaxSpans(x, spans), { scale: 3 });
    await checkGradients([[2, 7]], (x) => softmaxSpans(x, spans), { values: [[100, 99, -100, 1000, 999.5, 998, 0, 5, -5, 3, 2, 1, 0, -1]] });
    const labels = [0, 1, 0, 0, 0, 0, 0, /**/ 0, 0, 1, 0, 0, 0, 0, /**/ 0, 0, 0, 0.2, 0.3, 0.5, 0, /**/ 1, 0, 0, 0, 0, 0, 1];
    await checkGradients([[4, 7]], (x) => softmaxCrossEntropySpans(x, tensor(labels, [4, 7]), spans), { scale: 4 });
    await checkGradients([[1, 7]], (x) => softmaxCrossEntropySpans(x, tensor(labels.slice(0, 7), [1, 7]), spans), { scale: 4 });
  });

  it('softmax within spans equals a softmax of each sliced span, concatenated; so does the Gumbel-softmax', async () => {
    const spans = [{ start: 0, width: 3 }, { start: 3, width: 1 }, { start: 4, width: 5 }];
    const x = tensor(Array.from({ length: 6 * 9 }, (_, i) => Math.sin(i) * 3), [6, 9]);
    const bySlices = (f: (t: ReturnType<typeof tensor>) => ReturnType<typeof tensor>) =>
      spans.map((s) => f(sliceColumns(x, s.start, s.width))).reduce((a, b) => concatColumns(a, b));
    expect(Array.from(await softmaxSpans(x, spans).data())).toEqual(Array.from(await bySlices(softmax).data()));
    const [r1, r2] = [new Rng(3), new Rng(3)];
    expect(Array.from(await gumbelSoftmax(x, 0.2, r1, spans).data())).toEqual(Array.from(await bySlices((t) => gumbelSoftmax(t, 0.2, r2)).data()));
    expect(() => softmaxSpans(x, [{ start: 0, width: 3 }, { start: 4, width: 5 }])).toThrow(/tile the columns/);
    expect(() => softmaxSpans(x, [{ start: 0, width: 3 }])).toThrow(/cover 3 columns of 9/);
  });

  it('Gumbel-softmax: the same noise for the same seed, gradient through the logits', async () => {
    await checkGradients([[7, 4]], (x) => gumbelSoftmax(x, 0.5, new Rng(9)));
  });

  it('straight-through Gumbel-softmax: exact one-hot rows forward (per span, batch 1 too), the soft sample\'s gradient backward', async () => {
    const spans = [{ start: 0, width: 3 }, { start: 3, width: 1 }, { start: 4, width: 5 }];
    for (const rows of [1, 6]) {
      const weights = tensor(Array.from({ length: rows * 9 }, (_, i) => Math.cos(i * 1.7)), [rows, 9]);
      const run = async (hard: boolean) => {
        const x = tensor(Array.from({ length: rows * 9 }, (_, i) => Math.sin(i) * 3), [rows, 9]);
        x.requiresGrad = true;
        const y = gumbelSoftmax(x, 0.2, new Rng(3), spans, { hard });
        backward(sum(mul(y, weights)));
        return { y: Array.from(await y.data()), grad: Array.from(await x.grad!.data()) };
      };
      const soft = await run(false), hard = await run(true);
      for (let r = 0; r < rows; r++) {
        for (const { start, width } of spans) {
          const s = soft.y.slice(r * 9 + start, r * 9 + start + width), h = hard.y.slice(r * 9 + start, r * 9 + start + width);
          const top = s.indexOf(Math.max(...s));
          h.forEach((v, k) => expect(v).toBeCloseTo(k === top ? 1 : 0, 6));
        }
      }
      hard.grad.forEach((g, i) => expect(g).toBeCloseTo(soft.grad[i], 6));
      expect(soft.grad.some((g) => Math.abs(g) > 1e-3)).toBe(true);
    }
  });

  it('sum and mean, whole tensor and along axis 0', async () => {
    await checkGradients([[7, 5]], (x) => sum(x));
    await checkGradients([[7, 5]], (x) => sum(x, 0));
    await checkGradients([[65, 3]], (x) => mean(x));
    await checkGradients([[1, 3]], (x) => mean(x, 0));
  });

  it('concat, reshape, slice of rows', async () => {
    await checkGradients([[7, 2], [7, 3]], (a, b) => concatColumns(a, b));
    await checkGradients([[6, 4]], (x) => reshape(x, [3, 8]));
    await checkGradients([[9, 4]], (x) => sliceRows(x, 2, 5));
    await checkGradients([[7, 9]], (x) => sliceColumns(x, 3, 4));
    await checkGradients([[7, 9]], (x) => sliceColumns(x, 0, 2));
    await checkGradients([[7, 9]], (x) => sliceColumns(x, 5, 4));
  });

  it('a whole MLP: composition of every layer rule', async () => {
    const net = mlp([3, 8, 8, 2], { activation: 'leakyRelu', seed: 3 });
    for (const p of net.parameters()) p.requiresGrad = false;
    await checkGradients([[7, 3]], (x) => net.forward(x), { gap: 0 });
    for (const p of net.parameters()) p.dispose();
  });
});

describe('RMS normalisation', () => {
  it('rows come out with unit RMS whatever their scale; an all-zero row stays zero; bad eps is refused', async () => {
    const x = tensor([3, 4, 0, 0, 1e-3, -1e-3, 2e-3, 0, 0, 0, 0, 0], [3, 4]);
    const y = Array.from(await rmsNormalize(x, 0).data());
    expect(y[0]).toBeCloseTo(3 / Math.sqrt(25 / 4), 12);
    expect(y[1]).toBeCloseTo(4 / Math.sqrt(25 / 4), 12);
    const rowRms = (r: number) => Math.sqrt(y.slice(4 * r, 4 * r + 4).reduce((s, v) => s + v * v, 0) / 4);
    expect(rowRms(0)).toBeCloseTo(1, 12);
    expect(rowRms(1)).toBeCloseTo(1, 12);
    expect(Array.from(await rmsNormalize(tensor([0, 0, 0], [1, 3])).data())).toEqual([0, 0, 0]);
    expect(() => rmsNormalize(x, -1)).toThrow(/eps/);
    expect(() => rmsNormalize(tensor([], [2, 0]))).toThrow(/non-empty last axis/);
    x.dispose();
  });
});

describe('loss stability', () => {
  it('sigmoid cross-entropy is finite at logits of ±100 and ±1e4, for loss and gradient', async () => {
    const x = tensor([100, -100, 1e4, -1e4], [4, 1]);
    x.requiresGrad = true;
    const z = tensor([0, 1, 1, 0], [4, 1]);
    const loss = sigmoidCrossEntropyWithLogits(x, z);
    const values = Array.from(await loss.data());
    expect(values).toEqual([100, 100, 0, 0]);
    backward(mean(loss));
    const g = Array.from(await x.grad!.data());
    expect(g.map((v) => v * 4)).toEqual([1, -1, 0, 0]);
    for (const t of [x, z, loss]) t.dispose();
    expect(memory().tensors).toBeGreaterThanOrEqual(0);
  });

  it('softmax and its cross-entropy are finite and exact at logits of ±1e4; labels get no gradient', async () => {
    const x = tensor([1e4, -1e4, 0, Math.log(3), 0, -1e30], [2, 3]);
    const p = Array.from(await softmax(x).data());
    expect(p.slice(0, 3)).toEqual([1, 0, 0]);
    expect(p[3]).toBeCloseTo(0.75, 12);
    expect(p[4]).toBeCloseTo(0.25, 12);
    const z = tensor([0, 1, 0, 1, 0, 0], [2, 3]);
    const loss = softmaxCrossEntropyWithLogits(x, z);
    expect(loss.shape).toEqual([2, 1]);
    const l = Array.from(await loss.data());
    expect(l[0]).toBe(2e4); // −log softmax = logsumexp − x = 1e4 − (−1e4)
    expect(l[1]).toBeCloseTo(-Math.log(0.75), 12);
    z.requiresGrad = true;
    expect(() => softmaxCrossEntropyWithLogits(x, z)).toThrow(/labels no gradient/);
    for (const t of [x, z, loss]) t.dispose();
  });
});
