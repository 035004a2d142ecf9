import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSmallPriceFile } from './helpers/prices.js';
import { cli, interruptWhen, logRows, startCli, until } from './helpers/cli.js';

// Hidden width 8: the default 256×256 generator makes the level-process calibration after training
// take minutes on the scalar cpu backend, and nothing here depends on the network's size.
const tiny = ['--window', '8', '--batch', '16', '--hidden', '8', '--backend', 'cpu', '--eval-every', '20', '--checkpoint-every', '20'];

describe('gangrad CLI', () => {
  it('--help on every command, usage errors exit 2 with a message', () => {
    for (const command of ['train', 'sample', 'eval', 'report']) {
      const r = cli([command, '--help']);
      expect(r.status, command).toBe(0);
      expect(r.stdout).toContain(`gangrad ${command}:`);
    }
    expect(cli(['sample', '--model', 'x', '--count', '1', '--out', '/tmp/x.csv', '--length', 'ten']).stderr).toMatch(/--length must be an integer/);
    // Too few long-horizon days for the criteria: a usage error, not a statistic that comes out NaN.
    const short = cli(['eval', '--model', 'x', '--paths', '1', '--length', '100']);
    expect([short.status, short.stderr]).toEqual([2, expect.stringContaining("--length must be an integer from 200 to 100000 (the long-horizon criteria compare 100-day returns and autocorrelations up to lag 100), got '100'")]);
    const few = cli(['eval', '--model', 'x', '--paths', '1', '--length', '300']);
    expect([few.status, few.stderr]).toEqual([2, expect.stringContaining('--paths 1 --length 300: the long-horizon criteria need 100-day returns and autocorrelations up to lag 100')]);
    const bad = cli(['train', '--steps', '1.5']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--steps must be an integer ≥ 1, got '1.5'/);
    for (const lr of ['0', '-1']) expect(cli(['train', '--lr', lr]).stderr).toContain(`--lr must be a positive number (e.g. 0.0002), got '${lr}'`);
    // A factor of 1 (or less) would call every price move implausible: refused before any data is read.
    for (const jump of ['1', '0', 'NaN']) {
      const r = cli(['train', '--max-jump', jump]);
      expect([r.status, r.stderr.trim()]).toEqual([2, `gangrad train: --max-jump must be a number above 1 (a one-day price ratio, e.g. 5), got '${jump}'`]);
    }
    expect(cli(['frobnicate']).status).toBe(2);
    // The version of the package the command belongs to, as a developer checks what npm installed.
    const version = cli(['--version']);
    expect([version.status, version.stdout]).toEqual([0, `${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`]);
    expect(cli(['train', '--backend', 'tpu']).stderr).toMatch(/--backend must be one of/);
    const output = cli(['train', '--generator-output', 'wavelets']);
    expect(output.status).toBe(2);
    expect(output.stderr).toMatch(/--generator-output must be one of returns, unit-rms-shape, got 'wavelets'/);
  });

  it('bad data fails with the file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-cli-'));
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'date,close\n2020-01-02,5\n2020-01-03,-1\n');
    const r = cli(['train', '--data', file, '--out', join(dir, 'out'), ...tiny]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file}:3: close -1 is not positive`);
  });

  it('train | head: a reader that stops early does not stop the run (it finishes and publishes the model, exit 0)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-cli-pipe-'));
    const data = writeSmallPriceFile(dir);
    const out = join(dir, 'model');
    const run = startCli(['train', '--data', data, '--out', out, '--steps', '40', ...tiny]);
    // As `| head -1`: the reading end closes after the first line, and the run writes on into a closed pipe.
    run.child.stderr!.once('data', () => run.child.stderr!.destroy());
    const { code } = await run.exit;
    expect(code).toBe(0);
    expect(existsSync(join(out, 'model.safetensors'))).toBe(true);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('train → Ctrl-C during the level process\'s calibration leaves the run in DIR.partial → resume calibrates and publishes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-cli-calibrating-'));
    const data = writeSmallPriceFile(dir);
    const out = join(dir, 'model');
    const run = startCli(['train', '--data', data, '--out', out, '--steps', '20', ...tiny]);
    // The signal as soon as the line announcing the calibration arrives (72 candidates follow it), once.
    interruptWhen(run, /calibrating the level process/);
    const { code } = await run.exit;
    expect(code, run.stderr()).toBe(130);
    // No step runs then: the signal stops the calibration, and says so.
    expect(run.stderr()).toContain('SIGINT: stopping the calibration; the trained run stays in its checkpoint, which --resume calibrates (Ctrl-C again');
    expect(run.stderr()).not.toContain('finishing this step');
    expect(run.stderr()).toMatch(/interrupted at step 20 .*Continue with: .* train --resume --out /);
    // A first run: there is no DIR to be unchanged.
    expect(run.stderr()).toContain(`(${out} is made when a run completes)`);
    expect(run.stderr()).not.toContain('is unchanged');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(`${out}.partial`, 'checkpoint.safetensors'))).toBe(true);
    const resumed = cli(['train', '--resume', '--out', out, '--backend', 'cpu']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/level process calibrated to the generator: persistence ×[\d.]+, spread ×[\d.]+/);
    expect(resumed.stderr).toMatch(/done: 20 steps/);
    expect(existsSync(join(out, 'model.safetensors'))).toBe(true);
  });

  it('train → Ctrl-C writes a checkpoint → resume → sample, eval, report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-cli-'));
    const data = writeSmallPriceFile(dir);
    const out = join(dir, 'model');
    // Interrupt a long run once it has logged a few steps.
    const run = startCli(['train', '--data', data, '--out', out, '--steps', '100000', ...tiny]);
    // However slow the machine: the runner's per-test limit, not this wait, bounds a run that never logs.
    await until(() => logRows(`${out}.partial`).length > 2);
    run.child.kill('SIGINT');
    const { code } = await run.exit;
    expect(code).toBe(130); // SIGINT, told apart from a finished run
    const stopped = Number(/interrupted at step (\d+)/.exec(run.stderr())?.[1]);
    expect(stopped).toBeGreaterThan(0);
    // The resumed target lies beyond the interrupted step, wherever a fast machine got to before the signal.
    const target = stopped + 20;
    expect(existsSync(out)).toBe(false); // nothing published: the unfinished run waits in out.partial
    expect(existsSync(join(`${out}.partial`, 'checkpoint.safetensors'))).toBe(true);
    expect(existsSync(join(`${out}.partial`, 'model.safetensors'))).toBe(true);

    const resumed = cli(['train', '--resume', '--out', out, '--steps', String(target), '--backend', 'cpu']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`done: ${target} steps`));
    expect(existsSync(`${out}.partial`)).toBe(false);
    expect(existsSync(`${out}.lock`)).toBe(false);
    // Resumed again without --steps: on to the run's own target (reached), not the default 10,000.
    const again = cli(['train', '--resume', '--out', out, '--backend', 'cpu']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(new RegExp(`done: ${target} steps`));

    const csv = join(dir, 'paths.csv');
    const sample = cli(['sample', '--model', out, '--count', '3', '--length', '20', '--start-price', '50', '--out', csv, '--backend', 'cpu']);
    expect(sample.status, sample.stderr).toBe(0);
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('path,step,log_return,price');
    expect(rows.length).toBe(1 + 3 * 21);
    expect(rows[1]).toBe('0,0,,50');
    const [p, s, r, price] = rows[2].split(',').map(Number);
    expect([p, s]).toEqual([0, 1]);
    expect(price).toBeCloseTo(50 * Math.exp(r), 4);

    const json = join(dir, 'eval.json');
    // wasm: eval and report train a discriminative classifier per model (the GAN and four baselines) and
    // draw; one draw of short paths is enough here (finance-long-horizon.test.ts checks the averaging over draws).
    const evaluation = cli(['eval', '--model', out, '--count', '200', '--draws', '1', '--paths', '6', '--length', '300', '--json', json, '--backend', 'wasm']);
    expect(evaluation.status, evaluation.stderr).toBe(0);
    expect(evaluation.stdout).toMatch(/excess kurtosis/);
    expect(evaluation.stdout).toMatch(/discriminative score/);
    const figures = JSON.parse(readFileSync(json, 'utf8'));
    expect(figures.criteria).toHaveLength(8);
    // How the figures were drawn, for report --evaluation's page.
    expect([figures.seed, figures.count]).toEqual([7, 200]);
    // A criterion name longer than the usual name column widens it: its target stays under the header's.
    const text = evaluation.stdout.split('\n');
    const header = text.filter((l) => l.startsWith('criterion')).at(-1)!, long = text.find((l) => l.startsWith('99.5% quantile of daily returns, relative error'))!;
    expect(long.indexOf('≤ 20%') + '≤ 20%'.length).toBe(header.indexOf('target') + 'target'.length);
    expect(figures.criteria.map((c: { name: string }) => c.name)).toContain('std ratio to the training part');
    // One draw has no spread: null, not 0, wherever the JSON would give one.
    expect([figures.criteria[0].spread, figures.longHorizon.criteria[0].spread, figures.models[0].comparisonSpread]).toEqual([null, null, null]);
    expect(figures.gaussian.facts.excessKurtosis).toBeLessThan(1);
    expect(evaluation.stdout).toMatch(/reference: the real training part/);
    expect(figures.trainingPart.w1).toBeGreaterThan(0);
    // The verdict on the run, from its training log: a line in the text, an object in the JSON.
    expect(evaluation.stdout).toMatch(/^Training (converged|did NOT converge)/m);
    expect(typeof figures.convergence.converged).toBe('boolean');

    const report = cli(['report', '--model', out, '--days', '30', '--draws', '1', '--backend', 'wasm']);
    expect(report.status, report.stderr).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect((html.match(/<svg /g) ?? []).length).toBe(10);
    expect(html).toContain('Volatility clustering');
    expect(html).toMatch(figures.convergence.converged ? /Training converged/ : /Training did not converge/);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/); // self-contained

    // The report can take eval's figures instead of evaluating again, only for the model they belong to.
    const reused = join(dir, 'reused.html');
    const fromJson = cli(['report', '--model', out, '--days', '30', '--evaluation', json, '--out', reused, '--backend', 'wasm']);
    expect(fromJson.status, fromJson.stderr).toBe(0);
    expect(fromJson.stderr).not.toMatch(/discriminative score/); // no evaluation was run
    const gan = figures.criteria.find((c: { name: string }) => c.name === 'discriminative score').values.GAN.toFixed(4);
    const reusedPage = readFileSync(reused, 'utf8');
    expect(reusedPage).toContain(gan);
    // What the page is of: the model and its settings, the data and its parts' dates, how the figures were drawn.
    expect(reusedPage).toMatch(new RegExp(`<p class="about">Model ${out}, step \\d+: trained \\d+ steps, lr [\\d.e-]+, hidden [\\d,]+, window \\d+ days, seed \\d+\\.</p>`));
    expect(reusedPage).toMatch(/<p class="about">Data .*, column close, \d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d; training part \d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d \(\d+ days\), validation part .* test part \d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d \(\d+ days\)\.<\/p>/);
    expect(reusedPage).toContain(`<p class="about">Evaluation (${json}, written by gangrad eval): seed 7, 200 windows per model and draw, 1 draw.</p>`);
    // The data saved with Windows line endings is the same data, as the model's own check says: its figures still apply.
    const crlf = join(dir, 'crlf.csv');
    writeFileSync(crlf, readFileSync(data, 'utf8').replace(/\n/g, '\r\n'));
    const fromCopy = cli(['report', '--model', out, '--data', crlf, '--days', '30', '--evaluation', json, '--out', join(dir, 'crlf.html'), '--backend', 'wasm']);
    expect(fromCopy.status, fromCopy.stderr).toBe(0);
    const stale = join(dir, 'stale.json');
    writeFileSync(stale, JSON.stringify({ ...figures, step: figures.step + 1 }));
    const refused = cli(['report', '--model', out, '--evaluation', stale, '--out', join(dir, 'refused.html'), '--backend', 'wasm']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`${stale}: evaluates another model: step ${figures.step + 1} (the model's is ${figures.step})`);
    expect(existsSync(join(dir, 'refused.html'))).toBe(false);
    // An --evaluation that names no file is a wrong argument, as a missing --data is.
    const missing = cli(['report', '--model', out, '--evaluation', join(dir, 'nowhere.json'), '--out', join(dir, 'missing.html'), '--backend', 'wasm']);
    expect([missing.status, missing.stderr]).toEqual([2, expect.stringContaining(`--evaluation ${join(dir, 'nowhere.json')}: no such evaluation file`)]);
    // --draws with --evaluation would be ignored: a usage error instead.
    const both = cli(['report', '--model', out, '--evaluation', json, '--draws', '3', '--out', join(dir, 'both.html'), '--backend', 'wasm']);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain(`--draws applies when report evaluates the model itself; with --evaluation ${json}`);
    expect(existsSync(join(dir, 'both.html'))).toBe(false);
    // An existing page or JSON is replaced only with --force; the refusal comes before any work.
    const before = readFileSync(reused, 'utf8');
    for (const again of [['report', '--model', out, '--evaluation', json, '--out', reused], ['report', '--model', out, '--evaluation', json], ['eval', '--model', out, '--json', json]]) {
      const r = cli([...again, '--backend', 'wasm']);
      expect([r.status, r.stderr]).toEqual([2, expect.stringMatching(/(reused\.html|report\.html|eval\.json) exists; pass --force to replace it/)]);
    }
    expect(readFileSync(reused, 'utf8')).toBe(before);
    const forced = cli(['report', '--model', out, '--days', '30', '--evaluation', json, '--out', reused, '--force', '--backend', 'wasm']);
    expect(forced.status, forced.stderr).toBe(0);
    // Without its training log (deleted, or a model copied without it) the page goes without the curves;
    // a damaged log is named, line and field, and read as absent.
    const log = join(out, 'training-log.csv'), kept = readFileSync(log, 'utf8');
    rmSync(log);
    const noLog = cli(['report', '--model', out, '--days', '30', '--evaluation', json, '--out', join(dir, 'no-log.html'), '--backend', 'wasm']);
    expect(noLog.status, noLog.stderr).toBe(0);
    const noLogPage = readFileSync(join(dir, 'no-log.html'), 'utf8');
    expect(noLogPage).toContain('no training log beside the model');
    expect(noLogPage).not.toContain('Training: losses');
    // A NaN loss (the trainer writes NaN for one) in the warning on the page does not refuse the page: only figures may not be NaN.
    writeFileSync(log, kept.replace(/\n(\d+),[^,\n]+,/, '\n$1,NaN,'));
    const damaged = cli(['report', '--model', out, '--days', '30', '--evaluation', json, '--out', join(dir, 'damaged-log.html'), '--backend', 'wasm']);
    expect(damaged.status, damaged.stderr).toBe(0);
    expect(damaged.stderr).toMatch(new RegExp(`warning: ${log}, line 2: 'dLoss' is "NaN", not a finite number \\(the training log is damaged\\); going on without it`));
    // The warning is on the page too, not on stderr alone.
    expect(readFileSync(join(dir, 'damaged-log.html'), 'utf8')).toContain(`<b>Warnings</b><ul><li>${log}, line 2: 'dLoss' is &quot;NaN&quot;, not a finite number`);
    writeFileSync(log, kept);
  }, 900_000); // eleven CLI runs, two of them evaluations: a generous bound for a slow, loaded machine
});
