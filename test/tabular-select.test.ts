import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, getBackend, Rng, setBackend, type Backend } from '../src/index.js';
import { binaryLabels, features, fitScaler } from '../src/tabular/evaluation/features.js';
import { chooseWeightDecay, stratifiedFolds } from '../src/tabular/evaluation/select.js';
import { settingsLine } from '../src/tabular/report/report.js';
import type { TabularEvaluation } from '../src/tabular/evaluation/evaluate.js';
import { stratifiedSplit } from '../src/tabular/model/sample.js';
import { column, loadTable, selectRows } from '../src/tabular/data/table.js';

let previous: Backend;
beforeAll(async () => { previous = getBackend(); setBackend(await createBackend('wasm', { threads: 1 })); });
afterAll(() => { getBackend().destroy(); setBackend(previous); });

describe('classifier settings chosen on training rows', () => {
  it('stratified folds: every row in one fold, each class spread evenly, seeded', () => {
    const labels = Int32Array.from({ length: 103 }, (_, i) => (i % 10 < 3 ? 1 : 0)); // 31 positives, 72 negatives
    const fold = stratifiedFolds(labels, 5, 4);
    for (let f = 0; f < 5; f++) {
      const rows = [...fold.keys()].filter((r) => fold[r] === f);
      const positives = rows.filter((r) => labels[r] === 1).length;
      expect(positives === 6 || positives === 7).toBe(true);
      expect(rows.length - positives === 14 || rows.length - positives === 15).toBe(true);
    }
    expect(Array.from(fold).every((f) => f >= 0 && f < 5)).toBe(true);
    expect(stratifiedFolds(labels, 5, 4)).toEqual(fold);
    expect(stratifiedFolds(labels, 5, 5)).not.toEqual(fold);
    expect(() => stratifiedFolds(labels, 1, 1)).toThrow(/at least 2 folds/);
  });

  it('on German credit training rows, cross-validation picks the weight decay whose folds score best, whatever the order', async () => {
    // Seed 1's training part: the held-out rows are left out before anything is chosen.
    const table = loadTable('data/german_credit.csv');
    const { train } = stratifiedSplit((column(table, 'Class') as { codes: Int32Array }).codes, 0.3, 16);
    const rows = selectRows(table, train);
    const scaler = fitScaler(rows, 'Class');
    const x = features(rows, scaler), y = binaryLabels(rows, 'Class', 'Bad');
    const a = await chooseWeightDecay('logistic', x, y, scaler.width, { candidates: [1e-3, 1], seed: 1 });
    const b = await chooseWeightDecay('logistic', x, y, scaler.width, { candidates: [1, 1e-3], seed: 1 });
    // 61 features for 700 rows: the nearly unregularised fit (1e-3) ranks held-out folds worse.
    expect(a.weightDecay).toBe(1);
    expect(a.scores[1]).toBeGreaterThan(a.scores[0]);
    expect(b.weightDecay).toBe(1);
    expect(b.scores).toEqual([a.scores[1], a.scores[0]]);
    for (const s of a.scores) expect(s).toBeGreaterThan(0.7);
  });

  it('the report names the chosen decay per seed, and says nothing for evaluations written before it was chosen', () => {
    const e = (d?: number) => ({ logisticDecay: d === undefined ? undefined : { weightDecay: d, candidates: [], scores: [] } }) as unknown as TabularEvaluation;
    expect(settingsLine([e(3), e(1)])).toBe("Logistic regression's weight decay, chosen per seed by 5-fold cross-validated AUC on the real training rows: 3, 1.");
    expect(settingsLine([e(0.3)])).toMatch(/chosen by 5-fold .*: 0.3\.$/);
    expect(settingsLine([e()])).toBe('');
  });
});
