/** Data sanity in the price loader: implausible prices and non-calendar dates name the line. */
import { describe, expect, it } from 'vitest';
import { headerList, loadPriceCsv, parsePriceCsv } from '../src/finance/data/csv.js';
import { defaultDataFile } from '../src/cli/paths.js';

const csv = (...rows: string[]) => ['date,close', ...rows].join('\n');
const base = ['2001-02-26,100', '2001-02-27,101', '2001-02-28,99'];

describe('price CSV sanity', () => {
  it.each([
    ['a huge price', ['2001-03-01,1e308'], /f\.csv:5: close 1e308 is outside the plausible range/],
    ['a tiny price', ['2001-03-01,1e-300'], /f\.csv:5: close 1e-300 is outside the plausible range/],
    ['a hexadecimal price', ['2001-03-01,0x10'], /f\.csv:5: close '0x10' is not a decimal number/],
    ['a binary price', ['2001-03-01,0b101'], /f\.csv:5: close '0b101' is not a decimal number/],
    ['a non-calendar date', ['2001-02-30,100'], /f\.csv:5: date '2001-02-30' is not a calendar date/],
    ['a jump of ×10 in one day', ['2001-03-01,990'], /f\.csv:5: close 990 on 2001-03-01 is 10\.0 times the previous day's 99 \(line 4\), beyond a factor 5 in one day/],
    ['a fall to a tenth', ['2001-03-01,9.9'], /f\.csv:5: close 9\.9 on 2001-03-01 is 1\/10\.0 of the previous day's 99/],
  ])('%s is an error naming the line, and suggests --allow-outliers', (_, rows, message) => {
    expect(() => parsePriceCsv(csv(...base, ...rows), 'f.csv')).toThrow(message);
    expect(() => parsePriceCsv(csv(...base, ...rows), 'f.csv')).toThrow(/--allow-outliers/);
  });

  it('with allowOutliers: jumps are kept, unparseable rows skipped, each with a warning naming the line', () => {
    const warnings: string[] = [];
    const series = parsePriceCsv(csv(...base, '2001-02-30,100', '2001-03-01,0x10', '2001-03-02,990'), 'f.csv', { allowOutliers: true, onWarning: (w) => warnings.push(w) });
    expect(Array.from(series.prices)).toEqual([100, 101, 99, 990]);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/^warning: f\.csv:5: date '2001-02-30' is not a calendar date; row skipped/);
    expect(warnings[1]).toMatch(/f\.csv:6: close '0x10' is not a decimal number; row skipped/);
    expect(warnings[2]).toMatch(/f\.csv:7: close 990 .* beyond a factor 5 in one day; kept/);
  });

  it('weeks without rows are a warning naming the longest gap; a row of empty fields is a blank line; tabs are named', () => {
    const warnings: string[] = [];
    const text = 'date,close\n2020-01-01,100\n2020-01-02,101\n2020-02-20,102\n2020-02-21,101\n,\n2020-03-30,100\n,,\n';
    const series = parsePriceCsv(text, 'gap.csv', { onWarning: (w) => warnings.push(w) });
    expect(series.dates).toEqual(['2020-01-01', '2020-01-02', '2020-02-20', '2020-02-21', '2020-03-30']);
    expect(warnings).toEqual(['warning: gap.csv:4: 2020-02-20 follows 2020-01-02 (line 3) after 49 days (2 gaps of more than 14 days in all): rows missing? The return across a gap counts as one day\'s']);
    // A market closed for 12 days (March 1933) is no gap to warn of.
    const closed: string[] = [];
    parsePriceCsv('date,close\n1933-03-03,1\n1933-03-15,1.1\n', 'closed.csv', { onWarning: (w) => closed.push(w) });
    expect(closed).toEqual([]);
    expect(() => parsePriceCsv('date\tclose\n2020-01-01\t1\n2020-01-02\t2\n', 'tabs.tsv')).toThrow(/tabs\.tsv:1: no 'date' column in header .*: the file is tab-separated; price files are read with commas or semicolons between fields/);
  });

  it('a price with a thousands separator or a decimal comma says so and what to write, with or without allowOutliers', () => {
    // Such a file writes every price so: "not a number (to skip it: --allow-outliers)" led to skipping every row.
    const cases: [string, string, string][] = [
      ['date,close\n2001-02-26,"8,921.59"\n2001-02-27,8922\n', "close '8,921.59'", '8921.59, not 8,921.59'],
      ['date;close\n2001-02-26;8921,59\n2001-02-27;8922\n', "close '8921,59'", '8921.59, not 8921,59'],
      ['date;close\n2001-02-26;8.921,59\n2001-02-27;8922\n', "close '8.921,59'", '8921.59, not 8.921,59'],
      ['date,close\n2001-02-26,"1,234"\n2001-02-27,1235\n', "close '1,234'", '1234 or 1.234, not 1,234'],
      // Grouped by spaces or apostrophes only: no decimal mark to place.
      ['date;close\n2001-02-26;1 234\n2001-02-27;1235\n', "close '1 234'", '1234, not 1 234'],
      ["date,close\n2001-02-26,12'345\n2001-02-27,12346\n", "close '12'345'", "12345, not 12'345"],
    ];
    for (const [text, cell, plain] of cases) {
      const message = `f.csv:2: ${cell} looks like a number with a thousands separator or a decimal comma; write plain numbers with a '.' decimal point and no separators (${plain})`;
      expect(() => parsePriceCsv(text, 'f.csv')).toThrow(message);
      expect(() => parsePriceCsv(text, 'f.csv', { allowOutliers: true, onWarning: () => {} })).toThrow(message);
    }
    // Other unparseable cells still point at --allow-outliers.
    expect(() => parsePriceCsv(csv(...base, '2001-03-01,null'), 'f.csv')).toThrow(/f\.csv:5: close 'null' is not a number \(to skip it with a warning: --allow-outliers/);
  });

  it('the jump factor is configurable; ordinary decimals (1e2, .5, +3.) pass', () => {
    expect(parsePriceCsv(csv(...base, '2001-03-01,990'), 'f.csv', { maxDailyFactor: 20 }).prices.length).toBe(4);
    // A factor of 1 refused every move ('… is 1.00 times the previous day's …, beyond a factor 1').
    for (const factor of [1, 0, NaN]) expect(() => parsePriceCsv(csv(...base), 'f.csv', { maxDailyFactor: factor })).toThrow(`parsePriceCsv: maxDailyFactor must be a number above 1 (a one-day price ratio), got ${factor}`);
    expect(Array.from(parsePriceCsv(csv('2001-01-02,1e2', '2001-01-03,.5e2', '2001-01-04,+60.'), 'f.csv').prices)).toEqual([100, 50, 60]);
    expect(parsePriceCsv(csv('2000-02-29,10', '2001-02-28,10'), 'f.csv').dates).toEqual(['2000-02-29', '2001-02-28']);
  });

  it('the bundled S&P 500 file passes every check', () => {
    expect(loadPriceCsv(defaultDataFile(), { onWarning: (w) => { throw new Error(w); } }).prices.length).toBeGreaterThan(5000);
  });
});

describe('headerList', () => {
  it('names every column of a short header, the first 12 of a long one and how many more', () => {
    expect(headerList(['day', 'close'])).toBe('day, close');
    const wide = Array.from({ length: 33 }, (_, i) => `c${i}`);
    expect(headerList(wide)).toBe(`${wide.slice(0, 12).join(', ')}, … and 21 more`);
    expect(() => parsePriceCsv(`${wide.join(',')}\n${wide.map(() => '1').join(',')}\n`, 'wide.csv')).toThrow(/wide\.csv:1: no 'date' column in header \(c0, .*, c11, … and 21 more\)/);
  });
});
