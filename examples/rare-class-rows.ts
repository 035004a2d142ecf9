/**
 * Synthetic rows of a table's rare class, from the library (what `gangrad tabular train` and
 * `gangrad tabular sample --class VALUE` run).
 *
 * The class-conditional tabular GAN (CTGAN on gangrad's engine) is trained in memory on a table of
 * mixed numeric and categorical columns, by default the German credit data (1,000 loans, 300 of them
 * 'Bad'); trainTabularGan holds out a stratified 30 % as the test part. It then generates as many rows
 * of the rarer class as the training part holds, in the table's own columns and units, and compares
 * them with the real rows of that class: the numeric columns' means, and for the categorical columns
 * the total variation distance of their level shares (0: the same shares, 1: no level in common), to
 * the real rows of the rare class and, for scale, to those of the other classes. A conditional
 * generator should sit closer to the class it was asked for.
 *
 * Other tables: --data FILE --target COLUMN (e.g. data/vehicle_insurance_fraud.csv --target FraudFound_P).
 *
 * Run: npx tsx examples/rare-class-rows.ts [--steps N] [--data FILE] [--target COLUMN] [--seed S]
 */
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_TABULAR_CONFIG, disposeModule, formatTable, loadTable, rarerClass, sampleTable, selectRows, trainTabularGan,
  type CategoricalColumn, type Table,
} from '../src/index.js';
import { exampleArgs, wholeNumberArg } from './args.js';

const usage = 'usage: npx tsx examples/rare-class-rows.ts [--steps N] [--data FILE] [--target COLUMN] [--seed S]';
const args = exampleArgs(usage, {
  steps: '1000',
  data: fileURLToPath(new URL('../data/german_credit.csv', import.meta.url)),
  target: 'Class',
  seed: '1',
});
const steps = wholeNumberArg('steps', args.steps, 1, usage);
const seed = wholeNumberArg('seed', args.seed, 0, usage);
const target = args.target;

// A table that cannot be read, or a target it lacks, is the user's to fix: the message alone.
let table: Table, fit: Awaited<ReturnType<typeof trainTabularGan>>;
try {
  table = loadTable(args.data);
  for (const notice of table.notices ?? []) console.log(`notice: ${notice}`);
  console.log(`tabular example: ${table.rows} rows, ${table.columns.length} columns from ${table.file}`);
  const logEvery = Math.max(1, Math.round(steps / 5));
  fit = await trainTabularGan({
    data: table,
    // logEvery: the losses are measured (a read-back from the backend) only every logEvery steps.
    config: { ...DEFAULT_TABULAR_CONFIG, target, steps, seed, logEvery },
    onProgress: (p) => {
      const m = p.stepMetrics; // the losses read at this step, if any (step 1 and every logEvery)
      if (m && p.step % logEvery === 0) console.log(`step ${String(p.step).padStart(5)}  D loss ${m.dLoss.toFixed(3)}  G loss ${m.gLoss.toFixed(3)}`);
    },
  });
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}

const classes = (t: Table) => t.columns.find((c) => c.name === target) as CategoricalColumn;
const rare = rarerClass(fit.train, target);
const levels = classes(fit.train).levels;
const byClass = (t: Table, wanted: boolean) => selectRows(t, Array.from(classes(t).codes.keys()).filter((r) => (levels[classes(t).codes[r]] === rare) === wanted));
const realRare = byClass(fit.train, true);
const realOther = byClass(fit.train, false);

const synthetic = await sampleTable(fit.networks, fit.metadata, realRare.rows, { classLevel: rare, seed });
const made = new Set(Array.from(classes(synthetic).codes, (k) => classes(synthetic).levels[k]));
console.log(`\n${synthetic.rows} synthetic rows of class '${rare}' (classes made: ${[...made].join(', ')}); the first two, as CSV:`);
console.log(formatTable(selectRows(synthetic, [0, 1])).trimEnd());

const mean = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
const column = (t: Table, name: string) => t.columns.find((c) => c.name === name)!;
console.log(`\nnumeric column means: real '${rare}' rows, synthetic '${rare}' rows, real other rows`);
for (const c of realRare.columns) {
  if (c.kind !== 'numeric') continue;
  const values = (t: Table) => (column(t, c.name) as typeof c).values;
  console.log(`  ${c.name.padEnd(24)} ${mean(values(realRare)).toFixed(2).padStart(10)} ${mean(values(synthetic)).toFixed(2).padStart(10)} ${mean(values(realOther)).toFixed(2).padStart(10)}`);
}

// Level shares by name: each table's codes index its own column's levels.
const shares = (t: Table, name: string): Map<string, number> => {
  const c = column(t, name) as CategoricalColumn;
  const out = new Map<string, number>();
  for (const k of c.codes) out.set(c.levels[k], (out.get(c.levels[k]) ?? 0) + 1 / t.rows);
  return out;
};
const totalVariation = (p: Map<string, number>, q: Map<string, number>): number => {
  let sum = 0;
  for (const level of new Set([...p.keys(), ...q.keys()])) sum += Math.abs((p.get(level) ?? 0) - (q.get(level) ?? 0));
  return sum / 2;
};
let toRare = 0, toOther = 0, counted = 0;
for (const c of realRare.columns) {
  if (c.kind !== 'categorical' || c.name === target) continue;
  const made = shares(synthetic, c.name);
  toRare += totalVariation(made, shares(realRare, c.name));
  toOther += totalVariation(made, shares(realOther, c.name));
  counted++;
}
if (counted === 0) {
  console.log('\nno categorical columns besides the target: no level shares to compare');
} else {
  console.log(`\ncategorical columns (${counted}): mean total variation of the synthetic rows' level shares`);
  console.log(`  to the real '${rare}' rows   ${(toRare / counted).toFixed(3)}`);
  console.log(`  to the real other rows  ${(toOther / counted).toFixed(3)}`);
}
disposeModule(fit.networks.generator);
disposeModule(fit.networks.discriminator);
