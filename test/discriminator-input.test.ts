import { describe, expect, it } from 'vitest';
import { buildNetworks, DEFAULT_CONFIG, WithAbsoluteValues } from '../src/finance/model/model.js';
import { tensor } from '../src/index.js';
import { checkGradients, useFloat64Reference } from './helpers/gradcheck.js';

useFloat64Reference();

describe("the return GAN discriminator's parameter-free first layer", () => {
  it('returns+abs: [x, |x|]; returns+abs+lag1: also x_t·x_{t+1} over the window columns only', async () => {
    // One row: a window of 3 returns (1, −2, 3) and one condition column (0.5).
    const x = tensor([1, -2, 3, 0.5], [1, 4]);
    expect(Array.from(await new WithAbsoluteValues().forward(x).data())).toEqual([1, -2, 3, 0.5, 1, 2, 3, 0.5]);
    // Neighbour products of the window: 1·(−2), (−2)·3; the condition is not multiplied.
    expect(Array.from(await new WithAbsoluteValues(3).forward(x).data())).toEqual([1, -2, 3, 0.5, 1, 2, 3, 0.5, -2, -6]);
  });

  it('its gradient matches central differences', async () => {
    await checkGradients([[5, 6]], (x) => new WithAbsoluteValues(4).forward(x), { gap: 0.05 });
  });

  it('buildNetworks sizes the critic for it', async () => {
    const config = { ...DEFAULT_CONFIG, window: 8, hidden: [4], discriminatorInput: 'returns+abs+lag1' as const, generatorOutput: 'returns' as const };
    const { discriminator } = buildNetworks(config);
    // Window 8 + 2 condition columns: 2 × 10 + 7 lag products.
    const out = discriminator.forward(tensor(new Array(3 * 10).fill(0.1), [3, 10]));
    expect(out.shape).toEqual([3, 1]);
    expect(discriminator.parameters()[0].shape).toEqual([27, 4]);
  });
});
