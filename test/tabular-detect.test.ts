import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, getBackend, Rng, setBackend, type Backend } from '../src/index.js';
import { averagePathLength, IsolationForest } from '../src/tabular/baselines/isolation-forest.js';
import { parseTable, type CategoricalColumn } from '../src/tabular/data/table.js';
import { discriminatorScores, oneClass } from '../src/tabular/evaluation/detectors.js';
import { fitOnRows } from '../src/tabular/evaluation/fit-rows.js';
import { DEFAULT_TABULAR_CONFIG } from '../src/tabular/model/model.js';

describe('isolation forest', () => {
  it('c(n), the average path length, by hand: c(2) = 1, c(3) = 2(ln 2 + γ) − 4/3', () => {
    expect([averagePathLength(1), averagePathLength(2)]).toEqual([0, 1]);
    expect(averagePathLength(3)).toBeCloseTo(2 * (Math.log(2) + 0.5772156649015329) - 4 / 3, 12);
  });

  it('a far point scores near 1 and above every point of the cluster; ordinary points score below ½', () => {
    const rng = new Rng(2), n = 500, x = new Float32Array(n * 2);
    for (let i = 0; i < n - 1; i++) { x[2 * i] = rng.normal(); x[2 * i + 1] = rng.normal(); }
    x[2 * (n - 1)] = 8; x[2 * (n - 1) + 1] = -8;
    const s = new IsolationForest({ seed: 4 }).fit(x, n, 2).score(x, n);
    const inliers = Array.from(s.subarray(0, n - 1));
    expect(s[n - 1]).toBeGreaterThan(Math.max(...inliers));
    expect(s[n - 1]).toBeGreaterThan(0.7);
    expect(inliers.sort((a, b) => a - b)[(n - 1) >> 1]).toBeLessThan(0.5);
  });
});

describe('GAN detector', () => {
  let previous: Backend;
  beforeAll(async () => { previous = getBackend(); setBackend(await createBackend('cpu')); });
  afterAll(() => { getBackend().destroy(); setBackend(previous); });

  it('fits on normal rows only and scores every row (one condition per categorical column)', async () => {
    const lines = ['amount,colour,fraud'];
    for (let i = 0; i < 80; i++) lines.push(`${10 + (i % 7)},${['red', 'blue'][i % 2]},${i % 10 === 0 ? 1 : 0}`);
    const table = parseTable(lines.join('\n') + '\n', 'c.csv', { kinds: { amount: 'numeric' } });
    const normal = oneClass(table, 'fraud', '0');
    expect(normal.rows).toBe(72);
    expect((normal.columns[2] as CategoricalColumn).levels).toEqual(['0']);
    const fit = await fitOnRows(normal, { ...DEFAULT_TABULAR_CONFIG, target: 'fraud', hidden: [8], latentDim: 4, batch: 16, steps: 2 });
    const scores = await discriminatorScores(fit.networks, fit.metadata.transform, oneClass(table, 'fraud', '0', { relabel: true }));
    expect(scores.length).toBe(80);
    for (const v of scores) expect(Number.isFinite(v)).toBe(true);
    // Rows that encode alike score alike: rows i and i + 14 have the same amount and colour.
    expect(scores[0]).toBeCloseTo(scores[14], 5);
  });
});
