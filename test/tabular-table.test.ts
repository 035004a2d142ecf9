import { describe, expect, it } from 'vitest';
import { Rng } from '../src/index.js';
import { formatDate, parseDate } from '../src/tabular/data/dates.js';
import { formatTable, parseCsvRecords, parseTable, TableOptionError, type CategoricalColumn, type NumericColumn, type Table } from '../src/tabular/data/table.js';
import { decode, encode, fitTransform } from '../src/tabular/data/transforms.js';

const csv = (header: string[], rows: (string | number)[][]) => [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
const col = (t: Table, name: string) => t.columns.find((c) => c.name === name);

/** 30 rows: a shuffled counter, distinct text ids, distinct amounts, a class. */
function idTable(): string {
  const rng = new Rng(5);
  const order = Array.from({ length: 30 }, (_, i) => i + 1);
  for (let i = order.length - 1; i > 0; i--) { const j = rng.int(i + 1); [order[i], order[j]] = [order[j], order[i]]; }
  return csv(['policy', 'customer', 'amount', 'cls'], order.map((p, i) => [p, `C${1000 + 7 * i}`, (100 + i * 3.25).toFixed(2), i % 3 === 0 ? 'yes' : 'no']));
}

describe('identifier columns', () => {
  it('a whole-number counter and distinct text are left out with a notice; distinct amounts are kept', () => {
    const t = parseTable(idTable(), 'ids.csv');
    expect(t.columns.map((c) => c.name)).toEqual(['amount', 'cls']);
    expect(t.notices).toEqual([
      "column 'policy' looks like a row identifier (a counter, 30 distinct values 1..30): left out (--keep policy to model it)",
      "column 'customer' looks like a row identifier (30 distinct values): left out (--keep customer to model it)",
    ]);
  });

  it('--keep overrides the detection; distinct integers that are no counter stay; small tables are never judged', () => {
    const kept = parseTable(idTable(), 'ids.csv', { keep: ['policy'] });
    expect(col(kept, 'policy')?.kind).toBe('numeric');
    expect(col(kept, 'customer')).toBeUndefined();
    const gaps = csv(['x', 'c'], Array.from({ length: 30 }, (_, i) => [i * 2, i % 2]));
    expect(col(parseTable(gaps, 'g.csv'), 'x')?.kind).toBe('numeric');
    expect(col(parseTable(csv(['id', 'c'], [['a', 0], ['b', 1], ['c', 0]]), 's.csv'), 'id')?.kind).toBe('categorical');
  });
});

describe('--drop', () => {
  it('leaves the named columns out and refuses a name not in the header', () => {
    const t = parseTable(idTable(), 'ids.csv', { drop: ['amount'], keep: ['customer'] });
    expect(t.columns.map((c) => c.name)).toEqual(['customer', 'cls']);
    expect(() => parseTable(idTable(), 'ids.csv', { drop: ['nope'] })).toThrow(TableOptionError);
    expect(() => parseTable(idTable(), 'ids.csv', { drop: ['nope'] })).toThrow("ids.csv: --drop names column 'nope', which is not in the header");
    expect(() => parseTable(idTable(), 'ids.csv', { keep: ['nada'] })).toThrow("ids.csv: --keep names column 'nada'");
  });
});

describe('missing cells', () => {
  const text = csv(['colour', 'size', 'empty', 'cls'], [['red', 1, '', 'a'], ['', 3, '', 'b'], ['blue', '?', '', 'a'], ['?', 5, '', 'b'], ['red', 10, '', 'a']]);

  it("blank and --na cells: a '(missing)' level, or the median plus a flag; an all-blank column is left out", () => {
    const t = parseTable(text, 'm.csv', { na: ['?'], kinds: { size: 'numeric' } });
    expect(t.columns.map((c) => c.name)).toEqual(['colour', 'size', 'size_missing', 'cls']);
    const colour = col(t, 'colour') as CategoricalColumn;
    expect(colour.levels).toEqual(['blue', 'red', '(missing)']);
    expect(Array.from(colour.codes)).toEqual([1, 2, 0, 2, 1]);
    // median of 1, 3, 5, 10 is 4
    expect(Array.from((col(t, 'size') as NumericColumn).values)).toEqual([1, 3, 4, 5, 10]);
    const flag = col(t, 'size_missing') as CategoricalColumn;
    expect([flag.levels, Array.from(flag.codes), flag.flags]).toEqual([['present', 'missing'], [0, 0, 1, 0, 0], 'size']);
    expect(t.notices).toContain("column 'empty' is missing on every row: left out");
    expect(t.notices).toContain("column 'size': 1 missing cells filled with the median 4, flagged in 'size_missing'");
    // Without --na, '?' is an ordinary value: 'size' is then text.
    expect(col(parseTable(text, 'm.csv'), 'size')?.kind).toBe('categorical');
  });

  it('round trip: read, encode, decode and write gives the missing cells back blank', () => {
    const t = parseTable(text, 'm.csv', { na: ['?'], kinds: { size: 'numeric' } });
    const expected = parseCsvRecords(csv(['colour', 'size', 'cls'], [['red', 1, 'a'], ['', 3, 'b'], ['blue', '', 'a'], ['', 5, 'b'], ['red', 10, 'a']])).map((r) => r.fields);
    expect(parseCsvRecords(formatTable(t)).map((r) => r.fields)).toEqual(expected);
    const transform = fitTransform(t, 'cls');
    const { rows, classes } = encode(transform, t);
    expect(parseCsvRecords(formatTable(decode(transform, rows, t.rows, classes))).map((r) => r.fields)).toEqual(expected);
  });
});

describe('date columns', () => {
  it('ISO and M/D/YYYY dates are whole days since 1970; impossible dates are not dates', () => {
    expect(parseDate('1970-01-02', 'iso')).toBe(1);
    expect(parseDate('1/1/1970', 'mdy')).toBe(0);
    expect(parseDate('2/29/2020', 'mdy')).toBe(18321);
    expect(parseDate('2/30/2020', 'mdy')).toBeNull();
    expect(parseDate('2020-13-01', 'iso')).toBeNull();
    expect([formatDate(18321, 'iso'), formatDate(18321, 'mdy')]).toEqual(['2020-02-29', '2/29/2020']);
  });

  it('become numeric columns, written back in their own format', () => {
    const text = csv(['opened', 'claimed', 'odd', 'cls'], [
      ['1996-01-05', '1/7/1996', '2/30/1996', 'a'], ['1996-03-01', '12/31/1996', '1/1/1996', 'b'], ['1995-12-31', '2/29/1996', '1/2/1996', 'a'],
    ]);
    const t = parseTable(text, 'd.csv');
    const opened = col(t, 'opened') as NumericColumn, claimed = col(t, 'claimed') as NumericColumn;
    expect([opened.kind, opened.date, claimed.date]).toEqual(['numeric', 'iso', 'mdy']);
    expect(Array.from(claimed.values).map((d, i) => d - opened.values[i])).toEqual([2, 305, 60]);
    expect(col(t, 'odd')?.kind).toBe('categorical');
    expect(formatTable(t)).toBe(text);
  });
});

describe('labels', () => {
  it('figures name the class after the figure ("F1 of class 1", never "1 F1")', async () => {
    const { criteriaRows } = await import('../src/tabular/report/report.js');
    const src = criteriaRows.toString();
    expect(src).toContain('of class ${e0.positive}');
  });
});
