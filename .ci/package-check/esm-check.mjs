// Run by scripts/ci-package.sh inside a fresh project that installed the packed gangrad with plain
// `npm install`: the package as a user gets it, imported from ESM.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  createBackend, GanTrainer, getBackend, MissingPackageError, mlp, parsePriceCsv, ReturnGan, Rng, rowSampler,
} from 'gangrad';

// The engine: 20 GAN steps on the default backend, which is auto's choice (wasm here).
const rng = new Rng(1);
const data = Float32Array.from({ length: 2048 }, () => (rng.uniform() < 0.5 ? -2 : 3) + 0.5 * rng.normal());
const trainer = new GanTrainer({
  generator: mlp([4, 16, 1], { activation: 'leakyRelu', alpha: 0.2, seed: 1 }), discriminator: mlp([1, 16, 1], { seed: 2 }),
  latentDim: 4, batchSize: 64, sampleReal: rowSampler(data, data.length, 1, 3).sample, metricsEvery: 1,
});
const last = await trainer.train(20);
assert.equal(trainer.stepCount, 20);
assert.ok(Number.isFinite(last.dLoss) && Number.isFinite(last.gLoss), `losses ${last.dLoss}, ${last.gLoss}`);
assert.equal(getBackend().name, 'wasm', 'the default backend is auto: wasm where WebAssembly SIMD exists');

// The finance API, in memory: fit 20 steps on the bundled S&P 500 closes, save and reload as bytes.
const csv = readFileSync(new URL('./node_modules/gangrad/data/sp500_gspc_daily.csv', import.meta.url), 'utf8');
const prices = parsePriceCsv(csv, 'sp500_gspc_daily.csv').prices.slice(-1500);
const model = await ReturnGan.fit(prices, { steps: 20, window: 16, hidden: [32], latentDim: 8, batch: 32, evalEvery: 10, validationSamples: 64 });
const bytes = model.toBytes();
const reloaded = ReturnGan.fromBytes(bytes);
const a = await model.sample({ paths: 4, length: 32, seed: 5 });
const b = await reloaded.sample({ paths: 4, length: 32, seed: 5 });
assert.deepEqual(b.returns, a.returns, 'samples after reload are bit-identical');
assert.ok(a.prices.every((p) => p.length === 33 && p.every((x) => x > 0 && Number.isFinite(x))));

// The optional peers are not installed: asking for their backends names the package to install.
for (const [backend, pkg] of [['gpujs', 'gpu.js'], ['webgpu', 'webgpu']]) {
  await assert.rejects(createBackend(backend), (e) => e instanceof MissingPackageError && e.message.includes(`npm install ${pkg}`));
}
console.log(`esm: 20 engine steps (D loss ${last.dLoss.toFixed(3)}) and 20 ReturnGan steps on ${getBackend().description}; model ${bytes.length} bytes reloaded, samples bit-identical; gpujs/webgpu refused with install hints`);
