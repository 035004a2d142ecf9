import { describe, expect, it } from 'vitest';
import { parsePriceCsv } from '../src/finance/data/csv.js';
import { decodePriceBytes } from '../src/finance/data/price-text.js';
import { chronologicalSplit, logReturns, pricePath, rollingWindows } from '../src/finance/data/returns.js';
import { fitLambertW, fitTransforms, gaussianize, heavyTail, lambertW0, modelToWindow, regimeAt, toModelDomain, toReturns, windowToModel } from '../src/finance/data/transforms.js';
import { Rng } from '../src/index.js';
import { datasetFromSeries, minimumTrainingPrices } from '../src/finance/data/dataset.js';
import { DEFAULT_CONFIG } from '../src/finance/model/model.js';

describe('price CSV loader', () => {
  const ok = 'Date,Open,Close,Adj Close\n2020-01-03,,10,9\n2020-01-02,1,11,10\n2020-01-06,2,12,11\n';

  it('prefers the adjusted close, matches headers case-insensitively, sorts by date (with a notice), allows blank cells elsewhere', () => {
    const notices: string[] = [];
    const s = parsePriceCsv(ok, 'p.csv', { onWarning: (w) => notices.push(w) });
    expect(s.column).toBe('Adj Close');
    expect(s.dates).toEqual(['2020-01-02', '2020-01-03', '2020-01-06']);
    expect(Array.from(s.prices)).toEqual([10, 9, 11]);
    // Neither oldest nor newest first: the sort is said, since such an order may hide a bad merge.
    expect(notices).toEqual(['notice: p.csv:3: rows are not in date order (2020-01-02 follows 2020-01-03 on line 2): sorted by date']);
  });

  it("reads a tab-separated file (Excel's 'Unicode Text': UTF-16 and tabs), its delimiter found from the header line", () => {
    // It was refused: "no 'date' column in header (date\tclose): the file is tab-separated".
    const text = decodePriceBytes(Buffer.from('\uFEFFDate\tOpen\tAdj Close\r\n2020-01-02\t1\t5\r\n2020-01-03\t1\t6.5\r\n', 'utf16le'));
    const s = parsePriceCsv(text, 'u.txt');
    expect(s.column).toBe('Adj Close');
    expect(Array.from(s.prices)).toEqual([5, 6.5]);
    // Its price cells are checked as a comma-separated file's: a thousands separator is no field break here.
    expect(() => parsePriceCsv('date\tclose\n2020-01-02\t1,462.42\n2020-01-03\t1463\n', 't.txt')).toThrow(/t\.txt:2: close '1,462\.42' looks like a number with a thousands separator/);
    // Commas that outnumber the tabs still split.
    expect(parsePriceCsv('date,close,note\n2020-01-02,5,a\tb\n2020-01-03,6,c\n', 'c.csv').column).toBe('close');
  });

  it('takes close when there is no adjusted close, a named column when asked, and semicolons', () => {
    expect(Array.from(parsePriceCsv('date;close\n2020-01-02;5\n2020-01-03;6\n', 'x.csv').prices)).toEqual([5, 6]);
    expect(Array.from(parsePriceCsv(ok, 'p.csv', { column: 'CLOSE' }).prices)).toEqual([11, 10, 12]);
    expect(parsePriceCsv('date,adj_close,close\n2020-01-02,1,2\n2020-01-03,1,2\n', 'o.csv').column).toBe('adj_close');
  });

  // Read as 'close', these files' unadjusted prices would be trained on with their splits and dividends.
  it.each([
    ['Date,Open,High,Low,Close,Volume,Ex-Dividend,Split Ratio,Adj. Open,Adj. High,Adj. Low,Adj. Close,Adj. Volume', 'Adj. Close'], // Quandl / Nasdaq Data Link
    ['Date,Open,High,Low,Close,Adjusted_close,Volume', 'Adjusted_close'], // EODHD
    ['date,open,high,low,close,adjusted_close,volume,dividend_amount,split_coefficient', 'adjusted_close'], // Alpha Vantage (its timestamp renamed)
    ['Date,Open,High,Low,Close*,Adj Close**,Volume', 'Adj Close**'], // Yahoo's web table, copied
    ['Date,Close,Adjusted Close', 'Adjusted Close'],
  ])('takes a vendor\'s adjusted close over its close: %s', (header, column) => {
    const row = (date: string, close: number, adjusted: number) => [date, ...header.split(',').slice(1).map((h) => (/adj/i.test(h) ? adjusted : close))].join(',');
    const s = parsePriceCsv(`${header}\n${row('2020-01-02', 100, 90)}\n${row('2020-01-03', 110, 95)}\n`, 'v.csv');
    expect(s.column).toBe(column);
    expect(Array.from(s.prices)).toEqual([90, 95]);
  });

  it('reads a date written at midnight as its day, the offset aside (pandas\' daily index, as yfinance writes it); refuses another time of day', () => {
    const s = parsePriceCsv('Date,Close\n2024-01-02 00:00:00-05:00,5\n2024-01-03 00:00:00-05:00,6\n2024-01-04T00:00:00Z,7\n2024-01-05 00:00,8\n', 't.csv');
    expect(s.dates).toEqual(['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05']);
    expect(Array.from(s.prices)).toEqual([5, 6, 7, 8]);
    expect(() => parsePriceCsv('Date,Close\n2024-01-02 00:00:00,5\n2024-01-02 16:00:00,6\n', 't.csv')).toThrow("t.csv:3: date '2024-01-02 16:00:00' is not an ISO date (YYYY-MM-DD): it has a time of day other than midnight; daily prices are read, one row a day");
  });

  it('reads yfinance\'s three-line header (Price / Ticker / Date, as download().to_csv() writes it) with the lines counted; refuses several tickers', () => {
    const text = 'Price,Adj Close,Close,High,Low,Open,Volume\nTicker,AAPL,AAPL,AAPL,AAPL,AAPL,AAPL\nDate,,,,,,\n2024-01-02,9,10,10,10,10,1\n2024-01-03,null,11,11,11,11,1\n';
    expect(() => parsePriceCsv(text, 'yf.csv')).toThrow(/^yf\.csv:5: Adj Close 'null' is not a number/);
    const s = parsePriceCsv(text.replace('null', '9.9'), 'yf.csv');
    expect([s.column, s.dates, Array.from(s.prices)]).toEqual(['Adj Close', ['2024-01-02', '2024-01-03'], [9, 9.9]]);
    expect(() => parsePriceCsv('Price,Close,Close\nTicker,AAPL,MSFT\nDate,,\n2024-01-02,1,2\n2024-01-03,1,2\n', 'two.csv')).toThrow("two.csv:2: prices of 2 tickers (AAPL, MSFT) in one yfinance file; gangrad train and forecast read one market a file: download each ticker on its own (the portfolio commands read this file as it is, with --wide)");
  });

  it("reads yfinance's header lines in group_by='ticker' order (Ticker / Price / Date); refuses several tickers naming the Ticker line", () => {
    const text = 'Ticker,AAPL,AAPL,AAPL,AAPL,AAPL\nPrice,Open,High,Low,Close,Volume\nDate,,,,,\n2024-01-02,10,11,9,10.5,1\n2024-01-03,10,11,9,oops,1\n';
    expect(() => parsePriceCsv(text, 'yf.csv')).toThrow(/^yf\.csv:5: Close 'oops' is not a number/);
    const s = parsePriceCsv(text.replace('oops', '10.7'), 'yf.csv');
    expect([s.column, s.dates, Array.from(s.prices)]).toEqual(['Close', ['2024-01-02', '2024-01-03'], [10.5, 10.7]]);
    expect(() => parsePriceCsv('Ticker,AAPL,MSFT\nPrice,Close,Close\nDate,,\n2024-01-02,1,2\n2024-01-03,1,2\n', 'two.csv')).toThrow(/^two\.csv:1: prices of 2 tickers \(AAPL, MSFT\) in one yfinance file/);
  });

  it("cites the Price line for a yfinance header's errors, the second line with group_by='ticker'", () => {
    // They cited line 1, the Ticker line, though the names they list are on line 2.
    const byTicker = 'Ticker,AAPL,AAPL\nPrice,Open,Volume\nDate,,\n2024-01-02,1,100\n2024-01-03,2,200\n';
    expect(() => parsePriceCsv(byTicker, 'yt.csv')).toThrow(/^yt\.csv:2: no price column in header \(Date, Open, Volume\)/);
    expect(() => parsePriceCsv(byTicker, 'yt.csv', { column: 'Foo' })).toThrow(/^yt\.csv:2: no column 'Foo' in header \(Date, Open, Volume\)/);
    // The default order's Price line is the first, after Excel's sep= line the second.
    const byPrice = 'Price,Open,Volume\nTicker,AAPL,AAPL\nDate,,\n2024-01-02,1,100\n2024-01-03,2,200\n';
    expect(() => parsePriceCsv(byPrice, 'yp.csv')).toThrow(/^yp\.csv:1: no price column in header/);
    expect(() => parsePriceCsv(`sep=,\n${byTicker}`, 'ys.csv')).toThrow(/^ys\.csv:3: no price column in header/);
  });

  it('reads a year-first date with slashes (2024/01/04, 2024/1/4) as its ISO date; day- or month-first ones stay refused, their order unknown', () => {
    const s = parsePriceCsv('Date,Close\n2024/01/04,5\n2024/1/5,6\n2024/01/9,7\n', 'j.csv');
    expect(s.dates).toEqual(['2024-01-04', '2024-01-05', '2024-01-09']);
    expect(() => parsePriceCsv('Date,Close\n2024/02/30,5\n2024/03/01,6\n', 'j.csv')).toThrow(/^j\.csv:2: date '2024\/02\/30' is not a calendar date/);
    expect(() => parsePriceCsv('Date,Close\n04/01/2024,5\n05/01/2024,6\n', 'j.csv')).toThrow(/^j\.csv:2: date '04\/01\/2024' is not an ISO date/);
  });

  it('reads Excel\'s delimiter hint (a first line sep=;) as the delimiter, not as the header; lines are still counted from the file\'s first', () => {
    const s = parsePriceCsv('sep=;\r\nDate;Close\r\n2024-01-02;5\r\n2024-01-03;6\r\n', 'x.csv');
    expect([s.column, s.dates, Array.from(s.prices)]).toEqual(['Close', ['2024-01-02', '2024-01-03'], [5, 6]]);
    expect(() => parsePriceCsv('sep=;\nDate;Close\n2024-01-02;5\n2024-01-03;x\n', 'x.csv')).toThrow(/^x\.csv:4: Close 'x' is not a number/);
    expect(() => parsePriceCsv('sep=,\nDay,Close\n2024-01-02,5\n', 'x.csv')).toThrow(/^x\.csv:2: no 'date' column in header \(Day, Close\)/);
  });

  it('takes the close as a vendor spells it when there is no adjusted close (Close* of Yahoo\'s web table)', () => {
    expect(parsePriceCsv('Date,Open,Close*,Volume\n2020-01-02,1,5,7\n2020-01-03,1,6,7\n', 'w.csv').column).toBe('Close*');
  });

  it.each([
    ['date,close\n2020-01-02,5\n2020-01-02,6\n', /d\.csv:3: date 2020-01-02 repeats line 2/],
    ['date,close\n2020-01-02,5\n2020-01-03,6\n2020-01-06,7\n2020-01-03,6\n2020-01-06,7\n', /^d\.csv:5: date 2020-01-03 repeats line 3 \(2 repeated dates in all, 2020-01-03 to 2020-01-06: two downloads that overlap, joined\?\)$/],
    ['date,close\n2020-01-02,5\n2020-01-03,abc\n', /d\.csv:3: close 'abc' is not a number/],
    ['date,close\n2020-01-02,5\n2020-01-03,\n', /d\.csv:3: close '' is not a number/],
    ['date,close\n2020-01-02,0\n2020-01-03,1\n', /d\.csv:2: close 0 is not positive/],
    ['date,close\n2020-01-02,-3\n2020-01-03,1\n', /d\.csv:2: close -3 is not positive/],
    ['date,close\n02/01/2020,5\n', /d\.csv:2: date '02\/01\/2020' is not an ISO date/],
    ['day,close\n2020-01-02,5\n', /d\.csv:1: no 'date' column/],
    ['timestamp,open,close,adjusted_close\n2020-01-02,1,5,5\n', /^d\.csv:1: no 'date' column in header \(timestamp, open, close, adjusted_close\): rename its 'timestamp' column 'date' if it holds the dates \(YYYY-MM-DD\)$/],
    [',Close,Volume\n2020-01-02,5,1\n', /^d\.csv:1: no 'date' column in header \(, Close, Volume\): its first column has no name \(pandas' index, written without a label\?\): name it 'date' if it holds the dates$/],
    ['date,open\n2020-01-02,5\n', /^d\.csv:1: no price column in header \(date, open\): .*--column NAME/],
    ['date,close\n2020-01-02,5\n', /d\.csv: 1 price row, at least 2 needed/],
    ['date,close,volume\n2020-01-02,5\n2020-01-03,6,1\n', /d\.csv:2: 2 fields, the header has 3/],
    ['date,close\n2020-01-02,1,462.42\n2020-01-03,1,470.00\n', /^d\.csv:2: 3 fields, the header has 2 \(an unquoted thousands separator\? write 1462\.42, not 1,462\.42\)$/],
    // The blank Volume's empty field absorbs the shift: read, every price would be its thousands alone (1).
    ['date,close,volume\n2020-01-02,1,462.42,\n2020-01-03,1,470.10,\n', /^d\.csv:2: 4 fields, the header has 3 \(an unquoted thousands separator\? write 1462\.42, not 1,462\.42\)$/],
    ['date,close\n2020-01-02,5\n2020-01-03,null\n', /^d\.csv:3: close 'null' is not a number \(to skip it with a warning: --allow-outliers/],
    ['', /d\.csv:1: empty file/],
  ])('rejects bad input with the file and line: %#', (text, message) => {
    expect(() => parsePriceCsv(text, 'd.csv')).toThrow(message);
  });

  it('empty trailing fields are no extra fields; --allow-outliers skips rows without a price (Yahoo\'s null days), with a warning', () => {
    expect(Array.from(parsePriceCsv('date,close\n2020-01-02,5,\n2020-01-03,6,,\n', 'd.csv').prices)).toEqual([5, 6]);
    expect(Array.from(parsePriceCsv('date,close,volume\n2020-01-02,123,456,\n2020-01-03,124,457,\n', 'd.csv').prices)).toEqual([123, 124]);
    const warnings: string[] = [];
    const yahoo = 'Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,1,1,1,5,5,10\n2020-01-03,null,null,null,null,null,null\n2020-01-06,1,1,1,6,6,10\n';
    const series = parsePriceCsv(yahoo, 'y.csv', { allowOutliers: true, onWarning: (w) => warnings.push(w) });
    expect(series.dates).toEqual(['2020-01-02', '2020-01-06']);
    expect(warnings).toEqual(["warning: y.csv:3: Adj Close 'null' is not a number; row skipped (--allow-outliers)"]);
  });

  it('a price column without a number on any row is named as the wrong column, with the header, not skipped row by row', () => {
    const blank = 'Date,Close,Adj Close\n2020-01-02,5,\n2020-01-03,6,\n\n';
    const message = "b.csv: column 'Adj Close' holds no number on any row (blank or not a number from line 2 on); name the price column with --column NAME (gangrad train and forecast; column: 'NAME' in code) among the header's (Date, Close, Adj Close)";
    const warnings: string[] = [];
    expect(() => parsePriceCsv(blank, 'b.csv')).toThrow(message);
    expect(() => parsePriceCsv(blank.replace(/,\n/g, ',null\n'), 'b.csv', { allowOutliers: true, onWarning: (w) => warnings.push(w) })).toThrow(message);
    expect(warnings).toEqual([]);
    expect(Array.from(parsePriceCsv(blank, 'b.csv', { column: 'Close' }).prices)).toEqual([5, 6]);
  });

  it('--allow-outliers names the first 5 rows it skips, then counts the rest', () => {
    const rows = Array.from({ length: 20 }, (_, i) => `2020-01-${String(i + 1).padStart(2, '0')},${i % 3 === 0 ? 'null' : 100 + i}`);
    const warnings: string[] = [];
    const s = parsePriceCsv(['date,close', ...rows].join('\n'), 'n.csv', { allowOutliers: true, onWarning: (w) => warnings.push(w) });
    expect(s.prices.length).toBe(13);
    expect(warnings).toEqual([
      ...[2, 5, 8, 11, 14].map((line) => `warning: n.csv:${line}: close 'null' is not a number; row skipped (--allow-outliers)`),
      'warning: n.csv: 2 more rows skipped (7 in all, --allow-outliers)',
    ]);
  });

  it('rejects a named column that is absent, or that is the date column', () => {
    expect(() => parsePriceCsv(ok, 'p.csv', { column: 'vwap' })).toThrow(/^p\.csv:1: no column 'vwap' in header \(Date, Open, Close, Adj Close\); name the price column with --column NAME/);
    // The date column named as the price column: said so, not refused row by row with advice to skip rows.
    expect(() => parsePriceCsv(ok, 'p.csv', { column: 'date' })).toThrow(/^p\.csv:1: column 'Date' is the date column, not prices; name the price column with --column NAME among the header's \(Date, Open, Close, Adj Close\)$/);
  });
});

describe('returns, windows, split', () => {
  it('log returns and price paths invert each other', () => {
    const prices = [100, 101, 99.5, 103, 103];
    const r = logReturns(prices);
    expect(r[0]).toBeCloseTo(Math.log(1.01), 15);
    const back = pricePath(100, r);
    prices.forEach((p, i) => expect(back[i]).toBeCloseTo(p, 10));
  });

  it('log returns of a price that is not positive and finite is an error naming it, never NaN', () => {
    expect(() => logReturns([1, -1])).toThrow('logReturns: prices[1] = -1; prices must be positive finite numbers');
    expect(() => logReturns([1, 2, Number.NaN])).toThrow('prices[2] = NaN');
    expect(logReturns([])).toHaveLength(0);
  });

  it('rolling windows with a stride', () => {
    const { rows, count } = rollingWindows([1, 2, 3, 4, 5, 6, 7], 3, 2);
    expect(count).toBe(3);
    expect(Array.from(rows)).toEqual([1, 2, 3, 3, 4, 5, 5, 6, 7]);
    expect(() => rollingWindows([1, 2], 3)).toThrow(/shorter than one window/);
  });

  it('chronological split: train, then validation, then test, covering everything once', () => {
    expect(chronologicalSplit(100, 0.2, 0.1)).toEqual({ train: [0, 70], validation: [70, 80], test: [80, 100] });
  });

  it('a price that never moves over the training part is refused naming the file and column (it was "the training returns have zero variance", no file named)', () => {
    const dates = Array.from({ length: 400 }, (_, d) => new Date(Date.UTC(2000, 0, 3 + d)).toISOString().slice(0, 10));
    const series = (prices: (d: number) => number) => ({ file: 'flat.csv', column: 'Close', dates, prices: Float64Array.from(dates, (_, d) => prices(d)) });
    const config = { ...DEFAULT_CONFIG, window: 8 };
    expect(() => datasetFromSeries(series(() => 8921.59), config, { file: 'flat.csv' }))
      .toThrow("flat.csv: column 'Close' holds one price (8921.59) on all 400 rows: its returns are all 0, so there is nothing to learn");
    // Flat through the training part (returns 0 … 279 of a 0.7/0.1/0.2 split), moving after it.
    const [from, to] = chronologicalSplit(399, config.testFraction, config.validationFraction).train;
    expect(() => datasetFromSeries(series((d) => (d <= to ? 100 : 100 + d)), config, { file: 'flat.csv' }))
      .toThrow(`flat.csv: column 'Close' holds one price (100) on every day of the training part (${dates[from]} to ${dates[to]}): its training returns are all 0, so there is nothing to learn`);
  });

  it('the prices training needs: 916 with the defaults; four windows when the training part needs fewer (200 prices were told to give 184)', () => {
    expect(minimumTrainingPrices(DEFAULT_CONFIG)).toBe(916);
    const config = { ...DEFAULT_CONFIG, generator: 'independent-windows' as const };
    expect(minimumTrainingPrices(config)).toBe(256);
    const dates = Array.from({ length: 200 }, (_, d) => new Date(Date.UTC(2000, 0, 3 + d)).toISOString().slice(0, 10));
    const prices = Float64Array.from(dates, (_, d) => 100 + 5 * Math.sin(d) + 0.1 * d);
    expect(() => datasetFromSeries({ file: 'short.csv', column: 'Close', dates, prices }, config, { file: 'short.csv' }))
      .toThrow('short.csv: 200 prices, fewer than four windows of 64: give at least 256 prices');
  });

  it('prices taking a handful of values are refused before training, naming the file, the distinct returns and the fit (training diverged at step 1, D loss NaN); a thin market in whole ticks still prepares', () => {
    const dates = Array.from({ length: 1000 }, (_, d) => new Date(Date.UTC(2020, 0, 1 + d)).toISOString().slice(0, 10));
    const series = (file: string, prices: (d: number) => number) => ({ file, column: 'Close', dates, prices: Float64Array.from(dates, (_, d) => prices(d)) });
    expect(() => datasetFromSeries(series('ticks.csv', (d) => 100 + (d % 7)), DEFAULT_CONFIG, { file: 'ticks.csv' }))
      .toThrow(/^ticks\.csv: column 'Close': the 699 training returns take only 7 distinct values, so the heavy-tail fit of their window shapes gives δ = 64\.0 and a scale of 1\.37e-20, beyond what the float32 generator's unit-RMS shape head can compute \(its values overflow, and training would diverge at step 1\): too few distinct returns to model$/);
    // A random walk quoted in whole ticks of 0.01 around 2: most returns repeat, and the fit stays in range.
    const rng = new Rng(3);
    let p = 2;
    const thin = Float64Array.from(dates, () => (p = Math.max(0.01, Math.round(p * (1 + 0.01 * rng.normal()) * 100) / 100)));
    const data = datasetFromSeries(series('thin.csv', (d) => thin[d]), DEFAULT_CONFIG, { file: 'thin.csv' });
    expect(new Set(data.part('train')).size).toBeLessThan(400);
    expect(data.windowCount).toBeGreaterThan(0);
  });

  it("the `returns` output refuses them too, on the same test (trained, its samples took a few values: most days the mean, the rest the extremes); a thin market in whole ticks still prepares", () => {
    const dates = Array.from({ length: 1000 }, (_, d) => new Date(Date.UTC(2020, 0, 1 + d)).toISOString().slice(0, 10));
    const series = (file: string, prices: (d: number) => number) => ({ file, column: 'Close', dates, prices: Float64Array.from(dates, (_, d) => prices(d)) });
    const collapse = "a tail map so steep that the generator's returns would collapse onto a few values \\(most days on the mean, the rest at the extremes\\): too few distinct returns to model$";
    const conditional = { ...DEFAULT_CONFIG, generatorOutput: 'returns' as const };
    expect(() => datasetFromSeries(series('ticks.csv', (d) => 100 + (d % 7)), conditional, { file: 'ticks.csv' }))
      .toThrow(new RegExp(`^ticks\\.csv: column 'Close': the 699 training returns take only 7 distinct values, so the heavy-tail fit of their window shapes gives δ = 64\\.0 and a scale of 1\\.37e-20: ${collapse}`));
    // Unconditional: the fit is of the returns themselves.
    const unconditional = { ...conditional, conditioning: 'none' as const, generator: 'independent-windows' as const };
    expect(() => datasetFromSeries(series('ticks.csv', (d) => 100 + (d % 7)), unconditional, { file: 'ticks.csv' }))
      .toThrow(new RegExp(`^ticks\\.csv: column 'Close': the 699 training returns take only 7 distinct values, so the heavy-tail fit of them gives δ = 64\\.0 and a scale of 1\\.25e-20: ${collapse}`));
    const rng = new Rng(3);
    let p = 2;
    const thin = Float64Array.from(dates, () => (p = Math.max(0.01, Math.round(p * (1 + 0.01 * rng.normal()) * 100) / 100)));
    for (const config of [conditional, unconditional]) expect(datasetFromSeries(series('thin.csv', (d) => thin[d]), config, { file: 'thin.csv' }).windowCount).toBeGreaterThan(0);
  });
});

describe('transforms', () => {
  it('Lambert W₀ solves w·e^w = x', () => {
    for (const x of [0, 1e-12, 0.3, 1, Math.E, 10, 1e6]) {
      const w = lambertW0(x);
      expect(w * Math.exp(w)).toBeCloseTo(x, 9);
    }
    expect(lambertW0(Math.E)).toBeCloseTo(1, 14);
  });

  it('gaussianize inverts the heavy-tail map', () => {
    for (const z of [-4, -1, -0.01, 0, 0.5, 3.7]) expect(gaussianize(heavyTail(z, 0.3), 0.3)).toBeCloseTo(z, 12);
  });

  it('fitting recovers δ from Lambert-W × Gaussian data', () => {
    const rng = new Rng(3);
    const x = Float64Array.from({ length: 50_000 }, () => 0.2 + 1.5 * heavyTail(rng.normal(), 0.25));
    const fit = fitLambertW(x);
    expect(fit.delta).toBeGreaterThan(0.22);
    expect(fit.delta).toBeLessThan(0.28);
    expect(fit.mu).toBeCloseTo(0.2, 1);
    expect(fit.sigma).toBeCloseTo(1.5, 1);
  });

  it('returns → model domain → returns is the identity (within the clip range)', () => {
    const rng = new Rng(4);
    const returns = Float64Array.from({ length: 5000 }, () => 0.01 * heavyTail(rng.normal(), 0.2));
    for (const tails of [true, false]) {
      const state = fitTransforms(returns, { tails });
      const back = toReturns(toModelDomain(returns, state), state);
      returns.forEach((r, i) => expect(back[i]).toBeCloseTo(r, 9));
    }
  });

  it('conditional model: window → (shape, level) → window is the identity, and levels follow the data', () => {
    const rng = new Rng(6);
    // Two regimes: calm and turbulent months.
    const returns = Float64Array.from({ length: 64 * 40 }, (_, i) => (Math.floor(i / 64) % 4 === 0 ? 0.03 : 0.008) * heavyTail(rng.normal(), 0.1));
    const state = fitTransforms(returns, { tails: true, regimeWindow: 64 });
    expect(state.regime!.quantiles).toHaveLength(257);
    expect(state.regime!.quantiles[256] - state.regime!.quantiles[0]).toBeGreaterThan(2); // two regimes, far apart
    for (const w of [0, 5, 12]) {
      const window = returns.subarray(w * 64, (w + 1) * 64);
      const { values, condition } = windowToModel(window, state);
      const back = modelToWindow(values, condition, state);
      window.forEach((r, i) => expect(back[i]).toBeCloseTo(r, 9));
    }
    expect(regimeAt([0, 1, 3], 0.75)).toBeCloseTo(2, 12);
  });

  it('clips generated values beyond the training range before the exponential tail map', () => {
    const rng = new Rng(5);
    const state = fitTransforms(Float64Array.from({ length: 2000 }, () => 0.01 * heavyTail(rng.normal(), 0.2)), { tails: true });
    const [huge] = toReturns([1e6], state);
    const [edge] = toReturns([state.zClip], state);
    expect(huge).toBe(edge);
  });
});

describe('mapToFloat64', () => {
  it('gives what Float64Array.from with the same function gives, for typed arrays, subarrays and plain arrays', async () => {
    const { mapToFloat64 } = await import('../src/finance/data/map.js');
    const f = (v: number, i: number) => 0.012 * Math.max(-3, Math.min(3, 1.7 * v)) + i * 1e-9;
    const typed = Float32Array.from({ length: 300 }, (_, i) => Math.sin(i) * 4);
    for (const values of [typed, typed.subarray(17, 140), Array.from(typed.subarray(0, 50)), new Float64Array(0)]) {
      expect(mapToFloat64(values, f)).toEqual(Float64Array.from(values as ArrayLike<number>, f));
    }
  });
});
