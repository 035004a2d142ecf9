/**
 * A data file too short for what a command is asked is a usage error (exit 2) for every command that
 * trains (as a history too short for `gangrad forecast` is), naming the file and the rows found and
 * needed, with nothing written. Through the CLI, as a user meets it: each run stops before training.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'gangrad-too-little-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A price file of `n` days starting 2020-01-01 (prices that wander, so the file is valid as data). */
function prices(name: string, n: number): string {
  const lines = ['date,close'];
  for (let i = 0; i < n; i++) lines.push(`${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)},${(100 + 5 * Math.sin(i) + i * 0.1).toFixed(2)}`);
  const file = join(root, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** A table of `n` rows: an amount, a kind, a class ('bad' on every fourth row). */
function table(name: string, n: number): string {
  const lines = ['amount,kind,risk'];
  for (let i = 0; i < n; i++) lines.push(`${(10 + i * 1.5).toFixed(2)},${['car', 'tv'][i % 2]},${i % 4 ? 'good' : 'bad'}`);
  const file = join(root, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Run the command with `--out` in a fresh path; expect exit 2, `message` on stderr, and no output written. */
function refused(args: string[], message: string | RegExp, out = join(root, `out-${Math.random().toString(36).slice(2)}`)) {
  const r = cli([...args, '--out', out]);
  expect(r.stderr).toMatch(message);
  expect(r.status).toBe(2);
  expect(existsSync(out)).toBe(false);
  expect(existsSync(`${out}.partial`)).toBe(false);
}

describe('a data file too short to train on is a usage error (exit 2), nothing written', () => {
  it('gangrad train: a file of one price, and one of fewer prices than four windows', () => {
    refused(['train', '--data', prices('one.csv', 1)], /one\.csv: 1 price, fewer than four windows of 64: give at least 916 prices/);
    refused(['train', '--data', prices('short.csv', 30)], /short\.csv: 30 prices, fewer than four windows of 64: give at least 916 prices/);
  });

  it('gangrad portfolio train: the message names the short file and what the joint GAN needs (a one-row file was told 2 rows would do)', () => {
    const why = / at least 916 needed \(the joint GAN trains on 640 days, the first 70 % of the daily returns\)/.source;
    const a = prices('a.csv', 40), b = prices('b.csv', 1200), one = prices('one-row.csv', 1);
    refused(['portfolio', 'train', '--data', `${a},${b}`], new RegExp(`a\\.csv: 40 price rows,${why}`));
    refused(['portfolio', 'train', '--data', `${one},${b}`], new RegExp(`one-row\\.csv: 1 price row,${why}`));
    const wide = join(root, 'wide-one-row.csv');
    writeFileSync(wide, 'date,A,B\n2020-01-02,1,2\n');
    refused(['portfolio', 'train', '--wide', wide], new RegExp(`wide-one-row\\.csv: 1 price row,${why}`));
    // Long files that overlap on a few days were told 2 common dates would do.
    const later = join(root, 'later.csv');
    writeFileSync(later, ['date,close', ...Array.from({ length: 1200 }, (_, i) => `${new Date(Date.UTC(2023, 0, 1 + i)).toISOString().slice(0, 10)},${(80 + 3 * Math.cos(i)).toFixed(2)}`)].join('\n') + '\n');
    refused(['portfolio', 'train', '--data', `${b},${later}`], /only \d+ dates common to all 2 assets, at least 916 needed .*\(the joint GAN trains on 640 days/);
  });

  it('gangrad tabular train, experiment and detect: one data row; a class too small for the test fraction', () => {
    const one = table('one-row.csv', 1);
    for (const command of ['train', 'experiment', 'detect']) refused(['tabular', command, '--data', one, '--target', 'risk'], /one-row\.csv: 1 data row, at least 2 needed/);
    refused(['tabular', 'train', '--data', table('small.csv', 8), '--target', 'risk', '--test-fraction', '0.9'], /small\.csv: class 'bad' has 2 rows, too few to hold out a share of 0\.9/);
  });
});

describe('a column named that the file lacks is a usage error (exit 2), as a missing --target is for tables', () => {
  it('gangrad train --column, and portfolio train --names with --wide (both exited 1)', () => {
    refused(['train', '--data', prices('long.csv', 1000), '--column', 'vwap'], /long\.csv:1: no column 'vwap' in header \(date, close\)/);
    refused(['train', '--data', prices('long2.csv', 1000), '--column', 'Date'], /long2\.csv:1: column 'date' is the date column, not prices/);
    const wide = join(root, 'wide.csv');
    writeFileSync(wide, ['date,SPX,AAPL', ...Array.from({ length: 1000 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)},${(100 + Math.sin(i)).toFixed(2)},${(50 + Math.cos(i)).toFixed(2)}`)].join('\n') + '\n');
    refused(['portfolio', 'train', '--wide', wide, '--names', 'SPX,MSFT'], /wide\.csv:1: no column 'MSFT' in header \(date, SPX, AAPL\)/);
  });
});
