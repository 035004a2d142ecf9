import { afterAll, beforeAll, expect } from 'vitest';
import { backward, createCpuBackend, getBackend, memory, noGrad, setBackend, tensor, tidy, keep, mul, sum, Rng, type Backend, type Tensor } from '../../src/index.js';

/**
 * Run the enclosing suite (file or describe block) on the float64 CPU reference, where gradient checks
 * are exact to ~1e-9, and put the previous backend back afterwards.
 */
export function useFloat64Reference(): void {
  let previous: Backend;
  beforeAll(() => {
    previous = getBackend();
    setBackend(createCpuBackend({ precision: 'float64' }));
  });
  afterAll(() => setBackend(previous));
}

/** Random values in [−scale, scale], keeping |x| ≥ gap so kinks (ReLU at 0) are not straddled. */
export function randomValues(size: number, rng: Rng, scale = 1, gap = 0): number[] {
  return Array.from({ length: size }, () => {
    let v = (2 * rng.uniform() - 1) * scale;
    if (Math.abs(v) < gap) v = v < 0 ? -gap - rng.uniform() * scale : gap + rng.uniform() * scale;
    return v;
  });
}

/** Leaves of `root`'s graph that will take a gradient: the inputs, and any parameter `f` made. */
function gradientLeaves(root: Tensor): Set<Tensor> {
  const leaves = new Set<Tensor>(), seen = new Set<Tensor>([root]), stack = [root];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (!t.node) leaves.add(t);
    for (const input of t.node?.inputs ?? []) if (input.requiresGrad && !seen.has(input)) seen.add(input), stack.push(input);
  }
  return leaves;
}

/**
 * `backward(loss)`, failing if it leaves any tensor alive besides the leaves' new gradients. The check
 * runs inside `tidy`, which would free a backward rule's forgotten scratch tensor and hide the leak
 * that a training loop calling `backward` outside any scope of its own would pile up.
 */
function backwardWithoutLeaks(loss: Tensor): void {
  const newGradients = [...gradientLeaves(loss)].filter((t) => !t.grad);
  const before = memory().tensors;
  backward(loss);
  const gradients = newGradients.filter((t) => t.grad).length;
  const leaked = memory().tensors - before - gradients;
  if (leaked !== 0) expect.fail(`backward left ${leaked} tensor(s) alive besides ${gradients} new gradient(s): a backward rule does not dispose its scratch`);
}

/**
 * Check autograd against central finite differences. The current backend should be the float64 CPU
 * reference, so both sides are exact to ~1e-9 and a wrong rule cannot hide behind float32 noise.
 * `f` maps the inputs to any tensor; it is reduced to a scalar with random weights so that every
 * output element's gradient matters (a plain sum would hide sign and permutation errors). The
 * backward pass must also leave no tensor alive but the new gradients.
 */
export async function checkGradients(
  shapes: number[][],
  f: (...inputs: Tensor[]) => Tensor,
  options: { seed?: number; scale?: number; gap?: number; eps?: number; tolerance?: number; values?: number[][] } = {},
): Promise<void> {
  const rng = new Rng(options.seed ?? 1);
  const eps = options.eps ?? 1e-6;
  const tolerance = options.tolerance ?? 1e-6;
  const values = options.values ?? shapes.map((s) => randomValues(s.reduce((a, b) => a * b, 1), rng, options.scale ?? 1, options.gap ?? 0));
  const probe = noGrad(() => tidy(() => f(...values.map((v, i) => tensor(v, shapes[i])))));
  const weights = keep(tensor(randomValues(probe.size, rng, 1, 0.1), probe.shape));
  probe.dispose();

  const loss = (vals: number[][], withGrad: boolean): { value: Promise<number>; grads: Promise<number[]>[] } => {
    const inputs = vals.map((v, i) => keep(tensor(v, shapes[i])));
    inputs.forEach((t) => (t.requiresGrad = withGrad));
    const out = tidy(() => {
      const l = sum(mul(f(...inputs), weights));
      if (withGrad) backwardWithoutLeaks(l);
      return l;
    });
    const value = out.item();
    const grads = inputs.map((t) => (t.grad ? t.grad.data().then((d) => Array.from(d)) : Promise.resolve(new Array(t.size).fill(0))));
    return { value: Promise.all([value, ...grads]).then(([v]) => { out.dispose(); inputs.forEach((t) => t.dispose()); return v as number; }), grads };
  };

  const analytic = loss(values, true);
  const grads = await Promise.all(analytic.grads);
  await analytic.value;
  for (let i = 0; i < values.length; i++) {
    for (let j = 0; j < values[i].length; j++) {
      const plus = values.map((v) => [...v]);
      const minus = values.map((v) => [...v]);
      plus[i][j] += eps;
      minus[i][j] -= eps;
      const numeric = ((await noGrad(() => loss(plus, false)).value) - (await noGrad(() => loss(minus, false)).value)) / (2 * eps);
      const error = Math.abs(numeric - grads[i][j]) / Math.max(1, Math.abs(numeric));
      if (error > tolerance) {
        expect.fail(`input ${i} element ${j}: autograd ${grads[i][j]}, finite difference ${numeric} (error ${error})`);
      }
    }
  }
  weights.dispose();
}
