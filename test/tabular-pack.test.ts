import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backward, createBackend, getBackend, mean, Rng, setBackend, tensor, type Backend } from '../src/index.js';
import { mlp } from '../src/nn/index.js';
import { PackedDiscriminator } from '../src/tabular/model/discriminator.js';
import { buildTabularNetworks, createTabularTrainer, DEFAULT_TABULAR_CONFIG } from '../src/tabular/model/model.js';
import { loadTable } from '../src/tabular/data/table.js';
import { encode, fitTransform } from '../src/tabular/data/transforms.js';

let previous: Backend;
beforeAll(async () => { previous = getBackend(); setBackend(await createBackend('wasm', { threads: 1 })); });
afterAll(() => { getBackend().destroy(); setBackend(previous); });

describe('PacGAN packing', () => {
  it('each row gets the logit of its pack of consecutive rows, read as one long row; gradients reach every row', async () => {
    const net = mlp([6, 4, 1], { seed: 3 });
    const packed = new PackedDiscriminator(net, 3);
    const values = Float32Array.from({ length: 6 * 2 }, (_, i) => Math.sin(i + 1));
    const x = tensor(values, [6, 2]);
    x.requiresGrad = true;
    const logits = packed.forward(x);
    expect(logits.shape).toEqual([6, 1]);
    const byPack = await net.forward(tensor(values, [2, 6])).data();
    expect(Array.from(await logits.data())).toEqual([byPack[0], byPack[0], byPack[0], byPack[1], byPack[1], byPack[1]]);
    backward(mean(logits));
    const grad = await x.grad!.data();
    expect(Array.from(grad).every((g) => g !== 0)).toBe(true);
    expect(packed.namedParameters('d.').map(([n]) => n)).toEqual(net.namedParameters('d.').map(([n]) => n));
    expect(() => packed.forward(tensor(new Float32Array(8), [4, 2]))).toThrow(/does not split into packs of 3/);
    expect(() => new PackedDiscriminator(net, 0)).toThrow(/positive integer/);
    // pac 1 is the plain network.
    expect(Array.from(await new PackedDiscriminator(net, 1).forward(tensor(values, [2, 6])).data())).toEqual(Array.from(byPack));
  });

  it('the tabular GAN trains with packs (the discriminator sees pac rows at once); a batch that does not split is refused up front', async () => {
    const table = loadTable('data/german_credit.csv');
    const transform = fitTransform(table, 'Class');
    const config = { ...DEFAULT_TABULAR_CONFIG, hidden: [16, 16], batch: 32, pac: 4, logEvery: 1 };
    const networks = buildTabularNetworks(config, transform);
    const encoded = encode(transform, table, new Rng(1));
    const { trainer } = createTabularTrainer(config, transform, networks, encoded);
    const m = (await trainer.step())!;
    expect(Number.isFinite(m.dLoss) && Number.isFinite(m.gLoss)).toBe(true);
    trainer.dispose();
    expect(() => createTabularTrainer({ ...config, batch: 30 }, transform, buildTabularNetworks(config, transform), encoded)).toThrow(/batch of 30 .* packs of 4/);
  });
});
