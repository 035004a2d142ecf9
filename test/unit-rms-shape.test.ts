import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareDataset } from '../src/finance/data/dataset.js';
import { generateWindows } from '../src/finance/model/generate.js';
import { buildNetworks, createTrainer, DEFAULT_CONFIG, loadModelFile, saveModelFile, type ModelMetadata, type ReturnGanConfig } from '../src/finance/model/model.js';
import { SOFT_CLIP_FACTOR, UnitRmsShapeHead } from '../src/finance/model/shape-head.js';
import { fitTransforms, heavyTail, modelToWindow, windowToModel } from '../src/finance/data/transforms.js';
import { encodeSafetensors, readSafetensorsFile, writeFileAtomic } from '../src/io/index.js';
import { createBackend, disposeModule, noGrad, Rng, tensor, type Backend } from '../src/index.js';
import { backendCases, onBackend, probeWebGpu, webgpuCase } from './helpers/backends.js';
import { writeSmallPriceFile } from './helpers/prices.js';

const W = 8;
const small: ReturnGanConfig = { ...DEFAULT_CONFIG, window: W, latentDim: 4, hidden: [16], batch: 16, steps: 10, generatorOutput: 'unit-rms-shape' };
const rms = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0) / v.length);

describe('unit-RMS shape generator (generator output unit-rms-shape)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gangrad-unit-rms-'));
  const data = writeSmallPriceFile(dir, 900);

  it('the head is soft clip → Lambert-W heavy tail → unit RMS, computed by hand', async () => {
    const transforms = { lambert: { delta: 0.2, mu: 0.01, sigma: 1.1 }, gaussianScale: 0.9, zClip: 4 };
    const x = [0.3, -1.2, 2.5, 30, -0.01, 0, 1, -3];
    const y = Array.from(await noGrad(() => new UnitRmsShapeHead(transforms).forward(tensor(x, [1, 8]))).data());
    const reach = 4 * SOFT_CLIP_FACTOR;
    const u = x.map((v) => transforms.lambert.mu + transforms.lambert.sigma * heavyTail(0.9 * reach * Math.tanh(v / reach), 0.2));
    const r = Math.sqrt(u.reduce((s, v) => s + v * v, 0) / 8 + 1e-6);
    y.forEach((v, i) => expect(v).toBeCloseTo(u[i] / r, 6)); // float32
    expect(rms(y)).toBeCloseTo(1, 6);
  });

  it('training rows are unit-RMS shapes in standardised units; a window survives the round trip', () => {
    const rng = new Rng(3);
    const returns = Float64Array.from({ length: 64 * 40 }, () => 0.01 * rng.normal() * (1 + rng.uniform()));
    const s = fitTransforms(returns, { tails: true, regimeWindow: 64, levelProcess: true, unitRmsShapes: true });
    expect(s.shapeDomain).toBe('unit-rms');
    const window = returns.subarray(640, 704);
    const { values, condition } = windowToModel(window, s);
    expect(rms(values)).toBeCloseTo(1, 5); // the level carries a 1e-6 guard
    const standardised = Array.from(window, (r) => (r - s.mean) / s.std);
    values.forEach((v, i) => expect(v).toBeCloseTo(standardised[i] / rms(standardised), 5));
    modelToWindow(values, condition, s).forEach((r, i) => expect(r).toBeCloseTo(window[i], 9));
    expect(() => fitTransforms(returns, { tails: true, unitRmsShapes: true })).toThrow(/volatility-conditional/);
  });

  it('a generated window has exactly the RMS of its level (standardised units), at any level', async () => {
    const dataset = prepareDataset(data, small);
    const { generator } = buildNetworks(small, dataset.transforms);
    const s = dataset.transforms;
    const levels = [-2, -0.5, 0, 0.7, 1.5]; // standardised log levels
    const input = new Float32Array(levels.length * (small.latentDim + 2));
    const rng = new Rng(5);
    levels.forEach((level, i) => {
      const row = input.subarray(i * (small.latentDim + 2), (i + 1) * (small.latentDim + 2));
      for (let j = 0; j < small.latentDim; j++) row[j] = rng.normal();
      row[small.latentDim] = level;
      row[small.latentDim + 1] = level;
    });
    const out = Float64Array.from(await noGrad(() => generator.forward(tensor(input, [levels.length, small.latentDim + 2]))).data());
    levels.forEach((level, i) => {
      const window = modelToWindow(out.subarray(i * W, (i + 1) * W), level, s);
      const expected = Math.exp(s.regime!.mean + s.regime!.std * level);
      expect(rms(Array.from(window, (r) => (r - s.mean) / s.std)) / expected).toBeCloseTo(1, 5);
    });
    const windows = await generateWindows(generator, small.latentDim, s, 20, 9);
    expect(windows.every((w) => w.every(Number.isFinite))).toBe(true);
  });

  it('the model file round-trips; a file whose output and transforms disagree fails naming the field', async () => {
    const dataset = prepareDataset(data, small);
    const networks = buildNetworks(small, dataset.transforms);
    const metadata: ModelMetadata = { format: 'gangrad-return-gan-1', generator: 'window-ar-level', config: small, transforms: dataset.transforms, data: dataset.info, step: 0, validationScore: null };
    const file = join(dir, 'unit-rms.safetensors');
    await saveModelFile(file, networks, metadata);
    const loaded = loadModelFile(file);
    expect(loaded.metadata.config.generatorOutput).toBe('unit-rms-shape');
    const a = await generateWindows(networks.generator, small.latentDim, dataset.transforms, 5, 4);
    const b = await generateWindows(loaded.networks.generator, small.latentDim, loaded.metadata.transforms, 5, 4);
    expect(b).toEqual(a);

    const { tensors, metadata: raw } = readSafetensorsFile(file);
    const transforms = JSON.parse(raw.transforms);
    delete transforms.shapeDomain;
    const bad = join(dir, 'mismatch.safetensors');
    writeFileAtomic(bad, encodeSafetensors([...tensors], { ...raw, transforms: JSON.stringify(transforms) }));
    expect(() => loadModelFile(bad)).toThrow(/mismatch\.safetensors: metadata field 'transforms\.shapeDomain' is absent but 'config\.generatorOutput' is "unit-rms-shape"/);
    expect(() => buildNetworks(small)).toThrow(/needs transforms fitted for unit-RMS shapes/);
    expect(() => buildNetworks({ ...small, conditioning: 'none' }, dataset.transforms)).toThrow(/needs conditioning 'volatility'/);
  });
});

const webgpuAvailable = await probeWebGpu();

describe('unit-RMS shape generator on every backend', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gangrad-unit-rms-backends-'));
  const data = writeSmallPriceFile(dir, 1500);
  it.each([...backendCases.filter((c) => c.name !== 'cpu'), ...(webgpuAvailable ? [webgpuCase] : [])].map((c) => [c.name, c] as const))(
    '%s: the first training steps give the CPU reference losses', async (_name, backendCase) => {
      const config: ReturnGanConfig = { ...small, window: 64, hidden: [32], batch: 32, logEvery: 1 };
      const losses = (backend: Backend) => onBackend(backend, async () => {
        const dataset = prepareDataset(data, config);
        const networks = buildNetworks(config, dataset.transforms);
        const { trainer } = createTrainer(config, networks, dataset.windows, dataset.windowCount);
        const out: number[] = [];
        for (let i = 0; i < 3; i++) { const m = (await trainer.step())!; out.push(m.dLoss, m.gLoss); }
        trainer.dispose();
        disposeModule(networks.generator);
        disposeModule(networks.discriminator);
        return out;
      });
      const reference = await losses(await createBackend('cpu'));
      const actual = await losses(await backendCase.create());
      expect(reference.every(Number.isFinite)).toBe(true);
      for (let i = 0; i < reference.length; i++) expect(actual[i]).toBeCloseTo(reference[i], 3);
    });
});
