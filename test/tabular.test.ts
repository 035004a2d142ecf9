import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, getBackend, Rng, setBackend, type Backend } from '../src/index.js';
import { evaluateTabular, fidelityPairs } from '../src/tabular/evaluation/evaluate.js';
import { f1Score, ksStatistic, recallAtPrecision, rocAuc, totalVariation } from '../src/tabular/evaluation/metrics.js';
import { Smote } from '../src/tabular/baselines/smote.js';
import { resolveSampleOptions, stratifiedSplit } from '../src/tabular/model/sample.js';
import type { TabularMetadata } from '../src/tabular/model/model.js';
import { formatTable, loadTable, parseCsvRecords, parseTable, type Table } from '../src/tabular/data/table.js';
import { decode, encode, fitTransform, fromScore, toScore } from '../src/tabular/data/transforms.js';
import { findJointPairs, JOINT_DEPENDENCE } from '../src/tabular/data/joint.js';

const GERMAN = 'data/german_credit.csv';

describe('table loader', () => {
  it('infers numeric, flag, text and one-hot group columns', () => {
    const t = parseTable([
      'amount,flag,purpose,"grade",Size.small,Size.big,score.a',
      '12.5,0,car,A,1,0,1',
      '7,1,"tv, radio",B,0,1,0',
      '3,1,car,A,1,0,1',
    ].join('\n'), 'x.csv');
    expect(t.rows).toBe(3);
    expect(t.columns.map((c) => [c.name, c.kind])).toEqual([
      ['amount', 'numeric'], ['flag', 'categorical'], ['purpose', 'categorical'], ['grade', 'categorical'], ['Size', 'categorical'], ['score.a', 'categorical'],
    ]);
    const size = t.columns[4];
    expect(size.kind === 'categorical' && [size.source, size.levels, [...size.codes]]).toEqual(['onehot', ['small', 'big'], [0, 1, 0]]);
    const purpose = t.columns[2];
    expect(purpose.kind === 'categorical' && purpose.levels).toEqual(['car', 'tv, radio']);
    // Overrides: a flag as a number, a group broken up by forcing its prefix numeric is not a group.
    const forced = parseTable('a,b\n1,0\n2,1\n3,1\n', 'y.csv', { kinds: { a: 'categorical', b: 'numeric' } });
    expect(forced.columns.map((c) => c.kind)).toEqual(['categorical', 'numeric']);
  });

  it('reads German credit: 9 plain columns, 11 one-hot groups, the class', () => {
    const t = loadTable(GERMAN);
    expect(t.rows).toBe(1000);
    expect(t.columns.length).toBe(9 + 1 + 11);
    const groups = t.columns.filter((c) => c.kind === 'categorical' && c.source === 'onehot').map((c) => c.name);
    expect(groups).toContain('Purpose');
    expect(groups.length).toBe(11);
    const cls = t.columns.find((c) => c.name === 'Class')!;
    expect(cls.kind === 'categorical' && [cls.levels, cls.codes.filter((k) => k === 0).length]).toEqual([['Bad', 'Good'], 300]);
    expect(t.columns.filter((c) => c.kind === 'numeric').map((c) => c.name)).toEqual(['Duration', 'Amount', 'Age']);
    expect(t.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Written back, it is the same table, record for record.
    const original = parseCsvRecords(readFileSync(GERMAN, 'utf8')).map((r) => r.fields);
    const written = parseCsvRecords(formatTable(t)).map((r) => r.fields);
    expect(written).toEqual(original);
  });

  it('errors name the file, line and column', () => {
    expect(() => parseTable('a,b\n1,2\n3\n4,5\n', 'f.csv')).toThrow('f.csv:3: 1 fields, the header has 2');
    expect(() => parseTable('a,b\n1,2\n3,x\n4,5\n', 'f.csv', { kinds: { b: 'numeric' } })).toThrow("f.csv:3: column 'b' is numeric but holds 'x'");
    expect(() => parseTable('a,a\n1,2\n3,4\n', 'f.csv')).toThrow("f.csv:1: column 'a' appears twice");
    expect(() => parseTable('a,b\n1,"2\n3,4\n', 'f.csv')).toThrow('f.csv:2: a quoted field is not closed');
    expect(() => parseTable('a\n1\n2\n', 'f.csv', { kinds: { zz: 'numeric' } })).toThrow("f.csv: --type names column 'zz'");
    expect(() => loadTable('/nonexistent/t.csv')).toThrow('/nonexistent/t.csv: cannot read (ENOENT)');
  });
});

describe('column transforms', () => {
  it('round trip: encode then decode gives back every training value', () => {
    const t = loadTable(GERMAN);
    const transform = fitTransform(t, 'Class');
    const { rows, classes } = encode(transform, t, new Rng(3));
    for (const v of rows) expect(Number.isFinite(v)).toBe(true);
    const back = decode(transform, rows, t.rows, classes, t.file);
    expect(parseCsvRecords(formatTable(back))).toEqual(parseCsvRecords(formatTable(t)));
  });

  it('numeric scores are standard normal, spikes included (dequantised)', () => {
    const t = loadTable(GERMAN);
    const transform = fitTransform(t, 'Class');
    const duration = transform.numeric.find((n) => n.name === 'Duration')!;
    const values = (t.columns.find((c) => c.name === 'Duration') as { values: Float64Array }).values;
    const rng = new Rng(5);
    const scores = Array.from(values, (v) => toScore(duration, v, rng.uniform()));
    const m = scores.reduce((a, b) => a + b, 0) / scores.length;
    const sd = Math.sqrt(scores.reduce((a, b) => a + (b - m) ** 2, 0) / scores.length);
    expect(Math.abs(m)).toBeLessThan(0.02);
    expect(Math.abs(sd - 1)).toBeLessThan(0.05);
    // Standard normal scores map back to the column's own distribution.
    const normal = new Rng(6);
    const generated = Array.from({ length: 4000 }, () => fromScore(duration, normal.normal()));
    expect(ksStatistic(generated, values)).toBeLessThan(0.04);
  });

  it('a column another determines on every training row is made from it, not generated; near misses stay generated', () => {
    // policy determines base and vehicle ('sedan-liab' → liab, sport, as in the fraud table); colour
    // determines nothing; shade follows colour but for one row; flag repeats fraud's class.
    const policies = ['sedan-coll', 'sedan-liab', 'sport-coll', 'sedan-all'];
    // age (whole years, 15 values: a number column) determines band, as Age does AgeOfPolicyHolder.
    const lines = ['policy,base,vehicle,colour,shade,age,band,amount,fraud'];
    for (let i = 0; i < 400; i++) {
      const p = policies[i % 4], colour = ['red', 'blue'][(i >> 2) % 2], age = 18 + ((i * 7) % 15);
      const vehicle = p === 'sedan-liab' ? 'sport' : p.split('-')[0];
      lines.push([p, p.split('-')[1], vehicle, colour, i === 7 ? 'dark' : colour === 'red' ? 'dark' : 'light', age, age < 25 ? 'young' : 'older', (i * 37) % 101, i % 3 === 0 ? 1 : 0].join(','));
    }
    const t = parseTable(lines.join('\n') + '\n', 'policies.csv');
    const transform = fitTransform(t, 'fraud');
    // shade, a near miss, is not made from colour; the two are generated together (see the next test).
    expect(transform.categorical.map((c) => c.name)).toEqual(['policy', 'colour & shade']);
    expect(transform.derived!.map((d) => [d.name, d.from, d.map.map((k) => d.levels[k])])).toEqual([
      ['base', 'policy', transform.categorical[0].levels.map((p) => p.split('-')[1])],
      ['vehicle', 'policy', transform.categorical[0].levels.map((p) => (p === 'sedan-liab' ? 'sport' : p.split('-')[0]))],
      ['band', 'age', Array.from({ length: 15 }, (_, k) => (k < 7 ? 'young' : 'older'))],
    ]);
    expect(transform.derived![2].fromValues).toEqual(Array.from({ length: 15 }, (_, k) => 18 + k));
    // Decoding writes them from the generated column's value, in the header's place: the round trip holds.
    const { rows, classes } = encode(transform, t, new Rng(3));
    expect(rows.length).toBe(t.rows * (2 + 4 + 3)); // age and amount, then the spans of policy and of colour & shade's 3 pairs only
    const back = decode(transform, rows, t.rows, classes, t.file);
    expect(parseCsvRecords(formatTable(back))).toEqual(parseCsvRecords(formatTable(t)));
    // A condition on a made column points to the column that makes it.
    expect(() => resolveSampleOptions({ transform } as TabularMetadata, { condition: { column: 'base', level: 'liab' } }))
      .toThrow("'base' is made from 'policy', which determines it on every training row: condition on policy (its levels that give base=liab: 'sedan-liab')");
    expect(() => resolveSampleOptions({ transform } as TabularMetadata, { condition: { column: 'band', level: 'young' } }))
      .toThrow("'band' is made from 'age', which determines it on every training row; a number column is not a condition: sample rows and keep those with band=young");
    // Too few rows per level of the determining column: an exact map may be chance, so nothing is derived.
    const few = parseTable(lines.slice(0, 60).join('\n') + '\n', 'few.csv');
    expect(fitTransform(few, 'fraud').derived).toEqual([]);
    // German credit has no such column: every categorical column is generated.
    expect(fitTransform(loadTable(GERMAN), 'Class').derived).toEqual([]);
  });

  it('two columns far from independent are one generated column of their pairs; held-out pairs and conditions', () => {
    // claimed is month's month on 14 rows of 20 and the next on 6 (the fraud table's claim lag, small);
    // colour is independent of both; shade follows colour loosely (total variation 0.3 from independence).
    const months = ['Jan', 'Feb', 'Mar', 'Apr'];
    const lines = ['month,claimed,colour,shade,amount,fraud'];
    for (let i = 0; i < 400; i++) {
      const m = i % 4, lag = i % 20 < 14 ? 0 : 1, colour = ['red', 'blue'][(i >> 2) % 2];
      const shade = (i >> 3) % 10 < 8 ? (colour === 'red' ? 'dark' : 'light') : colour === 'red' ? 'light' : 'dark';
      lines.push([months[m], months[(m + lag) % 4], colour, shade, (i * 37) % 101, i % 3 === 0 ? 1 : 0].join(','));
    }
    const t = parseTable(lines.join('\n') + '\n', 'claims.csv');
    const transform = fitTransform(t, 'fraud');
    expect(transform.categorical.map((c) => c.name)).toEqual(['month & claimed', 'colour', 'shade']);
    const joint = transform.categorical[0];
    expect(joint.levels.length).toBe(8); // 4 months × lag 0 or 1
    expect(joint.levels).toContain('Mar & Apr');
    expect(joint.joint!.parts.map((p) => [p.name, [...p.levels].sort()])).toEqual([['month', ['Apr', 'Feb', 'Jan', 'Mar']], ['claimed', ['Apr', 'Feb', 'Jan', 'Mar']]]);
    // Encoded as one span of the pairs; decoded back into both columns, in the header's places.
    const { rows, classes, codes } = encode(transform, t, new Rng(3));
    expect(rows.length).toBe(t.rows * (1 + 8 + 2 + 2));
    expect(joint.levels[codes[0][5]]).toBe('Feb & Feb');
    expect(parseCsvRecords(formatTable(decode(transform, rows, t.rows, classes, t.file)))).toEqual(parseCsvRecords(formatTable(t)));
    // A held-out row may hold a pair no training row had: code −1 and an empty span, not an error.
    const unseen = encode(transform, parseTable('month,claimed,colour,shade,amount,fraud\nJan,Mar,red,dark,5,1\nFeb,Feb,blue,light,6,0\nApr,Jan,red,light,7,0\n', 'held-out.csv', { kinds: { amount: 'numeric' } }));
    expect(Array.from(unseen.codes[0], (k) => joint.levels[k] ?? k)).toEqual([-1, 'Feb & Feb', 'Apr & Jan']);
    expect(Array.from(unseen.rows.subarray(1, 9))).toEqual(new Array(8).fill(0));
    // A condition on one part is every pair that holds its level; the columns listed are the table's.
    const metadata = { transform, levelCounts: [[[1, 1, 1, 1, 1, 1, 1, 1], [1, 1], [1, 1]]] } as unknown as TabularMetadata;
    const { chosen } = resolveSampleOptions(metadata, { condition: { column: 'claimed', level: 'Apr' } });
    expect(chosen!.levels.map((k) => joint.levels[k]).sort()).toEqual(['Apr & Apr', 'Mar & Apr']);
    expect(() => resolveSampleOptions(metadata, { condition: { column: 'claimed', level: 'May' } })).toThrow(/'May' is not a level of 'claimed' \(levels: '(Jan|Feb|Mar|Apr)', /);
    expect(() => resolveSampleOptions(metadata, { condition: { column: 'month & claimed', level: 'Jan & Jan' } }))
      .toThrow("'month & claimed' is not a generated categorical column (those are: month, claimed, colour, shade)");
    // German credit has no such pair: its columns are generated as before.
    expect(fitTransform(loadTable(GERMAN), 'Class').categorical.filter((c) => c.joint)).toEqual([]);
  });

  it('a pair is joined from a total variation of a third from independence, most dependent first, each column once', () => {
    // Two halves agree on a share x of the rows each way: joint [[x, ½ − x], [½ − x, x]] against ¼ everywhere,
    // so the total variation from independence is 2 |x − ¼|: 0.3 at x = 0.4 (apart), 0.4 at x = 0.45 (joined).
    const column = (name: string, codes: number[]) => ({ kind: 'categorical' as const, name, levels: ['u', 'v'], codes: Int32Array.from(codes), source: 'text' as const });
    const agreeing = (x: number) => {
      const a: number[] = [], b: number[] = [];
      for (let r = 0; r < 20; r++) { a.push(r < 10 ? 0 : 1); b.push((r % 10) < 20 * x ? a[r] : 1 - a[r]); }
      return [a, b];
    };
    const [a4, b4] = agreeing(0.4), [a45, b45] = agreeing(0.45);
    expect(findJointPairs([column('a', a4), column('b', b4)])).toEqual([]);
    const [pair] = findJointPairs([column('a', a45), column('b', b45)]);
    expect(pair.dependence).toBeCloseTo(0.4, 12);
    expect(pair.dependence).toBeGreaterThan(JOINT_DEPENDENCE);
    expect(pair.pairs).toEqual([[0, 0], [0, 1], [1, 1], [1, 0]]);
    // c agrees with a on every row but one (0.45), b with a on 18 of 20 (0.4): a & c are joined, b stays alone.
    const c = a45.map((v, r) => (r === 19 ? 1 - v : v));
    expect(findJointPairs([column('a', a45), column('b', b45), column('c', c)]).map((p) => p.columns.map((x) => x.name))).toEqual([['a', 'c']]);
    // Too few rows for the pairs they hold: 14 rows holding 14 distinct pairs of 7 levels each look
    // dependent by chance (total variation above a third) and are left apart; 70 rows of the same pairs are judged.
    const wide = (name: string, codes: number[]) => ({ ...column(name, codes), levels: ['1', '2', '3', '4', '5', '6', '7'] });
    const x = [0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6], y = [0, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 0, 0, 0];
    expect(findJointPairs([wide('x', x), wide('y', y)])).toEqual([]);
    expect(findJointPairs([wide('x', [...x, ...x, ...x, ...x, ...x]), wide('y', [...y, ...y, ...y, ...y, ...y])])).toHaveLength(1);
  });

  it('a level the model never saw is an error naming it', () => {
    const a = parseTable('x,c\n1.5,u\n2.5,v\n3.5,u\n', 'a.csv');
    const b = parseTable('x,c\n1.5,u\n2.5,w\n3.5,u\n', 'b.csv');
    expect(() => encode(fitTransform(a, 'c'), b)).toThrow("b.csv: column 'c' has level 'w', unknown to the model");
  });
});

describe('SMOTE', () => {
  it('neighbours and samples match a hand-computed case', () => {
    // A(0,0), B(1,0), C(0,3): nearest neighbours A→B (1), B→A (1), C→A (3 < √10).
    const smote = new Smote(1).fit(Float32Array.from([0, 0, 1, 0, 0, 3]), 3, 2);
    const samples = smote.sample(400, 7);
    let onAB = 0, onAC = 0;
    for (let i = 0; i < 400; i++) {
      const [x, y] = [samples[2 * i], samples[2 * i + 1]];
      if (y === 0 && x >= 0 && x <= 1) onAB++;
      else if (x === 0 && y >= 0 && y <= 3) onAC++;
      else expect.fail(`sample (${x}, ${y}) lies on no segment to a nearest neighbour (B–C is never one)`);
    }
    // A and B both pair on AB: about 2/3 of samples.
    expect(onAB / 400).toBeGreaterThan(0.55);
    expect(onAC / 400).toBeGreaterThan(0.25);
    // k = 2 with two points: each sample is x0 + gap·(x1 − x0), inside the segment.
    const two = new Smote(2).fit(Float32Array.from([1, 1, 3, 5]), 2, 2).sample(50, 1);
    for (let i = 0; i < 50; i++) expect(two[2 * i + 1] - 1).toBeCloseTo(2 * (two[2 * i] - 1), 5);
    expect(() => new Smote(5).fit(Float32Array.from([1]), 1, 1)).toThrow(/at least 2 minority rows/);
  });
});

describe('scores', () => {
  it('AUC, F1, recall at precision, KS and total variation on hand-computed cases', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(rocAuc([0.5, 0.5], [0, 1])).toBe(0.5);
    expect(f1Score([0.9, 0.6, 0.4, 0.2], [1, 0, 1, 0])).toBe(0.5); // tp 1, fp 1, fn 1
    // Ranked: 1 (p=1), 0 (1/2), 1 (2/3), 0 (2/4): at precision ≥ 0.6 the best recall is 2/2.
    expect(recallAtPrecision([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0], 0.6)).toBe(1);
    expect(recallAtPrecision([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0], 0.7)).toBe(0.5);
    expect(ksStatistic([1, 2, 3, 4], [3, 4, 5, 6])).toBe(0.5);
    expect(totalVariation([0, 0, 1, 1], [0, 1, 1, 1], 2)).toBe(0.25);
  });
});

/** A table from a known distribution: x ~ N(2·class, 1), a level that depends on the class, a flag. */
function knownTable(rows: number, rng: Rng, shift = 0): Table {
  const cls = Int32Array.from({ length: rows }, () => (rng.uniform() < 0.3 ? 0 : 1));
  const x = Float64Array.from(cls, (c) => 2 * c + rng.normal() + shift);
  const level = Int32Array.from(cls, (c) => (rng.uniform() < (c ? 0.8 : 0.3) ? 0 : rng.uniform() < 0.5 ? 1 : 2));
  const z = Float64Array.from({ length: rows }, () => rng.normal());
  return {
    file: 'known', rows, header: ['x', 'z', 'level', 'class'],
    columns: [
      { kind: 'numeric', name: 'x', values: x, integer: false },
      { kind: 'numeric', name: 'z', values: z, integer: false },
      { kind: 'categorical', name: 'level', levels: ['a', 'b', 'c'], codes: level, source: 'text' },
      { kind: 'categorical', name: 'class', levels: ['Bad', 'Good'], codes: cls, source: 'text' },
    ],
  };
}

describe('evaluation on a table whose answer is known', () => {
  let previous: Backend;
  beforeAll(async () => { previous = getBackend(); setBackend(await createBackend('wasm', { threads: 1 })); });
  afterAll(() => { getBackend().destroy(); setBackend(previous); });

  it('samples from the true distribution: detection ≈ 0.5, TSTR ≈ TRTR, distances like fresh data; a shifted sampler is detected', async () => {
    const rng = new Rng(11);
    const train = knownTable(400, rng), test = knownTable(300, rng);
    const truth = async (count: number, classLevel?: string) => {
      for (;;) {
        const t = knownTable(count * 4, rng);
        const cls = t.columns[3] as { codes: Int32Array };
        const keep = [...cls.codes.keys()].filter((r) => classLevel === undefined || cls.codes[r] === (classLevel === 'Bad' ? 0 : 1)).slice(0, count);
        if (keep.length === count) {
          const { selectRows } = await import('../src/tabular/data/table.js');
          return selectRows(t, keep);
        }
      }
    };
    const e = await evaluateTabular(train, test, truth, { target: 'class', seed: 3, classifierSteps: 300 });
    expect(e.positive).toBe('Bad');
    for (const k of ['logistic', 'mlp'] as const) {
      expect(Math.abs(e.fidelity.detection[k] - 0.5)).toBeLessThan(0.08);
      expect(Math.abs(e.utility[k].synthetic - e.utility[k].real)).toBeLessThan(0.04);
    }
    expect(e.utility.logistic.real).toBeGreaterThan(0.8);
    expect(e.privacy.syntheticMedian / e.privacy.testMedian).toBeGreaterThan(0.85);
    expect(e.privacy.syntheticMedian / e.privacy.testMedian).toBeLessThan(1.15);
    expect(e.fidelity.meanKs.synthetic).toBeLessThan(0.1);

    const shifted = async (count: number) => knownTable(count, rng, 1.5);
    const bad = await evaluateTabular(train, test, shifted, { target: 'class', seed: 3, classifierSteps: 300 });
    expect(bad.fidelity.detection.logistic).toBeGreaterThan(0.75);
    expect(bad.fidelity.meanKs.synthetic).toBeGreaterThan(0.2);
  });

  it('a class with fewer rows than the cross-validation has folds is refused before any work, naming it; a third class is said to be pooled', async () => {
    const rng = new Rng(5);
    const train = knownTable(200, rng), test = knownTable(100, rng);
    const cls = train.columns[3] as { codes: Int32Array };
    // Keep 4 'Bad' training rows: 5 folds cannot each hold one.
    let bad = 0;
    cls.codes.forEach((c, r) => { if (c === 0 && ++bad > 4) cls.codes[r] = 1; });
    const never = async (): Promise<Table> => { throw new Error('sampled: the check came too late'); };
    await expect(evaluateTabular(train, test, never, { target: 'class' })).rejects.toThrow("the training part holds 4 rows of class 'Bad' of 'class', too few for the evaluation's 5-fold cross-validation (a row of the class in every fold: 5 or more): use more data");
    // Three classes: scored as the rarest against the other two, said so at the start.
    const three = knownTable(200, rng);
    const codes = (three.columns[3] as { codes: Int32Array; levels: string[] });
    codes.levels = ['Bad', 'Good', 'Ugly'];
    codes.codes.forEach((c, r) => { if (c === 1 && r % 3 === 0) codes.codes[r] = 2; });
    const said: string[] = [];
    await expect(evaluateTabular(three, test, never, { target: 'class', progress: (m) => said.push(m) })).rejects.toThrow('sampled');
    expect(said[0]).toMatch(/^'class' has 3 classes \('Bad', 'Good', 'Ugly'\): the figures score '\w+', the rarest, against the other 2 together$/);
  });

  it('pairs of columns: matching marginals with the dependence lost show in the pairs\' total variation alone', () => {
    // In the test part a always equals b; the synthetic rows have the same marginals, each pair once.
    const table = (a: number[], b: number[]): Table => ({
      file: 't', rows: a.length, header: ['a', 'b', 'c', 'class'], columns: [
        { kind: 'categorical', name: 'a', levels: ['u', 'v'], codes: Int32Array.from(a), source: 'text' },
        { kind: 'categorical', name: 'b', levels: ['u', 'v'], codes: Int32Array.from(b), source: 'text' },
        { kind: 'categorical', name: 'c', levels: ['w'], codes: new Int32Array(a.length), source: 'text' },
        { kind: 'categorical', name: 'class', levels: ['x', 'y'], codes: Int32Array.from(a, (_, i) => i % 2), source: 'text' },
      ],
    });
    const test = table([0, 0, 1, 1], [0, 0, 1, 1]), synthetic = table([0, 0, 1, 1], [0, 1, 0, 1]);
    const pairs = fidelityPairs(synthetic, test, test, 'class')!;
    // a × b: shares ½, 0, 0, ½ against ¼ each: total variation ½; a × c and b × c: 0 (c is constant).
    expect(pairs.worst).toEqual([{ columns: ['a', 'b'], synthetic: 0.5, reference: 0 }, { columns: ['a', 'c'], synthetic: 0, reference: 0 }, { columns: ['b', 'c'], synthetic: 0, reference: 0 }]);
    expect(pairs.synthetic).toBeCloseTo(0.5 / 3, 12);
    expect(pairs.reference).toBe(0);
    // One categorical column besides the class: no pair, so no figure (not a perfect 0).
    const one = (t: Table): Table => ({ ...t, columns: t.columns.filter((c) => c.name === 'a' || c.name === 'class') });
    expect(fidelityPairs(one(synthetic), one(test), one(test), 'class')).toBeNull();
  });

  it('stratified split keeps class shares and never overlaps', () => {
    const classes = Int32Array.from({ length: 1000 }, (_, i) => (i % 10 < 3 ? 0 : 1));
    const { train, test } = stratifiedSplit(classes, 0.3, 1);
    expect(test.length).toBe(300);
    expect(test.filter((r) => classes[r] === 0).length).toBe(90);
    expect(new Set([...train, ...test]).size).toBe(1000);
  });

  it('a class too small to split is named by its level', () => {
    const classes = Int32Array.from([0, 0, 0, 0, 0, 0, 1]);
    expect(() => stratifiedSplit(classes, 0.2, 1, { classNames: ['genuine', 'fraud'] })).toThrow(/class 'fraud' has 1 row, too few/);
    expect(() => stratifiedSplit(classes, 0.2, 1)).toThrow(/class 1 has 1 row/);
    // Enough rows, too small a share: the fraction is named as what to change, with the least that holds one out.
    const many = Int32Array.from({ length: 700 }, (_, i) => (i < 300 ? 1 : 0));
    expect(() => stratifiedSplit(many, 0.001, 1, { classNames: ['good', 'bad'] })).toThrow("gangrad: a test fraction of 0.001 holds out no row of class 'bad' (300 rows × 0.001 rounds to 0): use a test fraction of at least 0.0017");
    expect(stratifiedSplit(many, 0.0017, 1).test.length).toBeGreaterThan(0);
  });
});
