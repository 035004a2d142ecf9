import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../src/cli/args.js';
import { portfolioCommand, progressLines, runPortfolioEval, runPortfolioTrain, simulateInChunks, type PortfolioTrainResult } from '../src/cli/portfolio.js';
import { runPortfolioBacktest } from '../src/cli/portfolio-backtest.js';
import { runPortfolioForecast } from '../src/cli/portfolio-forecast.js';
import { runForecast } from '../src/cli/forecast.js';
import { fitBlockBootstrap } from '../src/finance/baselines/block-bootstrap.js';
import { fitCopulaGjr } from '../src/finance/baselines/copula-gjr.js';
import { portfolioReturns } from '../src/finance/evaluation/portfolio.js';
import { fileSha256 } from '../src/finance/data/dataset.js';
import { readJointInputs } from '../src/finance/data/multi-asset-inputs.js';
import { multiAssetLogReturns } from '../src/finance/data/multi-asset-returns.js';
import { decodeJointModel, encodeJointModel, loadJointModel, saveJointModel, trainJointGan, type JointGanConfig } from '../src/finance/joint.js';
import { readSafetensorsFile } from '../src/io/index.js';
import { Rng } from '../src/index.js';
import { cli, interruptWhen, logRows, startCli, until } from './helpers/cli.js';

const DAY = 86_400_000;
const dateOf = (d: number, weekdaysOnly: boolean) => {
  // Weekdays only: skip Saturdays and Sundays (2000-01-03 is a Monday).
  const day = weekdaysOnly ? Math.floor(d / 5) * 7 + (d % 5) : d;
  return new Date(Date.UTC(2000, 0, 3) + day * DAY).toISOString().slice(0, 10);
};

/**
 * Three assets' prices (one shared factor and a shared GARCH-like volatility), one CSV per asset, and
 * the same prices as one wide CSV: small files in the style of test/helpers/prices.ts.
 */
function writeMarket(dir: string, days: number, weekdaysOnly = false): { files: string[]; wide: string } {
  const rng = new Rng(21);
  const prices = [100, 50, 20];
  const rows: string[][] = [[], [], []];
  const wide = ['date,AAA,BBB,CCC'];
  let variance = 1e-4;
  for (let d = 0; d < days; d++) {
    const f = rng.normal();
    const r = prices.map(() => Math.sqrt(variance) * (0.7 * f + 0.7 * rng.normal()));
    variance = 1e-6 + 0.1 * r[0] * r[0] + 0.85 * variance;
    r.forEach((x, j) => { prices[j] *= Math.exp(x); rows[j].push(`${dateOf(d, weekdaysOnly)},${prices[j].toFixed(4)}`); });
    wide.push(`${dateOf(d, weekdaysOnly)},${prices.map((p) => p.toFixed(4)).join(',')}`);
  }
  const files = ['AAA', 'BBB', 'CCC'].map((name, j) => {
    const file = join(dir, `${name}.csv`);
    writeFileSync(file, ['date,close', ...rows[j]].join('\n') + '\n');
    return file;
  });
  writeFileSync(join(dir, 'wide.csv'), wide.join('\n') + '\n');
  return { files, wide: join(dir, 'wide.csv') };
}

const dir = mkdtempSync(join(tmpdir(), 'gangrad-portfolio-cli-'));
const market = writeMarket(dir, 1_000);
const out = join(dir, 'run');
let trained: PortfolioTrainResult;
const trainLog: string[] = [];

beforeAll(async () => {
  trained = await runPortfolioTrain(['--data', market.files.join(','), '--out', out, '--steps', '40', '--seed', '2'], (l) => trainLog.push(l));
});

describe('gangrad portfolio train', () => {
  it('prints the alignment and progress, and writes the model directory as the library does', () => {
    expect(trainLog[0]).toMatch(/^AAA, BBB, CCC: 1000 common days 2000-01-03 … .* \(999 daily returns\)/);
    expect(trainLog.filter((l) => /^ {2}(AAA|BBB|CCC) \(.*\): 1000 rows, 0 dropped/.test(l))).toHaveLength(3);
    expect(trainLog.some((l) => l.includes('step 40/40'))).toBe(true);
    expect(trainLog.at(-1)).toMatch(/^done: 40 steps/);
    expect(trainLog.at(-3)).toBe('calibrating the level process to the trained generator (Ctrl-C leaves the run for --resume)…');
    // The level process's calibration, per asset, as the model file records it.
    const calibration = loadJointModel(join(out, 'model.safetensors')).metadata.levelProcess.calibration!;
    expect(trainLog.at(-2)).toMatch(new RegExp(`^level process calibrated to the generator, per asset \\(paths vs training\\+validation data\\): AAA: persistence ×${calibration.persistence[0]}, spread ×${calibration.spread[0]}, ACF\\(\\|r\\|\\) 1–100 error \\d\\.\\d{3} → \\d\\.\\d{3}, W1 1-day \\d\\.\\d{3} → \\d\\.\\d{3}, returns scaled ×${calibration.scale[0].toFixed(3)}; BBB: `));
    for (const f of ['model.safetensors', 'config.json', 'training-log.csv']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(trained.fit.steps).toBe(40);
  });

  it('progress: a line every tenth of the steps, and at least every 30 s of a slow run, with pace and time left', () => {
    const lines: string[] = [];
    const show = progressLines((l) => lines.push(l));
    const at = (step: number, elapsedSeconds: number) => show({ step, steps: 1000, elapsedSeconds, metrics: null, stepMetrics: null, validation: null, best: null });
    at(1, 0.5); at(50, 20); at(99, 29); // nothing yet: under a tenth, under 30 s
    expect(lines).toEqual([]);
    at(100, 31); // a tenth
    at(110, 40); at(120, 62); // 30 s after the last line
    at(125, 70);
    expect(lines).toEqual(['  step 100/1000 (31s, 3 steps/s, 4m37s left)', '  step 120/1000 (1m02s, 2 steps/s, 7m35s left)']);
  });

  it('records the data files with their SHA-256, so eval can read them again', () => {
    const { metadata } = loadJointModel(join(out, 'model.safetensors'));
    expect(metadata.assets).toEqual(['AAA', 'BBB', 'CCC']);
    expect(metadata.data.inputs?.kind).toBe('files');
    expect(metadata.data.inputs?.files).toEqual(market.files.map((path) => ({ path, sha256: fileSha256(path) })));
  });

  it('reads a wide CSV, its columns chosen by --names', async () => {
    const wideOut = join(dir, 'wide-run'), log: string[] = [];
    await runPortfolioTrain(['--wide', market.wide, '--names', 'CCC,AAA', '--out', wideOut, '--steps', '2', '--backend', 'wasm'], (l) => log.push(l));
    expect(log.some((l) => /^training the joint GAN, 2 steps on WebAssembly SIMD/.test(l)), log.join('\n')).toBe(true);
    const { metadata } = loadJointModel(join(wideOut, 'model.safetensors'));
    expect(metadata.assets).toEqual(['CCC', 'AAA']);
    expect(metadata.data.inputs).toMatchObject({ kind: 'wide', names: ['CCC', 'AAA'], files: [{ path: market.wide }] });
  });

  it('refuses bad input with a usage error, writing nothing', async () => {
    const none = join(dir, 'never');
    const usage = async (argv: string[], message: RegExp) => {
      const e = await runPortfolioTrain(argv, () => {}).catch((x: unknown) => x);
      expect(e, argv.join(' ')).toBeInstanceOf(UsageError);
      expect((e as Error).message).toMatch(message);
    };
    await usage(['--data', market.files[0], '--out', none], /at least 2 price files, got 1/);
    await usage(['--data', market.files.join(','), '--wide', market.wide, '--out', none], /one of the two/);
    await usage(['--data', market.files.join(',')], /--out DIR is required/);
    await usage(['--data', `${market.files[0]},${join(dir, 'missing.csv')}`, '--out', none], /missing\.csv: no such file/);
    // A directory is no price file: the same usage error as gangrad train's (it was 'cannot read (EISDIR)', exit 1).
    await usage(['--data', `${market.files[0]},${dir}`, '--out', none], new RegExp(`^${dir}: a directory, not a CSV file \\(--data\\)$`));
    await usage(['--wide', dir, '--out', none], new RegExp(`^${dir}: a directory, not a CSV file \\(--wide\\)$`));
    await usage(['--data', market.files.join(','), '--names', 'A,B', '--out', none], /2 names for 3 files/);
    await usage(['--data', market.files.join(','), '--out', none, '--steps', '0'], /--steps must be an integer ≥ 1/);
    await usage(['--data', market.files.join(','), '--out', none, '--backend', 'tpu'], /--backend must be one of auto, cpu, .*got 'tpu'/);
    await usage(['--data', market.files.join(','), '--out', out], /already holds a model; pass --force/);
    expect(existsSync(none)).toBe(false);
  });

  it('refuses a 5-day calendar beside 7-day ones unless --allow-mixed-calendars', async () => {
    const other = mkdtempSync(join(tmpdir(), 'gangrad-portfolio-weekdays-'));
    const weekdays = writeMarket(other, 1_000, true);
    const none = join(dir, 'mixed');
    // A usage error (exit 2): the one option named settles it.
    const e = await runPortfolioTrain(['--data', `${market.files[0]},${weekdays.files[1]}`, '--out', none, '--steps', '2'], () => {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toMatch(/mismatched calendars: .*AAA\.csv trades 7 days a week.*--allow-mixed-calendars/);
    expect(existsSync(none)).toBe(false);
  });

  it('with --allow-mixed-calendars, aligns a 7-day market with a 5-day one and records the choice', async () => {
    const other = mkdtempSync(join(tmpdir(), 'gangrad-portfolio-mixed-'));
    const weekdays = writeMarket(other, 1_500, true);
    const sevenDay = writeMarket(mkdtempSync(join(tmpdir(), 'gangrad-portfolio-7day-')), 1_500);
    const mixedOut = join(other, 'run'), log: string[] = [];
    await runPortfolioTrain(['--data', `${sevenDay.files[0]},${weekdays.files[1]}`, '--allow-mixed-calendars', '--out', mixedOut, '--steps', '2'], (l) => log.push(l));
    // 1,500 calendar days hold 1,072 weekdays, all within the weekday file's 1,500 rows.
    expect(log[0]).toMatch(/^AAA, BBB: 1072 common days/);
    expect(log[1]).toMatch(/AAA .*1500 rows, 428 dropped \(0 outside the common period, 428 calendar differences\)/);
    expect(loadJointModel(join(mixedOut, 'model.safetensors')).metadata.data.inputs?.allowMixedCalendars).toBe(true);
    // eval reads the files again the same way. One draw has no spread: none printed, null in the JSON.
    const json = join(other, 'eval.json'), html = join(other, 'eval.html');
    let table = '';
    const e = await runPortfolioEval(['--model', mixedOut, '--paths', '2', '--draws', '1', '--json', json, '--html', html], (t) => { table = t; }, () => {});
    expect(e.assets).toEqual(['AAA', 'BBB']);
    expect(table).toMatch(/^corr MAE r +-?\d+\.\d{3} +-?\d+\.\d{3} +-?\d+\.\d{3}$/m);
    expect(table).not.toContain('±');
    const saved = JSON.parse(readFileSync(json, 'utf8'));
    for (const m of saved.models) for (const f of Object.values(m.figures) as { sd: unknown }[]) expect(f.sd).toBeNull();
    for (const m of saved.margins) for (const c of m.criteria) expect(Object.values(c.spread)).toEqual([null, null, null]);
    const page = readFileSync(html, 'utf8');
    expect(page).not.toContain('±');
    expect(page).toContain('one draw of 2 paths × 1024 days, every figure its value (one draw has no spread)');
    // A Saturday, a day of one market only: refused, naming the common day to use instead.
    await expect(runPortfolioForecast(['--model', mixedOut, '--as-of', '2000-01-08'], () => {})).rejects.toThrow(new UsageError(`--as-of 2000-01-08: not a common day of the model's files (they run from 2000-01-03 to 2004-02-10; a day is common when every asset has a price): ${weekdays.files[1]} has no row on 2000-01-08; the last common day before it is 2000-01-07`));
    // The same files given again: mixed calendars are the same usage error in eval, forecast and backtest.
    const data = ['--model', mixedOut, '--data', `${sevenDay.files[0]},${weekdays.files[1]}`];
    const commands = [() => runPortfolioEval(data, () => {}, () => {}), () => runPortfolioForecast(data, () => {}), () => runPortfolioBacktest(data, () => {})];
    for (const command of commands) {
      const refused = await command().catch((x: unknown) => x);
      expect(refused).toBeInstanceOf(UsageError);
      expect((refused as Error).message).toMatch(/mismatched calendars: .*--allow-mixed-calendars/);
    }
    const forecast = await runPortfolioForecast([...data, '--allow-mixed-calendars', '--paths', '20'], () => {});
    expect(forecast.summaries.map((x) => x.name)).toEqual(['AAA', 'BBB', 'equal-weight portfolio']);
  });

  it('as a process: usage errors (mismatched calendars among them) exit 2, with the message and nothing written', () => {
    const none = join(dir, 'process-never');
    const one = cli(['portfolio', 'train', '--data', market.files[0], '--out', none]);
    expect([one.status, one.stderr]).toEqual([2, expect.stringMatching(/^gangrad portfolio train: --data: a portfolio needs at least 2 price files/)]);
    const missing = cli(['portfolio', 'eval', '--model', none]);
    expect([missing.status, missing.stderr]).toEqual([2, expect.stringMatching(/^gangrad portfolio eval: --model \S*process-never: no such directory/)]);
    const weekdays = writeMarket(mkdtempSync(join(tmpdir(), 'gangrad-portfolio-weekdays-')), 1_000, true);
    const mixed = cli(['portfolio', 'train', '--data', `${market.files[0]},${weekdays.files[1]}`, '--out', none]);
    expect([mixed.status, mixed.stderr]).toEqual([2, expect.stringMatching(/^gangrad portfolio train: mismatched calendars: .*--allow-mixed-calendars/)]);
    expect(existsSync(none)).toBe(false);
    expect(cli(['portfolio', 'train', '--help']).stdout).toContain('gangrad portfolio train:');
  });

  it('has subcommands, and refuses an unknown one', async () => {
    await expect(portfolioCommand(['fit'])).rejects.toThrow(/unknown portfolio command 'fit'/);
    await expect(portfolioCommand([])).rejects.toBeInstanceOf(UsageError);
  });
});

describe('gangrad portfolio forecast', () => {
  it("every asset's and the portfolio's next days from a date's joint state: quantiles, VaR and ES; bad dates are usage errors", async () => {
    const json = join(dir, 'forecast.json');
    const lines: string[] = [];
    const r = await runPortfolioForecast(['--model', out, '--horizon', '5', '--paths', '400', '--json', json], (l) => lines.push(l));
    expect(r.asOf).toBe(dateOf(999, false));
    expect(r.summaries.map((x) => x.name)).toEqual(['AAA', 'BBB', 'CCC', 'equal-weight portfolio']);
    for (const { summary } of r.summaries) {
      expect(summary.samples).toBe(400);
      const q = summary.quantiles.map((x) => x.value);
      expect(q).toEqual([...q].sort((a, b) => a - b));
      expect(summary.risk[1].expectedShortfall).toBeGreaterThanOrEqual(summary.risk[1].valueAtRisk);
    }
    // The portfolio diversifies: its 99 % VaR is below the largest single asset's.
    expect(r.summaries[3].summary.risk[1].valueAtRisk).toBeLessThan(Math.max(...r.summaries.slice(0, 3).map((x) => x.summary.risk[1].valueAtRisk)));
    expect(lines.join('\n')).toMatch(/^5-day log returns from the close of .*, 400 joint scenario paths/);
    expect(JSON.parse(readFileSync(json, 'utf8')).summaries).toHaveLength(4);
    const earlier = await runPortfolioForecast(['--model', out, '--as-of', dateOf(500, false), '--horizon', '1', '--paths', '100'], () => {});
    expect([earlier.asOf, earlier.inSample]).toEqual([dateOf(500, false), true]);
    // The close of the last training day starts the backtest's first test forecast (return test[0]): not in-sample.
    const first = loadJointModel(join(out, 'model.safetensors')).metadata.data.split.test[0];
    const from = async (d: number) => (await runPortfolioForecast(['--model', out, '--as-of', dateOf(d, false), '--horizon', '1', '--paths', '100'], () => {})).inSample;
    expect([await from(first - 1), await from(first)]).toEqual([true, false]);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(runPortfolioForecast(['--model', out, '--as-of', '1999-01-01', '--paths', '20'], () => {})).rejects.toThrow(/not a common day of the model's files .*: no file has a price on 1999-01-01$/);
    // After the files' last day (today, say, with files not updated): a newer copy is what it needs.
    await expect(runPortfolioForecast(['--model', out, '--as-of', '2030-01-02', '--paths', '20'], () => {})).rejects.toThrow(new UsageError(`--as-of 2030-01-02: not a common day of the model's files (they run from ${dateOf(0, false)} to ${dateOf(999, false)}; a day is common when every asset has a price): no file has a price on 2030-01-02; a later date needs a newer copy of the files, with rows up to it: --data A,B,… or --wide FILE`));
    // The usage error comes alone: no thin-tail warning of --paths 20 before it.
    expect(errors.mock.calls.flat().map(String).filter((l) => l.startsWith('warning: --paths'))).toEqual([]);
    errors.mockRestore();
    await expect(runPortfolioForecast(['--model', out, '--as-of', dateOf(10, false)], () => {})).rejects.toThrow(/10 days of returns before it, the model needs/);
    await expect(runPortfolioForecast(['--model', out, '--as-of', '2000/01/05'], () => {})).rejects.toThrow(UsageError);
    await expect(runPortfolioForecast(['--model', out, '--horizon', '5000'], () => {})).rejects.toThrow(/--horizon 5000: at most 250 days/);
    await expect(runPortfolioForecast(['--model', out, '--horizon', '250', '--paths', '200000'], () => {})).rejects.toThrow('--paths 200000 × --horizon 250: at most 25,000,000 daily values per asset in one forecast (at --horizon 250, --paths 100000)');
    // The single-asset command, handed a portfolio model, says which commands it is for.
    await expect(runForecast(['--model', out, '--paths', '20'], () => {})).rejects.toThrow(/not a gangrad return-GAN model .*: a portfolio model, for the gangrad portfolio commands/);
  });

  it('forecasts from a newer copy of the files (more days); eval and backtest read moved files; other data is refused', async () => {
    // The same market 60 days longer: its first 1,000 days are the model's, to the last digit.
    const newer = mkdtempSync(join(tmpdir(), 'gangrad-portfolio-newer-'));
    const longer = writeMarket(newer, 1_060);
    const data = ['--data', longer.files.join(',')];
    const latest = await runPortfolioForecast(['--model', out, ...data, '--horizon', '2', '--paths', '100'], () => {});
    expect([latest.asOf, latest.inSample]).toEqual([dateOf(1_059, false), false]);
    // From a day both hold, the newer copy gives the very forecast of the recorded files.
    const asOf = ['--as-of', dateOf(990, false), '--horizon', '2', '--paths', '100'];
    const fromRecorded = await runPortfolioForecast(['--model', out, ...asOf], () => {});
    const fromNewer = await runPortfolioForecast(['--model', out, ...data, ...asOf], () => {});
    expect(fromNewer.summaries).toEqual(fromRecorded.summaries);
    // Moved: the same files elsewhere serve eval and backtest, which need exactly the model's days.
    const moved = mkdtempSync(join(tmpdir(), 'gangrad-portfolio-moved-'));
    const copies = market.files.map((f, j) => { const to = join(moved, ['AAA', 'BBB', 'CCC'][j] + '.csv'); writeFileSync(to, readFileSync(f)); return to; });
    const report = await runPortfolioBacktest(['--model', out, '--data', copies.join(','), '--models', 'gan', '--horizons', '1', '--samples', '20'], () => {});
    expect(report.runs[0].entries[0].origins).toBe(200);
    const notTheModels = await runPortfolioBacktest(['--model', out, ...data, '--models', 'gan'], () => {}).catch((x: unknown) => x);
    // Not the model's data (a newer copy, here): a data error, exit 1 (it was a usage error, exit 2, with 'give 1059 days').
    expect(notTheModels).toBeInstanceOf(Error);
    expect(notTheModels).not.toBeInstanceOf(UsageError);
    expect((notTheModels as Error).message).toMatch(/: the files give 1059 days of returns, \S+ was trained on 999: this command needs exactly the model's days \(the files moved, say\); only gangrad portfolio forecast takes a newer copy, with more days$/);
    const evalNewer = await runPortfolioEval(['--model', out, ...data], () => {}, () => {}).catch((x: unknown) => x);
    expect([evalNewer instanceof UsageError, (evalNewer as Error).message]).toEqual([false, expect.stringMatching(/the files give 1059 days of returns/)]);
    // Not the model's data: one price changed inside the training days.
    const changed = join(moved, 'BBB.csv');
    writeFileSync(changed, readFileSync(changed, 'utf8').replace(/\n(\d{4}-\d{2}-\d{2}),([\d.]+)\n/, (_, date, price) => `\n${date},${(Number(price) * 1.01).toFixed(4)}\n`));
    await expect(runPortfolioForecast(['--model', out, '--data', copies.join(','), '--paths', '100'], () => {})).rejects.toThrow(/their first 999 days of returns differ from those \S+ was trained on .*--allow-changed-data/);
    const allowed = await runPortfolioForecast(['--model', out, '--data', copies.join(','), '--allow-changed-data', '--paths', '100'], () => {});
    expect(allowed.asOf).toBe(dateOf(999, false));
    // Two assets for a model of three, and data options without data: usage errors.
    await expect(runPortfolioForecast(['--model', out, '--data', copies.slice(0, 2).join(',')], () => {})).rejects.toThrow(/2 assets, but \S+ is a model of 3 \(AAA, BBB, CCC\)/);
    await expect(runPortfolioForecast(['--model', out, '--allow-changed-data'], () => {})).rejects.toThrow(/--allow-changed-data applies to the price files of --data or --wide/);
  });
});

describe('gangrad portfolio backtest', () => {
  it("backtests the equal-weight portfolio's forecasts: the joint GAN from the assets' joint state, the baselines from the portfolio's series", async () => {
    const json = join(dir, 'backtest.json');
    const lines: string[] = [];
    const html = join(dir, 'backtest.html');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const report = await runPortfolioBacktest(['--model', out, '--samples', '20', '--horizons', '1,5', '--json', json, '--html', html], (l) => lines.push(l));
    // The files written are named last, as eval and forecast name theirs (it said nothing).
    expect(errors.mock.calls.at(-1)).toEqual([`wrote ${json}, ${html}`]);
    errors.mockRestore();
    expect(lines[0]).toMatch(/^equal-weight portfolio of AAA, BBB, CCC, test part from \d{4}-\d{2}-\d{2}; model step \d+/);
    // The page opens with the text's first line, and lists the warnings stderr had (20 samples: thin tails), as the JSON does.
    const page = readFileSync(html, 'utf8');
    expect(page).toContain(`<p class="about">${lines[0].trim()} (model directory ${out}; data ${market.files.join(', ')}).</p>`);
    expect(page).toMatch(/<b>Warnings<\/b><ul><li>--samples 20 leaves about 1 draw beyond the 95 % VaR/);
    expect(JSON.parse(readFileSync(json, 'utf8')).warnings).toEqual([expect.stringMatching(/^--samples 20 leaves about 1 draw beyond the 95 % VaR/), expect.stringMatching(/^--samples 20 leaves less than one draw beyond the 99 % VaR/)]);
    const entries = report.runs[0].entries;
    expect([...new Set(entries.map((e) => e.forecaster))]).toEqual(['joint GAN', 'copula-GJR', 'HS', 'EWMA-normal', 'EWMA-t', 'GJR-GARCH-t', 'FHS']);
    // What each forecast is judged against: the portfolio's realised return ln(mean e^r) of the next day(s).
    const { metadata } = loadJointModel(join(out, 'model.safetensors'));
    const portfolio = portfolioReturns(multiAssetLogReturns(readJointInputs({ kind: 'files', paths: market.files }).aligned.prices));
    const oneDay = entries.find((e) => e.forecaster === 'joint GAN' && e.horizon === 1)!;
    expect(oneDay.origins).toBe(200);
    expect(oneDay.series.realised[0]).toBe(portfolio[metadata.data.split.test[0]]);
    expect(entries.every((e) => Number.isFinite(e.meanCrps))).toBe(true);
    expect(lines.join('\n')).toMatch(/joint GAN/);
    expect(JSON.parse(readFileSync(json, 'utf8')).assets).toEqual(['AAA', 'BBB', 'CCC']);
    await expect(runPortfolioBacktest(['--model', out, '--json', json])).rejects.toThrow(/exists/);
    await expect(runPortfolioBacktest(['--model', out, '--part', 'train'])).rejects.toThrow(UsageError);
    // A directory that does not exist is refused before the minutes of work, not after them.
    const lost: string[] = [];
    await expect(runPortfolioBacktest(['--model', out, '--json', join(dir, 'no-such-dir', 'bt.json')], (l) => lost.push(l))).rejects.toThrow(/cannot write \S*bt\.json: its directory \S*no-such-dir does not exist/);
    expect(lost).toEqual([]);
    await expect(runPortfolioBacktest([])).rejects.toThrow(/--model DIR is required/);
  });
});

describe('portfolio commands: what they read is theirs', () => {
  it('refuses an output over the model directory\'s files or a price file read, even with --force: exit 2, naming it, the input intact', () => {
    const copies = mkdtempSync(join(tmpdir(), 'gangrad-portfolio-inputs-'));
    const data = market.files.map((f) => { const to = join(copies, f.replace(/^.*\//, '')); writeFileSync(to, readFileSync(f)); return to; });
    const cases: [string[], string, RegExp][] = [
      [['eval', '--paths', '2', '--draws', '1', '--json'], join(out, 'model.safetensors'), /model\.safetensors is the model file: an output may not replace an input/],
      [['eval', '--paths', '2', '--draws', '1', '--html'], market.files[1], /BBB\.csv is a price file \S+ was trained on: an output may not replace an input/],
      [['forecast', '--paths', '20', '--data', data.join(','), '--json'], data[2], /CCC\.csv is a price file of --data: an output may not replace an input/],
      [['backtest', '--models', 'baselines', '--wide', market.wide, '--json'], market.wide, /wide\.csv is the price file of --wide: an output may not replace an input/],
      [['backtest', '--models', 'baselines', '--html'], join(out, 'config.json'), /config\.json is the model's configuration: an output may not replace an input/],
    ];
    for (const [args, input, message] of cases) {
      const before = readFileSync(input);
      const r = cli(['portfolio', args[0], '--model', out, ...args.slice(1), input, '--force', '--backend', 'cpu']);
      expect([r.status, r.stderr], args.join(' ')).toEqual([2, expect.stringMatching(message)]);
      expect(readFileSync(input).equals(before), input).toBe(true);
    }
  });

  it('matches price files given in another order to the model\'s assets by name, --data and --wide alike', async () => {
    const notes = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const asOf = ['--model', out, '--as-of', dateOf(990, false), '--horizon', '2', '--paths', '100'];
      const recorded = await runPortfolioForecast(asOf, () => {});
      const [a, b, c] = market.files;
      // Labelled by name: CCC's forecast is CCC's, whatever the order given; --allow-changed-data changes nothing.
      for (const extra of [[], ['--allow-changed-data']]) {
        const swapped = await runPortfolioForecast([...asOf, '--data', [c, a, b].join(','), ...extra], () => {});
        expect(swapped.summaries).toEqual(recorded.summaries);
      }
      const lines = readFileSync(market.wide, 'utf8').trim().split('\n').map((l) => l.split(','));
      const wide = join(dir, 'wide-swapped.csv');
      writeFileSync(wide, lines.map(([date, x, y, z]) => [date, z, y, x].join(',')).join('\n') + '\n');
      expect((await runPortfolioForecast([...asOf, '--wide', wide], () => {})).summaries).toEqual(recorded.summaries);
      expect(notes.mock.calls.map((x) => String(x[0])).filter((l) => l.startsWith('notice: '))).toEqual([
        expect.stringMatching(/CCC\.csv, \S+AAA\.csv, \S+BBB\.csv: the assets read \(CCC, AAA, BBB\) are the model's in another order; each is taken as the model's asset of its name \(AAA, BBB, CCC\)$/),
        expect.stringMatching(/the assets read \(CCC, AAA, BBB\) are the model's in another order/),
        expect.stringMatching(/wide-swapped\.csv: the assets read \(CCC, BBB, AAA\) are the model's in another order/),
      ]);
    } finally {
      notes.mockRestore();
    }
  });

  it('names the first blank cell of a --wide file and their count: their days are left out for every asset', async () => {
    const notes = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const lines = readFileSync(market.wide, 'utf8').split('\n');
      // BBB blank on lines 501 and 601 (as a spreadsheet leaves a missing price).
      for (const n of [501, 601]) lines[n - 1] = lines[n - 1].replace(/^([^,]+,[^,]+),[^,]+/, '$1,');
      const wide = join(dir, 'wide-blank.csv');
      writeFileSync(wide, lines.join('\n'));
      await expect(runPortfolioForecast(['--model', out, '--wide', wide, '--paths', '20'], () => {})).rejects.toThrow(/wide-blank\.csv: the files give 997 days of returns, \S+ was trained on 999: forecast needs them all \(a newer copy holds them and more\)$/);
      expect(notes.mock.calls.map((x) => String(x[0]))).toContain(`notice: ${wide}:501: column 'BBB' is blank, the first of 2 blank cells after its first price; those days are left out for every asset (days are kept when every asset has a price)`);
    } finally {
      notes.mockRestore();
    }
  });

  it("eval's baselines simulate in chunks, yielding to signals, and make the very paths of one call", async () => {
    const returns = multiAssetLogReturns(readJointInputs({ kind: 'files', paths: market.files }).aligned.prices);
    for (const model of [fitCopulaGjr(returns), fitBlockBootstrap(returns)]) {
      expect(await simulateInChunks(model, 21, 30, 7), model.name).toEqual(model.simulate(21, 30, new Rng(7)));
    }
  });

  it('as a process: Ctrl-C stops portfolio forecast and eval while they compute: exit 130, nothing written', async () => {
    // The in-sample warning comes just before the forecast's paths are made; eval names the test part before its models are fitted.
    const json = join(dir, 'interrupted-forecast.json');
    const forecast = startCli(['portfolio', 'forecast', '--model', out, '--as-of', dateOf(700, false), '--horizon', '250', '--paths', '20000', '--json', json, '--backend', 'cpu']);
    await until(() => /is in-sample/.test(forecast.stderr()));
    forecast.child.kill('SIGINT');
    expect((await forecast.exit).code, forecast.stderr()).toBe(130);
    expect(existsSync(json)).toBe(false);
    const evalJson = join(dir, 'interrupted-eval.json'), html = join(dir, 'interrupted-eval.html');
    const evaluation = startCli(['portfolio', 'eval', '--model', out, '--paths', '64', '--draws', '3', '--json', evalJson, '--html', html, '--backend', 'cpu']);
    await until(() => /: test part /.test(evaluation.stderr()));
    evaluation.child.kill('SIGINT');
    expect((await evaluation.exit).code, evaluation.stderr()).toBe(130);
    expect(evaluation.stderr()).not.toMatch(/block bootstrap: 3 draws|wrote /);
    expect([existsSync(evalJson), existsSync(html)]).toEqual([false, false]);
  });
});

describe('gangrad portfolio eval', () => {
  it('compares the joint GAN, copula-GJR and the block bootstrap on the test part: table, JSON, HTML', async () => {
    const json = join(dir, 'eval.json'), html = join(dir, 'eval.html');
    let table = '';
    const logged: string[] = [];
    const e = await runPortfolioEval(['--model', out, '--paths', '4', '--draws', '2', '--json', json, '--html', html], (t) => { table = t; }, (l) => logged.push(l));
    expect(logged.at(-1)).toBe(`wrote ${json}, ${html}`);
    expect(logged[1]).toBe('joint GAN: level process calibrated after training');
    expect(e.models.map((m) => m.name)).toEqual(['joint GAN', 'copula-GJR', 'block bootstrap']);
    expect(e.testDays).toBe(200);
    for (const m of e.models) {
      expect(Object.keys(m.figures)).toContain('corr MAE r');
      expect(Object.keys(m.figures)).toContain('CCC W1 1d (×1e3)');
      for (const [name, f] of Object.entries(m.figures)) {
        expect(f.draws, `${m.name} ${name}`).toHaveLength(2);
        // A pair that never fell together in the short real test part has no relative error (NaN, 'n/a').
        if (!name.startsWith('joint exceedance')) expect(Number.isFinite(f.mean) && Number.isFinite(f.sd), `${m.name} ${name}`).toBe(true);
      }
    }
    expect(table.split('\n')[0]).toMatch(/^statistic +joint GAN +copula-GJR +block bootstrap$/);
    // Each margin judged as gangrad eval judges one asset, copula-GJR's margins as the GJR column.
    expect(e.margins!.map((m) => m.asset)).toEqual(['AAA', 'BBB', 'CCC']);
    for (const m of e.margins!) {
      const names = m.criteria.map((c) => c.name);
      expect(names).toContain('ACF(|r|) MAE, lags 1–100');
      expect(names).toContain('explosive paths (share)');
      const w1 = m.criteria.find((c) => c.name === 'W1, 1-day returns')!;
      expect(Object.keys(w1.values)).toEqual(['joint GAN', 'copula-GJR', 'block bootstrap']);
      expect(w1.passed).toBe(w1.values['joint GAN']! <= w1.values['copula-GJR']!);
    }
    expect(table).toMatch(/^BBB: single-asset long-horizon criteria/m);
    const met = e.margins![2].criteria.filter((c) => c.threshold !== 'info');
    expect(table).toContain(`CCC: ${met.filter((c) => c.passed).length} of ${met.length} criteria met by joint GAN`);
    expect(table).toMatch(/^0\.5% quantile of daily returns, relative error +≤ 20% +\d\.\d{4} ± \d\.\d{4}/m);
    expect(table).toMatch(/corr MAE \|r\| +\d+\.\d{3} ± \d+\.\d{3}/);

    const saved = JSON.parse(readFileSync(json, 'utf8'));
    expect(saved.real.correlation).toHaveLength(3);
    expect(saved.real.correlation[1]).toHaveLength(3);
    expect(saved.real.correlation[0][0]).toBeCloseTo(1, 10);
    expect(saved.models[0].absCorrelation[2]).toHaveLength(3);
    expect(saved.models[2].figures['VaR 99% rel. err'].draws).toHaveLength(2);
    expect(saved.inputs.files).toHaveLength(3);

    const page = readFileSync(html, 'utf8');
    // What the page is of: the model and its step, the files, the test part's dates, the training days, the seed.
    expect(page).toMatch(new RegExp(`<p class="about">Model ${out}, step ${saved.step}; data ${market.files.join(', ')}; test part \\d{4}-\\d\\d-\\d\\d … \\d{4}-\\d\\d-\\d\\d \\(200 days\\); models fitted on \\d+ training days; seed 1001\\.</p>`));
    // Real + 3 models, for r and for |r|: 8 heat maps of 3 × 3 cells.
    expect(page.match(/<rect class="cell"/g)).toHaveLength(8 * 9);
    expect(page).toContain('copula-GJR: corr(|r|)');
  });

  it('refuses existing outputs without --force and a missing model, writing nothing', async () => {
    const json = join(dir, 'kept.json');
    writeFileSync(json, 'earlier result');
    await expect(runPortfolioEval(['--model', out, '--json', json], () => {}, () => {})).rejects.toThrow(/kept\.json exists; pass --force/);
    expect(readFileSync(json, 'utf8')).toBe('earlier result');
    const e = await runPortfolioEval(['--model', join(dir, 'nothing')], () => {}, () => {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toMatch(/--model \S*nothing: no such directory/);
    await expect(runPortfolioEval([], () => {}, () => {})).rejects.toThrow(/--model DIR is required/);
    // Bounded before any work: a typo is a usage error, not an exhausted memory.
    await expect(runPortfolioEval(['--model', out, '--paths', '99999999'], () => {}, () => {})).rejects.toThrow(new UsageError("--paths must be an integer from 1 to 4096, got '99999999'"));
    await expect(runPortfolioEval(['--model', out, '--draws', '5000'], () => {}, () => {})).rejects.toThrow(/--draws must be an integer from 1 to 1000/);
  });

  it('refuses a model that records no data files, and damaged records of them, naming the field', async () => {
    const model = loadJointModel(join(out, 'model.safetensors'));
    const { inputs, ...rest } = model.metadata.data;
    const bare = join(dir, 'bare');
    mkdirSync(bare);
    await saveJointModel(join(bare, 'model.safetensors'), { ...model, metadata: { ...model.metadata, data: rest } });
    await expect(runPortfolioEval(['--model', bare], () => {}, () => {})).rejects.toThrow(/bare.model\.safetensors: records no data files/);
    // A recorded file that has gone: a failure (exit 1, not a usage error), as for forecast, eval and the others, saying what to pass.
    const gone = join(dir, 'gone-model');
    mkdirSync(gone);
    await saveJointModel(join(gone, 'model.safetensors'), { ...model, metadata: { ...model.metadata, data: { ...rest, inputs: { ...inputs!, files: [{ ...inputs!.files[0], path: join(dir, 'gone.csv') }, ...inputs!.files.slice(1)] } } } });
    const missing = await runPortfolioEval(['--model', gone], () => {}, () => {}).catch((x: unknown) => x);
    expect(missing).not.toBeInstanceOf(UsageError);
    expect((missing as Error).message).toBe(`${join(dir, 'gone.csv')}: the price file ${join(gone, 'model.safetensors')} was trained on does not exist; pass --data A,B,… with copies of the files`);
    const damaged = await encodeJointModel({ ...model, metadata: { ...model.metadata, data: { ...rest, inputs: { ...inputs!, files: [inputs!.files[0], { path: 'x.csv', sha256: 'not-hex' }] } } } });
    expect(() => decodeJointModel(damaged, 'damaged.safetensors')).toThrow(/damaged\.safetensors: metadata field 'data\.inputs\.files\[1\]\.sha256' must be a SHA-256 in hex/);
  });

  // Last: it changes a data file the model above was trained on.
  it('reads a data file saved again with Windows line endings as the same data; refuses one that changed since training, naming the file', async () => {
    const original = readFileSync(market.files[1], 'utf8');
    writeFileSync(market.files[1], '\uFEFF' + original.replace(/\n/g, '\r\n'));
    await runPortfolioEval(['--model', out, '--paths', '2', '--draws', '1', '--json', join(dir, 'crlf.json')], () => {}, () => {});
    expect(existsSync(join(dir, 'crlf.json'))).toBe(true);
    writeFileSync(market.files[1], original.replace(/\n$/, '\n2099-01-01,1.0\n'));
    await expect(runPortfolioEval(['--model', out, '--paths', '2', '--draws', '1'], () => {}, () => {})).rejects.toThrow(/BBB\.csv: differs from the file .*model\.safetensors was trained on/);
    // A file updated in place (a day appended, at its last price): each command says what to do, and forecast's --data reads it.
    writeFileSync(market.files[1], `${original}${dateOf(1_000, false)},${original.trimEnd().split(',').at(-1)}\n`);
    await expect(runPortfolioEval(['--model', out, '--paths', '2', '--draws', '1'], () => {}, () => {})).rejects.toThrow(/\. Pass --data with a copy of the files as they were when the model was trained \(only gangrad portfolio forecast takes a newer copy, with more days\)$/);
    const data = market.files.join(',');
    await expect(runPortfolioForecast(['--model', out, '--paths', '20'], () => {})).rejects.toThrow(`. A newer copy (the model's days, then more) is read with --data: to forecast from these files, add --data ${data}`);
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect((await runPortfolioForecast(['--model', out, '--paths', '20', '--data', data], () => {})).asOf).toBe(dateOf(999, false));
    vi.restoreAllMocks();
  });
});

/** A run directory's weights and optimiser moments by name (what must match bit for bit), from a model or checkpoint file. */
const tensorsOf = (file: string) => new Map([...readSafetensorsFile(file).tensors].map(([name, t]) => [name, Array.from(t.data)]));
/** A training log's rows without the wall-clock column (`seconds`, the sixth). */
const logWithoutTime = (dir: string) => logRows(dir).map((row) => row.split(',').filter((_, i) => i !== 5).join(','));

describe('portfolio train: checkpoints, interruption and --resume', () => {
  const home = mkdtempSync(join(tmpdir(), 'gangrad-portfolio-resume-'));
  const files = writeMarket(home, 1_000).files;
  const tiny: Partial<JointGanConfig> = { window: 16, latentDim: 8, hidden: [32], batch: 32, evalEvery: 8, checkpointEvery: 10, logEvery: 2, instanceNoise: 0 };
  const { aligned, inputs } = readJointInputs({ kind: 'files', paths: files });
  const common = { returns: multiAssetLogReturns(aligned.prices), assets: aligned.assets, inputs, config: tiny, steps: 24, seed: 5, validationPaths: 2, runId: 'resume-test' };

  it('a run stopped by its signal after step 13 and resumed ends bit-identical to one never stopped', async () => {
    const straight = join(home, 'straight'), stopped = join(home, 'stopped');
    const whole = await trainJointGan({ ...common, out: straight });
    const stop = new AbortController();
    const first = await trainJointGan({ ...common, out: stopped, signal: stop.signal, onProgress: (p) => { if (p.step === 13) stop.abort(); } });
    expect([first.interrupted, first.steps]).toEqual([true, 13]);
    // Nothing published; the checkpoint of step 13 (not the periodic one of step 10) waits in DIR.partial.
    expect(existsSync(stopped)).toBe(false);
    expect(readSafetensorsFile(join(`${stopped}.partial`, 'checkpoint.safetensors')).metadata.step).toBe('13');

    // Everything but the validation paths (not a setting of the model) comes from the checkpoint.
    const resumed = await trainJointGan({ out: stopped, resume: true, validationPaths: common.validationPaths });
    expect([resumed.interrupted, resumed.steps, existsSync(`${stopped}.partial`)]).toEqual([false, 24, false]);
    expect(resumed.best).toEqual(whole.best);
    // Weights and Adam moments at step 24, the best model's bytes and the log (but its clock) all match.
    expect(tensorsOf(join(stopped, 'checkpoint.safetensors'))).toEqual(tensorsOf(join(straight, 'checkpoint.safetensors')));
    expect(readFileSync(join(stopped, 'model.safetensors'))).toEqual(readFileSync(join(straight, 'model.safetensors')));
    expect(logWithoutTime(stopped)).toEqual(logWithoutTime(straight));
    expect(logRows(stopped).at(-1)).toMatch(/^24,/);
  });

  it('a run on returns in memory resumes only on the same returns (their SHA-256 is in the checkpoint)', async () => {
    const out = join(home, 'in-memory'), { returns } = common;
    const stop = new AbortController();
    await trainJointGan({ returns, config: tiny, steps: 6, validationPaths: 2, out, signal: stop.signal, onProgress: (p) => { if (p.step === 3) stop.abort(); } });
    const changed = { ...returns, values: Float64Array.from(returns.values, (v, i) => (i === 7 ? v + 1e-9 : v)) };
    await expect(trainJointGan({ out, resume: true, validationPaths: 2 })).rejects.toThrow(/checkpoint\.safetensors: records no price files; pass the returns/);
    await expect(trainJointGan({ out, resume: true, returns: changed, validationPaths: 2 })).rejects.toThrow(/the returns given differ from the returns it was trained on \(SHA-256\)/);
    const fit = await trainJointGan({ out, resume: true, returns, validationPaths: 2 });
    expect([fit.steps, fit.interrupted]).toEqual([6, false]);
  });

  it('--resume raises --steps of a finished run, continuing as one longer run would', async () => {
    const short = join(home, 'short'), long = join(home, 'long');
    await runPortfolioTrain(['--data', files.join(','), '--out', short, '--steps', '6', '--seed', '3'], () => {});
    const before = logRows(short);
    const log: string[] = [];
    const r = await runPortfolioTrain(['--resume', '--out', short, '--steps', '9'], (l) => log.push(l));
    expect([r.exitCode, r.fit.steps, r.fit.interrupted]).toEqual([0, 9, false]);
    expect(log[0]).toMatch(/^resuming the joint GAN to 9 steps on .* → /);
    expect(logRows(short).slice(0, before.length)).toEqual(before);
    await runPortfolioTrain(['--data', files.join(','), '--out', long, '--steps', '9', '--seed', '3'], () => {});
    expect(tensorsOf(join(short, 'checkpoint.safetensors'))).toEqual(tensorsOf(join(long, 'checkpoint.safetensors')));
    expect(readSafetensorsFile(join(short, 'checkpoint.safetensors')).metadata.step).toBe('9');
    // config.json gives the resumed run's target, as the checkpoint does (it still said 6).
    expect(JSON.parse(readFileSync(join(short, 'config.json'), 'utf8')).config.steps).toBe(9);
  });

  it('--resume is refused with --force, with data options, without a run, and with changed data', async () => {
    const usage = async (argv: string[], message: RegExp) => {
      const e = await runPortfolioTrain(argv, () => {}).catch((x: unknown) => x);
      expect(e, argv.join(' ')).toBeInstanceOf(UsageError);
      expect((e as Error).message).toMatch(message);
    };
    const short = join(home, 'short');
    await usage(['--resume', '--force', '--out', short], /--resume and --force exclude each other/);
    await usage(['--resume', '--data', files.join(','), '--out', short], /from the checkpoint; drop --data/);
    await expect(runPortfolioTrain(['--resume', '--out', join(home, 'none')], () => {})).rejects.toThrow(/none: nothing to resume/);
    // The run cannot go back: fewer steps than done is a usage error, before anything is read or copied.
    await usage(['--resume', '--out', short, '--steps', '3'], /--steps 3 is below the 9 steps the run in \S*short has done/);
    expect(existsSync(`${short}.partial`)).toBe(false);
    const model = readFileSync(join(short, 'model.safetensors'));
    writeFileSync(files[1], readFileSync(files[1], 'utf8').replace(/\n$/, '\n2099-01-01,1.0\n'));
    await expect(runPortfolioTrain(['--resume', '--out', short, '--steps', '12'], () => {})).rejects.toThrow(/BBB\.csv: differs from the file .*checkpoint\.safetensors was trained on/);
    expect(readFileSync(join(short, 'model.safetensors'))).toEqual(model);
    // The copy made to continue the published run held no progress of its own: it is not left behind.
    expect(existsSync(`${short}.partial`)).toBe(false);
  });

  it('as a process: SIGINT writes a checkpoint into DIR.partial, names the resume command and exits 130', async () => {
    const out = join(home, 'signalled');
    const run = startCli(['portfolio', 'train', '--data', `${files[0]},${files[2]}`, '--out', out, '--steps', '100000']);
    // However slow the machine: the runner's per-test limit, not this wait, bounds a run that never logs.
    await until(() => logRows(`${out}.partial`).length > 0);
    run.child.kill('SIGINT');
    const { code } = await run.exit;
    expect(code).toBe(130);
    expect(run.stderr()).toMatch(/interrupted at step \d+ .*Continue with: node --import tsx \S*src\/cli\/main\.ts portfolio train --resume --out /);
    expect(run.stderr()).toContain(`(${out} is made when a run completes)`); // a first run: no DIR to be unchanged
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(`${out}.partial`, 'checkpoint.safetensors'))).toBe(true);
    await expect(runPortfolioEval(['--model', out], () => {}, () => {})).rejects.toThrow(/holds an unfinished run \(continue it: gangrad portfolio train --resume --out /);
  });

  it('as a process: SIGINT during the calibration says it stops the calibration (no step runs then), exits 130', async () => {
    const out = join(home, 'signalled-calibrating');
    const run = startCli(['portfolio', 'train', '--data', `${files[0]},${files[2]}`, '--out', out, '--steps', '4']);
    interruptWhen(run, /calibrating the level process/);
    const { code } = await run.exit;
    expect(code, run.stderr()).toBe(130);
    expect(run.stderr()).toContain('SIGINT: stopping the calibration; the trained run stays in its checkpoint, which --resume calibrates (Ctrl-C again');
    expect(run.stderr()).not.toContain('finishing this step');
    expect(run.stderr()).toMatch(/interrupted at step 4 .*portfolio train --resume --out /);
    expect(existsSync(join(`${out}.partial`, 'checkpoint.safetensors'))).toBe(true);
  });
});

describe('gangrad portfolio: one market twice', () => {
  it('is refused by file or by name (in any case), as a usage error, and so is one column', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'gangrad-portfolio-twice-')), 'm');
    await expect(portfolioCommand(['train', '--data', 'data/orcl_daily.csv,./data/orcl_daily.csv', '--out', out])).rejects.toThrow(new UsageError(`--data: ${join(process.cwd(), 'data/orcl_daily.csv')} is given twice; a portfolio holds each market once`));
    // A link to the file is the same market under another name.
    const link = join(dirname(out), 'orcl-link.csv');
    symlinkSync(join(process.cwd(), 'data/orcl_daily.csv'), link);
    await expect(portfolioCommand(['train', '--data', `data/orcl_daily.csv,${link}`, '--out', out])).rejects.toThrow(new UsageError(`--data: ${link} and data/orcl_daily.csv are the same file (${realpathSync('data/orcl_daily.csv')}); a portfolio holds each market once`));
    await expect(portfolioCommand(['train', '--data', 'data/orcl_daily.csv,data/jpm_daily.csv', '--names', 'a,a', '--out', out])).rejects.toThrow(new UsageError("--names: 'a' is given twice (names are matched ignoring case); give each asset its own name"));
    await expect(portfolioCommand(['train', '--data', 'data/orcl_daily.csv,data/jpm_daily.csv', '--names', 'SPX,spx', '--out', out])).rejects.toThrow(new UsageError("--names: 'SPX' is given twice (names are matched ignoring case); give each asset its own name"));
    await expect(portfolioCommand(['train', '--wide', 'data/orcl_daily.csv', '--names', 'close', '--out', out])).rejects.toThrow(new UsageError("--names: a portfolio needs at least 2 columns, got 1 (close); one asset is gangrad train's job"));
    expect(existsSync(out)).toBe(false);
  });
});
