import { afterAll, describe, expect, it } from 'vitest';
import {
  add, backward, biasLeakyRelu, createBackend, createCpuBackend, GanTrainer, getBackend, leakyRelu, matmul, mean, mlp, randomNormal,
  rowSampler, setBackend, tidy, type Backend, type Tensor,
} from '../src/index.js';
import { createWasmBackend } from '../src/backend/wasm/index.js';
import { relaxedSimdSupported } from '../src/backend/wasm/fused.js';
import { Dense } from '../src/nn/dense.js';

const previous = getBackend();
afterAll(() => setBackend(previous));

/** Output and every parameter gradient of net(x), as host arrays. */
async function outputAndGrads(forward: (x: Tensor) => Tensor, params: Tensor[], x: Tensor): Promise<Float32Array[]> {
  const y = tidy(() => {
    const out = forward(x);
    backward(mean(out));
    return out;
  });
  const values = [Float32Array.from(await y.data())];
  for (const p of params) {
    values.push(Float32Array.from(await p.grad!.data()));
    p.grad!.dispose();
    p.grad = null;
  }
  y.dispose();
  return values;
}

/**
 * The CPU reference fuses bit-exactly. The wasm kernels multiply by alpha in float32 (0.2f), where the
 * scalar kernels multiply by the float64 0.2 and round once, so they may differ in the last bit.
 */
describe.each([
  ['cpu', async () => createCpuBackend(), 0],
  ['wasm (plain SIMD)', () => createWasmBackend({ threads: 1, relaxedSimd: false }), 1e-6],
  ['wasm (default)', () => createBackend('wasm'), 1e-6],
] as [string, () => Promise<Backend>, number][])('fused dense layers on %s', (_name, make, tolerance) => {
  it('an mlp (fused by Sequential) gives the outputs and gradients of matmul + add + leakyRelu', async () => {
    setBackend(await make());
    // Batch 1 is left to the kernel parity and gradient suites: the unfused last layer's add of a [1, n] batch
    // is the batch-of-one broadcast bug that issue 13 fixes.
    for (const batch of [2, 7, 65]) {
      const net = mlp([9, 33, 17, 3], { seed: 4, alpha: 0.2 });
      const dense = net.layers.filter((l): l is Dense => l instanceof Dense);
      const unfused = (x: Tensor) => {
        let h = x;
        dense.forEach((d, i) => {
          h = add(matmul(h, d.weight), d.bias!);
          if (i + 1 < dense.length) h = leakyRelu(h, 0.2);
        });
        return h;
      };
      const x = randomNormal([batch, 9], { seed: batch });
      const fused = await outputAndGrads((t) => net.forward(t), net.parameters(), x);
      const plain = await outputAndGrads(unfused, net.parameters(), x);
      expect(fused.length).toBe(1 + 6);
      for (let i = 0; i < fused.length; i++) {
        if (tolerance === 0) expect(Array.from(fused[i]), `array ${i}, batch ${batch}`).toEqual(Array.from(plain[i]));
        else fused[i].forEach((v, j) => expect(Math.abs(v - plain[i][j]), `array ${i}[${j}], batch ${batch}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(plain[i][j]))));
      }
      for (const t of [x, ...net.parameters()]) t.dispose();
    }
    getBackend().destroy();
  });
});

describe('biasLeakyRelu', () => {
  it('refuses a negative slope and a bias of the wrong shape, naming the shapes', () => {
    setBackend(createCpuBackend());
    const x = randomNormal([4, 3], { seed: 1 });
    const b = randomNormal([3], { seed: 2 });
    const wrong = randomNormal([4], { seed: 3 });
    expect(() => biasLeakyRelu(x, b, -1)).toThrow(/alpha ≥ 0, got -1/);
    expect(() => biasLeakyRelu(x, wrong)).toThrow(/bias of shape \[3\] for input \[4, 3\], got \[4\]/);
    for (const t of [x, b, wrong]) t.dispose();
  });
});

describe('relaxed SIMD detection', () => {
  const major = Number(process.versions.node.split('.')[0]);
  it('matches the engine: Node 24 validates relaxed SIMD, Node 20 (without its flag) does not', () => {
    if (major >= 24) expect(relaxedSimdSupported()).toBe(true);
    if (major === 20 && !process.execArgv.some((a) => a.includes('relaxed-simd'))) expect(relaxedSimdSupported()).toBe(false);
  });

  it('the default wasm backend uses the fused kernel exactly where it is supported; asking for it elsewhere fails clearly', async () => {
    const b = await createWasmBackend({ threads: 1 });
    expect(b.description).toBe(relaxedSimdSupported() ? 'WebAssembly SIMD (relaxed FMA), 1 thread' : 'WebAssembly SIMD, 1 thread');
    b.destroy();
    if (relaxedSimdSupported()) (await createWasmBackend({ threads: 1, relaxedSimd: true })).destroy();
    else await expect(createWasmBackend({ threads: 1, relaxedSimd: true })).rejects.toThrow(/does not validate relaxed WebAssembly SIMD/);
  });
});

describe('determinism of the wasm kernels this engine picks (relaxed FMA where available), on 2 threads', () => {
  it('two GAN runs from the same seed are bit-identical, whichever thread computes which rows', async () => {
    const backend = await createWasmBackend({ threads: 2, threadMinMultiplyAdds: 0 });
    setBackend(backend);
    const data = Float32Array.from({ length: 256 * 8 }, (_, i) => Math.sin(i * 0.37) * 2);
    const run = async () => {
      const G = mlp([8, 65, 33, 8], { seed: 3 });
      const D = mlp([8, 65, 33, 1], { seed: 4 });
      const trainer = new GanTrainer({ generator: G, discriminator: D, latentDim: 8, batchSize: 65, seed: 5, sampleReal: rowSampler(data, 256, 8, 5).sample });
      const losses: number[] = [];
      await trainer.train(10, (m) => losses.push(m.dLoss, m.gLoss, m.dReal, m.dFake));
      const weights = Array.from(await G.parameters()[0].data());
      trainer.dispose();
      for (const p of [...G.parameters(), ...D.parameters()]) p.dispose();
      return { losses, weights };
    };
    const a = await run();
    const b = await run();
    expect(a.losses.every(Number.isFinite)).toBe(true);
    expect(b).toEqual(a);
    backend.destroy();
  });
});
