// Run by scripts/ci-package.sh in the fresh project: the package's types under strict settings and
// skipLibCheck false (its .d.ts files are checked too), compiled with several module resolutions,
// then run (nodenext output).
import {
  createBackend, getBackend, ReturnGan, setBackend, type Backend, type ReturnGanFitOptions, type SampledPaths, type TrainProgress,
} from 'gangrad';

const options: ReturnGanFitOptions = { steps: 5, window: 16, hidden: [16], latentDim: 4, batch: 16, evalEvery: 5, validationSamples: 32 };
const prices: number[] = [];
for (let t = 0, p = 100; t < 400; t++) prices.push((p *= Math.exp(0.01 * Math.sin(t * 1.7) + 0.002 * Math.cos(t * 0.3))));

async function main(): Promise<void> {
  const backend: Backend = await createBackend('auto');
  setBackend(backend);
  const steps: number[] = [];
  // The DOM's AbortSignal (lib DOM here) must satisfy the package's own AbortSignalLike.
  const model = await ReturnGan.fit(prices, { ...options, signal: new AbortController().signal, onProgress: (p: TrainProgress) => steps.push(p.step) });
  const paths: SampledPaths = await ReturnGan.fromBytes(model.toBytes()).sample({ paths: 2, seed: 1 });
  if (steps.length !== 5 || paths.returns[0].length !== 16) throw new Error(`unexpected: ${steps.length} steps, ${paths.returns[0].length} days`);
  console.log(`typescript: ReturnGan trained ${steps.length} steps on ${getBackend().description}, sampled ${paths.returns.length} paths`);
  backend.destroy();
}
void main();
