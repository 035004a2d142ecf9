import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runPortfolioEval, runPortfolioTrain } from '../src/cli/portfolio.js';
import { runPortfolioBacktest } from '../src/cli/portfolio-backtest.js';
import { runPortfolioForecast } from '../src/cli/portfolio-forecast.js';
import { loadJointModel } from '../src/finance/joint.js';
import { Rng } from '../src/index.js';
import { cli } from './helpers/cli.js';
import { editModelMetadata } from './helpers/tiny-model.js';

const DAY = 86_400_000;
const dateOf = (d: number) => new Date(Date.UTC(2000, 0, 3) + d * DAY).toISOString().slice(0, 10);

/** Two assets' daily closes over `days` calendar days; BBB's stand still on days 100 to 111 (a stale run of 12 rows). */
function writeMarket(dir: string, days: number): string[] {
  const rng = new Rng(5);
  const prices = [100, 40];
  const rows: string[][] = [[], []];
  for (let d = 0; d < days; d++) {
    const f = rng.normal();
    prices.forEach((_, j) => {
      if (j === 0 || d <= 100 || d > 111) prices[j] *= Math.exp(0.01 * (0.7 * f + 0.7 * rng.normal()));
      rows[j].push(`${dateOf(d)},${prices[j].toFixed(4)}`);
    });
  }
  return ['AAA', 'BBB'].map((name, j) => {
    const file = join(dir, `${name}.csv`);
    writeFileSync(file, ['date,close', ...rows[j]].join('\n') + '\n');
    return file;
  });
}

const STALE = /BBB\.csv:\d+: close \S+ is the same on 12 rows in a row .*stale prices\?/;
const dir = mkdtempSync(join(tmpdir(), 'gangrad-portfolio-warnings-'));
const files = writeMarket(dir, 1000);
const out = join(dir, 'run');
const json = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { warnings: string[] };

beforeAll(async () => {
  // Relative paths, as a user types them: the model records them resolved.
  const quiet = vi.spyOn(console, 'warn').mockImplementation(() => {});
  try {
    await runPortfolioTrain(['--data', files.map((f) => relative(process.cwd(), f)).join(','), '--out', out, '--steps', '2', '--backend', 'wasm'], () => {});
  } finally {
    quiet.mockRestore();
  }
});

describe('portfolio commands: warnings on the data reach their JSON and pages, not only stderr', () => {
  /** Runs `body` with stderr (console.error, where the commands print their warnings) silenced and recorded. */
  const quietly = async (body: (printed: () => string[]) => Promise<void>) => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await body(() => spy.mock.calls.map((c) => String(c[0])));
    } finally {
      spy.mockRestore();
    }
  };

  it('the model records its files once: as resolved paths, in its inputs and its source alike', () => {
    const { data } = loadJointModel(join(out, 'model.safetensors')).metadata;
    expect(data.inputs?.files.map((f) => f.path)).toEqual(files.map((f) => resolve(f)));
    expect(data.source).toBe(files.map((f) => resolve(f)).join(', '));
  });

  it('forecast --json: a stale run in a recorded file, and a newer copy out of date order', () => quietly(async (printed) => {
    const recorded = join(dir, 'forecast.json');
    await runPortfolioForecast(['--model', out, '--paths', '200', '--levels', '0.9', '--horizon', '2', '--backend', 'cpu', '--json', recorded], () => {});
    expect(json(recorded).warnings).toEqual([expect.stringMatching(STALE)]);
    expect(printed()).toContainEqual(expect.stringMatching(new RegExp(`^warning: \\S*${STALE.source}`)));
    // A newer copy with its last two rows swapped: sorted, with a notice, and the notice is in the JSON.
    const copies = files.map((f, j) => {
      const lines = readFileSync(f, 'utf8').trim().split('\n');
      const last = Number(lines.at(-1)!.split(',')[1]);
      const more = [...lines, `${dateOf(1000)},${(last * 1.001).toFixed(4)}`, `${dateOf(1001)},${(last * 0.999).toFixed(4)}`];
      [more[more.length - 1], more[more.length - 2]] = [more[more.length - 2], more[more.length - 1]];
      const copy = join(dir, `newer-${j}.csv`);
      writeFileSync(copy, more.join('\n') + '\n');
      return copy;
    });
    const newer = join(dir, 'forecast-newer.json');
    await runPortfolioForecast(['--model', out, '--data', copies.join(','), '--names', 'AAA,BBB', '--paths', '200', '--levels', '0.9', '--horizon', '2', '--backend', 'cpu', '--json', newer], () => {});
    const { warnings, data } = JSON.parse(readFileSync(newer, 'utf8')) as { warnings: string[]; data: string[] };
    expect(warnings).toEqual([
      expect.stringMatching(/newer-0\.csv:\d+: rows are not in date order .*: sorted by date$/),
      expect.stringMatching(/newer-1\.csv:\d+: rows are not in date order .*: sorted by date$/),
      expect.stringMatching(/newer-1\.csv:102: close \S+ is the same on 12 rows in a row/),
    ]);
    expect(data).toEqual(copies);
    // A newer copy of one file only: the forecast is from the last common day, and a notice says why.
    const one = join(dir, 'forecast-one-newer.json');
    const r = await runPortfolioForecast(['--model', out, '--data', `${copies[0]},${files[1]}`, '--names', 'AAA,BBB', '--paths', '200', '--levels', '0.9', '--horizon', '2', '--backend', 'cpu', '--json', one], () => {});
    expect(r.asOf).toBe(dateOf(999));
    expect(json(one).warnings).toEqual([
      expect.stringMatching(/newer-0\.csv:\d+: rows are not in date order/),
      expect.stringMatching(STALE),
      `${copies[0]}: 2 rows after ${dateOf(999)}, the last day every asset has a price, left out: the forecast is from ${dateOf(999)}`,
    ]);
  }));

  it('eval --json --html', () => quietly(async () => {
    const [file, page] = [join(dir, 'eval.json'), join(dir, 'eval.html')];
    await runPortfolioEval(['--model', out, '--paths', '2', '--draws', '1', '--backend', 'cpu', '--json', file, '--html', page], () => {}, () => {});
    expect(json(file).warnings).toEqual([expect.stringMatching(STALE)]);
    expect(readFileSync(page, 'utf8')).toMatch(/<b>Warnings<\/b><ul><li>\S+BBB\.csv:\d+: close \S+ is the same on 12 rows in a row/);
  }));

  it('backtest --json --html', () => quietly(async () => {
    const [file, page] = [join(dir, 'backtest.json'), join(dir, 'backtest.html')];
    await runPortfolioBacktest(['--model', out, '--models', 'gan', '--horizons', '1', '--samples', '20', '--backend', 'wasm', '--json', file, '--html', page], () => {});
    expect(json(file).warnings).toContainEqual(expect.stringMatching(STALE));
    expect(readFileSync(page, 'utf8')).toMatch(/<li>\S+BBB\.csv:\d+: close \S+ is the same on 12 rows in a row/);
  }));

  it('forecast: files whose returns differ from the model\'s (--allow-changed-data) are not called in-sample at a training-period date; a notice says what is true', () => quietly(async (printed) => {
    // BBB with one training-day price moved: the model never saw these returns.
    const changed = join(dir, 'BBB-changed.csv');
    writeFileSync(changed, readFileSync(files[1], 'utf8').replace(/\n(\d{4}-\d{2}-\d{2}),([\d.]+)\n/, (_, date, price) => `\n${date},${(Number(price) * 1.01).toFixed(4)}\n`));
    const file = join(dir, 'forecast-changed.json'), lines: string[] = [];
    const r = await runPortfolioForecast(['--model', out, '--data', `${files[0]},${changed}`, '--names', 'AAA,BBB', '--allow-changed-data', '--as-of', dateOf(500), '--paths', '200', '--levels', '0.9', '--horizon', '2', '--backend', 'cpu', '--json', file], (l) => lines.push(l));
    expect([r.inSample, r.inTrainingPeriod]).toEqual([false, true]);
    const said = printed().filter((l) => /^(warning|notice):/.test(l));
    expect(said.filter((l) => l.includes('is in-sample'))).toEqual([]);
    const test = loadJointModel(join(out, 'model.safetensors')).metadata.data.split.test[0];
    expect(said.at(-1)).toBe(`notice: ${dateOf(500)} lies in the model's training period counted in days (its first ${test} returns, before ${dateOf(test + 1)} in these files), whose returns differ from those it was trained on: in-sample if they are the same markets re-based, not if they are other markets`);
    expect(lines[0]).toContain("joint scenario paths (a date in the model's training period, files it was not trained on)");
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { inSample: boolean; inTrainingPeriod: boolean; warnings: string[] };
    expect([saved.inSample, saved.inTrainingPeriod]).toEqual([false, true]);
    expect(saved.warnings).toEqual(said.map((l) => l.replace(/^(warning|notice): /, '')));
    // The recorded files at that date: in-sample.
    const own = await runPortfolioForecast(['--model', out, '--as-of', dateOf(500), '--paths', '200', '--levels', '0.9', '--horizon', '2', '--backend', 'cpu'], () => {});
    expect([own.inSample, own.inTrainingPeriod]).toEqual([true, true]);
  }));
});

describe('portfolio commands: an option error that needs none of the data comes alone, before any warning on the data', () => {
  /** Runs `gangrad portfolio …`: exit 2, and stderr is the usage error alone (the recorded BBB.csv warns of stale prices when read). */
  const usage = (args: string[], error: RegExp) => {
    const r = cli(['portfolio', ...args, '--backend', 'cpu']);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(error)]);
    expect(r.status).toBe(2);
  };
  const copy = join(dir, 'CCC.csv');
  writeFileSync(copy, readFileSync(files[1]));

  it('forecast: an output over a price file given', () => usage(['forecast', '--model', out, '--data', files.join(','), '--json', files[0], '--force'], /^gangrad portfolio forecast: \S*AAA\.csv is a price file of --data: an output may not replace an input/));
  it('eval: more --data files than the model has assets', () => usage(['eval', '--model', out, '--data', [...files, copy].join(',')], /^gangrad portfolio eval: .*CCC\.csv: 3 assets, but \S+ is a model of 2 \(AAA, BBB\)$/));
  it('backtest: a horizon longer than the test part allows', () => usage(['backtest', '--model', out, '--horizons', '250', '--models', 'gan'], /^gangrad portfolio backtest: --horizons: a 250-day horizon leaves fewer than 2 forecast origins in the test part/));
  it('backtest: a part that starts before the joint GAN has the history it needs', () => {
    // The model's validation part moved to its 21st day: the GAN needs more days before it.
    const early = join(dir, 'run-early-validation');
    cpSync(out, early, { recursive: true });
    editModelMetadata(join(early, 'model.safetensors'), (m) => {
      const { split } = m.data as { split: { train: number[]; validation: number[] } };
      split.train[1] = split.validation[0] = 20;
    });
    usage(['backtest', '--model', early, '--part', 'validation', '--models', 'gan', '--horizons', '1'], /^gangrad portfolio backtest: joint GAN needs \d+ daily returns of history before its first forecast, and the validation part starts after 20 returns$/);
  });
});
