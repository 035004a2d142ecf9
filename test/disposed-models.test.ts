/**
 * A model used after its networks were freed says so in its own words (found by probing the library:
 * sampleTable after disposeModule(generator) said "tensor [136, 128] was used after dispose()").
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TABULAR_CONFIG, disposeModule, loadTable, sampleTable, trainTabularGan } from '../src/index.js';

describe('models used after dispose', () => {
  it('sampleTable names the disposed generator and how to get one back', async () => {
    const fit = await trainTabularGan({ data: loadTable('data/german_credit.csv'), config: { ...DEFAULT_TABULAR_CONFIG, target: 'Class', steps: 2, hidden: [16], batch: 20 } });
    expect((await sampleTable(fit.networks, fit.metadata, 3, { seed: 1 })).rows).toBe(3);
    disposeModule(fit.networks.generator);
    await expect(sampleTable(fit.networks, fit.metadata, 3, { classLevel: 'Bad' })).rejects.toThrow('sampleTable: the generator was disposed (disposeModule); load the model again (loadTabularModel) or train a new one');
    disposeModule(fit.networks.discriminator);
  });
});
