import { describe, expect, it } from 'vitest';
import { fromColumns } from '../src/finance/data/asset-matrix.js';
import { decodeJointModel, encodeJointModel, trainJointGan, type JointGanConfig } from '../src/finance/joint.js';
import { WithCoMovements } from '../src/finance/model/joint/networks.js';
import { Rng, tensor } from '../src/index.js';
import { checkGradients, useFloat64Reference } from './helpers/gradcheck.js';

useFloat64Reference();

describe("the joint critic's co-movement features", () => {
  it('[x, |x|], then mean(x_i·x_j) and mean(|x_i|·|x_j|) over the window for each pair i < j', async () => {
    // Two rows of 3 assets × 2 days and 2 condition columns (levels are not multiplied).
    const rows = [
      [1, -2, 3, 4, -1, 0.5, 0.1, 0.2],
      [0, 1, -1, 1, 2, -2, -0.3, 0.4],
    ];
    const out = await new WithCoMovements(3, 2).forward(tensor(rows.flat(), [2, 8])).data();
    const expected = rows.flatMap((r) => {
      const a = r.slice(0, 2), b = r.slice(2, 4), c = r.slice(4, 6);
      const m = (u: number[], v: number[], f: (z: number) => number) => (f(u[0]) * f(v[0]) + f(u[1]) * f(v[1])) / 2;
      const id = (z: number) => z;
      return [...r, ...r.map(Math.abs), m(a, b, id), m(a, c, id), m(b, c, id), m(a, b, Math.abs), m(a, c, Math.abs), m(b, c, Math.abs)];
    });
    expect(Array.from(out).map((v) => +v.toFixed(12))).toEqual(expected);
    expect(WithCoMovements.extraColumns(3)).toBe(6);
  });

  it('its gradient matches central differences (batch 1 and an awkward shape)', async () => {
    await checkGradients([[1, 2 * 3 + 4]], (x) => new WithCoMovements(2, 3).forward(x), { gap: 0.05 });
    await checkGradients([[5, 3 * 7 + 6]], (x) => new WithCoMovements(3, 7).forward(x), { gap: 0.05 });
  });
});

describe('the joint model file and the co-movement critic', () => {
  // Without correlation conditions, so the critic's input is 2 × (shapes + levels) (+ the features).
  const tiny: Partial<JointGanConfig> = { window: 16, latentDim: 4, hidden: [8], batch: 8, evalEvery: 1000, instanceNoise: 0, correlationConditions: false };
  const rng = new Rng(5);
  const returns = fromColumns(Array.from({ length: 3 }, () => Float64Array.from({ length: 400 }, () => 0.01 * rng.normal())));

  it('sizes the critic for the features by default; off, the critic is the plain [x, |x|] one', async () => {
    const on = await trainJointGan({ returns, config: tiny, steps: 1, validationPaths: 1 });
    const off = await trainJointGan({ returns, config: { ...tiny, criticCoMovements: false }, steps: 1, validationPaths: 1 });
    // 3 assets × 16 days + 6 conditions, doubled for |x|; plus 3 pairs × (r, |r|).
    expect(on.model.networks.discriminator.parameters()[0].shape).toEqual([2 * 54 + 6, 8]);
    expect(off.model.networks.discriminator.parameters()[0].shape).toEqual([2 * 54, 8]);
  });

  it('a file written before the settings existed loads with the plain critic and no correlation conditions; a wrong value is named', async () => {
    const fit = await trainJointGan({ returns, config: { ...tiny, criticCoMovements: false }, steps: 1, validationPaths: 1 });
    const withConfig = (config: unknown) => encodeJointModel({ metadata: { ...fit.model.metadata, config: config as JointGanConfig }, networks: fit.model.networks });
    const { criticCoMovements: _, correlationConditions: __, ...older } = fit.model.metadata.config;
    const loaded = decodeJointModel(await withConfig(older), 'old.safetensors');
    expect([loaded.metadata.config.criticCoMovements, loaded.metadata.config.correlationConditions]).toEqual([false, false]);
    expect(loaded.networks.discriminator.parameters()[0].shape).toEqual([2 * 54, 8]);
    await expect(withConfig({ ...older, criticCoMovements: 'yes' }).then((b) => decodeJointModel(b, 'x.safetensors'))).rejects.toThrow(/x.safetensors: metadata field 'config.criticCoMovements' must be true or false, got "yes"/);
    await expect(withConfig({ ...older, correlationConditions: 1 }).then((b) => decodeJointModel(b, 'x.safetensors'))).rejects.toThrow(/x.safetensors: metadata field 'config.correlationConditions' must be true or false, got 1/);
  });
});
