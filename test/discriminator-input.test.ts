import { describe, expect, it } from 'vitest';
import { buildNetworks, DEFAULT_CONFIG, WithAbsoluteValues } from '../src/finance/model/model.js';
import { tensor } from '../src/index.js';
import { checkGradients, useFloat64Reference } from './helpers/gradcheck.js';

useFloat64Reference();

describe("the return GAN discriminator's parameter-free first layer", () => {
  it('returns+abs: [x, |x|], conditions included', async () => {
    // One row: a window of 3 returns (1, −2, 3) and one condition column (0.5).
    const x = tensor([1, -2, 3, 0.5], [1, 4]);
    expect(Array.from(await new WithAbsoluteValues().forward(x).data())).toEqual([1, -2, 3, 0.5, 1, 2, 3, 0.5]);
  });

  it('its gradient matches central differences', async () => {
    await checkGradients([[5, 6]], (x) => new WithAbsoluteValues().forward(x), { gap: 0.05 });
  });

  it('buildNetworks sizes the critic for it', async () => {
    const config = { ...DEFAULT_CONFIG, window: 8, hidden: [4], discriminatorInput: 'returns+abs' as const, generatorOutput: 'returns' as const };
    const { discriminator } = buildNetworks(config);
    // Window 8 + 2 condition columns, and their absolute values: 2 × 10.
    const out = discriminator.forward(tensor(new Array(3 * 10).fill(0.1), [3, 10]));
    expect(out.shape).toEqual([3, 1]);
    expect(discriminator.parameters()[0].shape).toEqual([20, 4]);
  });
});
