import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backward, concatColumns, createBackend, getBackend, mean, Rng, setBackend, tensor, type Backend, type Tensor } from '../src/index.js';
import { Dense, mlp } from '../src/nn/index.js';
import { ConditionSampler } from '../src/tabular/model/conditions.js';
import { TabularGenerator } from '../src/tabular/model/generator.js';
import { buildTabularNetworks, DEFAULT_TABULAR_CONFIG } from '../src/tabular/model/model.js';
import { loadTable } from '../src/tabular/data/table.js';
import { encode, fitTransform, layout } from '../src/tabular/data/transforms.js';

let previous: Backend;
beforeAll(async () => { previous = getBackend(); setBackend(await createBackend('wasm', { threads: 1 })); });
afterAll(() => { getBackend().destroy(); setBackend(previous); });

function closeTo(actual: Float32Array | Float64Array, expected: Float32Array | Float64Array, tolerance: number): void {
  let err = 0, norm = 0;
  for (let i = 0; i < expected.length; i++) { err += (actual[i] - expected[i]) ** 2; norm += expected[i] ** 2; }
  expect(actual.length).toBe(expected.length);
  expect(Math.sqrt(err / norm)).toBeLessThan(tolerance);
}

describe('the condition gathered into the first layers (issue #25)', () => {
  it('G and D give the dense one-hot product\'s outputs and first-layer gradients, within float32 rounding; batch 1 too', async () => {
    const table = loadTable('data/german_credit.csv');
    const transform = fitTransform(table, 'Class');
    const config = { ...DEFAULT_TABULAR_CONFIG, hidden: [32, 16] };
    const { width, numericWidth, spans } = layout(transform);
    const encoded = encode(transform, table, new Rng(1));
    const conditions = new ConditionSampler(encoded.classes, encoded.codes, transform.target.levels.length, spans);
    const cw = conditions.conditionWidth;
    const networks = buildTabularNetworks(config, transform);
    expect(networks.discriminator.net.namedParameters()[0][1].shape).toEqual([width + cw, 32]);
    // The dense twins: the same layer sizes and seeds, so the same initial weights, without the gather.
    const denseD = mlp([width + cw, 32, 16, 1], { activation: 'leakyRelu', alpha: config.alpha, seed: config.seed * 2 + 2 });
    const denseG = new TabularGenerator(config.latentDim + cw, config.hidden, numericWidth, spans, config.alpha, config.seed * 2 + 1, { temperature: config.temperature, hard: config.hardHeads === true });
    for (const batch of [1, 37]) {
      const rng = new Rng(batch);
      const rows = new Float32Array(batch * (width + cw)), cond = new Float32Array(batch * cw);
      for (let i = 0; i < batch; i++) {
        const r = conditions.draw(rows, i * (width + cw) + width, null, rng, 'log');
        rows.set(encoded.rows.subarray(r * width, (r + 1) * width), i * (width + cw));
        cond.set(rows.subarray(i * (width + cw) + width, (i + 1) * (width + cw)), i * cw);
      }
      const z = tensor(Float32Array.from({ length: batch * config.latentDim }, () => rng.normal()), [batch, config.latentDim]);
      const compare = async (run: (g: TabularGenerator, d: { forward(x: Tensor): Tensor; parameters(): Tensor[] }) => Tensor,
        g: TabularGenerator, d: { forward(x: Tensor): Tensor; parameters(): Tensor[] }) => {
        for (const p of [...g.parameters(), ...d.parameters()]) p.grad = null;
        const out = run(g, d);
        backward(mean(out));
        return { out: await out.data(), gradG: await g.parameters()[0].grad!.data(), gradD: await d.parameters()[0].grad!.data() };
      };
      // D on real rows [x, c], G through D on [G(z, c), c]: both first layers see one-hot condition columns.
      const step = (g: TabularGenerator, d: { forward(x: Tensor): Tensor }) => {
        const c = tensor(cond, [batch, cw]);
        return concatColumns(d.forward(tensor(rows, [batch, width + cw])), d.forward(concatColumns(g.forward(concatColumns(z, c)), c)));
      };
      networks.generator.gumbel.setState(new Rng(5).getState());
      denseG.gumbel.setState(new Rng(5).getState());
      const gathered = await compare(step, networks.generator, networks.discriminator);
      const dense = await compare(step, denseG, denseD);
      closeTo(gathered.out, dense.out, 1e-6);
      closeTo(gathered.gradG, dense.gradG, 1e-5);
      closeTo(gathered.gradD, dense.gradD, 1e-5);
    }
  });

  it('packed discriminators keep the dense product (their condition columns are interleaved)', () => {
    const table = loadTable('data/german_credit.csv');
    const networks = buildTabularNetworks({ ...DEFAULT_TABULAR_CONFIG, hidden: [8], pac: 2 }, fitTransform(table, 'Class'));
    expect((networks.discriminator.net.layers[0] as Dense).oneHotInputs).toBe(0);
    expect((networks.generator.trunk.layers[0] as Dense).oneHotInputs).toBeGreaterThan(0);
  });
});
