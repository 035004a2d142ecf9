import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assetColumn, fromColumns, sliceDays } from '../src/finance/data/asset-matrix.js';
import { weekendShare } from '../src/finance/data/calendar.js';
import { alignPriceSeries, loadPriceFiles, loadWidePriceCsv, parsePriceFiles, parseWidePriceCsv } from '../src/finance/data/multi-asset.js';
import { multiAssetLogReturns, splitMultiAssetReturns } from '../src/finance/data/multi-asset-returns.js';
import { chronologicalSplit } from '../src/finance/data/returns.js';
import { identicalAssetWarnings, lackingDate, sparseCalendarWarnings } from '../src/cli/portfolio-data.js';

const csv = (rows: [string, number][]) => 'date,close\n' + rows.map(([d, p]) => `${d},${p}`).join('\n') + '\n';
const files = (entries: Record<string, [string, number][]>) => Object.entries(entries).map(([file, rows]) => ({ file, text: csv(rows) }));

/** Every date from `start` for `days` calendar days, optionally weekdays only, with a drifting price. */
function calendar(start: string, days: number, weekdaysOnly: boolean): [string, number][] {
  const out: [string, number][] = [];
  for (let i = 0; i < days; i++) {
    const d = new Date(Date.parse(`${start}T00:00:00Z`) + i * 86_400_000);
    if (weekdaysOnly && (d.getUTCDay() === 0 || d.getUTCDay() === 6)) continue;
    out.push([d.toISOString().slice(0, 10), 100 + out.length + (i % 3)]);
  }
  return out;
}

describe('aligning several price files (inner join on dates)', () => {
  it('drops a holiday one market observes for all, and counts it against the other file', () => {
    const a = parsePriceFiles(files({
      'data/A.csv': [['2020-01-02', 10], ['2020-01-03', 11], ['2020-01-06', 12], ['2020-01-07', 13], ['2020-01-08', 14]],
      'data/B.csv': [['2020-01-02', 50], ['2020-01-03', 51], ['2020-01-07', 53], ['2020-01-08', 52]], // 01-06 a holiday
    }));
    expect(a.assets).toEqual(['A', 'B']);
    expect(a.dates).toEqual(['2020-01-02', '2020-01-03', '2020-01-07', '2020-01-08']);
    expect(Array.from(a.prices.values)).toEqual([10, 50, 11, 51, 13, 53, 14, 52]);
    expect(a.dropped).toEqual([
      { asset: 'A', file: 'data/A.csv', column: 'close', rows: 5, dropped: 1, droppedDates: ['2020-01-06'], outsideCommonPeriod: 0 },
      { asset: 'B', file: 'data/B.csv', column: 'close', rows: 4, dropped: 0, droppedDates: [], outsideCommonPeriod: 0 },
    ]);
    // The return across the holiday spans both days for A: ln(13/11).
    const r = multiAssetLogReturns(a.prices);
    expect(r.days).toBe(3);
    expect(r.values[2]).toBeCloseTo(Math.log(13 / 11), 14);
    expect(r.values[3]).toBeCloseTo(Math.log(53 / 51), 14);
  });

  it('counts the days of a longer history outside the common period apart from missing days inside it', () => {
    const a = parsePriceFiles(files({
      'A.csv': [['2020-01-01', 1], ['2020-01-02', 2], ['2020-01-03', 3], ['2020-01-06', 4], ['2020-01-07', 5]],
      'B.csv': [['2020-01-02', 7], ['2020-01-06', 8], ['2020-01-07', 9], ['2020-01-08', 10]], // 01-03 missing
    }), { names: ['stock', 'index'] });
    expect(a.assets).toEqual(['stock', 'index']);
    expect(a.dates).toEqual(['2020-01-02', '2020-01-06', '2020-01-07']);
    expect(a.dropped.map((d) => [d.dropped, d.outsideCommonPeriod])).toEqual([[2, 1], [1, 1]]);
  });

  it('refuses a duplicate date, naming the file and both lines', () => {
    expect(() => parsePriceFiles(files({
      'A.csv': [['2020-01-02', 1], ['2020-01-03', 2]],
      'B.csv': [['2020-01-02', 1], ['2020-01-03', 2], ['2020-01-03', 3]],
    }))).toThrow(/^B\.csv:4: date 2020-01-03 repeats line 3$/);
  });

  it('refuses one file only, and a constant column (over its rows, or over the common dates)', () => {
    expect(() => parsePriceFiles(files({ 'only/A.csv': [['2020-01-02', 1], ['2020-01-03', 2]] })))
      .toThrow(/a portfolio needs at least 2 assets, got 1 price file \(only\/A\.csv\)/);
    expect(() => parsePriceFiles(files({ 'A.csv': [['2020-01-02', 1], ['2020-01-03', 2]], 'C.csv': [['2020-01-02', 7], ['2020-01-03', 7]] })))
      .toThrow(/^C\.csv: column 'close' is constant over its 2 rows \(every price 7\): no returns to model$/);
    expect(() => parsePriceFiles(files({
      'A.csv': [['2020-01-02', 1], ['2020-01-03', 2], ['2020-01-06', 3]],
      'C.csv': [['2020-01-02', 7], ['2020-01-06', 7], ['2020-01-07', 8]],
    }))).toThrow(/^C\.csv: column 'close' is constant over the 2 common dates/);
  });

  it('refuses too few common days, showing each file\'s range', () => {
    expect(() => parsePriceFiles(files({
      'A.csv': [['2020-01-02', 1], ['2020-01-03', 2], ['2020-01-06', 3]],
      'B.csv': [['2020-01-06', 1], ['2020-01-07', 2]],
    }), { minCommonDays: 3 })).toThrow(/only 1 date common to all 2 assets, at least 3 needed .*A\.csv 2020-01-02 … 2020-01-06 \(3 rows\); B\.csv 2020-01-06 … 2020-01-07 \(2 rows\)/);
  });

  it('refuses a 7-day calendar with a 5-day one unless asked, and then aligns on the weekdays', () => {
    const btc = calendar('2021-03-01', 70, false), spx = calendar('2021-03-01', 70, true);
    expect(weekendShare(btc.map(([d]) => d))).toBeCloseTo(20 / 70, 12);
    const input = files({ 'BTC.csv': btc, 'SPX.csv': spx });
    expect(() => parsePriceFiles(input)).toThrow(
      /mismatched calendars: BTC\.csv trades 7 days a week \(28\.6% of its dates are Saturdays or Sundays\), SPX\.csv 5 days \(0\.0%\)\. .*Monday returns would carry three days of moves.*allowMixedCalendars: true/,
    );
    const a = parsePriceFiles(input, { allowMixedCalendars: true });
    expect(a.dates).toEqual(spx.map(([d]) => d));
    expect(a.dropped.map((d) => d.dropped)).toEqual([20, 0]);
  });

  it('warns of a gap the alignment creates (overlapping holes), naming the dates and each file\'s hole, once', () => {
    const days = calendar('2001-01-01', 60, true);
    // Each file misses at most 4 weekdays in a row (7 days, as 9/11 closed the NYSE), in turn.
    const without = (from: string, to: string) => days.filter(([d]) => d < from || d > to);
    const a = without('2001-01-02', '2001-01-05'), b = without('2001-01-08', '2001-01-11'), c = without('2001-01-12', '2001-01-17');
    const d = days.map(([day, p]): [string, number] => [day, p * 2 + 1]);
    const heard: string[] = [];
    const aligned = parsePriceFiles(files({ 'A.csv': a, 'B.csv': b, 'C.csv': c, 'D.csv': d }), { onWarning: (m) => heard.push(m) });
    expect(aligned.dates.slice(0, 2)).toEqual(['2001-01-01', '2001-01-18']);
    // No file has a gap of more than 7 days alone, so the price reader says nothing; D, complete, is not named.
    expect(heard).toEqual([
      "warning: the dates common to all assets jump from 2001-01-01 to 2001-01-18 (17 days), a gap made by aligning the files (each has rows inside it): A.csv has no rows between 2001-01-01 and 2001-01-08, B.csv has no rows between 2001-01-05 and 2001-01-12, C.csv has no rows between 2001-01-11 and 2001-01-18; rows missing? The return across a gap counts as one day's",
    ]);
    // A gap one file has alone is that file's own warning, not repeated for the alignment.
    const own: string[] = [];
    parsePriceFiles(files({ 'A.csv': days.filter(([d]) => d <= '2001-01-01' || d > '2001-01-18'), 'C.csv': c }), { onWarning: (m) => own.push(m) });
    expect(own).toEqual([expect.stringMatching(/^warning: A\.csv:3: 2001-01-19 follows 2001-01-01 \(line 2\) after 18 days/)]);
  });

  it('reads files from disk, names assets after them, and names an unreadable file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-portfolio-'));
    writeFileSync(join(dir, 'AAPL.csv'), csv([['2020-01-02', 1], ['2020-01-03', 2], ['2020-01-06', 3]]));
    writeFileSync(join(dir, 'JPM.csv'), 'Date,Close,Adj Close\n2020-01-02,9,4\n2020-01-03,9,5\n2020-01-06,9,6\n');
    const a = loadPriceFiles([join(dir, 'AAPL.csv'), join(dir, 'JPM.csv')]);
    expect(a.assets).toEqual(['AAPL', 'JPM']);
    expect(a.dropped[1].column).toBe('Adj Close');
    expect(assetColumn(a.prices, 1)).toEqual(Float64Array.from([4, 5, 6]));
    expect(() => loadPriceFiles([join(dir, 'AAPL.csv'), join(dir, 'nope.csv')])).toThrow(/nope\.csv: cannot read \(ENOENT\)/);
    expect(() => loadPriceFiles([join(dir, 'AAPL.csv'), join(dir, 'AAPL.csv')])).toThrow(/two assets are named 'AAPL'/);
  });
});

describe('a wide CSV given as one asset file', () => {
  it('points at --wide, not at --column (which the portfolio commands lack), and only when it looks wide', () => {
    const w = { file: 'W.csv', text: 'date,AAPL,JPM,note\n2020-01-02,1,5,x\n2020-01-03,2,6,y\n' };
    const a = { file: 'A.csv', text: csv([['2020-01-02', 1], ['2020-01-03', 2]]) };
    // It was "no price column in header (…); name the column with --column NAME (gangrad train and forecast; …)".
    expect(() => parsePriceFiles([a, w])).toThrow(new Error("W.csv:1: no price column in header (date, AAPL, JPM, note): a close or an adjusted close is read from each file; if the file holds one price column per asset (2: AAPL, JPM), read it with --wide W.csv instead of --data (parseWidePriceCsv in code), else name its price column 'close'"));
    // One asset's columns without a close keep the single-file message, and so does a file with one number column.
    expect(() => parsePriceFiles([a, { file: 'O.csv', text: 'date,open,high\n2020-01-02,1,5\n2020-01-03,2,6\n' }])).toThrow(/^O\.csv:1: no price column in header \(date, open, high\): expected an adjusted close/);
    expect(() => parsePriceFiles([a, { file: 'P.csv', text: 'date,px,note\n2020-01-02,1,x\n2020-01-03,2,y\n' }])).toThrow(/^P\.csv:1: no price column in header \(date, px, note\): expected an adjusted close/);
    // A column given in code is read as before.
    expect(parsePriceFiles([{ ...a, text: a.text.replace('close', 'AAPL') }, w], { column: 'AAPL' }).assets).toEqual(['A', 'W']);
  });
});

describe('a wide price CSV', () => {
  const wide = 'Date,SPX,AAPL,JPM\n2020-01-03,101,11,\n2020-01-02,100,10,50\n2020-01-06,102,,52\n2020-01-07,103,13,53\n';

  it("reads yfinance's file of several tickers (Price / Ticker / Date header lines, or Ticker first) as the tickers' closes, each line keeping its number", () => {
    const yf = 'Price,Close,Close,High,High\nTicker,AAPL,MSFT,AAPL,MSFT\nDate,,,,\n2024-01-02 00:00:00+00:00,185.6,370.9,188.4,375.9\n2024-01-03,184.2,370.6,185.9,373.3\n2024-01-04,181.9,368.0,183.1,373.8\n';
    const a = parseWidePriceCsv(yf, 'yf.csv');
    expect(a.assets).toEqual(['AAPL', 'MSFT']);
    expect(a.dates).toEqual(['2024-01-02', '2024-01-03', '2024-01-04']);
    expect(Array.from(a.prices.values)).toEqual([185.6, 370.9, 184.2, 370.6, 181.9, 368.0]);
    // group_by='ticker' puts the Ticker line first, each ticker's fields together: read the same.
    const byTicker = 'Ticker,AAPL,AAPL,MSFT,MSFT\nPrice,Close,High,Close,High\nDate,,,,\n2024-01-02 00:00:00+00:00,185.6,188.4,370.9,375.9\n2024-01-03,184.2,185.9,370.6,373.3\n2024-01-04,181.9,183.1,368.0,373.8\n';
    expect(parseWidePriceCsv(byTicker, 'yf.csv')).toEqual(a);
    expect(() => parseWidePriceCsv(byTicker.replace('370.6', '-1'), 'yf.csv')).toThrow(/^yf\.csv:5: /);
    // The adjusted close where the file has one (yfinance with auto_adjust=False), and errors on the file's own lines.
    const adjusted = 'Price,Adj Close,Adj Close,Close,Close\nTicker,AAPL,MSFT,AAPL,MSFT\nDate,,,,\n2024-01-02,1,2,3,4\n2024-01-03,1.1,2.2,3,4\n';
    expect(Array.from(parseWidePriceCsv(adjusted, 'adj.csv').prices.values)).toEqual([1, 2, 1.1, 2.2]);
    expect(() => parseWidePriceCsv(adjusted.replace('1.1,2.2', '1.1,-2'), 'adj.csv')).toThrow(/^adj\.csv:5: /);
  });

  it("cites the line of the names for a yfinance file's header errors: the Ticker line for a ticker, the Price line for a missing close", () => {
    // A ticker --names lacks: its line is the second in the default order (it cited line 1, the Price line).
    const yf = 'Price,Close,Close\nTicker,AAPL,MSFT\nDate,,\n2024-01-02,1,100\n2024-01-03,2,200\n';
    expect(() => parseWidePriceCsv(yf, 'yp.csv', { columns: ['AAPL', 'IBM'] })).toThrow(new Error("yp.csv:2: no column 'IBM' in header (date, AAPL, MSFT)"));
    const byTicker = 'Ticker,AAPL,MSFT\nPrice,Close,Close\nDate,,\n2024-01-02,1,100\n2024-01-03,2,200\n';
    expect(() => parseWidePriceCsv(byTicker, 'yt.csv', { columns: ['AAPL', 'IBM'] })).toThrow(new Error("yt.csv:1: no column 'IBM' in header (date, AAPL, MSFT)"));
    // No close: the Price line is named (it was "yt.csv:1: no 'date' column in header (Ticker, AAPL, AAPL, MSFT, MSFT)").
    const noClose = 'Ticker,AAPL,AAPL,MSFT,MSFT\nPrice,Open,Volume,Open,Volume\nDate,,,,\n2024-01-02,1,100,3,4\n2024-01-03,2,200,3,5\n';
    expect(() => parseWidePriceCsv(noClose, 'yt.csv')).toThrow(new Error("yt.csv:2: no close in the yfinance file's Price line (Price, Open, Volume, Open, Volume): expected a 'Close' or 'Adj Close' column for each ticker, as yfinance writes them"));
  });

  it('aligns its columns, an empty cell dropping that day', () => {
    const a = parseWidePriceCsv(wide, 'w.csv');
    expect(a.assets).toEqual(['SPX', 'AAPL', 'JPM']);
    expect(a.dates).toEqual(['2020-01-02', '2020-01-07']);
    expect(Array.from(a.prices.values)).toEqual([100, 10, 50, 103, 13, 53]);
    expect(a.dropped.map((d) => d.dropped)).toEqual([2, 1, 1]);
    // The blank cells after a column's first price, counted with the line of the first (JPM's first price is on 2020-01-02).
    expect(a.dropped.map((d) => d.blankCells)).toEqual([undefined, { count: 1, firstLine: 4 }, { count: 1, firstLine: 2 }]);
    // A column's blanks before its first price (an asset not listed yet) are not counted.
    const late = parseWidePriceCsv('date,A,B\n2020-01-02,1,\n2020-01-03,2,5\n2020-01-06,3,\n2020-01-07,4,6\n2020-01-08,5,7\n2020-01-09,6,\n', 'w.csv');
    expect(late.dropped.map((d) => d.blankCells)).toEqual([undefined, { count: 2, firstLine: 4 }]);
    expect(parseWidePriceCsv(wide, 'w.csv', { columns: ['spx', 'AAPL'] }).dates).toEqual(['2020-01-02', '2020-01-03', '2020-01-07']);
    // A writer that drops trailing empty fields: the same as the blank cells written out.
    const short = parseWidePriceCsv('date,A,B\n2020-01-02,1\n2020-01-03,2,5\n2020-01-06,3\n2020-01-07,4,6\n2020-01-08,5,7\n2020-01-09,6\n', 'w.csv');
    expect(short).toEqual(late);
    const dateOnly = parseWidePriceCsv('date,A,B\n2020-01-02,1,2\n2020-01-03\n2020-01-06,3,4\n2020-01-07,5,6\n', 'w.csv'); // a day without prices
    expect([dateOnly.dates, dateOnly.dropped.map((d) => d.blankCells)]).toEqual([['2020-01-02', '2020-01-06', '2020-01-07'], [{ count: 1, firstLine: 3 }, { count: 1, firstLine: 3 }]]);
  });

  it('names the file, line and column of a bad cell, and refuses one column or a constant one', () => {
    expect(() => parseWidePriceCsv('date,A,B\n2020-01-02,1,2\n2020-01-03,x,3\n', 'w.csv')).toThrow(/^w\.csv:3: A 'x' is not a number \(to skip it with a warning: --allow-outliers with gangrad train and forecast, allowOutliers: true in code; backtest, report, eval and the portfolio commands take no such option: correct the file\)$/);
    expect(() => parseWidePriceCsv('date,A\n2020-01-02,1\n2020-01-03,2\n', 'w.csv')).toThrow(/at least 2 assets, got 1 price column besides the date \(w\.csv column 'A'\)/);
    expect(() => parseWidePriceCsv('date,A,B\n2020-01-02,1,2\n2020-01-03,2,2\n', 'w.csv')).toThrow(/^w\.csv: column 'B' is constant over its 2 rows/);
    expect(() => parseWidePriceCsv(wide, 'w.csv', { columns: ['SPX', 'GOLD'] })).toThrow(/^w\.csv:1: no column 'GOLD' in header \(Date, SPX, AAPL, JPM\)$/);
  });

  it('says a column that holds no prices is not a price column, naming it (a text column, a volume, the date)', () => {
    const rows = 'date,A,B,note,Volume\n2020-01-02,1,2,x0,1000\n2020-01-03,1.1,2.1,,7000\n2020-01-06,1.2,2.2,x2,900\n';
    // A text column was "w.csv:2: note 'x0' is not a number (… --allow-outliers …)".
    const every = 'every column but the date is read as a price column unless --names (columns in code) chooses them';
    expect(() => parseWidePriceCsv(rows, 'w.csv')).toThrow(new Error(`w.csv:2: column 'note' is not a price column: none of its cells is a number ('x0' here); ${every}`));
    // A volume column was a one-day-jump error (7000 after 1000).
    expect(() => parseWidePriceCsv(rows.replace(',note', ',n').replace(/,x0|,x2/g, ',1'), 'w.csv')).toThrow(new Error(`w.csv:1: column 'Volume' is not a price column (a volume, by its name); ${every}`));
    expect(() => parseWidePriceCsv(rows, 'w.csv', { columns: ['A', 'note'] })).toThrow(/^w\.csv:2: column 'note' is not a price column: none of its cells is a number \('x0' here\); choose the price columns with --names/);
    // The date column was "date '2020-01-02' is not a number".
    expect(() => parseWidePriceCsv(rows, 'w.csv', { columns: ['A', 'Date'] })).toThrow(/^w\.csv:1: column 'date' is the date column, not a price column; choose the price columns with --names/);
    // Chosen columns read as before; a price column with one bad cell is still named by its line.
    expect(parseWidePriceCsv(rows, 'w.csv', { columns: ['A', 'B'] }).dates).toHaveLength(3);
    expect(() => parseWidePriceCsv('date,A,B\n2020-01-02,1,2\n2020-01-03,x,3\n', 'w.csv')).toThrow(/^w\.csv:3: A 'x' is not a number/);
  });

  it('a column of prices with a currency symbol is named as such, not as a text column; rows out of order get one notice, CR-only endings are named', () => {
    // It was "column 'A' is not a price column: none of its cells is a number ('$1.5' here)".
    expect(() => parseWidePriceCsv('date,A,B\n2020-01-02,$1.5,2\n2020-01-03,$1.6,3\n', 'w.csv')).toThrow(new Error("w.csv:2: A '$1.5' has a currency symbol; remove it and write plain numbers (1.5, not $1.5)"));
    // Every column is read from the same shuffled rows: the notice comes once, not once per column.
    const notices: string[] = [];
    const aligned = parseWidePriceCsv('date,A,B\n2020-01-02,1,2\n2020-01-06,1.2,2.2\n2020-01-03,1.1,2.1\n', 'w.csv', { onWarning: (w) => notices.push(w) });
    expect(aligned.dates).toEqual(['2020-01-02', '2020-01-03', '2020-01-06']);
    expect(notices).toEqual(['notice: w.csv:4: rows are not in date order (2020-01-03 follows 2020-01-06 on line 3): sorted by date']);
    expect(() => parseWidePriceCsv('date,A,B\r2020-01-02,1,2\r2020-01-03,2,3\r', 'w.csv')).toThrow(/^w\.csv:1: the header line holds a bare carriage return/);
  });

  it('reads from disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-portfolio-'));
    writeFileSync(join(dir, 'wide.csv'), wide);
    expect(loadWidePriceCsv(join(dir, 'wide.csv')).dates).toHaveLength(2);
  });

  it("takes the files the single-file reader takes: Excel's sep=; line, year-first slash dates, midnight timestamps, UTF-16", () => {
    // It was "w.csv:1: no 'date' column in header (sep=, )": the hint line was read as the header.
    const hinted = parseWidePriceCsv('sep=;\ndate;A;B\n2024-01-02;1;4\n2024-01-03;2;5\n2024-01-04;x;6\n', 'w.csv', { allowOutliers: true, onWarning: () => {} });
    expect(hinted.dates).toEqual(['2024-01-02', '2024-01-03']);
    // Line numbers count the hint line: the header is line 2.
    expect(() => parseWidePriceCsv('sep=;\ndate;A;B\n2024-01-02;1;4\n2024-01-03;2;5\n', 'w.csv', { columns: ['A', 'C'] })).toThrow(/^w\.csv:2: no column 'C' in header/);
    // B's blank on 2024/1/2 is before its first price (not listed yet), not a missing day: it was counted as one.
    const slashed = parseWidePriceCsv('date,A,B\n2024/1/2,1,\n2024/1/3,2,5\n2024/1/4,3,6\n2024/1/5,4,\n2024/1/8,5,7\n', 'w.csv', { onWarning: () => {} });
    expect(slashed.dates).toEqual(['2024-01-03', '2024-01-04', '2024-01-08']);
    expect(slashed.dropped[1].blankCells).toEqual({ count: 1, firstLine: 5 });
    const midnight = parseWidePriceCsv('date,A,B\n2024-01-02 00:00:00-05:00,1,\n2024-01-03 00:00:00-05:00,2,5\n2024-01-04 00:00:00-05:00,3,6\n', 'w.csv', { onWarning: () => {} });
    expect(midnight.dates).toEqual(['2024-01-03', '2024-01-04']);
    expect(midnight.dropped[1].blankCells).toBeUndefined();
    expect(() => parseWidePriceCsv('date,A,B\n2024-01-02 09:30:00,1,4\n2024-01-03 09:30:00,2,5\n', 'w.csv')).toThrow(/^w\.csv:2: date '2024-01-02 09:30:00' is not an ISO date \(YYYY-MM-DD\): it has a time of day other than midnight/);
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-portfolio-'));
    writeFileSync(join(dir, 'utf16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('date,A,B\n2024-01-02,1,4\n2024-01-03,2,5\n', 'utf16le')]));
    expect(loadWidePriceCsv(join(dir, 'utf16.csv')).assets).toEqual(['A', 'B']);
  });

  it("names a header without a date column as the single-file reader does (a date-like name)", () => {
    // It was the bare "no 'date' column in header (timestamp, A, B)".
    expect(() => parseWidePriceCsv('timestamp,A,B\n2024-01-02,1,4\n', 'w.csv')).toThrow(new Error("w.csv:1: no 'date' column in header (timestamp, A, B): rename its 'timestamp' column 'date' if it holds the dates (YYYY-MM-DD)"));
    expect(() => parseWidePriceCsv('timestamp\tA\tB\n2024-01-02\t1\t4\n', 'w.txt')).toThrow(new Error("w.txt:1: no 'date' column in header (timestamp, A, B): rename its 'timestamp' column 'date' if it holds the dates (YYYY-MM-DD)"));
  });

  it('reads a tab-separated wide file as the single-file reader does, a blank cell a day without that price', () => {
    // It was refused: "no 'date' column in header (date\tA\tB): the file is tab-separated".
    const w = parseWidePriceCsv('date\tA\tB\n2024-01-02\t1\t4\n2024-01-03\t2\t\n2024-01-04\t3\t6\n', 'w.txt');
    expect(w.assets).toEqual(['A', 'B']);
    expect(w.dates).toEqual(['2024-01-02', '2024-01-04']);
  });

  it('refuses a column name the header repeats, naming the file, line and column, and saying to rename one in the file', () => {
    // It was "two assets are named 'AAPL' (w.csv column 'AAPL' and w.csv column 'AAPL'); give them distinct names",
    // after reading the first AAPL column twice (names match case-insensitively).
    const message = "w.csv:1: column 'AAPL' appears twice in the header (fields 2 and 3); rename one of them in the file: each price column is an asset, named by its header";
    expect(() => parseWidePriceCsv('date,AAPL,AAPL\n2024-01-02,1,4\n2024-01-03,2,5\n', 'w.csv')).toThrow(new Error(message));
    expect(() => parseWidePriceCsv('date,AAPL,aapl,B\n2024-01-02,1,4,7\n2024-01-03,2,5,8\n', 'w.csv', { columns: ['B', 'AAPL'] })).toThrow(/^w\.csv:1: column 'AAPL' appears twice in the header \(fields 2 and 3\)/);
    // A repeated column not chosen is no matter.
    expect(parseWidePriceCsv('date,AAPL,AAPL,B,C\n2024-01-02,1,4,7,1\n2024-01-03,2,5,8,2\n', 'w.csv', { columns: ['B', 'C'] }).assets).toEqual(['B', 'C']);
  });
});

describe('the same series under two names', () => {
  it('is named in a warning; series that differ on one day are not', () => {
    const prices = fromColumns([Float64Array.of(1, 2, 3), Float64Array.of(5, 6, 7), Float64Array.of(1, 2, 3)]);
    const aligned = { assets: ['a', 'b', 'c'], dates: ['2020-01-01', '2020-01-02', '2020-01-03'], prices, dropped: [] };
    expect(identicalAssetWarnings(aligned)).toEqual(["warning: assets 'a' and 'c' have the same price on every one of the 3 common days: the same series twice?"]);
    expect(identicalAssetWarnings({ ...aligned, prices: fromColumns([Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 4)]), assets: ['a', 'b'] })).toEqual([]);
  });
});

describe('a file of another frequency beside daily ones', () => {
  it('is named in a warning when it takes more than half of another asset\'s days in the common period; a few holidays are not', () => {
    const days = Array.from({ length: 60 }, (_, i) => new Date(Date.UTC(2020, 0, 6 + i)).toISOString().slice(0, 10));
    const series = (file: string, dates: string[]) => ({ file, column: 'close', dates, prices: Float64Array.from(dates, (_, i) => 100 + i) });
    const daily = series('daily.csv', days), weekly = series('weekly.csv', days.filter((_, i) => i % 5 === 0));
    const aligned = alignPriceSeries([daily, weekly], ['daily', 'weekly']);
    expect(sparseCalendarWarnings(aligned)).toEqual([
      "warning: daily (daily.csv) loses 44 of its 56 days in the common period to the other files' calendars: every return spans several of its days (a weekly or monthly file beside daily ones?), though modelled as daily",
    ]);
    const holidays = series('holidays.csv', days.filter((_, i) => i % 20 !== 7));
    expect(sparseCalendarWarnings(alignPriceSeries([daily, holidays], ['daily', 'holidays']))).toEqual([]);
  });
});

describe('a day not common to all assets', () => {
  it('names the files (or wide columns) without a price on it, or says no file has one', () => {
    const week: [string, number][] = [['2020-01-02', 1], ['2020-01-03', 2], ['2020-01-06', 3], ['2020-01-07', 4]];
    const a = parsePriceFiles(files({ 'A.csv': week, 'B.csv': week.filter(([d]) => d !== '2020-01-03'), 'C.csv': week.filter(([d]) => d !== '2020-01-03') }));
    expect(lackingDate(a, '2020-01-03')).toBe('B.csv has no row on 2020-01-03, C.csv has no row on 2020-01-03');
    expect(lackingDate(a, '2020-01-04')).toBe('no file has a price on 2020-01-04');
    const w = parseWidePriceCsv('date,X,Y\n2020-01-02,1,5\n2020-01-03,,6\n2020-01-06,3,7\n', 'w.csv');
    expect(lackingDate(w, '2020-01-03')).toBe("w.csv column 'X' has no price on 2020-01-03");
  });
});

describe('the return matrix and its split', () => {
  it('log returns per column, and whole rows split as chronologicalSplit splits days', () => {
    const prices = fromColumns([Array.from({ length: 21 }, (_, t) => 100 * Math.exp(0.01 * t)), Array.from({ length: 21 }, (_, t) => 5 * Math.exp(-0.02 * t))]);
    const r = multiAssetLogReturns(prices);
    expect([r.days, r.assets]).toEqual([20, 2]);
    for (let t = 0; t < 20; t++) {
      expect(r.values[2 * t]).toBeCloseTo(0.01, 12);
      expect(r.values[2 * t + 1]).toBeCloseTo(-0.02, 12);
    }
    const s = splitMultiAssetReturns(r, 0.2, 0.1);
    expect(s.split).toEqual(chronologicalSplit(20, 0.2, 0.1));
    expect([s.train.days, s.validation.days, s.test.days]).toEqual([14, 2, 4]);
    expect(s.test.values).toEqual(sliceDays(r, 16, 20).values);
  });
});
