import { describe, expect, it } from 'vitest';
import { backward, matmul, memory, mul, sigmoid, sum, tensor, tidy } from '../src/tensor/index.js';

/** Autograd used the wrong way round: each refused by name instead of training nothing in silence. */
describe('autograd misuse', () => {
  it('backward of a loss whose intermediates a tidy() freed is refused, gives no gradient, leaks nothing', () => {
    const w = tensor([0.5, -0.3], [2, 1]);
    w.requiresGrad = true;
    const x = tensor([1, 2, 3, 4], [2, 2]);
    const before = memory().tensors;
    const loss = tidy(() => sum(sigmoid(matmul(x, w)))); // the loss survives; matmul's and sigmoid's outputs do not
    expect(() => backward(loss)).toThrow('gangrad: backward() reached a tensor that was disposed (freed by tidy?)');
    expect(w.grad).toBeNull();
    loss.dispose();
    expect(memory().tensors).toBe(before);
    // Inside the scope, the same computation trains.
    tidy(() => backward(sum(sigmoid(matmul(x, w)))));
    expect(w.grad).not.toBeNull();
    w.dispose();
    x.dispose();
  });

  it('backward of a disposed loss, or through a disposed intermediate, is refused', () => {
    const x = tensor([1, 2]);
    x.requiresGrad = true;
    const s = sigmoid(x);
    const y = sum(s);
    s.dispose();
    expect(() => backward(y)).toThrow(/disposed/);
    const z = sum(mul(x, x));
    z.dispose();
    expect(() => backward(z)).toThrow(/disposed/);
    expect(x.grad).toBeNull();
    y.dispose();
    x.dispose();
  });

  it('a seed of the loss\'s size but another shape is refused, naming both shapes', () => {
    const x = tensor([1, 2]);
    x.requiresGrad = true;
    const y = mul(x, x);
    const seed = tensor([1, 1], [2, 1]);
    expect(() => backward(y, seed)).toThrow('gangrad: backward seed of shape [2, 1] for loss of shape [2]');
    for (const t of [x, y, seed]) t.dispose();
  });

  it('tidy() takes only results whose tensors it can find (arrays and plain objects), checked by the type', () => {
    // Not run: the type check is the test (tsc, `npm run typecheck`).
    // @ts-expect-error a Map is no TensorContainer: the tensors in it would be freed with the scope
    const map = () => tidy(() => new Map([['t', tensor([1, 2])]]));
    expect(typeof map).toBe('function');
    const kept = tidy(() => ({ pair: [tensor([1]), tensor([2])], n: 3 }));
    expect(kept.pair.every((t) => !t.isDisposed)).toBe(true);
    for (const t of kept.pair) t.dispose();
  });
});
