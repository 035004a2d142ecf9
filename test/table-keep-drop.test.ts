/**
 * A column named in both `drop` and `keep` is a contradiction said as one (found by probing the library:
 * loadTable(file, { keep: ['Age'], drop: ['Age'] }) dropped Age in silence).
 */
import { describe, expect, it } from 'vitest';
import { parseTable } from '../src/index.js';

const csv = 'id,age,city,class\n1,30,Oslo,a\n2,40,Rome,b\n3,50,Oslo,a\n4,60,Rome,b\n';

describe('table options drop and keep', () => {
  it('refuses a column in both, naming it', () => {
    expect(() => parseTable(csv, 't.csv', { drop: ['age'], keep: ['age'] })).toThrow("t.csv: column 'age' is both dropped (--drop) and kept (--keep); name it in one of them");
  });
  it('still drops one column and keeps another', () => {
    const table = parseTable(csv, 't.csv', { drop: ['city'], keep: ['id'] });
    expect(table.columns.map((c) => c.name)).toEqual(['id', 'age', 'class']);
  });
});
