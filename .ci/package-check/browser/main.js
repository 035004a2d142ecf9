// A page that uses the public API (engine and finance) as an application would, bundled by esbuild and
// by Vite with default settings (scripts/ci-package.sh); it trains a few steps on wasm and reports.
import { createBackend, GanTrainer, getBackend, mlp, ReturnGan, Rng, rowSampler, setBackend } from 'gangrad';

async function run() {
  setBackend(await createBackend('wasm'));
  const rng = new Rng(1);
  const data = Float32Array.from({ length: 1024 }, () => (rng.uniform() < 0.5 ? -2 : 3) + 0.5 * rng.normal());
  const trainer = new GanTrainer({
    generator: mlp([4, 16, 1], { activation: 'leakyRelu', alpha: 0.2, seed: 1 }), discriminator: mlp([1, 16, 1], { seed: 2 }),
    latentDim: 4, batchSize: 64, sampleReal: rowSampler(data, data.length, 1, 3).sample, metricsEvery: 1,
  });
  const last = await trainer.train(5);
  // A price series made in the page: a random walk with volatility clustering.
  const prices = [100];
  for (let t = 1, v = 1e-4; t < 600; t++) {
    const r = Math.sqrt(v) * rng.normal();
    v = 1e-6 + 0.1 * r * r + 0.85 * v;
    prices.push(prices[t - 1] * Math.exp(r));
  }
  const model = await ReturnGan.fit(prices, { steps: 5, window: 16, hidden: [16], latentDim: 4, batch: 16, evalEvery: 5, validationSamples: 32 });
  const a = await model.sample({ paths: 3, seed: 2 });
  const b = await ReturnGan.fromBytes(model.toBytes()).sample({ paths: 3, seed: 2 });
  const same = a.returns.every((r, i) => r.every((x, j) => Object.is(x, b.returns[i][j])));
  return { ok: Number.isFinite(last.dLoss) && same, backend: getBackend().description, steps: trainer.stepCount, dLoss: last.dLoss, reloadedIdentical: same };
}

run().then((r) => r, (e) => ({ ok: false, error: String(e && e.stack || e) }))
  .then((report) => fetch('/result', { method: 'POST', body: JSON.stringify(report) }));
