import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GanTrainer, Rng, createCpuBackend, disposeModule, getBackend, memory, mlp, rowSampler, setBackend, type Backend } from '../src/index.js';
import type { WebGpuBackend } from '../src/backend/webgpu/index.js';
import { probeWebGpu, webgpuCase, webgpuUnavailable } from './helpers/backends.js';
import { MissingPackageError } from '../src/backend/optional-package.js';

const available = await probeWebGpu();

function data(rows: number, features: number): Float32Array {
  const rng = new Rng(9);
  return Float32Array.from({ length: rows * features }, () => rng.normal() * 0.5 + 0.2);
}

/** A small reference-shaped GAN (odd sizes on purpose) trained for `steps` steps; returns every parameter. */
async function trainAndRead(backend: Backend, steps: number): Promise<Float32Array[]> {
  const previous = getBackend();
  setBackend(backend);
  try {
    const features = 7;
    const G = mlp([5, 33, 33, features], { seed: 1 });
    const D = mlp([features, 33, 33, 1], { seed: 2 });
    const trainer = new GanTrainer({
      generator: G, discriminator: D, latentDim: 5, batchSize: 65, seed: 3, labelSmoothing: 0.1,
      sampleReal: rowSampler(data(257, features), 257, features, 4).sample,
    });
    await trainer.train(steps);
    const params = await Promise.all([...G.parameters(), ...D.parameters()].map(async (p) => Float32Array.from(await p.data())));
    trainer.dispose(); disposeModule(G); disposeModule(D);
    return params;
  } finally {
    setBackend(previous);
  }
}

describe('WebGPU suites skip only where there is no WebGPU', () => {
  it('no package or no adapter skips; any other start-up error (a shader that does not compile) fails', () => {
    expect(webgpuUnavailable(new MissingPackageError('webgpu', 'not installed', null))).toBe(true);
    expect(webgpuUnavailable(new Error('gangrad webgpu: no WebGPU adapter at all, hardware or software. install …'))).toBe(true);
    expect(webgpuUnavailable(new Error('gangrad webgpu: no adapter from navigator.gpu. …'))).toBe(true);
    expect(webgpuUnavailable(new Error("Error while parsing WGSL: cyclic dependency found: 'exp' -> 'exp'"))).toBe(false);
  });
});

describe.skipIf(!available)('WebGPU backend: training', () => {
  let gpu: WebGpuBackend;
  beforeAll(async () => { gpu = (await webgpuCase.create()) as WebGpuBackend; });
  afterAll(() => gpu?.destroy());

  it('five full GAN steps from the same initial weights agree with the CPU backend within 1e-4', async () => {
    const cpu = await trainAndRead(createCpuBackend(), 5);
    const webgpu = await trainAndRead(gpu, 5);
    expect(webgpu.length).toBe(cpu.length);
    for (let i = 0; i < cpu.length; i++) {
      let err = 0, norm = 0;
      for (let j = 0; j < cpu[i].length; j++) { err += (cpu[i][j] - webgpu[i][j]) ** 2; norm += cpu[i][j] ** 2; }
      expect(Math.sqrt(err / norm), `parameter ${i}`).toBeLessThan(1e-4);
    }
  });

  it('reads nothing back between metric steps, and holds its buffers constant over 100 steps', async () => {
    const previous = getBackend();
    setBackend(gpu);
    const G = mlp([4, 16, 16, 3], { seed: 1 });
    const D = mlp([3, 16, 16, 1], { seed: 2 });
    const trainer = new GanTrainer({
      generator: G, discriminator: D, latentDim: 4, batchSize: 32, metricsEvery: 10,
      sampleReal: rowSampler(data(128, 3), 128, 3, 1).sample,
    });
    // Metrics are due on steps 1, 10, 20, …
    await trainer.train(10);
    const before = gpu.counters();
    for (let i = 0; i < 9; i++) expect(await trainer.step()).toBeNull(); // steps 11–19
    const between = gpu.counters();
    expect(between.reads).toBe(before.reads);
    expect(between.dispatches).toBeGreaterThan(before.dispatches);
    expect((await trainer.step())?.step).toBe(20);
    expect(gpu.counters().reads).toBe(between.reads + 5); // D loss, D(x), D(G(z)), the generated mean square (divergence bound), G loss

    const baseline = { ...memory(), created: gpu.counters().gpuBuffersCreated };
    await trainer.train(100);
    expect({ ...memory(), created: gpu.counters().gpuBuffersCreated }).toEqual(baseline);
    trainer.dispose(); disposeModule(G); disposeModule(D);
    setBackend(previous);
  });

  it('reports a lost device as an error instead of returning numbers', async () => {
    const lost = (await webgpuCase.create()) as WebGpuBackend;
    const h = lost.alloc(4);
    lost.write(h, [1, 2, 3, 4]);
    expect(Array.from(await lost.read(h))).toEqual([1, 2, 3, 4]);
    lost.destroy(); // destroys the GPUDevice: what a driver reset looks like to the program
    await new Promise((r) => setTimeout(r, 50));
    await expect((async () => {
      lost.kernels.fill(h, 4, 7);
      return lost.read(h);
    })()).rejects.toThrow(/gangrad webgpu: .*(lost|destroy)/i);
  });
});
