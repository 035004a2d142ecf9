/**
 * The example this project grew from, made right.
 *
 * The article "GANs in fintech" trains a GAN in TensorFlow 1 to generate stock prices: generator
 * z → 128 → 128 → 1 and discriminator x → 128 → 128 → 1, leaky ReLU, sigmoid cross-entropy, Adam.
 * As published it does not train: the discriminator concatenates the noise to its own output, and only
 * the generator's loss is ever minimised, so the discriminator never learns and gives G no signal.
 *
 * Here the same networks are trained the standard way (gangrad's GanTrainer): the discriminator is
 * updated on real (label 1) and generated (label 0) closes, then the generator through the frozen
 * discriminator with the non-saturating loss. The GAN learns standardised log closes, mapped back with
 * exp: closes span three orders of magnitude over a century, and a generator of raw closes made
 * negative prices in its left tail.
 *
 * Run: npx tsx examples/seed-stock-prices.ts [--steps N] [--data FILE] [--seed S]
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { GanTrainer, loadPriceCsv, mlp, rowSampler, disposeModule } from '../src/index.js';

const usage = 'usage: npx tsx examples/seed-stock-prices.ts [--steps N] [--data FILE] [--seed S]';
const args = (() => {
  try {
    return parseArgs({
      options: {
        steps: { type: 'string', default: '2000' },
        data: { type: 'string', default: fileURLToPath(new URL('../data/sp500_gspc_daily.csv', import.meta.url)) },
        seed: { type: 'string', default: '1' },
      },
    }).values;
  } catch (e) {
    console.error(`${(e as Error).message}\n${usage}`);
    process.exit(2);
  }
})();
const steps = Number(args.steps);
const seed = Number(args.seed);
if (!Number.isInteger(steps) || steps < 1) {
  console.error(`--steps must be a whole number ≥ 1, got '${args.steps}'`);
  process.exit(2);
}
if (!Number.isInteger(seed) || seed < 0) {
  console.error(`--seed must be a whole number ≥ 0, got '${args.seed}'`);
  process.exit(2);
}

// A file that cannot be read as prices is the user's to fix: its message alone, not a stack trace.
let series: ReturnType<typeof loadPriceCsv>;
try {
  series = loadPriceCsv(args.data!);
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
const closes = series.prices;
const meanOf = (x: ArrayLike<number>): number => {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i];
  return sum / x.length;
};
const stdOf = (x: ArrayLike<number>): number => {
  const m = meanOf(x);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += (x[i] - m) ** 2;
  return Math.sqrt(sum / (x.length - 1));
};
const logCloses = Float64Array.from(closes, Math.log);
const logMean = meanOf(logCloses);
const logStd = stdOf(logCloses);
const standardised = Float32Array.from(logCloses, (v) => (v - logMean) / logStd);

const latentDim = 16;
const generator = mlp([latentDim, 128, 128, 1], { activation: 'leakyRelu', alpha: 0.2, seed });
const discriminator = mlp([1, 128, 128, 1], { activation: 'leakyRelu', alpha: 0.2, seed: seed + 1 });
const trainer = new GanTrainer({
  // About ten progress lines whatever the number of steps.
  generator, discriminator, latentDim, batchSize: 128, seed, metricsEvery: Math.max(1, Math.min(250, Math.round(steps / 10))),
  sampleReal: rowSampler(standardised, standardised.length, 1, seed).sample,
});

console.log(`seed example: ${series.prices.length} ${series.column} prices from ${series.file}`);
console.log(`training G ${latentDim}→128→128→1 and D 1→128→128→1 for ${steps} steps on the ${trainer.generator.parameters()[0].backend.description} backend`);
const started = performance.now();
await trainer.train(steps, (m) => {
  const rate = m.step / ((performance.now() - started) / 1000);
  console.log(`step ${String(m.step).padStart(5)}  D loss ${m.dLoss.toFixed(3)}  G loss ${m.gLoss.toFixed(3)}  D(x) ${m.dReal.toFixed(3)}  D(G(z)) ${m.dFake.toFixed(3)}  ${rate.toFixed(0)} steps/s`);
});

const samples = trainer.generate(closes.length);
// A generator's rare outlier, beyond anything in the data, becomes an absurd price through exp: clip the
// standardised log closes to the data's range plus half a standard deviation (gangrad's return model
// clips in the same spirit, see returnClip).
let lowest = Infinity, highest = -Infinity;
for (const v of standardised) { lowest = Math.min(lowest, v); highest = Math.max(highest, v); }
const generated = Array.from(await samples.data(), (v) => Math.exp(Math.max(lowest - 0.5, Math.min(highest + 0.5, v)) * logStd + logMean));
samples.dispose();
const sorted = (x: ArrayLike<number>) => Float64Array.from(x).sort();
const quantile = (s: Float64Array, q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
const real = sorted(closes);
const fake = sorted(generated);
const row = (name: string, r: number, g: number) => console.log(`${name.padEnd(8)} ${r.toFixed(1).padStart(10)} ${g.toFixed(1).padStart(10)}`);
console.log(`\n${''.padEnd(8)} ${'real'.padStart(10)} ${'generated'.padStart(10)}`);
row('mean', meanOf(closes), meanOf(generated));
row('std', stdOf(closes), stdOf(generated));
for (const q of [0.1, 0.5, 0.9]) row(`q${q * 100}%`, quantile(real, q), quantile(fake, q));
console.log('\nThis learns the marginal distribution of closing prices only: for return series with the');
console.log('stylized facts of real markets, use `gangrad train` (see the README).');
trainer.dispose();
disposeModule(generator);
disposeModule(discriminator);
