/**
 * The examples in examples/ run as their header comments say (`npx tsx examples/NAME.ts --steps N`),
 * each as a child process with a tiny step count, and print the figures they claim: finite, in their
 * ranges, on the lines they name. A renamed export or a changed result shape breaks them here first.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const TSX = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href;
/** Only against a hung child (spawnSync blocks the runner's own limit); far above any run on a slow machine. */
const HANG_GUARD_MS = 20 * 60_000;

const example = (name: string, args: string[]) => {
  const run = spawnSync(process.execPath, ['--import', TSX, resolve('examples', name), ...args], { encoding: 'utf8', timeout: HANG_GUARD_MS });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
};

/** The numbers a line matching `pattern` captures, each checked finite. */
function figures(output: string, pattern: RegExp): number[] {
  const match = output.match(pattern);
  expect(match, `no line matching ${pattern} in:\n${output}`).not.toBeNull();
  const values = match!.slice(1).map(Number);
  for (const v of values) expect(Number.isFinite(v), `${pattern}: ${match![0]}`).toBe(true);
  return values;
}

describe('examples/risk-forecast.ts', () => {
  it('prints a 10-day VaR/ES forecast and a backtest of the GAN beside HS and GJR-GARCH-t', () => {
    const run = example('risk-forecast.ts', ['--steps', '2', '--days', '30']);
    expect(run.status, run.stderr).toBe(0);
    const out = run.stdout;
    const [var95, es95] = figures(out, /^ {2}95 % {2}VaR (\d+\.\d+) % {2}ES (\d+\.\d+) %/m);
    const [var99, es99] = figures(out, /^ {2}99 % {2}VaR (\d+\.\d+) % {2}ES (\d+\.\d+) %/m);
    // Losses: positive, ES beyond VaR at each level, the 99 % figures beyond the 95 % ones.
    expect(var95).toBeGreaterThan(0);
    expect(es95).toBeGreaterThanOrEqual(var95);
    expect(var99).toBeGreaterThanOrEqual(var95);
    expect(es99).toBeGreaterThanOrEqual(var99);
    const [fall] = figures(out, /^ {2}P\(10-day log return < -0\.1\) = (\d+\.\d+)$/m);
    expect(fall).toBeGreaterThanOrEqual(0);
    expect(fall).toBeLessThanOrEqual(1);
    figures(out, /1-day forecasts on the last (30) days \(\d{4}-\d\d-\d\d to 2014-12-31\), 99 % VaR, (0\.3) breaches expected/);
    for (const name of ['GAN', 'HS', 'GJR-GARCH-t']) {
      const [breaches, kupiec, crps] = figures(out, new RegExp(`^${name} +(\\d+) +(\\d\\.\\d{3}) +(\\d\\.\\d{5})$`, 'm'));
      expect(Number.isInteger(breaches) && breaches <= 30).toBe(true);
      expect(kupiec).toBeGreaterThanOrEqual(0);
      expect(kupiec).toBeLessThanOrEqual(1);
      expect(crps).toBeGreaterThan(0);
    }
    expect(out).not.toMatch(/NaN|Infinity/);
  });

  it('answers a bad --steps with exit 2 and the usage line, and a missing file with exit 1 naming it', () => {
    const bad = example('risk-forecast.ts', ['--steps', '0']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--steps must be a whole number ≥ 1, got '0'\nusage: npx tsx examples\/risk-forecast\.ts/);
    const missing = example('risk-forecast.ts', ['--data', 'no-such-prices.csv']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^no-such-prices\.csv: cannot read \(ENOENT\)/);
  });
});

describe('examples/rare-class-rows.ts', () => {
  it("makes as many 'Bad' rows as the training part has, in the file's own columns, and compares them with the real ones", () => {
    const run = example('rare-class-rows.ts', ['--steps', '4']);
    expect(run.status, run.stderr).toBe(0);
    const out = run.stdout;
    // German credit: 300 of 1,000 rows are Bad; the stratified 70 % training part holds 210.
    expect(out).toContain("210 synthetic rows of class 'Bad' (classes made: Bad); the first two, as CSV:");
    // The CSV is written back in the file's header (one-hot groups as 0/1 columns), two rows of as many fields.
    const header = readFileSync('data/german_credit.csv', 'utf8').split('\n')[0].replaceAll('"', '');
    const lines = out.split('\n');
    const at = lines.indexOf(header);
    expect(at, 'the CSV header of data/german_credit.csv').toBeGreaterThan(0);
    for (const row of lines.slice(at + 1, at + 3)) {
      expect(row.split(',')).toHaveLength(header.split(',').length);
      expect(row.split(',')[header.split(',').indexOf('Class')]).toBe('Bad');
    }
    for (const name of ['Duration', 'Amount', 'Age']) {
      const means = figures(out, new RegExp(`^ {2}${name} +(\\d+\\.\\d\\d) +(\\d+\\.\\d\\d) +(\\d+\\.\\d\\d)$`, 'm'));
      for (const m of means) expect(m).toBeGreaterThan(0);
    }
    expect(out).toContain('categorical columns (17): mean total variation');
    for (const pattern of [/^ {2}to the real 'Bad' rows +(\d\.\d{3})$/m, /^ {2}to the real other rows +(\d\.\d{3})$/m]) {
      const [tv] = figures(out, pattern);
      expect(tv).toBeGreaterThanOrEqual(0);
      expect(tv).toBeLessThanOrEqual(1);
    }
    expect(out).not.toMatch(/NaN|Infinity/);
  });

  it('a table with no categorical column besides the target: no level shares to compare, no NaN', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-example-'));
    try {
      const file = join(dir, 'numeric.csv');
      writeFileSync(file, ['a,b,Class', ...Array.from({ length: 200 }, (_, i) => `${(i * 0.37) % 10},${(i * 1.3) % 7},${i % 4 ? 'Good' : 'Bad'}`)].join('\n') + '\n');
      const run = example('rare-class-rows.ts', ['--steps', '2', '--data', file]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('no categorical columns besides the target: no level shares to compare');
      expect(run.stdout).not.toMatch(/NaN|Infinity/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names a target the table lacks, with exit 1', () => {
    const run = example('rare-class-rows.ts', ['--steps', '1', '--target', 'Nope']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/german_credit\.csv: no column 'Nope' \(columns: Duration, Amount/);
  });
});

describe('examples/portfolio-paths.ts', () => {
  it("prints each pair's correlation in the data and in the generated paths, and the portfolio's VaR and ES", () => {
    const run = example('portfolio-paths.ts', ['--steps', '2']);
    expect(run.status, run.stderr).toBe(0);
    const out = run.stdout;
    expect(out).toContain('portfolio example: orcl_daily, jpm_daily, aapl_daily on the 5036 days they share, 1995-01-03 to 2014-12-31');
    figures(out, /training part \((\d+) days\), test part \((\d+) days\), generated \((50000) days\)/);
    for (const pair of ['orcl_daily ~ jpm_daily', 'orcl_daily ~ aapl_daily', 'jpm_daily ~ aapl_daily']) {
      const correlations = figures(out, new RegExp(`^ {2}${pair} +(-?\\d\\.\\d\\d) +(-?\\d\\.\\d\\d) +(-?\\d\\.\\d\\d)$`, 'm'));
      for (const c of correlations) expect(Math.abs(c)).toBeLessThanOrEqual(1);
    }
    for (const name of ['test part', 'generated']) {
      const [valueAtRisk, shortfall] = figures(out, new RegExp(`^ {2}${name} +VaR (\\d+\\.\\d\\d) % {2}ES (\\d+\\.\\d\\d) %$`, 'm'));
      expect(valueAtRisk).toBeGreaterThan(0);
      expect(shortfall).toBeGreaterThanOrEqual(valueAtRisk);
    }
    expect(out).not.toMatch(/NaN|Infinity/);
  });

  it('refuses one price file with exit 1: a portfolio needs two assets', () => {
    const run = example('portfolio-paths.ts', ['--prices', 'data/orcl_daily.csv', '--steps', '1']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/a portfolio needs at least 2 assets, got 1 price file \(data\/orcl_daily\.csv\)/);
  });
});

describe('examples/seed-stock-prices.ts', () => {
  it('prints the real and generated closes side by side', () => {
    const run = example('seed-stock-prices.ts', ['--steps', '3']);
    expect(run.status, run.stderr).toBe(0);
    for (const name of ['mean', 'std', 'q10%', 'q50%', 'q90%']) {
      const [real, generated] = figures(run.stdout, new RegExp(`^${name} +(\\d+\\.\\d) +(\\d+\\.\\d)$`, 'm'));
      expect(real).toBeGreaterThan(0);
      expect(generated).toBeGreaterThan(0);
    }
  });
});
