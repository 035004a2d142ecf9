/**
 * Development harness for the tabular GAN, on training rows only. For each seed, the experiment's outer
 * split (stratified 70/30, split seed seed·11 + 5) gives 700 training rows; the held-out 300 are never
 * read here. The 700 are split again the same way (490 inner training rows, 210 inner validation rows);
 * the GAN is trained on the 490 with a checkpoint every `every` steps, and classifiers trained on the
 * 490 (plus oversampled, SMOTE or GAN minority rows) are scored on the 210. It prints mean and per-seed
 * `Bad` AUC and F1 per setting. The choices in docs/tabular.md ("What is chosen, and on what") come from it.
 *
 *   npx tsx scripts/tabular-inner.ts --dir=DIR [--seeds=1,2,3,4,5] [--steps=2000] [--every=250]
 *     [--eval-steps=1250,1500] [--config='{"pac":4}'] [--wd=0.001,1] [--fractions=0.5,1]
 *     [--mix=1250,1500,1750,2000] [--drs=2,4]
 *
 * --wd: logistic weight decays to score; --fractions: minority rows added, as multiples of the balancing
 * amount; --mix: GAN rows drawn equally from these checkpoints; --drs: draw that many times the rows and
 * keep those the discriminator rates most real. Trained checkpoints in DIR are reused.
 */
import { copyFileSync, mkdirSync, existsSync, writeFileSync } from 'node:fs';
import { createBackend } from '../src/backend/index.js';
import { setBackend, Rng } from '../src/tensor/index.js';
import { loadTable, selectRows, column } from '../src/tabular/data/table.js';
import { stratifiedSplit, sampleTable, generateEncoded } from '../src/tabular/model/sample.js';
import { decode } from '../src/tabular/data/transforms.js';
import { noGrad, tidy, concatColumns, tensor } from '../src/tensor/index.js';
import { DEFAULT_TABULAR_CONFIG, loadTabularModel } from '../src/tabular/model/model.js';
import { trainTabularGan } from '../src/tabular/training/train.js';
import { fitScaler, features, binaryLabels } from '../src/tabular/evaluation/features.js';
import { trainClassifier, type ClassifierKind } from '../src/scoring/classifier.js';
import { rocAuc, f1Score } from '../src/tabular/evaluation/metrics.js';
import { tableParts } from '../src/tabular/data/split.js';
import { Smote } from '../src/tabular/baselines/smote.js';
import { exitOnHelp } from './usage.js';

exitOnHelp('usage: npx tsx scripts/tabular-inner.ts --dir=DIR [--seeds=1,2,3,4,5] [--steps=2000] [--every=250]');

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const seeds = (args.seeds ?? '1,2,3,4,5').split(',').map(Number);
if (!args.dir) {
  console.error('usage: npx tsx scripts/tabular-inner.ts --dir=DIR [--seeds=1,2,3,4,5] [--steps=2000] [--every=250]');
  process.exit(2);
}
const dir = args.dir;
const steps = Number(args.steps ?? 2000);
const every = Number(args.every ?? 250);
const overrides = JSON.parse(args.config ?? '{}');
const evalSteps = args['eval-steps'] ? args['eval-steps'].split(',').map(Number) : null;
const wds = (args.wd ?? '0.001').split(',').map(Number);
const fractions = (args.fractions ?? '1').split(',').map(Number);
setBackend(await createBackend('wasm'));
const table = loadTable('data/german_credit.csv');
const concat = (a: Float32Array, b: Float32Array) => { const o = new Float32Array(a.length + b.length); o.set(a); o.set(b, a.length); return o; };
const out: Record<string, number[]> = {};
const put = (k: string, v: number) => { (out[k] ??= []).push(v); };
for (const seed of seeds) {
  const outer = stratifiedSplit((column(table, 'Class') as { codes: Int32Array }).codes, 0.3, seed * 11 + 5);
  const t700 = tableParts(table, outer).train; // blank numeric cells filled from these rows only
  const sd = `${dir}/seed${seed}`;
  if (!existsSync(`${sd}/model-${steps}.safetensors`)) {
    mkdirSync(sd, { recursive: true });
    await trainTabularGan({ data: t700, config: { ...DEFAULT_TABULAR_CONFIG, ...overrides, seed, steps, checkpointEvery: every }, out: sd,
      onProgress: (p) => { if (p.step % every === 0) copyFileSync(`${sd}/model.safetensors`, `${sd}/model-${p.step}.safetensors`); } });
  }
  const m0 = loadTabularModel(`${sd}/model-${steps}.safetensors`);
  const held = new Set(m0.metadata.data.testRows);
  const tr = selectRows(t700, Array.from({ length: t700.rows }, (_, r) => r).filter((r) => !held.has(r)));
  const va = selectRows(t700, m0.metadata.data.testRows);
  const sc = fitScaler(tr, 'Class'); const w = sc.width;
  const x = features(tr, sc), y = binaryLabels(tr, 'Class', 'Bad'), xv = features(va, sc), yv = binaryLabels(va, 'Class', 'Bad');
  const minority = Array.from(y.keys()).filter((i) => y[i] === 1);
  const xm = new Float32Array(minority.length * w); minority.forEach((r, i) => xm.set(x.subarray(r * w, (r + 1) * w), i * w));
  const gap = y.length - 2 * minority.length;
  const score = (kind: ClassifierKind, wd: number, add: Float32Array, n: number, key: string) => {
    const c = trainClassifier(kind, concat(x, add), concat(y, new Float32Array(n).fill(1)), w, { seed, weightDecay: kind === 'logistic' ? wd : undefined });
    return c.predict(xv, yv.length).then((p) => { c.dispose(); put(`${key} auc`, rocAuc(p, yv)); put(`${key} f1`, f1Score(p, yv)); });
  };
  const variants: [ClassifierKind, number][] = [...wds.map((wd: number) => ['logistic', wd] as [ClassifierKind, number]), ['mlp', 0]];
  for (const frac of fractions) {
    const n = Math.round(frac * gap);
    const rng = new Rng(seed * 13 + 1);
    const ros = new Float32Array(n * w); for (let i = 0; i < n; i++) { const r = rng.int(minority.length); ros.set(xm.subarray(r * w, (r + 1) * w), i * w); }
    const sm = new Smote(5).fit(xm, minority.length, w).sample(n, seed * 17 + 3);
    for (const [k, wd] of variants) {
      const tag = `${k}${k === 'logistic' ? wd : ''} x${frac}`;
      if (frac === fractions[0]) await score(k, wd, new Float32Array(0), 0, `${tag.split(' ')[0]} none`);
      await score(k, wd, ros, n, `${tag} ros`);
      await score(k, wd, sm, n, `${tag} smote`);
    }
    for (let s = every; s <= steps; s += every) {
      if (evalSteps && !evalSteps.includes(s)) continue;
      const m = loadTabularModel(`${sd}/model-${s}.safetensors`);
      const g = features(await sampleTable(m.networks, m.metadata, n, { classLevel: 'Bad', seed: seed * 1000 + 1 }), sc);
      for (const [k, wd] of variants) await score(k, wd, g, n, `${k}${k === 'logistic' ? wd : ''} x${frac} gan@${s}`);
      if (frac === fractions[0]) {
        const syn = await sampleTable(m.networks, m.metadata, tr.rows, { seed: seed * 1000 + 2 });
        for (const [k, wd] of variants) {
          const c = trainClassifier(k, features(syn, sc), binaryLabels(syn, 'Class', 'Bad'), w, { seed, weightDecay: k === 'logistic' ? wd : undefined });
          put(`${k}${k === 'logistic' ? wd : ''} tstr@${s} auc`, rocAuc(await c.predict(xv, yv.length), yv));
          c.dispose();
        }
      }
    }
    if (args.drs) {
      for (const over of args.drs.split(',').map(Number)) {
        for (const s of evalSteps ?? [steps]) {
          const m = loadTabularModel(`${sd}/model-${s}.safetensors`);
          const e = await generateEncoded(m.networks, m.metadata, Math.round(n * over), 0, null, new Rng(seed * 1000 + 1));
          const cw = e.conditions.length / e.classes.length, ew = e.rows.length / e.classes.length;
          const logits = await noGrad(() => tidy(() => m.networks.discriminator.forward(concatColumns(tensor(e.rows, [e.classes.length, ew]), tensor(e.conditions, [e.classes.length, cw]))))).data();
          const order = Array.from(logits.keys()).sort((a, b) => logits[b] - logits[a]).slice(0, n);
          const kept = new Float32Array(n * ew); order.forEach((r, i) => kept.set(e.rows.subarray(r * ew, (r + 1) * ew), i * ew));
          const g = features(decode(m.metadata.transform, kept, n, new Int32Array(n)), sc);
          for (const [k, wd] of variants) await score(k, wd, g, n, `${k}${k === 'logistic' ? wd : ''} x${frac} drs${over}@${s}`);
        }
      }
    }
    if (args.mix) {
      const mix = args.mix.split(',').map(Number);
      const parts = await Promise.all(mix.map(async (s: number, i: number) => {
        const m = loadTabularModel(`${sd}/model-${s}.safetensors`);
        const c = Math.floor(n / mix.length) + (i < n % mix.length ? 1 : 0);
        return features(await sampleTable(m.networks, m.metadata, c, { classLevel: 'Bad', seed: seed * 1000 + 1 + i }), sc);
      }));
      const g = parts.reduce((a: Float32Array, b: Float32Array) => concat(a, b), new Float32Array(0));
      for (const [k, wd] of variants) await score(k, wd, g, n, `${k}${k === 'logistic' ? wd : ''} x${frac} mix`);
    }
  }
  console.error(`seed ${seed} done`);
}
const lines = Object.entries(out).map(([k, v]) => `${k.padEnd(40)} ${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(4)}  [${v.map((u) => u.toFixed(3)).join(' ')}]`);
writeFileSync(`${dir}/summary.txt`, lines.join('\n') + '\n');
console.log(lines.join('\n'));
