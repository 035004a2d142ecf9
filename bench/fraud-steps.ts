/**
 * Time the tabular GAN's training steps on the vehicle-insurance fraud table (docs/fraud.md, profile):
 * `npx tsx bench/fraud-steps.ts [steps] [threads] [backend]` trains in memory (no files) on the 10,794
 * training rows `gangrad tabular train --drop Year` uses and prints the wall and process CPU time per
 * step, after the first step (warm-up) and without table loading.
 */
import { createBackend, setBackend } from '../src/index.js';
import { createWasmBackend } from '../src/backend/wasm/index.js';
import { DEFAULT_TABULAR_CONFIG } from '../src/tabular/model/model.js';
import { loadTable } from '../src/tabular/data/table.js';
import { trainTabularGan } from '../src/tabular/training/train.js';

const steps = Number(process.argv[2] ?? 200);
const threads = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
const backendName = process.argv[4] ?? 'wasm';
const backend = backendName === 'wasm' ? await createWasmBackend({ threads }) : await createBackend(backendName as 'cpu');
setBackend(backend);
const table = loadTable('data/vehicle_insurance_fraud.csv', { drop: ['Year'] });
let t0 = 0, c0 = { user: 0, system: 0 }, last: string | null = null;
await trainTabularGan({
  data: table, config: { ...DEFAULT_TABULAR_CONFIG, target: 'FraudFound_P', steps },
  onProgress: (p) => {
    if (p.step === 1) { t0 = performance.now(); c0 = process.cpuUsage(); }
    if (p.metrics) last = `D ${p.metrics.dLoss.toFixed(4)} G ${p.metrics.gLoss.toFixed(4)}`;
  },
});
const wall = (performance.now() - t0) / 1000, cpu = process.cpuUsage(c0);
console.log(`${backend.description}: ${steps - 1} steps, ${(1000 * wall / (steps - 1)).toFixed(1)} ms/step wall, ${((cpu.user + cpu.system) / 1000 / (steps - 1)).toFixed(1)} ms/step CPU; last metrics ${last}`);
backend.destroy();
