import { describe, expect, it } from 'vitest';
import { Rng } from '../src/index.js';
import { formatDate, parseDate } from '../src/tabular/data/dates.js';
import { formatTable, loadTable, parseCsvRecords, parseTable, TableOptionError, type CategoricalColumn, type NumericColumn, type Table } from '../src/tabular/data/table.js';
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

describe('identifier columns with text ids among numbers', () => {
  /** 200 rows: ids 1..200 (a few of them text), distinct amounts, a class. */
  const table = (textIds: Record<number, string>) =>
    csv(['id', 'amount', 'cls'], Array.from({ length: 200 }, (_, r) => [textIds[r] ?? r + 1, (50 + r * 1.5).toFixed(2), r % 4 ? 'a' : 'b']));

  it('a counter with a few text ids is left out as an identifier, not refused as a typo; --keep still refuses it', () => {
    const t = parseTable(table({ 4: 'A17', 120: 'B3' }), 'ids.csv');
    expect(t.columns.map((c) => c.name)).toEqual(['amount', 'cls']);
    expect(t.notices).toEqual(["column 'id' looks like a row identifier (a counter, 198 distinct values in 1..200 and 2 text values): left out (--keep id to model it)"]);
    expect(() => parseTable(table({ 4: 'A17' }), 'ids.csv', { keep: ['id'] })).toThrow(/^ids\.csv:6: column 'id' holds 'A17'/);
  });

  it('whole-number amounts spread wider than the column, with a typo, are still refused', () => {
    const text = csv(['amount', 'cls'], Array.from({ length: 200 }, (_, r) => [r === 9 ? '12o0' : 100 + 37 * r, r % 2]));
    expect(() => parseTable(text, 'a.csv')).toThrow(/^a\.csv:11: column 'amount' holds '12o0'/);
  });
});

describe('a header in another dialect, a constant column', () => {
  it('a semicolon- or tab-separated header is named as such; a column with one value gets a notice', () => {
    expect(() => parseTable('a;b;cls\n1;2;x\n3;4;y\n', 'semi.csv')).toThrow("semi.csv:1: the header is one column, 'a;b;cls': is the file separated by semicolons? Tables are read with commas between fields");
    expect(() => parseTable('a\tb\n1\t2\n3\t4\n', 'tabs.csv')).toThrow(/tabs\.csv:1: .*is the file separated by tabs\?/);
    const t = parseTable(csv(['k', 'x', 'cls'], Array.from({ length: 30 }, (_, r) => [7, r % 4, r % 2 ? 'a' : 'b'])), 'k.csv');
    expect(t.notices).toEqual(["column 'k' holds '7' on every row: it tells the rows apart in nothing (--drop k leaves it out)"]);
  });
});

describe('distinct whole numbers that are no counter', () => {
  /** 300 rows: ids drawn without repeats from 1..`span` (a sample of a table's policy numbers), a class. */
  const sample = (span: number) => {
    const rng = new Rng(3), ids = new Set<number>();
    while (ids.size < 300) ids.add(1 + rng.int(span));
    return csv(['policy', 'x', 'cls'], [...ids].map((id, r) => [id, r % 4, r % 2 ? 'a' : 'b']));
  };

  it('get a notice where numbers at random would repeat; still modelled; --keep silences it', () => {
    // 300 ids in 1..5000 (about 9 repeats expected at random): modelled as a number without a word before.
    const t = parseTable(sample(5000), 'p.csv');
    expect(col(t, 'policy')?.kind).toBe('numeric');
    expect(t.notices).toHaveLength(1);
    expect(t.notices![0]).toMatch(/^column 'policy' looks like a row identifier \(its 300 values are distinct whole numbers in \d+\.\.\d+, where as many numbers at random would repeat about \d+ times\): modelled as a number; --drop policy leaves it out, --keep policy models it without this notice$/);
    expect(parseTable(sample(5000), 'p.csv', { keep: ['policy'] }).notices).toEqual([]);
    // Spread over a million values, 300 distinct whole numbers are what amounts look like: no notice.
    expect(parseTable(sample(1_000_000), 'p.csv').notices).toEqual([]);
  });
});

describe('numbers written as text', () => {
  it('money, percentages and decimal commas get a notice saying what they look like and how to write them', () => {
    // 40 rows, 20 values each repeated: categories, which had been made without a word.
    const rows = Array.from({ length: 40 }, (_, r) => [`$${(100 + (r % 20) * 7.25).toFixed(2)}`, `${(10 + (r % 20) * 0.9).toFixed(1)}%`, `"${1000 + (r % 20) * 13},${10 + (r % 20)}"`, r % 2 ? 'a' : 'b']);
    const t = parseTable(csv(['price', 'rate', 'amount', 'cls'], rows), 'n.csv');
    expect(t.columns.map((c) => c.kind)).toEqual(['categorical', 'categorical', 'categorical', 'categorical']);
    expect(t.notices).toEqual([
      "column 'price' holds money amounts with a currency sign ('$100.00'): read as text, 20 categories; write the numbers without the currency sign (and without thousands separators) to model it as a number",
      "column 'rate' holds percentages with a % sign ('10.0%'): read as text, 20 categories; write the numbers without the % sign to model it as a number",
      "column 'amount' holds numbers with a decimal comma ('1000,10'): read as text, 20 categories; write the numbers with a decimal point to model it as a number",
    ]);
    // All distinct, a column of them is left out as an identifier: the notice says what they look like.
    const distinct = parseTable(csv(['price', 'cls'], Array.from({ length: 40 }, (_, r) => [`$${100 + r}.50`, r % 2 ? 'a' : 'b'])), 'd.csv');
    expect(distinct.notices).toEqual(["column 'price' looks like a row identifier (40 distinct values): left out (--keep price to model it); its values are money amounts with a currency sign ('$100.50'): write them without the currency sign (and without thousands separators) to model it as a number"]);
  });
});

describe('what spreadsheets add around a table', () => {
  const rows = Array.from({ length: 20 }, (_, r) => [r * 13 % 7, r % 2 ? 'a' : 'b']);
  it("Excel's 'sep=,' first line is skipped with a notice; 'sep=;' is refused by name", () => {
    const t = parseTable('sep=,\n' + csv(['x', 'cls'], rows), 's.csv');
    expect(t.header).toEqual(['x', 'cls']);
    expect(t.rows).toBe(20);
    expect(t.lines![0]).toBe(3);
    expect(t.notices).toContain("line 1, Excel's 'sep=,', is not the header: the header is line 2");
    // Quoted (one field, as pandas writes a field holding a comma), it is the same hint.
    expect(parseTable('"sep=,"\n' + csv(['x', 'cls'], rows), 's.csv').notices).toContain("line 1, Excel's 'sep=,', is not the header: the header is line 2");
    expect(() => parseTable('sep=;\n' + csv(['x', 'cls'], rows).replace(/,/g, ';'), 's.csv')).toThrow("s.csv:1: the first line is Excel's 'sep=;': the file is separated by ';'");
  });
  it('a row of empty fields is refused by its line, not read as a row missing in every column', () => {
    expect(() => parseTable(csv(['x', 'cls'], rows) + ',\n', 'b.csv')).toThrow("b.csv:22: every field of this row is empty (a spreadsheet's blank row?): remove the row");
  });
  it('a comment line above the header is named', () => {
    expect(() => parseTable('# exported from the warehouse\n' + csv(['x', 'cls'], rows), 'c.csv')).toThrow("c.csv:2: 2 fields, the header has 1 (is line 1, '# exported from the warehouse', a comment? The first line must be the header)");
  });
});

describe('amounts among numbers written as text', () => {
  // 40 rows of 40 distinct amounts, a quarter of them written another way: 40 categories, which had been made without a word.
  const amounts = (write: (v: number) => string) => csv(['amount', 'cls'], Array.from({ length: 40 }, (_, r) => [r % 4 === 0 ? write(1000 + r * 37) : String(1000 + r * 37), r % 2 ? 'a' : 'b']));
  const notice = (text: string) => parseTable(text, 'n.csv', { keep: ['amount'] }).notices;
  it('accounting negatives, typographic minus signs and space-grouped digits among plain numbers get a notice', () => {
    expect(notice(amounts((v) => `"(${v})"`))).toEqual(["column 'amount' holds negative amounts in parentheses ('(1000)'): read as text, 40 categories; write negative numbers with a minus sign to model it as a number"]);
    expect(notice(amounts((v) => `\u2212${v}`))).toEqual(["column 'amount' holds numbers with a typographic minus sign ('\u22121000'): read as text, 40 categories; write the minus as '-' to model it as a number"]);
    expect(notice(amounts((v) => `${String(v).slice(0, 1)} ${String(v).slice(1)}`))).toEqual(["column 'amount' holds numbers with spaces or apostrophes between digit groups ('1 000'): read as text, 40 categories; write the numbers without separators to model it as a number"]);
    // Thousands separators on the amounts over 999 only: the plain ones count towards the half.
    expect(notice(amounts((v) => `"${v.toLocaleString('en-US')}"`))).toEqual(["column 'amount' holds numbers with thousands separators ('1,000'): read as text, 40 categories; write the numbers without separators to model it as a number"]);
  });
  it('text of no known form among mostly numbers gets a notice naming a text cell', () => {
    expect(notice(amounts((v) => `n${v}`))).toEqual(["column 'amount' holds numbers (30 of 40 cells) and text ('n1000'): read as text, 40 categories; write the text cells as plain numbers (or pass --na for a missing-value marker) to model it as a number"]);
  });
  it("amounts with '.' between thousands beside plain ones below 1000 get a notice; fractions of another form do not", () => {
    const text = csv(['amount', 'cls'], Array.from({ length: 40 }, (_, r) => [r % 2 ? (1000 + r * 37).toLocaleString('de-DE') : String(100 + r * 7), r % 2 ? 'a' : 'b']));
    expect(notice(text)).toEqual(["column 'amount' holds numbers such as '1.037' beside whole numbers below 1000 ('100'): read with '.' as the decimal point; if '.' separates thousands there, write the numbers without separators"]);
    expect(notice(text.replace('1.037', '0.037'))).toEqual([]);
    expect(notice(text.replace('1.037', '1.0375'))).toEqual([]);
  });
  it('day-first dates get a notice, not 40 categories without a word', () => {
    const text = csv(['day', 'cls'], Array.from({ length: 40 }, (_, r) => [`${(r % 28) + 1}.${(r % 12) + 1}.2020`, r % 2 ? 'a' : 'b']));
    expect(parseTable(text, 'n.csv', { keep: ['day'] }).notices).toEqual(["column 'day' holds dates not in YYYY-MM-DD or M/D/YYYY form (day first?) ('13.1.2020'): read as text, 40 categories; write the dates as YYYY-MM-DD to model it as a number"]);
  });
  it('whole numbers of more digits than a double keeps are codes written back as they are, not amounts changed in their last digits', () => {
    const ids = Array.from({ length: 20 }, (_, r) => (123456789012345678n + BigInt(r) * 1000003n).toString());
    const text = csv(['merchant', 'cls'], Array.from({ length: 60 }, (_, r) => [ids[(r * 7) % 20], r % 2 ? 'a' : 'b']));
    const t = parseTable(text, 'm.csv');
    expect((col(t, 'merchant') as CategoricalColumn).levels).toContain('123456789012345678');
    expect(formatTable(t)).toBe(text);
    expect(t.notices).toEqual(["column 'merchant' holds whole numbers of more digits than a number keeps exactly ('123456789012345678'): read as codes (categories), written back as they are; --type merchant=numeric models it as a number"]);
  });
  it('distinct long digit ids are a row identifier, left out like text ids (not one category per row, nor a number)', () => {
    const rows = Array.from({ length: 60 }, (_, r) => [(123456789012345678n + BigInt(r)).toString(), r % 2 ? 'a' : 'b']);
    const t = parseTable(csv(['id', 'cls'], rows), 'ids.csv');
    expect(t.columns.map((c) => c.name)).toEqual(['cls']);
    expect(t.notices).toEqual(["column 'id' looks like a row identifier (60 distinct values): left out (--keep id to model it)"]);
  });
  it('hex, binary and octal literals are text, not numbers written back in decimal', () => {
    const t = parseTable(csv(['code', 'cls'], Array.from({ length: 40 }, (_, r) => [`0x${(4096 + r * 7).toString(16)}`, r % 2 ? 'a' : 'b'])), 'h.csv', { keep: ['code'] });
    expect(col(t, 'code')).toMatchObject({ kind: 'categorical', source: 'text' });
    expect((col(t, 'code') as CategoricalColumn).levels).toContain('0x1000');
  });
});

describe('how numbers are written back', () => {
  // 40 rows: zip codes with a leading zero (25 of them), prices with 2 decimals.
  const text = csv(['zip', 'price', 'cls'], Array.from({ length: 40 }, (_, r) => [`0${1500 + (r % 25)}`, (10 + r * 1.37).toFixed(2), r % 2 ? 'a' : 'b']));

  it('a column with leading zeros is codes, written back as read; a price no more decimals than its cells', () => {
    const t = parseTable(text, 'z.csv');
    // It was numeric: 01500 made as the amount 1500, and written so.
    expect(col(t, 'zip')?.kind).toBe('categorical');
    expect(t.notices).toEqual(["column 'zip' holds numbers with leading zeros ('01500'): read as codes (categories), written back as they are; --type zip=numeric models it as a number"]);
    expect(col(parseTable(text, 'z.csv', { kinds: { zip: 'numeric' } }), 'zip')?.kind).toBe('numeric');
    const transform = fitTransform(t, 'cls');
    expect(transform.numeric.map((n) => [n.name, n.decimals])).toEqual([['price', 2]]);
    // Scores between those of the training rows decode to values between theirs, written with 2 decimals at most.
    const { rows, classes } = encode(transform, t);
    const width = rows.length / t.rows;
    for (let r = 0; r < t.rows; r++) rows[r * width] += 0.013;
    const written = parseCsvRecords(formatTable(decode(transform, rows, t.rows, classes))).slice(1).map((r) => r.fields);
    expect(written.every(([zip]) => /^0\d{4}$/.test(zip))).toBe(true);
    expect(written.every(([, price]) => /^\d+(\.\d{1,2})?$/.test(price))).toBe(true);
    expect(written.some(([, price]) => !text.includes(`,${price},`))).toBe(true); // values of its own, not copies
  });

  it('one padded cell among amounts (a typo, 007) leaves the column numeric; so do padded cells of varying width', () => {
    const amounts = csv(['amount', 'cls'], Array.from({ length: 200 }, (_, r) => [r === 17 ? '007' : String(100 + 2 * r), r % 2 ? 'a' : 'b']));
    expect(col(parseTable(amounts, 'a.csv'), 'amount')?.kind).toBe('numeric');
    const ragged = csv(['amount', 'cls'], Array.from({ length: 200 }, (_, r) => [r % 10 === 0 ? `0${r}` : String(1000 + 3 * r), r % 2 ? 'a' : 'b']));
    expect(col(parseTable(ragged, 'r.csv'), 'amount')?.kind).toBe('numeric');
  });
});

describe('one-hot groups', () => {
  /** 200 rows of a one-hot group colour.red / colour.green / colour.blue and a class; `edit` changes rows. */
  const table = (edit: (row: (string | number)[], r: number) => void = () => {}) =>
    csv(['colour.red', 'colour.green', 'colour.blue', 'cls'], Array.from({ length: 200 }, (_, r) => {
      const row: (string | number)[] = [r % 3 === 0 ? 1 : 0, r % 3 === 1 ? 1 : 0, r % 3 === 2 ? 1 : 0, r % 2 ? 'a' : 'b'];
      edit(row, r);
      return row;
    }));

  it('a group of 0/1 columns with one 1 a row is one categorical column', () => {
    const c = col(parseTable(table(), 'g.csv'), 'colour') as CategoricalColumn;
    expect([c.source, c.levels, Array.from(c.codes.slice(0, 4))]).toEqual(['onehot', ['red', 'green', 'blue'], [0, 1, 2, 0]]);
  });

  it('a row that breaks the group (two 1s, no 1, a stray cell) is an error naming its line and cells', () => {
    expect(() => parseTable(table((row, r) => { if (r === 50) row[0] = 1; }), 'g.csv')).toThrow(
      "g.csv:52: columns 'colour.red', 'colour.green', 'colour.blue' form a one-hot group 'colour' (one 1 and the rest 0 on 199 of 200 rows), but this row holds colour.red=1, colour.green=0, colour.blue=1: correct the file, or pass --type colour=numeric to model the columns one by one");
    expect(() => parseTable(table((row, r) => { if (r === 7) row[1] = 0; if (r === 8) row[2] = 'x'; }), 'g.csv')).toThrow(
      /^g\.csv:9: .* but this row holds colour\.red=0, colour\.green=0, colour\.blue=0 \(2 rows in all\)/);
    // The way on named in the message loads the columns one by one.
    const apart = parseTable(table((row, r) => { if (r === 50) row[0] = 1; }), 'g.csv', { kinds: { colour: 'numeric' } });
    expect(apart.columns.map((c) => c.name)).toEqual(['colour.red', 'colour.green', 'colour.blue', 'cls']);
  });

  it("--drop GROUP leaves out every column of the group; --type GROUP=numeric on a group every row keeps is refused", () => {
    // The group's name was accepted but dropped nothing, and broke the group into 0/1 columns.
    const t = parseTable(table(), 'g.csv', { drop: ['colour'] });
    expect(t.columns.map((c) => c.name)).toEqual(['cls']);
    expect(formatTable(t).split('\n')[0]).toBe('cls');
    expect(() => parseTable(table(), 'g.csv', { kinds: { colour: 'numeric' } })).toThrow(TableOptionError);
    expect(() => parseTable(table(), 'g.csv', { kinds: { colour: 'numeric' } })).toThrow(
      "g.csv: --type colour=numeric names the one-hot group 'colour' ('colour.red', 'colour.green', 'colour.blue': one 1 on every row), which is one categorical column; modelled one by one as numbers its columns would be made with several 1s or none on a row: leave it categorical, or --drop colour to leave out all its columns");
    // --type GROUP=categorical is the group as it is read anyway; every decoded row keeps one 1.
    const g = parseTable(table(), 'g.csv', { kinds: { colour: 'categorical' } });
    const transform = fitTransform(g, 'cls');
    const { rows, classes } = encode(transform, g);
    const written = parseCsvRecords(formatTable(decode(transform, rows, g.rows, classes))).slice(1);
    expect(written.every((r) => r.fields.slice(0, 3).filter((v) => v === '1').length === 1)).toBe(true);
  });

  it('--type on a prefix whose columns form no one-hot group is refused, naming the columns (it did nothing, silently)', () => {
    const text = csv(['Price.Open', 'Price.Close', 'cls'], Array.from({ length: 60 }, (_, r) => [10 + r, 11 + r, r % 2 ? 'a' : 'b']));
    expect(() => parseTable(text, 'p.csv', { kinds: { Price: 'categorical' } })).toThrow(
      "p.csv: --type Price=categorical names no column: 'Price' is the prefix of 'Price.Open', 'Price.Close', which form no one-hot group (0/1 columns with one 1 on each row): give each column its own --type (Price.Open=categorical)");
    expect(() => parseTable(text, 'p.csv', { kinds: { Price: 'numeric' } })).toThrow(TableOptionError);
    // A real group with one-hot groups switched off: said so.
    expect(() => parseTable(table(), 'g.csv', { kinds: { colour: 'categorical' }, oneHotGroups: false })).toThrow(/form no one-hot group .*, and one-hot groups are not being read/);
    // Dropped with its type, as a dropped column may be: moot, accepted.
    expect(parseTable(table(), 'g.csv', { kinds: { colour: 'categorical' }, drop: ['colour'] }).columns.map((c) => c.name)).toEqual(['cls']);
  });

  it('a dotted prefix that is no group\'s name (German credit\'s Personal.Male) is refused, not taken for part of a group', () => {
    // Personal.Male.Single and Personal.Male.Married.Widowed belong to the group 'Personal': '--drop Personal.Male' dropped them and broke the group.
    const text = csv(['Personal.Male.Single', 'Personal.Male.Married', 'Personal.Female.Single', 'cls'], Array.from({ length: 90 }, (_, r) => [r % 3 === 0 ? 1 : 0, r % 3 === 1 ? 1 : 0, r % 3 === 2 ? 1 : 0, r % 2 ? 'a' : 'b']));
    expect(() => parseTable(text, 'p.csv', { drop: ['Personal.Male'] })).toThrow("p.csv: --drop names column 'Personal.Male', which is not in the header (nor a one-hot group's name, the part before a column's first dot)");
    expect(parseTable(text, 'p.csv', { drop: ['Personal'] }).columns.map((c) => c.name)).toEqual(['cls']);
  });

  it('a numeric column beside a group under the same prefix is no member: the group still forms', () => {
    const text = csv(['home.own', 'home.rent', 'home.value', 'cls'], Array.from({ length: 200 }, (_, r) => [r % 2, 1 - (r % 2), 1000 + 7 * r, r % 3 ? 'a' : 'b']));
    const t = parseTable(text, 'h.csv');
    expect(t.columns.map((c) => `${c.name}:${c.kind}`)).toEqual(['home:categorical', 'home.value:numeric', 'cls:categorical']);
  });

  it('0/1 flags that merely share a prefix are separate columns, as before', () => {
    const flags = csv(['has.car', 'has.house', 'cls'], Array.from({ length: 200 }, (_, r) => [r % 2, r % 3 === 0 ? 1 : 0, r % 2]));
    expect(parseTable(flags, 'f.csv').columns.map((c) => c.name)).toEqual(['has.car', 'has.house', 'cls']);
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
    expect(t.notices).toContain("column 'size': 1 missing cells filled with the median of the training rows, flagged in 'size_missing'");
    // Without --na, '?' is an ordinary value: 'size' is then text.
    expect(col(parseTable(text, 'm.csv'), 'size')?.kind).toBe('categorical');
  });

  it('the numeric transform is fitted on observed cells only: the median filling the blanks is no value of it', () => {
    // 40 amounts 1..40 and 20 blank ones ('?'), filled with the median 20.5. Fitted on every cell, a
    // third of the quantile points were 20.5, made as an observed amount; and the column was no longer whole numbers.
    const rows = Array.from({ length: 60 }, (_, r) => [r % 3 === 2 ? '?' : String(r - Math.floor(r / 3) + 1), r % 2 ? 'a' : 'b']);
    const t = parseTable(csv(['amount', 'cls'], rows), 'a.csv', { na: ['?'] });
    expect(t.notices).toContain("column 'amount': 20 missing cells filled with the median of the training rows, flagged in 'amount_missing'");
    const nt = fitTransform(t, 'cls').numeric[0];
    expect([nt.name, nt.integer, nt.quantiles.length]).toEqual(['amount', true, 40]);
    expect(nt.quantiles).not.toContain(20.5);
    expect(nt.quantiles).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it("a column of the file named as a missing flag would be is refused up front, naming both", () => {
    // It failed mid-run, encoding: "column 'size_missing' has level 'present', unknown to the model".
    const clash = csv(['size', 'size_missing', 'cls'], [[1.5, 'no', 'a'], ['', 'yes', 'b'], [3.25, 'no', 'a'], [5.5, 'no', 'b']]);
    expect(() => parseTable(clash, 'c.csv')).toThrow("c.csv:1: column 'size' has 1 missing cell, flagged in a column 'size_missing' that gangrad adds, but the file already has a column 'size_missing': rename that column, or --drop size_missing (or fill the missing cells of 'size')");
    expect(parseTable(clash, 'c.csv', { drop: ['size_missing'] }).columns.map((c) => c.name)).toEqual(['size', 'size_missing', 'cls']);
    // Without a blank cell no flag is added: the file's column is an ordinary one.
    expect(parseTable(clash.replace(',yes', '2.5,yes'), 'c.csv').columns.map((c) => c.name)).toEqual(['size', 'size_missing', 'cls']);
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

/** Each column of the bundled data sets as `name:kind`: n numeric, t/o a text/one-hot categorical and its level count. */
const GERMAN_CREDIT_KINDS = 'Duration:n Amount:n InstallmentRatePercentage:t4 ResidenceDuration:t4 Age:n NumberExistingCredits:t4 NumberPeopleMaintenance:t2 Telephone:t2 ForeignWorker:t2 Class:t2 CheckingAccountStatus:o4 CreditHistory:o5 Purpose:o11 SavingsAccountBonds:o5 EmploymentDuration:o5 Personal:o5 OtherDebtorsGuarantors:o3 Property:o4 OtherInstallmentPlans:o3 Housing:o3 Job:o4';
const VEHICLE_FRAUD_KINDS = 'Month:t12 WeekOfMonth:t5 DayOfWeek:t7 Make:t19 AccidentArea:t2 DayOfWeekClaimed:t8 MonthClaimed:t13 WeekOfMonthClaimed:t5 Sex:t2 MaritalStatus:t4 Age:n Fault:t2 PolicyType:t9 VehicleCategory:t3 VehiclePrice:t6 FraudFound_P:t2 RepNumber:n Deductible:t4 DriverRating:t4 Days_Policy_Accident:t5 Days_Policy_Claim:t4 PastNumberOfClaims:t4 AgeOfVehicle:t8 AgeOfPolicyHolder:t9 PoliceReportFiled:t2 WitnessPresent:t2 AgentType:t2 NumberOfSuppliments:t4 AddressChange_Claim:t5 NumberOfCars:t5 Year:t3 BasePolicy:t3';

describe('text among numbers', () => {
  /** 200 rows: distinct amounts, 0/1 flags, rating codes 1–4, a class; `edit` changes cells. */
  const table = (edit: (row: (string | number)[], r: number) => void = () => {}) =>
    csv(['amount', 'flag', 'rating', 'cls'], Array.from({ length: 200 }, (_, r) => {
      const row: (string | number)[] = [1000 + 7 * r, r % 3 ? 1 : 0, 1 + (r % 4), r % 5 ? 'good' : 'bad'];
      edit(row, r);
      return row;
    }));

  it('a text cell in a column of amounts is an error naming the line, the column, the value and the ways on', () => {
    const text = table((row, r) => { if (r === 99) row[0] = 'abc'; });
    // Line 101: the header is line 1, row 0 line 2.
    expect(() => parseTable(text, 'a.csv')).toThrow(
      "a.csv:101: column 'amount' holds 'abc', but 199 of its 200 cells are numbers (a typo, or a row whose values are shifted?): correct the file, pass --na abc to read such cells as missing, or --type amount=categorical to keep the column as categories");
    // Every value differs (an identifier would too): the message also names --drop.
    expect(() => parseTable(text, 'a.csv')).toThrow('to keep the column as categories (every value differs: if it is a row identifier, --drop amount leaves it out)');
    // A column of repeated codes is no identifier: no --drop there.
    expect(() => parseTable(table((row, r) => { if (r === 150) row[1] = 'good'; }), 'f.csv')).toThrow(/to keep the column as categories$/);
    // Either way on loads it: as a number with a missing cell, or as categories.
    const na = parseTable(text, 'a.csv', { na: ['abc'] });
    expect([col(na, 'amount')?.kind, col(na, 'amount_missing')?.kind]).toEqual(['numeric', 'categorical']);
    expect(col(parseTable(text, 'a.csv', { kinds: { amount: 'categorical' } }), 'amount')?.kind).toBe('categorical');
  });

  it('several text values are all named, quoted for a shell; a frequent missing marker among amounts is caught too', () => {
    const text = table((row, r) => { if (r % 10 === 3) row[0] = r % 20 === 3 ? 'n/a' : "don't know"; });
    expect(() => parseTable(text, 'a.csv')).toThrow(
      "a.csv:5: column 'amount' holds 'n/a' (and 1 other text value, 20 cells in all), but 180 of its 200 cells are numbers (a typo, or a row whose values are shifted?): correct the file, pass --na n/a --na 'don'\\''t know' to read");
  });

  it('a stray among codes or 0/1 flags (a shifted row) is caught; a level of text among codes is not', () => {
    expect(() => parseTable(table((row, r) => { if (r === 150) row[1] = 'good'; }), 'f.csv')).toThrow(/^f\.csv:152: column 'flag' holds 'good', but 199 of its 200 cells are numbers/);
    expect(() => parseTable(table((row, r) => { if (r === 7) row[2] = 'x'; }), 'f.csv')).toThrow(/^f\.csv:9: column 'rating' holds 'x'/);
    // 'none' on every 10th row: a level of its own, as before.
    const levels = parseTable(table((row, r) => { if (r % 10 === 0) row[2] = 'none'; }), 'f.csv');
    expect((col(levels, 'rating') as CategoricalColumn).levels).toEqual(['1', '2', '3', '4', 'none']);
  });

  it('text columns with a few numbers and small tables load as before', () => {
    // Claim counts written as text, one level a number (the vehicle insurance data's PastNumberOfClaims).
    const claims = parseTable(csv(['claims', 'cls'], Array.from({ length: 200 }, (_, r) => [['none', '1', '2 to 4', 'more than 4'][r % 4], r % 2])), 'c.csv');
    expect((col(claims, 'claims') as CategoricalColumn).levels).toEqual(['1', '2 to 4', 'more than 4', 'none']);
    // 12 rows, one of them text: too few to call it a stray (under 1 %), and the numbers are few levels.
    const small = parseTable(csv(['n', 'cls'], Array.from({ length: 12 }, (_, r) => [r === 4 ? 'x' : r % 3, r % 2])), 's.csv');
    expect(col(small, 'n')?.kind).toBe('categorical');
  });

  it('the bundled data sets load with the kinds they always had', () => {
    const kinds = (file: string) => loadTable(file).columns.map((c) => `${c.name}:${c.kind === 'numeric' ? 'n' : c.source[0] + c.levels.length}`).join(' ');
    expect(kinds('data/german_credit.csv')).toBe(GERMAN_CREDIT_KINDS);
    expect(kinds('data/vehicle_insurance_fraud.csv')).toBe(VEHICLE_FRAUD_KINDS);
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

  it('a mistyped day or a word among dates is an error naming its line, not a category per date', () => {
    const days = (edit: (r: number) => string | null) => csv(['claimed', 'cls'], Array.from({ length: 100 }, (_, r) => [edit(r) ?? formatDate(9000 + 3 * r, 'iso'), r % 4 ? 'a' : 'b']));
    expect(() => parseTable(days((r) => (r === 40 ? '2020-13-45' : null)), 'd.csv')).toThrow(
      "d.csv:42: column 'claimed' holds '2020-13-45', but 99 of its 100 cells are dates (YYYY-MM-DD): correct the file, pass --na 2020-13-45 to read such cells as missing, or --type claimed=categorical to keep the column as categories");
    expect(() => parseTable(days((r) => (r % 30 === 7 ? 'soon' : null)), 'd.csv')).toThrow(/^d\.csv:9: column 'claimed' holds 'soon' \(4 cells in all are not dates\), but 96 of its 100 cells are dates/);
    // Read as missing instead: the column stays dates, the blank filled with the median day.
    const filled = parseTable(days((r) => (r === 40 ? 'soon' : null)), 'd.csv', { na: ['soon'] });
    expect((col(filled, 'claimed') as NumericColumn).date).toBe('iso');
    expect((col(filled, 'claimed') as NumericColumn).values[40]).toBe(9000 + 3 * 50);
    expect(filled.notices).toContain("column 'claimed': 1 missing cells filled with the median of the training rows, flagged in 'claimed_missing'");
  });
});

describe('labels', () => {
  it('figures name the class after the figure ("F1 of class 1", never "1 F1")', async () => {
    const { criteriaRows } = await import('../src/tabular/report/report.js');
    const src = criteriaRows.toString();
    expect(src).toContain('of class ${e0.positive}');
  });
});

describe('file encoding', () => {
  it('a file that is not UTF-8 is refused with the line of its first bad byte, not read with � in its values', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-encoding-'));
    try {
      const text = csv(['amount', 'city', 'cls'], [[1, 'Berlin', 'a'], [2, 'Köln', 'b'], [3, 'Bonn', 'a']]);
      const latin1 = join(dir, 'latin1.csv'), utf16 = join(dir, 'utf16.csv'), utf8 = join(dir, 'utf8.csv');
      writeFileSync(latin1, Buffer.from(text, 'latin1'));
      writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
      writeFileSync(utf8, '\uFEFF' + text);
      expect(() => loadTable(latin1)).toThrow(`${latin1}:3: byte 0xF6 is not UTF-8 (a file saved as Latin-1 or Windows-1252?): save it as UTF-8 (in Excel: CSV UTF-8)`);
      // The same after a byte-order mark, and after a U+FFFD the file really holds (line 2).
      const bom = join(dir, 'bom-latin1.csv'), replacement = join(dir, 'replacement-latin1.csv');
      writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'latin1')]));
      writeFileSync(replacement, Buffer.concat([Buffer.from(text.replace('Berlin', 'Ber\uFFFDlin').split('Köln')[0], 'utf8'), Buffer.from('Köln' + text.split('Köln')[1], 'latin1')]));
      expect(() => loadTable(bom)).toThrow(`${bom}:3: byte 0xF6 is not UTF-8`);
      expect(() => loadTable(replacement)).toThrow(`${replacement}:3: byte 0xF6 is not UTF-8`);
      expect(() => loadTable(utf16)).toThrow(`${utf16}: the file is UTF-16 text; tables are read as UTF-8`);
      // Without its byte-order mark too, little- or big-endian; a NUL byte elsewhere is named by its line.
      const le = join(dir, 'utf16le.csv'), be = join(dir, 'utf16be.csv'), nul = join(dir, 'nul.csv');
      writeFileSync(le, Buffer.from(text, 'utf16le'));
      writeFileSync(be, Buffer.from(text, 'utf16le').swap16());
      writeFileSync(nul, text.replace('Bonn', 'Bo\0nn'));
      expect(() => loadTable(le)).toThrow(`${le}: the file is UTF-16 text; tables are read as UTF-8`);
      expect(() => loadTable(be)).toThrow(`${be}: the file is UTF-16 text; tables are read as UTF-8`);
      expect(() => loadTable(nul)).toThrow(`${nul}:4: a NUL byte (0x00): the file is not CSV text`);
      expect((col(loadTable(utf8), 'city') as CategoricalColumn).levels).toContain('Köln');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('boolean words spelt in several cases', () => {
  /** 8 rows: a flag spelt TRUE/True/false/FALSE as spreadsheet exports mix them, a code column with 'A' and 'a', a class. */
  const mixed = csv(['paid', 'code', 'agreed', 'cls'], [
    ['TRUE', 'A', 'Yes', 0], ['True', 'a', 'yes', 1], ['false', 'A', 'No', 0], ['FALSE', 'a', 'no', 1],
    ['TRUE', 'b', 'YES', 0], ['', 'A', 'No', 1], ['false', 'a', 'no', 0], ['True', 'b', 'yes', 1],
  ]);

  it('are one level per word, its most common spelling (the first seen of equals), with a notice naming the column', () => {
    const t = parseTable(mixed, 'm.csv');
    const paid = col(t, 'paid') as CategoricalColumn;
    expect(paid.levels).toEqual(['TRUE', 'false', '(missing)']);
    expect(Array.from(paid.codes)).toEqual([0, 0, 1, 1, 0, 2, 1, 0]);
    // 'yes' (2 rows) over 'Yes' and 'YES' (1 each), though 'Yes' comes first.
    expect((col(t, 'agreed') as CategoricalColumn).levels).toEqual(['No', 'yes']);
    expect(t.notices).toContain("'TRUE', 'True', 'false', 'FALSE' in column 'paid' differ only in case: read as one level per word, written back as 'TRUE' and 'false'");
    expect(t.notices).toContain("'Yes', 'yes', 'No', 'no', 'YES' in column 'agreed' differ only in case: read as one level per word, written back as 'yes' and 'No'");
    expect(formatTable(t).split('\n')[2]).toBe('TRUE,a,yes,1');
  });

  it('leave other text alone: case variants of codes stay apart, one spelling per word gives no notice', () => {
    const t = parseTable(mixed, 'm.csv');
    expect((col(t, 'code') as CategoricalColumn).levels).toEqual(['A', 'a', 'b']);
    expect(t.notices?.some((n) => n.includes("'code'"))).toBe(false);
    const plain = parseTable(csv(['paid', 'cls'], [['TRUE', 0], ['FALSE', 1], ['TRUE', 1]]), 'p.csv');
    expect((col(plain, 'paid') as CategoricalColumn).levels).toEqual(['FALSE', 'TRUE']);
    expect(plain.notices?.some((n) => n.includes('differ only in case'))).toBe(false);
    // A word outside the pair ('maybe') makes the column ordinary text: 'True' and 'TRUE' stay apart.
    const other = parseTable(csv(['paid', 'cls'], [['TRUE', 0], ['True', 1], ['maybe', 1]]), 'o.csv');
    expect((col(other, 'paid') as CategoricalColumn).levels).toEqual(['TRUE', 'True', 'maybe']);
  });
});
