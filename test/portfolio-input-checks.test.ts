/**
 * The portfolio commands' and trainJointGan's checks of their input, each failing before any work:
 * assets named 1-based with their names and files, names and split ranges refused in the library,
 * usage errors before warnings and exit codes as the other commands give them.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../src/cli/args.js';
import { runPortfolioTrain } from '../src/cli/portfolio.js';
import { priceInputOptions } from '../src/cli/portfolio-data.js';
import { runPortfolioForecast } from '../src/cli/portfolio-forecast.js';
import { assetColumns, fromColumns } from '../src/finance/data/asset-matrix.js';
import { splitMultiAssetReturns } from '../src/finance/data/multi-asset-returns.js';
import { trainJointGan } from '../src/finance/joint.js';
import { simulateMarket } from './helpers/joint-market.js';

const returns = simulateMarket(1_500, 3, 2);
const rejection = async (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as Error);

describe('trainJointGan refuses what the model file would record wrongly', () => {
  it('names a constant asset 1-based, with its name and file (it said "asset 1", 0-based and nameless)', async () => {
    const [a, b] = assetColumns(returns);
    const flat = fromColumns([a, b.map((v, t) => (t < 1_200 ? 0 : v))]); // constant price over the training part
    await expect(trainJointGan({ returns: flat, assets: ['a', 'const'], steps: 1 })).rejects.toThrow(/^gangrad: asset 2 \(const\): the training returns have zero variance$/);
    const inputs = { kind: 'files' as const, files: [{ path: '/d/a.csv', sha256: '0'.repeat(64) }, { path: '/d/const.csv', sha256: '1'.repeat(64) }] };
    await expect(trainJointGan({ returns: flat, assets: ['a', 'const'], inputs, steps: 1 })).rejects.toThrow(/^gangrad: asset 2 \(const, \/d\/const\.csv\): the training returns have zero variance$/);
  });

  it('refuses repeated and empty asset names', async () => {
    await expect(trainJointGan({ returns, assets: ['a', 'a'], steps: 1 })).rejects.toThrow("trainJointGan: option 'assets' names assets 1 and 2 both 'a'; give each asset its own name");
    await expect(trainJointGan({ returns, assets: ['a', ' '], steps: 1 })).rejects.toThrow(`trainJointGan: option 'assets' must name every asset, got " " for asset 2`);
  });

  it('refuses split ranges that are reversed, empty, overlapping, out of range or unlike their matrices', async () => {
    const days = returns.days;
    const bad = async (ranges: { train: [number, number]; validation: [number, number]; test: [number, number] }, message: RegExp) => {
      // The default split's matrices with the ranges replaced: the ranges are checked before the matrices.
      const e = await rejection(trainJointGan({ returns, split: { ...splitMultiAssetReturns(returns), split: ranges }, steps: 1 }));
      expect(e?.message, JSON.stringify(ranges)).toMatch(message);
    };
    await bad({ train: [0, 10], validation: [10, 5], test: [5, 1500] }, /^trainJointGan: option 'split': validation \[10,5\] is reversed: need start < end/);
    await bad({ train: [0, 0], validation: [0, 100], test: [100, days] }, /train \[0,0\] is empty/);
    await bad({ train: [0, 1100], validation: [1000, 1200], test: [1200, days] }, /the parts overlap or are out of order \(train \[0,1100\], validation \[1000,1200\]/);
    // An empty validation part anywhere is no overlap (it has no days): the ranges pass, the matrices are checked next.
    await bad({ train: [0, 1000], validation: [0, 0], test: [1000, days] }, /^trainJointGan: option 'split': train's matrix has \d+ days × 2 assets, its range \[0,1000\] needs 1000 days/);
    await bad({ train: [0, 1000], validation: [1000, 1200], test: [1200, days + 1] }, new RegExp(`test \\[1200,${days + 1}\\] lies outside the ${days} days of returns`));
    await bad({ train: [0, 1000.5], validation: [1000, 1200], test: [1200, days] } as never, /train must be a day range \[start, end\) of whole numbers, got \[0,1000.5\]/);
    const good = splitMultiAssetReturns(returns);
    const e = await rejection(trainJointGan({ returns, split: { ...good, train: good.validation }, steps: 1 }));
    expect(e?.message).toMatch(/^trainJointGan: option 'split': train's matrix has \d+ days × 2 assets, its range \[0,\d+\] needs \d+ days/);
  });
});

describe('the portfolio commands: usage errors first, named', () => {
  afterEach(() => vi.restoreAllMocks());

  it('--names: an empty name is refused by its position, and so is the date column of --wide', () => {
    const files = { data: 'data/orcl_daily.csv,data/jpm_daily.csv' };
    expect(() => priceInputOptions({ ...files, names: ',b' })).toThrow(new UsageError('--names: name 1 of 2 is empty; give every asset a name'));
    // Two empty names were "'' is given twice".
    expect(() => priceInputOptions({ ...files, names: ' , ' })).toThrow(new UsageError('--names: name 1 of 2 is empty; give every asset a name'));
    expect(() => priceInputOptions({ wide: 'data/orcl_daily.csv', names: 'close,' })).toThrow(new UsageError('--names: name 2 of 2 is empty; give every price column a name'));
    // It was "date '2005-01-03' is not a number …", exit 1.
    expect(() => priceInputOptions({ wide: 'data/orcl_daily.csv', names: 'close,Date' })).toThrow(new UsageError("--names: 'Date' (name 2) is the date column of the --wide file, not a price column; name the price columns"));
    // With --data, 'date' is just an asset's name.
    expect(priceInputOptions({ ...files, names: 'close,date' })?.names).toEqual(['close', 'date']);
  });

  it('--data: two files of one base name (in two folders) are refused without --names, pointing at it', () => {
    // It was a data error (exit 1) after reading the files: "two assets are named 'prices' …; give them distinct names".
    const folder = mkdtempSync(join(tmpdir(), 'gangrad-portfolio-usage-'));
    mkdirSync(join(folder, 'spx'));
    mkdirSync(join(folder, 'ndx'));
    const [a, b] = ['spx', 'ndx'].map((d) => { const f = join(folder, d, 'prices.csv'); writeFileSync(f, 'date,close\n2020-01-02,1\n'); return f; });
    expect(() => priceInputOptions({ data: `${a},${b}` })).toThrow(new UsageError(`--data: ${a} and ${b} would both be named 'prices' (assets are named by their files' base names); give each asset its own name with --names N1,N2,...`));
    expect(priceInputOptions({ data: `${a},${b}`, names: 'spx,ndx' })?.names).toEqual(['spx', 'ndx']);
  });

  it('forecast: a bad --as-of comes before the thin-tail warnings; --horizon beyond a year points at what makes long joint paths', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const model = mkdtempSync(join(tmpdir(), 'gangrad-portfolio-usage-'));
    const e = await rejection(runPortfolioForecast(['--model', model, '--as-of', '2023-2-1', '--paths', '100'], () => {}));
    expect(e).toBeInstanceOf(UsageError);
    expect(e?.message).toMatch(/--as-of/);
    expect(errors).not.toHaveBeenCalled();
    const long = await rejection(runPortfolioForecast(['--model', model, '--horizon', '251'], () => {}));
    expect(long).toBeInstanceOf(UsageError);
    // gangrad sample refuses joint models: it is not the pointer.
    expect(long?.message).toBe("--horizon 251: at most 250 days (a trading year); longer joint paths (from the model's own start, not a date's state) come from the library's sampleJointPaths or sampleJointPathChunks");
  });

  it('train --resume into an --out with no run is a usage error, as for gangrad train', async () => {
    const none = join(mkdtempSync(join(tmpdir(), 'gangrad-portfolio-usage-')), 'none');
    const e = await rejection(runPortfolioTrain(['--resume', '--out', none], () => {}));
    expect(e).toBeInstanceOf(UsageError);
    expect(e?.message).toMatch(/none: nothing to resume \(no model directory and no unfinished run in \S+none\.partial\): give the --out of an earlier run$/);
  });
});

describe('trainJointGan: too few days', () => {
  it('says how many daily returns the default split needs in all, not only its training days', async () => {
    // 798 returns: the first 70 % (558) are training days, 640 needed (10 windows of 64): 915 returns give 640.
    const e = await rejection(trainJointGan({ returns: simulateMarket(798, 2, 3), steps: 1 }));
    expect(e?.message).toBe('gangrad: the joint GAN needs at least 640 training days, got 558: the first 70 % of 798 daily returns; give at least 915 daily returns (916 common days of prices)');
    // 915 returns pass that check (and train).
    expect(splitMultiAssetReturns(simulateMarket(915, 2, 3)).train.days).toBe(640);
    expect(splitMultiAssetReturns(simulateMarket(914, 2, 3)).train.days).toBe(639);
  });
});
