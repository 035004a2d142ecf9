import { keep, noGrad } from './engine.js';
import { add } from './ops/arithmetic.js';
import { clone, fill } from './ops/create.js';
import { checkTensors, type Tensor } from './tensor.js';

/**
 * Tensors that `root` depends on through recorded operations, each after all of its inputs.
 * Iterative depth-first search: a recursive one overflows the stack on deep graphs.
 */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [t, next] = top;
    // A freed tensor would pass for a leaf (dispose() drops its node) and take the gradient, which then
    // never reaches the parameters: refused, rather than training nothing in silence.
    if (t.isDisposed) throw new Error('gangrad: backward() reached a tensor that was disposed (freed by tidy?)');
    const inputs = t.node?.inputs ?? [];
    if (next < inputs.length) {
      top[1]++;
      const input = inputs[next];
      if (input.requiresGrad && !visited.has(input)) {
        visited.add(input);
        stack.push([input, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order;
}

/**
 * Reverse-mode differentiation: fill `.grad` of every leaf tensor with `requiresGrad` that `loss`
 * depends on. Gradients accumulate (`+=`) into existing `.grad`s, and where a tensor feeds several
 * operations (the discriminator sees the real and the fake batch) their contributions add up.
 * Intermediate gradients are freed as soon as they have been propagated.
 *
 * @param loss usually a scalar; for a non-scalar, `seed` (same shape) is the upstream gradient.
 */
export function backward(loss: Tensor, seed?: Tensor): void {
  checkTensors('backward', seed === undefined ? [loss] : [loss, seed]); // backward(loss, 1) failed on seed.shape
  if (!loss.requiresGrad) {
    throw new Error('gangrad: backward() on a tensor that does not require grad (made under noGrad, or from no parameter)');
  }
  if (seed && `${seed.shape}` !== `${loss.shape}`) {
    throw new Error(`gangrad: backward seed of shape [${seed.shape.join(', ')}] for loss of shape [${loss.shape.join(', ')}]`);
  }
  const order = topologicalOrder(loss);
  noGrad(() => {
    // Every gradient in `grads` is owned by the map. A backward rule may return its `dy` unchanged
    // (add's rule does): the first input to receive it takes it over, any other gets a copy.
    const grads = new Map<Tensor, Tensor>();
    grads.set(loss, seed ? clone(seed) : fill(loss.shape, 1, loss.backend));
    const accumulate = (target: Tensor, g: Tensor, owned: boolean): void => {
      const existing = grads.get(target);
      if (existing) {
        grads.set(target, add(existing, g));
        existing.dispose();
        if (owned) g.dispose();
      } else {
        grads.set(target, owned ? g : clone(g));
      }
    };
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i];
      const g = grads.get(t);
      if (!g) continue;
      grads.delete(t);
      if (!t.node) {
        // A leaf: its gradient is final now, because every consumer comes earlier in reverse order.
        if (t.grad) {
          const sum = add(t.grad, g);
          t.grad.dispose();
          g.dispose();
          t.grad = keep(sum);
        } else {
          t.grad = keep(g);
        }
        continue;
      }
      const inputs = t.node.inputs;
      const needsGrad = inputs.map((input) => input.requiresGrad);
      const inputGrads = t.node.backward(g, needsGrad);
      let dyTaken = false;
      for (let j = 0; j < inputs.length; j++) {
        const gi = inputGrads[j];
        if (!gi) continue;
        if (!needsGrad[j]) {
          if (gi !== g) gi.dispose();
          continue;
        }
        if (gi.size !== inputs[j].size) {
          throw new Error(`gangrad: ${t.node.op} backward gave a gradient of shape [${gi.shape.join(', ')}] for input [${inputs[j].shape.join(', ')}]`);
        }
        const owned = gi !== g || !dyTaken;
        if (gi === g && owned) dyTaken = true;
        accumulate(inputs[j], gi, owned);
      }
      if (!dyTaken) g.dispose();
    }
  });
}
