// Runs inside headless Chromium (see test/browser.test.ts). Imports the compiled library from /lib/,
// checks the wasm and WebGPU backends against the CPU reference, and posts a JSON report to the
// server. Plain JavaScript, so the page needs no bundler: the library's ESM output loads as it is.
import * as gangrad from '/lib/index.js';

const report = { crossOriginIsolated: globalThis.crossOriginIsolated === true, backends: {}, errors: [] };

/** Relative 2-norm error of `actual` against `expected`. */
function relativeError(actual, expected) {
  let num = 0, den = 0;
  for (let i = 0; i < expected.length; i++) { num += (actual[i] - expected[i]) ** 2; den += expected[i] ** 2; }
  return Math.sqrt(num / Math.max(den, 1e-30));
}

function randomArray(length, seed) {
  const rng = new gangrad.Rng(seed);
  return Float32Array.from({ length }, () => rng.normal());
}

/** Every transpose variant on awkward shapes; the larger ones pass the wasm threading threshold. */
async function matmulResults(backend) {
  const results = [];
  for (const [m, k, n] of [[1, 7, 65], [7, 65, 257], [65, 257, 7], [257, 65, 257], [257, 257, 65]]) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const a = gangrad.tensor(randomArray(m * k, m + 3 * k), transposeA ? [k, m] : [m, k], backend);
        const b = gangrad.tensor(randomArray(k * n, n + 5 * k), transposeB ? [n, k] : [k, n], backend);
        const c = gangrad.matmul(a, b, { transposeA, transposeB });
        results.push(Float32Array.from(await c.data()));
        a.dispose(); b.dispose(); c.dispose();
      }
    }
  }
  return results;
}

/** Five steps of a GAN whose 257-wide layers make the wasm backend split its matmuls across threads. */
async function ganParameters(backend) {
  gangrad.setBackend(backend);
  const features = 7, rows = 257;
  const data = randomArray(rows * features, 11);
  const generator = gangrad.mlp([5, 257, 65, features], { seed: 1 });
  const discriminator = gangrad.mlp([features, 257, 65, 1], { seed: 2 });
  const trainer = new gangrad.GanTrainer({
    generator, discriminator, latentDim: 5, batchSize: 257, seed: 3, labelSmoothing: 0.1,
    sampleReal: gangrad.rowSampler(data, rows, features, 4).sample,
  });
  await trainer.train(5);
  const parameters = [];
  for (const p of [...generator.parameters(), ...discriminator.parameters()]) parameters.push(Float32Array.from(await p.data()));
  trainer.dispose(); gangrad.disposeModule(generator); gangrad.disposeModule(discriminator);
  return parameters;
}

const worst = (a, b) => Math.max(...a.map((x, i) => relativeError(x, b[i])));
const concat = (list) => { const out = new Float32Array(list.reduce((n, x) => n + x.length, 0)); let at = 0; for (const x of list) { out.set(x, at); at += x.length; } return out; };

/**
 * All parameters together, and the worst single tensor. Biases start at zero and Adam moves each by
 * about ±lr per step whatever the gradient's size, so a gradient element near zero whose sign differs in
 * the last bits (GPU exp/log are not correctly rounded) flips a step: a bias's relative error can reach
 * 1e-3 while the weights agree to 1e-5. The whole-model error is what the test bounds tightly.
 */
const ganErrors = (a, b) => ({ ganError: relativeError(concat(a), concat(b)), ganWorstTensorError: worst(a, b) });

try {
  const cpu = await gangrad.createBackend('cpu');
  const referenceMatmul = await matmulResults(cpu);
  const referenceGan = await ganParameters(cpu);
  const candidates = [['wasm', () => gangrad.createBackend('wasm', { threads: 2 })]];
  if (globalThis.navigator?.gpu && new URLSearchParams(location.search).has('webgpu')) candidates.push(['webgpu', () => gangrad.createBackend('webgpu')]);
  for (const [name, create] of candidates) {
    try {
      const backend = await create();
      report.backends[name] = {
        description: backend.description,
        matmulError: worst(await matmulResults(backend), referenceMatmul),
        ...ganErrors(await ganParameters(backend), referenceGan),
      };
      backend.destroy();
    } catch (e) {
      report.backends[name] = { error: String(e?.stack ?? e) };
    }
  }
  // File-based functions need Node: in a page they must fail with a clear message, not at import.
  try { gangrad.loadPriceCsv('prices.csv'); } catch (e) { report.fileError = String(e.message); }
} catch (e) {
  report.errors.push(String(e?.stack ?? e));
}
await fetch('/result', { method: 'POST', body: JSON.stringify(report) });
