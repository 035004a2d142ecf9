/** Data sanity in the price loader: implausible prices and non-calendar dates name the line. */
import { describe, expect, it } from 'vitest';
import { headerList, loadPriceCsv, parsePriceCsv } from '../src/finance/data/csv.js';
import { defaultDataFile } from '../src/cli/paths.js';
import * as gangrad from '../src/index.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

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
    expect(warnings).toEqual(['warning: gap.csv:4: 2020-02-20 follows 2020-01-02 (line 3) after 49 days (2 gaps of more than 7 days in all): rows missing, or a closure of more than a week (Lunar New Year or Golden Week on Chinese exchanges)? The return across a gap counts as one day\'s']);
    // A market closed for 12 days (March 1933) is no gap to warn of.
    const closed: string[] = [];
    parsePriceCsv('date,close\n1933-03-03,1\n1933-03-15,1.1\n', 'closed.csv', { onWarning: (w) => closed.push(w) });
    expect(closed).toEqual([]);
    // A 7-day market (crypto) has no holidays: a week without rows is a gap there, two days are not.
    const everyDay = (from: string, days: number) => Array.from({ length: days }, (_, i) => new Date(Date.parse(from) + i * 86_400_000).toISOString().slice(0, 10));
    const crypto = [...everyDay('2023-09-01', 30), ...everyDay('2023-10-10', 20)].map((d, i) => `${d},${100 + (i % 3)}`);
    const sevenDay: string[] = [];
    parsePriceCsv(['date,close', ...crypto].join('\n'), 'btc.csv', { onWarning: (w) => sevenDay.push(w) });
    expect(sevenDay).toEqual(['warning: btc.csv:32: 2023-10-10 follows 2023-09-30 (line 31) after 10 days in a market that trades 7 days a week: rows missing? The return across a gap counts as one day\'s']);
    const outage: string[] = [];
    parsePriceCsv(['date,close', ...[...everyDay('2023-09-01', 30), ...everyDay('2023-10-03', 20)].map((d, i) => `${d},${100 + (i % 3)}`)].join('\n'), 'btc.csv', { onWarning: (w) => outage.push(w) });
    expect(outage).toEqual([]);
    // A 5-day market (an exchange): a week without rows is a gap; its real closures, up to a week (9/11), are not.
    const weekdays = (from: string, to: string, closed: string[] = []) => everyDay(from, (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1)
      .filter((d) => ![0, 6].includes(new Date(d).getUTCDay()) && !closed.includes(d));
    const gapsOf = (dates: string[], file = 'spx.csv') => {
      const said: string[] = [];
      parsePriceCsv(['date,close', ...dates.map((d, i) => `${d},${100 + (i % 3)}`)].join('\n'), file, { onWarning: (w) => said.push(w) });
      return said;
    };
    const nineEleven = ['2001-09-11', '2001-09-12', '2001-09-13', '2001-09-14'];
    const sandy = ['2012-10-29', '2012-10-30'];
    const christmas = ['2014-12-24', '2014-12-25', '2014-12-26', '2014-12-31', '2015-01-01']; // the DAX's: 2014-12-23 to 12-29, 6 days
    expect(gapsOf(weekdays('2001-08-01', '2001-10-31', nineEleven))).toEqual([]);
    expect(gapsOf(weekdays('2012-10-01', '2012-11-30', sandy))).toEqual([]);
    expect(gapsOf(weekdays('2014-12-01', '2015-01-31', christmas))).toEqual([]);
    // The bank holiday of March 1933 (12 days) is a known closure, within a longer file too.
    expect(gapsOf(weekdays('1933-02-01', '1933-04-28', weekdays('1933-03-04', '1933-03-14')))).toEqual([]);
    // A week missing: Monday to Friday (10 days from Friday to Monday), or Wednesday to Tuesday (8 days).
    const missingWeek = weekdays('2020-03-09', '2020-03-13');
    expect(gapsOf(weekdays('2020-02-03', '2020-04-30', missingWeek))).toEqual([
      'warning: spx.csv:27: 2020-03-16 follows 2020-03-06 (line 26) after 10 days: rows missing, or a closure of more than a week (Lunar New Year or Golden Week on Chinese exchanges)? The return across a gap counts as one day\'s',
    ]);
    expect(gapsOf(weekdays('2020-02-03', '2020-04-30', weekdays('2020-03-11', '2020-03-17')))).toEqual([
      'warning: spx.csv:29: 2020-03-18 follows 2020-03-10 (line 28) after 8 days: rows missing, or a closure of more than a week (Lunar New Year or Golden Week on Chinese exchanges)? The return across a gap counts as one day\'s',
    ]);
    // Not the 1933 closure's days in another year.
    expect(gapsOf(weekdays('1934-02-01', '1934-04-30', weekdays('1934-03-05', '1934-03-14')))).toHaveLength(1);
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
    // A currency symbol before or after the number (a Nasdaq export writes $2786.24): skipping would drop every row.
    const money: [string, string][] = [['$2786.24', '2786.24'], ['2786.24$', '2786.24'], ['€12.5', '12.5'], ['12.5 €', '12.5'], ['£7', '7'], ['¥300', '300'], ['300¥', '300']];
    for (const [cell, plain] of money) {
      const text = `date,close\n2001-02-26,100\n2001-02-27,"${cell}"\n`;
      const message = `f.csv:3: close '${cell}' has a currency symbol; remove it and write plain numbers (${plain}, not ${cell})`;
      expect(() => parsePriceCsv(text, 'f.csv')).toThrow(message);
      expect(() => parsePriceCsv(text, 'f.csv', { allowOutliers: true, onWarning: () => {} })).toThrow(message);
    }
    expect(() => parsePriceCsv('date,close\n2001-02-26,"$2,786.24"\n', 'f.csv')).toThrow("f.csv:2: close '$2,786.24' has a currency symbol; remove it and write plain numbers (2786.24, not $2,786.24: a '.' decimal point and no separators either)");
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

  it('every bundled price file loads without a warning or notice (the split, stale-price and order checks included)', () => {
    const dir = dirname(defaultDataFile());
    for (const [name, column] of [['aapl_daily.csv'], ['btc_usd_daily.csv'], ['dax_daily.csv'], ['jpm_daily.csv'], ['orcl_daily.csv'], ['orcl_daily.csv', 'close'], ['sp500_gspc_daily.csv']]) {
      const warnings: string[] = [];
      loadPriceCsv(join(dir, name), { column, onWarning: (w) => warnings.push(w) });
      expect(warnings, name).toEqual([]);
    }
  });
});

/** `n` weekday rows from 2020-01-01; moves of ±0.5, 1, 1.5 % in turn (median 1 %), never 0; `at(i, p)` rewrites price i. */
function series(n: number, at: (i: number, price: number) => number = (_, p) => p): { text: string; dates: string[] } {
  const dates: string[] = [];
  for (let t = Date.UTC(2020, 0, 1); dates.length < n; t += 86_400_000) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) dates.push(new Date(t).toISOString().slice(0, 10));
  }
  let p = 100;
  const rows = dates.map((d, i) => {
    if (i > 0) p *= Math.exp(0.005 * (1 + (i % 3)) * (i % 2 ? 1 : -1));
    return `${d},${at(i, p).toFixed(6)}`;
  });
  return { text: ['date,close', ...rows].join('\n'), dates };
}
const warningsOf = (text: string, options: Parameters<typeof parsePriceCsv>[2] = {}) => {
  const warnings: string[] = [];
  parsePriceCsv(text, 's.csv', { ...options, onWarning: (w) => warnings.push(w) });
  return warnings;
};

describe('price CSV warnings: splits, stale prices, row order', () => {
  it('an unadjusted 2:1 or 3:1 split (below --max-jump) is a warning naming line, date and ratio, advising adjusted prices', () => {
    expect(warningsOf(series(300).text)).toEqual([]);
    // Prices from row 150 (line 152) on divided by 2, then by 3: the day's own move (−0.5 %) stays in the ratio.
    const { text, dates } = series(300, (i, p) => (i >= 150 ? p / 2 : p));
    expect(warningsOf(text)).toEqual([expect.stringMatching(new RegExp(`^warning: s\\.csv:152: close [\\d.]+ on ${dates[150]} is 1/2\\.01 of the previous day's [\\d.]+ \\(line 151\\), near a 2:1 split and 70 times the median one-day move: an unadjusted stock split\\? Use split-adjusted prices \\(an adjusted close, such as Yahoo's Adj Close\\)$`))]);
    const three = warningsOf(series(300, (i, p) => (i >= 150 ? p / 3 : p)).text);
    expect(three).toHaveLength(1);
    expect(three[0]).toMatch(/s\.csv:152: .* is 1\/3\.02 of .*near a 3:1 split/);
    // A reverse split multiplies the price; 3:2 is 1/1.5.
    expect(warningsOf(series(300, (i, p) => (i >= 150 ? p * 2 : p)).text)[0]).toMatch(/s\.csv:152: .* is 1\.99 times .*near a 1:2 reverse split/);
    // A 50 % rise (a small biotech's good day) is no 2:3 reverse split: no such split is made.
    expect(warningsOf(series(300, (i, p) => (i >= 150 ? p * 1.5 : p)).text)).toEqual([]);
    expect(warningsOf(series(300, (i, p) => (i >= 150 ? p / 1.5 : p)).text)[0]).toMatch(/near a 3:2 split/);
  });

  it('a crash off every split ratio, a split-sized move in a wild series, and a move beyond --max-jump are no split warning', () => {
    // A fall to 0.48 of the day before (AAPL's 2000-09-29 was 0.4813): 4 % off 1/2, a real crash.
    // (Row 150's own move is −0.5 %: times e^0.005 it is 0.48 of row 149 exactly, 73 times the median move.)
    const crash = series(300, (i, p) => (i >= 150 ? p * 0.48 * Math.exp(0.005) : p));
    expect(warningsOf(crash.text)).toEqual([]);
    // Daily moves of ±22 % (×1.25, ×0.8), then an exact halving on row 150: 3 times the median move, nothing extreme here.
    const wild = ['date,close', ...series(300).dates.map((d, i) => `${d},${(i % 2 ? 125 : 100) * (i >= 150 ? 0.625 : 1)}`)].join('\n');
    expect(warningsOf(wild)).toEqual([]);
    // Beyond the --max-jump factor it is the jump check's: one error, or one warning with allowOutliers, not both.
    const halved = series(300, (i, p) => (i >= 150 ? p / 2 : p)).text;
    expect(() => parsePriceCsv(halved, 's.csv', { maxDailyFactor: 1.5, onWarning: () => {} })).toThrow(/s\.csv:152: .* beyond a factor 1\.5 in one day/);
    expect(warningsOf(halved, { maxDailyFactor: 1.5, allowOutliers: true })).toEqual([expect.stringMatching(/^warning: s\.csv:152: .* beyond a factor 1\.5 in one day; kept/)]);
  });

  it('a series forward-filled to 7 days is a warning naming the share of zero returns and the weekends', () => {
    const { text } = series(300);
    const filled: string[] = ['date,close'];
    const rows = text.split('\n').slice(1);
    rows.forEach((row, i) => {
      filled.push(row);
      const [date, price] = row.split(',');
      // Friday's price again on Saturday and Sunday.
      if (new Date(`${date}T00:00:00Z`).getUTCDay() === 5 && i + 1 < rows.length) {
        for (const k of [1, 2]) filled.push(`${new Date(Date.parse(date) + k * 86_400_000).toISOString().slice(0, 10)},${price}`);
      }
    });
    expect(warningsOf(filled.join('\n'))).toEqual(['warning: s.csv: 120 of the 419 one-day returns (28.6 %) are zero (a close equal to the previous row\'s), more than 20 %: forward-filled or stale prices? They make the series look calmer than it was; 120 of its 120 Saturday and Sunday rows repeat the day before: a 5-day market filled to 7 days?']);
    // Under 100 returns the share is not judged: a handful of rows says little.
    expect(warningsOf(filled.slice(0, 60).join('\n'))).toEqual([]);
  });

  it('10 identical prices in a row or more are a warning naming the lines and dates of the longest run; 9 are not', () => {
    const { text, dates } = series(300, (i, p) => (i >= 100 && i < 130 ? 77 : p));
    expect(warningsOf(text)).toEqual([`warning: s.csv:102: close 77 is the same on 30 rows in a row (lines 102 to 131, ${dates[100]} to ${dates[129]}): stale prices? Those days' returns are all 0`]);
    expect(warningsOf(series(300, (i, p) => (i >= 100 && i < 109 ? 77 : p)).text)).toEqual([]);
  });

  it('rows in no date order get a notice and are sorted; newest first (a common export order) is sorted silently', () => {
    const lines = series(10).text.split('\n');
    const shuffled = [lines[0], lines[1], lines[2], lines[5], lines[3], lines[4], ...lines.slice(6)].join('\n');
    const warnings: string[] = [];
    const sorted = parsePriceCsv(shuffled, 's.csv', { onWarning: (w) => warnings.push(w) });
    expect(sorted.dates).toEqual(series(10).dates);
    expect(warnings).toEqual([`notice: s.csv:5: rows are not in date order (${series(10).dates[2]} follows ${series(10).dates[4]} on line 4): sorted by date`]);
    // The newest row moved to the top of an oldest-first file: the file runs oldest first (most of its
    // rows say so), and the notice names the row after the misplaced one (it named two rows in order).
    const topped = [lines[0], lines[10], ...lines.slice(1, 10)].join('\n');
    expect(warningsOf(topped)).toEqual([`notice: s.csv:3: rows are not in date order (${series(10).dates[0]} follows ${series(10).dates[9]} on line 2): sorted by date`]);
    const newestFirst = [lines[0], ...lines.slice(1).reverse()].join('\n');
    expect(warningsOf(newestFirst)).toEqual([]);
    expect(parsePriceCsv(newestFirst, 's.csv').dates).toEqual(series(10).dates);
  });
});

describe('header errors', () => {
  it('no price column names the header\'s columns and --column; CR-only line endings are said as such', () => {
    expect(() => parsePriceCsv('Date,Close/Last,Volume,Open,High,Low\n2024-05-01,2786.24,1,1,1,1\n', 'nasdaq.csv')).toThrow("nasdaq.csv:1: no price column in header (Date, Close/Last, Volume, Open, High, Low): expected an adjusted close ('Adj Close', 'adj_close', 'Adj. Close', 'Adjusted_close') or 'close'; name the column with --column NAME (gangrad train and forecast; column: 'NAME' in code), or rename it in the file for the portfolio commands");
    const message = "mac.csv:1: the header line holds a bare carriage return ('\\r'): the file has old-Mac CR-only line endings, so it reads as one line; save it with LF (or CRLF) line endings";
    expect(() => parsePriceCsv('date,close\r2020-01-02,5\r2020-01-03,6\r', 'mac.csv')).toThrow(message);
    expect(() => parsePriceCsv('close,date\r5,2020-01-02\r6,2020-01-03\r', 'mac.csv')).toThrow(message);
    // CRLF line endings are fine.
    expect(parsePriceCsv('date,close\r\n2020-01-02,5\r\n2020-01-03,6\r\n', 'dos.csv').prices.length).toBe(2);
  });
});

describe('text encodings', () => {
  it('a UTF-16 file (Excel\'s Unicode Text), little- or big-endian, is read by its byte-order mark, not refused as binary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-utf16-'));
    const text = '\uFEFFDate,Close\r\n2024-01-02,5.5\r\n2024-01-03,6\r\n';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const [name, bytes] of [['le.csv', le], ['be.csv', be]] as const) {
      writeFileSync(join(dir, name), bytes);
      const s = loadPriceCsv(join(dir, name));
      expect([s.column, s.dates, Array.from(s.prices)]).toEqual(['Close', ['2024-01-02', '2024-01-03'], [5.5, 6]]);
    }
    rmSync(dir, { recursive: true });
  });

  it("the lab's decoding (decodePriceBytes, public) reads a file's bytes as the CLI does: UTF-16 by its byte-order mark, else UTF-8", () => {
    const text = '\uFEFFDate,Close\r\n2024-01-02,5.5\r\n2024-01-03,6\r\n';
    const le = Buffer.from(text, 'utf16le'), be = Buffer.from(le).swap16(), utf8 = Buffer.from(text, 'utf8');
    for (const bytes of [le, be, utf8, utf8.subarray(3)]) {
      const s = parsePriceCsv(gangrad.decodePriceBytes(new Uint8Array(bytes)), 'page.csv');
      expect([s.column, s.dates, Array.from(s.prices)]).toEqual(['Close', ['2024-01-02', '2024-01-03'], [5.5, 6]]);
    }
    // UTF-16 read as UTF-8 (what the page did) is text with a NUL between letters: no header is found.
    expect(() => parsePriceCsv(new TextDecoder().decode(le), 'page.csv')).toThrow();
    expect(gangrad.decodePriceBytes(new TextEncoder().encode('Köln'))).toBe('Köln');
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
