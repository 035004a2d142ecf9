import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, getBackend, setBackend, type Backend } from '../src/index.js';
import { DEFAULT_TABULAR_CONFIG, loadTabularModel } from '../src/tabular/model/model.js';
import { parseTable, selectRows, type NumericColumn, type Table } from '../src/tabular/data/table.js';
import { checkTarget, checkTwoClasses, SplitError, timeSplit } from '../src/tabular/data/split.js';
import { outOfTimeParts, validationParts } from '../src/tabular/evaluation/experiment.js';
import { AMOUNT_FRACTIONS, chooseAmounts, OVERSAMPLERS, RANKERS } from '../src/tabular/evaluation/fraud-figures.js';
import type { TableSampler } from '../src/tabular/evaluation/evaluate.js';
import { fitOnRows } from '../src/tabular/evaluation/fit-rows.js';
import { startCli, until } from './helpers/cli.js';

const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'tabular', ...args], { encoding: 'utf8', timeout: 900_000 });

/** 60 claims over 1994–1996: an amount that marks the year (1996 claims are ≥ 5000), a colour, fraud on every 4th row. */
function claims(fraudIn1996 = true): string {
  const lines = ['Year,amount,colour,fraud'];
  for (let i = 0; i < 60; i++) {
    const year = 1994 + Math.floor(i / 20);
    const fraud = i % 4 === 0 && (fraudIn1996 || year < 1996) ? 1 : 0;
    lines.push(`${year},${(year === 1996 ? 5000 : 100) + ((i * 37) % 90)},${['red', 'blue', 'green'][i % 3]},${fraud}`);
  }
  return lines.join('\n') + '\n';
}

/** The claims with row 10 (line 12) shifted by one field: its colour in the class column. */
const loneClass = () => claims().split('\n').map((l, i) => (i === 11 ? `1994,${l.split(',').slice(0, 3).join(',')}` : l)).join('\n');

const amounts = (t: Table) => Array.from((t.columns.find((c) => c.name === 'amount') as NumericColumn).values);

describe('out-of-time split', () => {
  it('test rows are exactly those from --test-from on; the split column is no feature', () => {
    const table = parseTable(claims(), 'claims.csv');
    const { train, test } = timeSplit(table, 'fraud', { column: 'Year', testFrom: '1996' });
    expect(test).toEqual(Array.from({ length: 20 }, (_, i) => 40 + i));
    expect(train).toEqual(Array.from({ length: 40 }, (_, i) => i));
    const parts = outOfTimeParts(table, 'fraud', { column: 'Year', testFrom: '1995' });
    expect([parts.train.rows, parts.test.rows]).toEqual([20, 40]);
    expect(parts.train.columns.map((c) => c.name)).toEqual(['amount', 'colour', 'fraud']);
  });

  it('bad column, one class, a part without fraud: errors that say which', () => {
    const table = parseTable(claims(), 'claims.csv');
    expect(() => timeSplit(table, 'fraud', { column: 'Yr', testFrom: '1996' })).toThrow(SplitError);
    expect(() => timeSplit(table, 'fraud', { column: 'Yr', testFrom: '1996' })).toThrow("claims.csv: --split-by names column 'Yr', which is not in the table");
    expect(() => timeSplit(table, 'fraud', { column: 'Year', testFrom: 'soon' })).toThrow("--test-from must be a number for column 'Year', got 'soon'");
    expect(() => timeSplit(table, 'fraud', { column: 'Year', testFrom: '1997' })).toThrow(/^claims\.csv: the test part \(Year ≥ 1997\) has no rows \(Year runs from \d{4} to \d{4}\)$/);
    expect(() => timeSplit(parseTable(claims(false), 'c.csv'), 'fraud', { column: 'Year', testFrom: '1996' }))
      .toThrow("c.csv: the test part (Year ≥ 1996) (20 rows) has no row of class '1' of 'fraud'");
    const one = parseTable(claims().replace(/,1\n/g, ',0\n'), 'one.csv');
    expect(() => timeSplit(one, 'fraud', { column: 'Year', testFrom: '1996' })).toThrow("one.csv: the target 'fraud' has one class only ('0')");
    // Its level quoted as every level is (docs/tabular.md): one holding a single quote in JSON's double quotes.
    const quoted = parseTable(claims().replace(/,1\n/g, ',0\n').replace(/,0\n/g, ",it's\n"), 'quoted.csv');
    expect(() => checkTarget(quoted, 'fraud')).toThrow(`quoted.csv: the target 'fraud' has one class only ("it's"): nothing to tell apart`);
    // A class on one row (a value shifted into the class column) is named by its line, or its row when the table has no lines.
    const lone = parseTable(loneClass(), 'lone.csv');
    expect(() => checkTarget(lone, 'fraud')).toThrow("lone.csv:12: class 'blue' of 'fraud' is on this row only, too few to both train and test on (a value in the wrong column?): correct the row or leave it out");
    expect(() => checkTarget(selectRows(lone, [1, 2, 10, 0, 4]), 'fraud')).toThrow("lone.csv:12: class 'blue'");
    expect(() => checkTarget({ ...lone, lines: undefined }, 'fraud')).toThrow("lone.csv: row 11: class 'blue'");
  });

  it('a blank period, a day the calendar lacks, a left-out column, stray labels: errors that name them', () => {
    // Line 32 without its year: it belongs to neither part.
    const blank = parseTable(claims().split('\n').map((l, i) => (i === 31 ? l.replace(/^\d{4}/, '') : l)).join('\n'), 'blank.csv');
    expect(() => timeSplit(blank, 'fraud', { column: 'Year', testFrom: '1996' })).toThrow("blank.csv:32: the --split-by column 'Year' is blank on this row: every row needs its period to fall before or after --test-from");
    // A date column: 1996-02-30 is not rolled over to March 1st.
    const dated = parseTable(claims().split('\n').map((l, i) => (i === 0 ? `${l},day` : l ? `${l},${l.slice(0, 4)}-0${1 + (i % 9)}-15` : l)).join('\n'), 'dated.csv');
    expect(() => timeSplit(dated, 'fraud', { column: 'day', testFrom: '1996-02-30' })).toThrow("--test-from must be a date (YYYY-MM-DD) for column 'day', got '1996-02-30'");
    expect(timeSplit(dated, 'fraud', { column: 'day', testFrom: '1996-01-01' }).test).toHaveLength(20);
    // A column of M/D/YYYY dates takes --test-from in either layout, and its message says so.
    const us = parseTable(claims().split('\n').map((l, i) => (i === 0 ? `${l},day` : l ? `${l},${1 + (i % 9)}/15/${l.slice(0, 4)}` : l)).join('\n'), 'us.csv');
    expect(() => timeSplit(us, 'fraud', { column: 'day', testFrom: '13/45/1996' })).toThrow("--test-from must be a date (YYYY-MM-DD or M/D/YYYY, as the column) for column 'day', got '13/45/1996'");
    expect(timeSplit(us, 'fraud', { column: 'day', testFrom: '1/1/1996' }).test).toHaveLength(20);
    // A column the loader left out is named as such.
    expect(() => timeSplit(parseTable(claims(), 'claims.csv', { drop: ['Year'] }), 'fraud', { column: 'Year', testFrom: '1996' })).toThrow("claims.csv: --split-by names column 'Year', which was left out (a row identifier, or --drop): --keep Year keeps it");
    expect(() => timeSplit(parseTable(claims(), 'claims.csv', { drop: ['fraud'] }), 'fraud', { column: 'Year', testFrom: '1996' })).toThrow("claims.csv: --target names column 'fraud', which was left out (a row identifier, or --drop): --keep fraud keeps it");
    expect(() => timeSplit(parseTable(claims(), 'claims.csv'), 'frod', { column: 'Year', testFrom: '1996' })).toThrow(/claims\.csv: no column 'frod' for --target \(columns: /);
    // Three rows of a third class: a stray label, named by its lines (in a split, and for the detector).
    const third = parseTable(claims().split('\n').map((l, i) => ([5, 6, 7].includes(i) ? l.replace(/,\d$/, ',2') : l)).join('\n'), 'third.csv');
    expect(() => timeSplit(third, 'fraud', { column: 'Year', testFrom: '1996' })).toThrow("third.csv: the test part (Year ≥ 1996) (20 rows) has no row of class '2' of 'fraud' (its 3 rows are on lines 6, 7, 8: a stray label? correct or leave out those rows)");
    expect(() => checkTwoClasses(third, 'fraud')).toThrow("third.csv: the target 'fraud' has 3 classes ('0': 43 rows, '1': 14 rows, '2': 3 rows): a detector scores one rare class against the normal rows; the rarest, '2', is on lines 6, 7, 8 — correct or leave out those rows");
  });
});

/** 15 claims in each of `periods` (in time order), fraud on every 4th row: the period is text. */
function periodClaims(periods: string[]): string {
  const lines = ['period,amount,colour,fraud'];
  periods.forEach((p, j) => {
    for (let i = 0; i < 15; i++) lines.push(`${p},${100 * j + ((i * 37) % 90)},${['red', 'blue', 'green'][i % 3]},${i % 4 === 0 ? 1 : 0}`);
  });
  return lines.join('\n') + '\n';
}

describe('out-of-time split by text periods: time order, not text order', () => {
  /** The periods of the test rows of a split. */
  const testPeriods = (periods: string[], testFrom: string, validateFrom?: string) => {
    const table = parseTable(periodClaims(periods), 'periods.csv');
    const { test } = timeSplit(table, 'fraud', { column: 'period', testFrom, ...(validateFrom ? { validateFrom } : {}) });
    return [...new Set(test.map((r) => periods[Math.floor(r / 15)]))];
  };

  it('unpadded months and quarters are ordered in time; a lower-case q is a quarter all the same', () => {
    // As text, 2003-8 and 2003-9 sort after 2003-10 and were put in the test part.
    expect(testPeriods(['2003-8', '2003-9', '2003-10', '2003-11'], '2003-10')).toEqual(['2003-10', '2003-11']);
    expect(testPeriods(['2003-08', '2003-9', '2003-10', '2003-11'], '2003-9')).toEqual(['2003-9', '2003-10', '2003-11']);
    expect(testPeriods(['2003Q3', '2003Q4', '2004Q1', '2004Q2'], '2004q1')).toEqual(['2004Q1', '2004Q2']);
    // --validate-from is ordered alike: 2003-9 comes before 2003-10.
    const parts = validationParts(parseTable(periodClaims(['2003-8', '2003-9', '2003-10', '2003-11']), 'periods.csv'), 'fraud', { column: 'period', testFrom: '2003-10', validateFrom: '2003-9' });
    expect([parts.train.rows, parts.validation.rows]).toEqual([15, 15]);
  });

  it('a date column kept as categories takes --test-from as YYYY-MM-DD or in its own layout', () => {
    const periods = ['12/30/2002', '1/6/2003', '1/13/2003', '2/3/2003'];
    const split = (testFrom: string) => {
      const table = parseTable(periodClaims(periods), 'd.csv', { kinds: { period: 'categorical' } });
      return [...new Set(timeSplit(table, 'fraud', { column: 'period', testFrom }).test.map((r) => periods[Math.floor(r / 15)]))];
    };
    // Only '1/13/2003' was accepted: '2003-01-13' was refused though a date column read as dates takes it.
    expect(split('1/13/2003')).toEqual(['1/13/2003', '2/3/2003']);
    expect(split('2003-01-13')).toEqual(['1/13/2003', '2/3/2003']);
    expect(split('2003-01-01')).toEqual(['1/6/2003', '1/13/2003', '2/3/2003']);
    const table = parseTable(periodClaims(periods), 'd.csv', { kinds: { period: 'categorical' } });
    expect(() => timeSplit(table, 'fraud', { column: 'period', testFrom: '13/1/2003' })).toThrow("--test-from must be a date (YYYY-MM-DD or M/D/YYYY) for column 'period' (its values look like '1/13/2003'), got '13/1/2003'");
  });

  it('year-first text of one fixed layout (timestamps, weeks) is ordered as text, which is time order there', () => {
    expect(testPeriods(['2003-01-10 10:00:00', '2003-02-10 09:30:00', '2003-03-01 00:00:00', '2003-03-02 08:00:00'], '2003-03-01 00:00:00')).toEqual(['2003-03-01 00:00:00', '2003-03-02 08:00:00']);
    // A --test-from between two values splits there.
    expect(testPeriods(['2003-W05', '2003-W09', '2003-W12', '2003-W40'], '2003-W10')).toEqual(['2003-W12', '2003-W40']);
    const weeks = parseTable(periodClaims(['2003-W05', '2003-W09', '2003-W12', '2003-W40']), 'w.csv');
    expect(() => timeSplit(weeks, 'fraud', { column: 'period', testFrom: '2003-W5' })).toThrow("--test-from must be a year-first text laid out as '2003-W05' for column 'period'");
  });

  it('text without a time order, or a --test-from in another format than the column, is refused naming both', () => {
    const quarters = parseTable(periodClaims(['2003Q3', '2003Q4', '2004Q1', '2004Q2']), 'q.csv');
    for (const testFrom of ['2003-07', '2003xyz', '2004Q5', '']) {
      expect(() => timeSplit(quarters, 'fraud', { column: 'period', testFrom })).toThrow(SplitError);
      expect(() => timeSplit(quarters, 'fraud', { column: 'period', testFrom })).toThrow(`--test-from must be a quarter (YYYYQn) for column 'period' (its values look like '2003Q3'), got '${testFrom}'`);
    }
    const months = parseTable(periodClaims(['2003-8', '2003-9', '2003-10', '2003-11']), 'm.csv');
    expect(() => timeSplit(months, 'fraud', { column: 'period', testFrom: '2003xyz' })).toThrow("--test-from must be a month (YYYY-MM) for column 'period' (its values look like '2003-10'), got '2003xyz'");
    expect(() => timeSplit(months, 'fraud', { column: 'period', testFrom: '2003-10', validateFrom: '2003Q3' })).toThrow("--validate-from must be a month (YYYY-MM) for column 'period'");
    expect(() => timeSplit(months, 'fraud', { column: 'period', testFrom: '2003-10', validateFrom: '2003-11' })).toThrow('--validate-from 2003-11 must come before --test-from 2003-10');
    // Periods that merely start with the year: month names, or two formats in one column.
    for (const periods of [['2003 Jul', '2003 Aug', '2003 Sep', '2003 Oct'], ['2003-08', '2003Q3', '2003-10', '2003Q4']]) {
      const table = parseTable(periodClaims(periods), 'odd.csv');
      expect(() => timeSplit(table, 'fraud', { column: 'period', testFrom: periods[2] })).toThrow(/^odd\.csv: --split-by 'period' holds text \('2003.*\), which has no time order: split by a column of numbers \(a year: 1996\), dates \(YYYY-MM-DD or M\/D\/YYYY\), months \(YYYY-MM: 1996-01, or 1996-1\), quarters \(YYYYQn: 1996Q1\) or year-first text of one fixed layout \(1996-01-10 09:30:00, 1996-W05\), one format throughout the column$/);
    }
    // An empty part names the column's range as the column writes it.
    expect(() => timeSplit(months, 'fraud', { column: 'period', testFrom: '2004-01' })).toThrow('m.csv: the test part (period ≥ 2004-01) has no rows (period runs from 2003-8 to 2003-11)');
  });
});

describe('a target class no row has', () => {
  it('is refused before training, naming the class and its column of zeros', () => {
    // A one-hot target whose column 'kind.tv' is 0 on every row: training failed after the start banner, 'class 2 has no training rows'.
    const text = ['kind.car,kind.bike,kind.tv,amount', ...Array.from({ length: 40 }, (_, r) => `${r % 3 ? 1 : 0},${r % 3 ? 0 : 1},0,${100 + r * 7}`)].join('\n') + '\n';
    const table = parseTable(text, 'kinds.csv');
    expect(() => checkTarget(table, 'kind')).toThrow(SplitError);
    expect(() => checkTarget(table, 'kind')).toThrow("kinds.csv: the target 'kind' has a class 'tv' that no row has (its column 'kind.tv' is 0 on every row): a class without rows can be neither trained on nor sampled; --drop kind.tv leaves it out");
    // The way on it names: the group forms without the column.
    expect(checkTarget(parseTable(text, 'kinds.csv', { drop: ['kind.tv'] }), 'kind').levels).toEqual(['car', 'bike']);
  });
});

describe('fitting out of time', () => {
  let previous: Backend;
  beforeAll(async () => { previous = getBackend(); setBackend(await createBackend('cpu')); });
  afterAll(() => { getBackend().destroy(); setBackend(previous); });

  it('no test row reaches fitting: the GAN only ever saw the past', async () => {
    const parts = outOfTimeParts(parseTable(claims(), 'claims.csv'), 'fraud', { column: 'Year', testFrom: '1996' });
    expect(Math.min(...amounts(parts.test))).toBeGreaterThanOrEqual(5000);
    const config = { ...DEFAULT_TABULAR_CONFIG, target: 'fraud', hidden: [8], latentDim: 4, batch: 16, steps: 3 };
    const fit = await fitOnRows(parts.train, config);
    // The numeric transform is fitted on rows: a test row among them would put a quantile ≥ 5000.
    expect(Math.max(...fit.metadata.transform.numeric[0].quantiles)).toBeLessThan(5000);
    expect(fit.metadata.classWeights.reduce((a, b) => a + b, 0)).toBe(parts.train.rows);
    expect(fit.metadata.step).toBe(3);
  });
});

describe('the validation period and the amounts chosen on it', () => {
  let previous: Backend;
  beforeAll(async () => { previous = getBackend(); setBackend(await createBackend('cpu')); });
  afterAll(() => { getBackend().destroy(); setBackend(previous); });
  const split = { column: 'Year', testFrom: '1996', validateFrom: '1995' };

  it('validation rows are the period from --validate-from up to --test-from; bad periods name --validate-from', () => {
    const table = parseTable(claims(), 'claims.csv');
    const { train, validation } = validationParts(table, 'fraud', split);
    expect([train.rows, validation.rows]).toEqual([20, 20]);
    // 1996's amounts are ≥ 5000: none reaches either part.
    expect(Math.max(...amounts(train), ...amounts(validation))).toBeLessThan(5000);
    expect(train.columns.map((c) => c.name)).toEqual(['amount', 'colour', 'fraud']);
    expect(() => validationParts(table, 'fraud', { ...split, validateFrom: '1996' })).toThrow('--validate-from 1996 must come before --test-from 1996: the validation period is the end of the training part');
    expect(() => validationParts(table, 'fraud', { ...split, validateFrom: '1994' })).toThrow(/--validate-from 1994 .*the part before it \(Year < 1994\) has no rows/);
    // One fraud before 1995: too few to oversample when the amounts are chosen, said before any work.
    const lone = parseTable(claims().split('\n').map((l, i) => (i > 1 && i <= 20 && l.endsWith(',1') ? l.replace(/,1$/, ',0') : l)).join('\n'), 'lone.csv');
    expect(() => validationParts(lone, 'fraud', split)).toThrow(/--validate-from 1995 .*the part before it holds 1 row of class '1' of 'fraud', too few to oversample/);
  });

  it('chooseAmounts: GAN rows that look like the other class are added in the smallest amount; the choice is one of the fractions', async () => {
    // Class 1 (a fifth of the rows) has amounts 50–150, class 0 amounts 0–100: they overlap on 50–100.
    const rows = (n: number, offset: number) => parseTable(['amount,colour,fraud', ...Array.from({ length: n }, (_, i) => {
      const fraud = (i + offset) % 5 === 0 ? 1 : 0;
      return `${fraud ? 50 + ((i * 37) % 100) : (i * 13) % 100},${['red', 'blue'][i % 2]},${fraud}`;
    })].join('\n') + '\n', 'rows.csv');
    const train = rows(400, 0), validation = rows(200, 1);
    // A "GAN" whose rows of class 1 lie where only class 0 does (amounts 0–20): in quantity they rank
    // those claims above the real frauds of the overlap.
    const misleading: TableSampler = async (count) =>
      parseTable(['amount,colour,fraud', ...Array.from({ length: count }, (_, i) => `${(i * 7) % 20},${['red', 'blue'][i % 2]},1`)].join('\n') + '\n', 'gan.csv');
    const choice = await chooseAmounts(train, validation, misleading, { target: 'fraud', seed: 1, classifierSteps: 50 });
    for (const m of OVERSAMPLERS) for (const k of RANKERS) expect(AMOUNT_FRACTIONS).toContain(choice.amounts[m][k]);
    expect(choice.amounts.gan.trees).toBe(0.05);
    expect(choice.validation.ap.gan.trees[0]).toBeGreaterThan(choice.validation.ap.gan.trees.at(-1)!);
    expect([choice.validation.trainRows, choice.validation.validationRows]).toEqual([400, 200]);
  });
});

describe('gangrad tabular experiment: refusals', () => {
  it('bad --split-by, --drop, one class, a test part without fraud: exit 2, clear message, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-split-'));
    const good = join(dir, 'claims.csv'), noFraud = join(dir, 'late.csv'), one = join(dir, 'one.csv');
    writeFileSync(good, claims());
    writeFileSync(noFraud, claims(false));
    writeFileSync(one, claims().replace(/,1\n/g, ',0\n'));
    const lone = join(dir, 'lone.csv');
    writeFileSync(lone, loneClass());
    const cases: [string[], RegExp][] = [
      [['--data', good, '--split-by', 'Yr', '--test-from', '1996'], /--split-by names column 'Yr'/],
      [['--data', good, '--drop', 'nope'], /--drop names column 'nope'/],
      [['--data', one], /the target 'fraud' has one class only/],
      [['--data', lone], /lone\.csv:12: class 'blue' of 'fraud' is on this row only/],
      [['--data', noFraud, '--split-by', 'Year', '--test-from', '1996'], /test part \(Year ≥ 1996\) \(20 rows\) has no row of class '1'/],
      [['--data', good, '--validate-from', '1995'], /--validate-from VALUE needs --split-by COLUMN --test-from VALUE/],
      [['--data', good, '--split-by', 'Year', '--test-from', '1996', '--validate-from', '1997'], /--validate-from 1997 must come before --test-from 1996/],
      [['--data', good, '--split-by', 'Year', '--test-from', '1996', '--validate-from', '1990'], /--validate-from 1990 .*the part before it \(Year < 1990\) has no rows/],
    ];
    for (const [args, message] of cases) {
      const out = join(dir, 'out');
      const r = cli(['experiment', ...args, '--target', 'fraud', '--out', out, '--steps', '1']);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
      // The one-class target is not also offered as a column to --drop.
      expect(r.stderr).not.toMatch(/--drop fraud leaves it out/);
    }
  });

  it('--validate-from: the amounts of added rows are chosen on the validation period and recorded', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-split-'));
    const data = join(dir, 'claims.csv'), out = join(dir, 'out');
    writeFileSync(data, claims());
    const r = cli(['experiment', '--data', data, '--target', 'fraud', '--split-by', 'Year', '--test-from', '1996', '--validate-from', '1995', '--seeds', '1', '--batch', '16', '--steps', '2', '--out', out]);
    expect([r.status, r.stderr]).toEqual([0, expect.stringContaining('a GAN on the 20 rows before the validation period')]);
    const ranking = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).seeds[0].evaluation.ranking;
    for (const m of OVERSAMPLERS) for (const k of RANKERS) expect(AMOUNT_FRACTIONS).toContain(ranking.amounts[m][k]);
    expect([ranking.amountChoice.trainRows, ranking.amountChoice.validationRows, ranking.amountChoice.ap.gan.trees.length]).toEqual([20, 20, AMOUNT_FRACTIONS.length]);
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain('chosen per classifier on a validation period (20 rows, classifiers fitted on the 20 before it');
  });

  it('the fraud figures say their GAN rows are a draw of their own, apart from the tables above', () => {
    // Their AUCs differ from the TSTR and augmentation tables' by that draw, which the page did not say.
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-split-'));
    const data = join(dir, 'claims.csv'), out = join(dir, 'out');
    writeFileSync(data, claims());
    const r = cli(['experiment', '--data', data, '--target', 'fraud', '--split-by', 'Year', '--test-from', '1996', '--seeds', '1', '--batch', '16', '--steps', '2', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const said = 'The GAN rows of these figures are a draw of their own from the same models, apart from the rows of the tables above: figures both show (ROC AUC) differ by that draw.';
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain(said);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(said);
  });

  it('an earlier run\'s results are replaced only with --force (experiment and detect)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-split-'));
    const data = join(dir, 'claims.csv');
    writeFileSync(data, claims());
    for (const [command, file] of [['experiment', 'results.json'], ['detect', 'detect.json']]) {
      const out = join(dir, command);
      mkdirSync(out);
      writeFileSync(join(out, file), 'an earlier run');
      const r = cli([command, '--data', data, '--target', 'fraud', '--out', out, '--batch', '16', '--steps', '1']);
      expect([r.status, r.stderr]).toEqual([2, expect.stringContaining(`${join(out, file)} exists; pass --force to replace it`)]);
      expect(readFileSync(join(out, file), 'utf8')).toBe('an earlier run');
    }
  });
});

describe('gangrad tabular experiment and detect: an interrupted run', () => {
  const tiny = ['--target', 'fraud', '--seeds', '3', '--hidden', '8', '--batch', '16', '--backend', 'wasm'];
  // Seed 1 must finish before seed 2 starts; a run stopped in seed 1 is one that would not finish.
  const short = ['--steps', '300', ...tiny], endless = ['--steps', '1000000', ...tiny];
  const files = ['report.html', 'results.json', 'results.md'];

  /** Start `tabular COMMAND`, send SIGINT once stderr shows `seed N` started, and wait for the exit. */
  async function interrupt(args: string[], seed: number) {
    const run = startCli(['tabular', ...args]);
    let exited = false;
    void run.exit.then(() => { exited = true; }); // a run that fails at once is reported, not waited for
    await until(() => exited || new RegExp(`^seed ${seed}: `, 'm').test(run.stderr()));
    run.child.kill('SIGINT');
    const { code } = await run.exit;
    return { code, stderr: run.stderr() };
  }

  /** A fresh directory with the claims table and `name`/, holding an earlier run's files. */
  function earlierRun(name: string) {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-interrupt-'));
    const data = join(dir, 'claims.csv'), out = join(dir, name);
    writeFileSync(data, claims());
    mkdirSync(out);
    for (const f of files) writeFileSync(join(out, f), 'an earlier run');
    return { dir, data, out };
  }

  it('--force over earlier results, Ctrl-C in seed 2: exit 130, every file of the new run\'s seed 1, and stderr says so', async () => {
    const { data, out } = earlierRun('out');
    const { code, stderr } = await interrupt(['experiment', '--data', data, '--out', out, '--force', ...short], 2);
    expect(code, stderr).toBe(130);
    expect(stderr).toContain(`SIGINT: interrupted during seed 2: ${join(out, 'results.json')}, results.md, report.html hold the 1 seed finished (seed 1)`);
    // One run's files, none left over from the earlier run, no temporary file.
    expect(readdirSync(out).sort()).toEqual(files);
    const json = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect([json.seedsPlanned, json.seeds.map((s: { seed: number }) => s.seed)]).toEqual([[1, 2, 3], [1]]);
    // What was run heads the tables: the data, the split, the steps and the seeds finished.
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toMatch(/^\S+claims\.csv, target fraud: a stratified random split per seed \(test fraction 0\.3\); 300 GAN steps, 1 of 3 seeds \(seed 1\)\.\n\n\| criterion \| measured \(one model\) \| met \|/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(`<title>gangrad tabular experiment: ${data}, 1 of 3 seeds</title>`);
  });

  it('Ctrl-C before any seed finished: earlier results stay whole; a directory the run made is removed', async () => {
    const { dir, data, out: earlier } = earlierRun('earlier');
    const kept = await interrupt(['experiment', '--data', data, '--out', earlier, '--force', ...endless], 1);
    expect(kept.code, kept.stderr).toBe(130);
    expect(kept.stderr).toContain(`SIGINT: interrupted during seed 1: no seed finished; ${earlier} still holds the earlier run's results`);
    for (const f of files) expect(readFileSync(join(earlier, f), 'utf8')).toBe('an earlier run');
    // A new directory (and its new parent) goes again, for experiment and detect alike.
    for (const command of ['experiment', 'detect']) {
      const out = join(dir, command, 'out');
      const r = await interrupt([command, '--data', data, '--out', out, ...endless], 1);
      expect(r.code, r.stderr).toBe(130);
      expect(r.stderr).toContain('SIGINT: interrupted during seed 1: no seed finished; nothing written');
      expect(existsSync(join(dir, command))).toBe(false);
    }
  });
});

describe('gangrad tabular train --split-by', () => {
  it('holds out the rows from --test-from on; eval scores them out of time with the fraud figures', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-split-train-'));
    const data = join(dir, 'claims.csv');
    writeFileSync(data, claims());
    const out = join(dir, 'model');
    const tiny = ['--target', 'fraud', '--hidden', '8', '--batch', '16', '--steps', '2', '--backend', 'wasm'];
    const r = cli(['train', '--data', data, '--split-by', 'Year', '--test-from', '1996', '--out', out, ...tiny]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\(target fraud, held out: Year ≥ 1996\)/);
    const model = loadTabularModel(join(out, 'model.safetensors'));
    // The 1996 claims, rows 40–59, and nothing else; the split column is no feature.
    expect(model.metadata.data.testRows).toEqual(Array.from({ length: 20 }, (_, i) => 40 + i));
    expect(model.metadata.transform.numeric.map((c) => c.name)).toEqual(['amount']);
    expect(Math.max(...model.metadata.transform.numeric[0].quantiles)).toBeLessThan(5000);
    const json = join(dir, 'eval.json');
    const e = cli(['eval', '--model', out, '--json', json, '--backend', 'wasm']);
    expect(e.status, e.stderr).toBe(0);
    const evaluation = JSON.parse(readFileSync(json, 'utf8'));
    expect(evaluation.ranking).toBeDefined();
    expect(e.stdout).toMatch(/average precision/);
    expect(e.stdout).toMatch(/^Held-out part: trained on Year < 1996, scored on Year ≥ 1996 \(out of time\)\./m);
    // Progress on a long evaluation: each stage announced on stderr, in order.
    const stages = e.stderr.split('\n').filter((l) => l.startsWith('evaluating: '));
    expect(stages[0]).toMatch(/^evaluating: sampling 40 synthetic rows/);
    expect(stages.some((l) => /weight decay: 5-fold cross-validation/.test(l))).toBe(true);
    expect(stages.at(-1)).toBe('evaluating: fraud figures: logistic, mlp, trees with GAN rows only (train on synthetic)');
    // The split column is not made: a condition on it says why, not only that it is missing from a list.
    const s = cli(['sample', '--model', out, '--count', '5', '--condition', 'Year=1996', '--out', join(dir, 's.csv'), '--backend', 'wasm']);
    expect(s.status, s.stderr).toBe(2);
    expect(s.stderr).toMatch("'Year' is the column the model's rows were split by (--split-by), no feature: the model does not make it");
    expect(existsSync(join(dir, 's.csv'))).toBe(false);
  });

  it('--validate-from: eval chooses the amounts of added rows as experiment does, and says where', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-split-train-'));
    const data = join(dir, 'claims.csv');
    writeFileSync(data, claims());
    const split = ['--target', 'fraud', '--split-by', 'Year', '--test-from', '1996', '--validate-from', '1995', '--batch', '16', '--steps', '2', '--backend', 'wasm'];
    const model = join(dir, 'model'), runs = join(dir, 'runs');
    const t = cli(['train', '--data', data, ...split, '--out', model]);
    expect(t.status, t.stderr).toBe(0);
    const e = cli(['eval', '--model', model, '--backend', 'wasm']);
    expect(e.status, e.stderr).toBe(0);
    expect(e.stderr).toContain('evaluating: a GAN on the 20 rows before the validation period');
    expect(e.stdout).toMatch(/^Held-out part: trained on Year < 1996, scored on Year ≥ 1996 \(out of time\); amounts of added rows chosen on Year 1995 to before 1996\./m);
    const kept = JSON.parse(readFileSync(join(model, 'eval.json'), 'utf8')).ranking;
    // The same seed, data and settings as experiment's seed 1: the same second GAN, the same choice.
    const x = cli(['experiment', '--data', data, ...split, '--seeds', '1', '--out', runs]);
    expect(x.status, x.stderr).toBe(0);
    const experiment = JSON.parse(readFileSync(join(runs, 'results.json'), 'utf8')).seeds[0].evaluation.ranking;
    expect(kept.amountChoice).toEqual(experiment.amountChoice);
    expect(kept.amounts).toEqual(experiment.amounts);
    for (const m of OVERSAMPLERS) for (const k of RANKERS) expect(AMOUNT_FRACTIONS).toContain(kept.amounts[m][k]);
  });

  it('experiment and detect refuse --test-fraction with --split-by, and a split by the target, as train does: exit 2, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-split-seeded-'));
    const data = join(dir, 'claims.csv');
    writeFileSync(data, claims());
    const cases: [string[], RegExp][] = [
      [['--split-by', 'Year', '--test-from', '1996', '--test-fraction', '0.2'], /--test-fraction sets the random split/],
      [['--split-by', 'fraud', '--test-from', '1'], /--split-by names the target 'fraud'/],
    ];
    for (const command of ['experiment', 'detect']) {
      for (const [args, message] of cases) {
        const out = join(dir, 'out');
        const r = cli([command, '--data', data, '--target', 'fraud', ...args, '--seeds', '1', '--out', out, '--steps', '1', '--backend', 'wasm']);
        expect(r.status, r.stderr).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(existsSync(out)).toBe(false);
      }
    }
  });

  it('a split by the target column is named as such (one part would hold one class only)', () => {
    const table = parseTable(claims(), 'claims.csv');
    expect(() => timeSplit(table, 'fraud', { column: 'fraud', testFrom: '1' })).toThrow(/--split-by names the target 'fraud'/);
  });

  it('refusals: a bad column, --resume or --test-fraction with it: exit 2, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-split-train-'));
    const data = join(dir, 'claims.csv');
    writeFileSync(data, claims());
    const cases: [string[], RegExp][] = [
      [['--data', data, '--split-by', 'Yr', '--test-from', '1996'], /--split-by names column 'Yr'/],
      [['--data', data, '--split-by', 'Year'], /--split-by COLUMN and --test-from VALUE go together/],
      [['--data', data, '--split-by', 'Year', '--test-from', '1996', '--test-fraction', '0.2'], /--test-fraction sets the random split/],
      [['--resume', '--split-by', 'Year', '--test-from', '1996'], /nothing to resume/],
      [['--data', data, '--validate-from', '1995'], /--validate-from VALUE needs --split-by COLUMN --test-from VALUE/],
      [['--data', data, '--split-by', 'Year', '--test-from', '1996', '--validate-from', '1997'], /--validate-from 1997 must come before --test-from 1996/],
      [['--data', data, '--split-by', 'Year', '--test-from', '1996', '--validate-from', '1990'], /--validate-from 1990 .*the part before it \(Year < 1990\) has no rows/],
    ];
    for (const [args, message] of cases) {
      const out = join(dir, 'out');
      const r = cli(['train', ...args, '--target', 'fraud', '--out', out, '--steps', '1', '--backend', 'wasm']);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out) || existsSync(`${out}.partial`) || existsSync(`${out}.lock`)).toBe(false);
    }
  });
});
