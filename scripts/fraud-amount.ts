/**
 * How many minority rows should an oversampler add for the boosted trees, out of time? The fraud
 * evaluation adds rows until the classes balance (src/tabular/evaluation/fraud-figures.ts); for the
 * trees that hurt the GAN's rows. Here the amount (a fraction of the balancing amount) is chosen per
 * oversampler on the last training year, as a fraud team would choose it: a GAN fitted on the years
 * before it, the trees scored on it; then the chosen amount is applied out of time (a GAN fitted on
 * every training year, the trees scored on the test year). Every amount's test figure is printed too,
 * to show what the choice left; nothing on the test year chooses anything.
 *
 *   npx tsx scripts/fraud-amount.ts [--data data/vehicle_insurance_fraud.csv] [--target FraudFound_P]
 *     [--split-by Year] [--test-from 1996] [--validate-from 1995] [--seeds 5] [--backend wasm]
 *
 * Prints one JSON line per seed and part, then the summary table (average precision, mean ± sd).
 */
import { parseArgs } from 'node:util';
import { useBackend } from '../src/cli/args.js';
import { loadTable, selectRows } from '../src/tabular/data/table.js';
import { rarerClass } from '../src/tabular/data/split.js';
import { outOfTimeParts } from '../src/tabular/evaluation/experiment.js';
import { binaryLabels, features, fitScaler } from '../src/tabular/evaluation/features.js';
import { fitOnRows } from '../src/tabular/evaluation/fit-rows.js';
import { averagePrecision } from '../src/tabular/evaluation/ranking.js';
import { trainBoostedTrees } from '../src/tabular/evaluation/trees.js';
import { SmoteNc } from '../src/tabular/baselines/smote-nc.js';
import { DEFAULT_TABULAR_CONFIG } from '../src/tabular/model/model.js';
import { sampleTable } from '../src/tabular/model/sample.js';
import { disposeModule } from '../src/nn/index.js';
import { Rng } from '../src/tensor/index.js';
import { exitOnHelp } from './usage.js';

exitOnHelp('usage: npx tsx scripts/fraud-amount.ts [--data data/vehicle_insurance_fraud.csv] [--target FraudFound_P] [--split-by Year] [--test-from 1996] [--validate-from 1995] [--seeds 5] [--backend wasm]  (with no arguments: the default 5-seed experiment)');

const { values: o } = parseArgs({
  options: {
    data: { type: 'string', default: 'data/vehicle_insurance_fraud.csv' }, target: { type: 'string', default: 'FraudFound_P' },
    'split-by': { type: 'string', default: 'Year' }, 'test-from': { type: 'string', default: '1996' }, 'validate-from': { type: 'string', default: '1995' },
    seeds: { type: 'string', default: '5' }, backend: { type: 'string', default: 'wasm' },
  },
});
const FRACTIONS = [0.05, 0.1, 0.2, 0.35, 0.5, 1];
const OVERSAMPLERS = ['random oversampling', 'SMOTE-NC', 'GAN'] as const;
type Oversampler = (typeof OVERSAMPLERS)[number];

await useBackend(o.backend);
const table = loadTable(o.data!);
const column = o['split-by']!;
// The validation split needs the split column, which outOfTimeParts leaves out: split the rows first.
const pastRows = (() => {
  const c = table.columns.find((col) => col.name === column);
  if (!c) throw new Error(`${o.data}: no column '${column}'`);
  const key = (r: number) => (c.kind === 'numeric' ? c.values[r] : Number(c.levels[c.codes[r]]));
  return selectRows(table, Array.from({ length: table.rows }, (_, r) => r).filter((r) => key(r) < Number(o['test-from'])));
})();
const parts = {
  validation: outOfTimeParts(pastRows, o.target!, { column, testFrom: o['validate-from']! }),
  test: outOfTimeParts(table, o.target!, { column, testFrom: o['test-from']! }),
};

/** Average precision of the trees on each part's held-out rows, with each oversampler's rows at each amount. */
async function scores(part: keyof typeof parts, seed: number): Promise<Record<string, number>> {
  const { train, test } = parts[part];
  const fit = await fitOnRows(train, { ...DEFAULT_TABULAR_CONFIG, target: o.target!, seed });
  const positive = rarerClass(train, o.target!);
  const scaler = fitScaler(train, o.target!);
  const xTrain = features(train, scaler), yTrain = binaryLabels(train, o.target!, positive);
  const xTest = features(test, scaler), yTest = binaryLabels(test, o.target!, positive);
  const minorityRows = Array.from(yTrain.keys()).filter((i) => yTrain[i] === 1);
  const balance = Math.max(0, train.rows - 2 * minorityRows.length);
  const minority = selectRows(train, minorityRows);
  // The same draws as the fraud evaluation's (seeds included); a smaller amount takes the first rows.
  const rng = new Rng(seed * 13 + 1);
  const rows: Record<Oversampler, Float32Array> = {
    'random oversampling': features(selectRows(minority, Array.from({ length: balance }, () => rng.int(minority.rows))), scaler),
    'SMOTE-NC': features(new SmoteNc(5).fit(minority).sample(balance, seed * 17 + 3), scaler),
    GAN: features(await sampleTable(fit.networks, fit.metadata, balance, { classLevel: positive, seed: seed * 1000 }), scaler),
  };
  disposeModule(fit.networks.generator);
  disposeModule(fit.networks.discriminator);
  const ap = async (x: Float32Array, y: Float32Array, classWeights = false) => {
    const model = trainBoostedTrees(x, y, scaler.width, { classWeights });
    const p = await model.predict(xTest, test.rows);
    model.dispose();
    return averagePrecision(p, yTest);
  };
  const out: Record<string, number> = { none: await ap(xTrain, yTrain), 'class weights': await ap(xTrain, yTrain, true) };
  for (const f of FRACTIONS) {
    const n = Math.round(f * balance);
    const y = new Float32Array(yTrain.length + n);
    y.set(yTrain);
    y.fill(1, yTrain.length);
    for (const method of OVERSAMPLERS) {
      const x = new Float32Array(xTrain.length + n * scaler.width);
      x.set(xTrain);
      x.set(rows[method].subarray(0, n * scaler.width), xTrain.length);
      out[`${method} × ${f}`] = await ap(x, y);
    }
  }
  console.log(JSON.stringify({ part, seed, trainRows: train.rows, testRows: test.rows, minority: minorityRows.length, balance, ap: out }));
  return out;
}

const seeds = Array.from({ length: Number(o.seeds) }, (_, i) => i + 1);
const runs: { seed: number; validation: Record<string, number>; test: Record<string, number> }[] = [];
for (const seed of seeds) runs.push({ seed, validation: await scores('validation', seed), test: await scores('test', seed) });

const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const sd = (x: number[]) => (x.length < 2 ? 0 : Math.sqrt(x.reduce((a, b) => a + (b - mean(x)) ** 2, 0) / (x.length - 1)));
const fmt = (x: number[]) => `${mean(x).toFixed(3)} ± ${sd(x).toFixed(3)}`;
console.log(`\n| boosted trees, test part (${o['test-from']} on): training rows | average precision | amount chosen per seed |`);
console.log('|---|---|---|');
for (const m of ['none', 'class weights']) console.log(`| ${m} | ${fmt(runs.map((r) => r.test[m]))} | – |`);
for (const m of OVERSAMPLERS) {
  const chosen = runs.map((r) => FRACTIONS.reduce((best, f) => (r.validation[`${m} × ${f}`] > r.validation[`${m} × ${best}`] ? f : best)));
  console.log(`| ${m}, amount chosen on ${o['validate-from']} | ${fmt(runs.map((r, i) => r.test[`${m} × ${chosen[i]}`]))} | ${chosen.join(', ')} |`);
}
console.log(`\n| amount (× the balancing rows) | ${OVERSAMPLERS.map((m) => `${m}: validation / test`).join(' | ')} |`);
console.log(`|---|${OVERSAMPLERS.map(() => '---|').join('')}`);
for (const f of FRACTIONS) console.log(`| ${f} | ${OVERSAMPLERS.map((m) => `${fmt(runs.map((r) => r.validation[`${m} × ${f}`]))} / ${fmt(runs.map((r) => r.test[`${m} × ${f}`]))}`).join(' | ')} |`);
process.exit(0);
