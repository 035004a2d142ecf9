/**
 * Issue 13, one test per row of its table: each runs the CLI the way a hostile but realistic user
 * would, and checks that nothing is lost and nothing silently wrong. Runs are tiny (window 8, one
 * hidden layer of 8) so each costs about the 1 s of starting tsx.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelFile } from '../src/finance/model/model.js';
import { writeSmallPriceFile } from './helpers/prices.js';
import { cli, logRows, snapshot, startCli, TINY, until } from './helpers/cli.js';
import { editModelMetadata } from './helpers/tiny-model.js';

let dir: string;
let data: string;
let base: string;
/** A fresh copy of the base model directory. */
const copyOfBase = (name: string) => {
  const target = join(dir, name);
  cpSync(base, target, { recursive: true });
  return target;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gangrad-reliability-'));
  data = writeSmallPriceFile(dir, 300);
  base = join(dir, 'base');
  const r = cli(['train', '--data', data, '--out', base, '--steps', '12', '--eval-every', '6', '--checkpoint-every', '6', ...TINY]);
  expect(r.status, r.stderr).toBe(0);
  // Which file and column were read is said (a file with Close and Adj Close trains on the adjusted one).
  expect(r.stderr).toMatch(new RegExp(`^data: ${data.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, column 'close', 2000-01-03 to \\d{4}-\\d{2}-\\d{2}; test part from \\d{4}-\\d{2}-\\d{2} \\(never trained on\\)$`, 'm'));
});

describe('model directories', () => {
  it('train into an existing --out is refused; a failed --force run (lr 1000 diverges) leaves it intact', () => {
    const out = copyOfBase('existing');
    const before = snapshot(out);
    const refused = cli(['train', '--data', data, '--out', out, '--steps', '12', ...TINY]);
    expect(refused.status).toBe(2); // a usage error, refused before the data is read
    expect(refused.stderr).toContain(`${out}: already holds a model; pass --force to replace it`);
    const missing = cli(['train', '--data', join(dir, 'no-such.csv'), '--out', join(dir, 'never'), ...TINY]);
    expect([missing.status, missing.stderr.trim()]).toEqual([2, `gangrad train: --data ${join(dir, 'no-such.csv')}: no such file`]);
    // A directory is refused the same way, as forecast, eval and backtest refuse it (it was 'cannot read (EISDIR)', exit 1).
    const folder = cli(['train', '--data', dir, '--out', join(dir, 'never'), ...TINY]);
    expect([folder.status, folder.stderr.trim()]).toEqual([2, `gangrad train: ${dir}: a directory, not a CSV file (--data)`]);
    const diverged = cli(['train', '--data', data, '--out', out, '--force', '--lr', '1000', '--steps', '2000', '--eval-every', '1000', ...TINY]);
    expect(diverged.status).toBe(1);
    expect(diverged.stderr).toMatch(/training diverged at step \d+: .*(a loss above 50 on 3 metric reads in a row|not finite|generated values)/);
    expect(diverged.stderr).not.toMatch(/done:/);
    expect(snapshot(out)).toEqual(before); // log not truncated, config not rewritten, model not replaced
    expect(readdirSync(dir).filter((f) => f.startsWith('existing'))).toEqual(['existing']);
  });

  it('a new run killed before its first checkpoint: --resume refuses instead of resuming the old run', async () => {
    const out = copyOfBase('killed');
    const before = snapshot(out);
    const run = startCli(['train', '--data', data, '--out', out, '--force', '--steps', '100000', '--eval-every', '100000', '--checkpoint-every', '100000', ...TINY]);
    await until(() => existsSync(join(`${out}.partial`, 'training-log.csv')));
    run.child.kill('SIGKILL');
    await run.exit;
    const resumed = cli(['train', '--resume', '--out', out, ...TINY]);
    expect(resumed.status).toBe(1);
    expect(resumed.stderr).toMatch(/no longer runs; taking it over/); // the killed run's lock
    expect(resumed.stderr).toContain(`${out}.partial/checkpoint.safetensors: no checkpoint: the run in ${out}.partial stopped before its first one, so there is nothing to resume; start it again: gangrad train with its options and --force`);
    expect(snapshot(out)).toEqual(before);
  });

  it('--resume refuses a model and a checkpoint from different runs', () => {
    const out = copyOfBase('mixed');
    const other = join(dir, 'other');
    expect(cli(['train', '--data', data, '--out', other, '--steps', '6', '--eval-every', '3', '--seed', '5', ...TINY]).status).toBe(0);
    cpSync(join(other, 'model.safetensors'), join(out, 'model.safetensors'));
    // The mismatch is named first, also when --steps is below the checkpoint's (which alone is a usage error).
    const below = cli(['train', '--resume', '--out', out, '--steps', '1', ...TINY]);
    expect(below.status).toBe(1);
    expect(below.stderr).toMatch(/does not belong with/);
    const r = cli(['train', '--resume', '--out', out, '--steps', '20', ...TINY]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/model\.safetensors \(run [\w-]+, step \d+\) does not belong with .*checkpoint\.safetensors \(run [\w-]+/);
  });

  it('two trains into one directory: the second names the first; SIGTERM checkpoints and exits 143; resume completes', async () => {
    const out = join(dir, 'shared');
    const first = startCli(['train', '--data', data, '--out', out, '--steps', '100000', '--eval-every', '5', '--checkpoint-every', '100000', ...TINY]);
    await until(() => logRows(`${out}.partial`).length >= 2);
    const second = cli(['train', '--data', data, '--out', out, '--force', ...TINY]);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`${out}: locked by process ${first.child.pid} (gangrad train, started`);
    first.child.kill('SIGTERM');
    expect((await first.exit).code).toBe(143);
    expect(first.stderr()).toMatch(/interrupted at step \d+/);
    const step = Number(/interrupted at step (\d+)/.exec(first.stderr())![1]);
    const checkpoint = loadModelFile(join(`${out}.partial`, 'checkpoint.safetensors'));
    expect(checkpoint.metadata.step).toBe(step); // written by the signal: no progress lost
    expect(existsSync(out)).toBe(false);
    const steps = logRows(`${out}.partial`).map((r) => r.split(',')[0]);
    expect(new Set(steps).size).toBe(steps.length); // no duplicate rows
    const resumed = cli(['train', '--resume', '--out', out, '--steps', String(step + 3), ...TINY]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`done: ${step + 3} steps`));
    expect(existsSync(`${out}.partial`)).toBe(false);
    expect(existsSync(`${out}.lock`)).toBe(false);
    expect(loadModelFile(join(out, 'checkpoint.safetensors')).metadata.runId).toBe(checkpoint.metadata.runId);
  });
});

describe('batches of one row', () => {
  it('train --batch 1 and sample --count 1', () => {
    const out = join(dir, 'batch1');
    const train = cli(['train', '--data', data, '--out', out, '--steps', '4', '--eval-every', '2', ...TINY.map((v, i) => (TINY[i - 1] === '--batch' ? '1' : v))]);
    expect(train.status, train.stderr).toBe(0);
    const csv = join(dir, 'one.csv');
    const sample = cli(['sample', '--model', out, '--count', '1', '--out', csv, '--backend', 'cpu']);
    expect(sample.status, sample.stderr).toBe(0);
    expect(readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(1 + 9);
    // An existing file is a result: replaced only when asked.
    const again = cli(['sample', '--model', out, '--count', '2', '--out', csv, '--backend', 'cpu']);
    expect([again.status, again.stderr.trim()]).toEqual([2, `gangrad sample: ${csv} exists; pass --force to replace it`]);
    expect(readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(1 + 9);
    expect(cli(['sample', '--model', out, '--count', '2', '--out', csv, '--backend', 'cpu', '--force']).status).toBe(0);
    expect(readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(1 + 2 * 9);
  });
});

describe('damaged models', () => {
  it('200 flipped bytes in the weights: sample, eval and report fail naming the file; no CSV is written', () => {
    const out = copyOfBase('flipped');
    const file = join(out, 'model.safetensors');
    const bytes = readFileSync(file);
    const dataStart = 8 + Number(bytes.readBigUInt64LE(0));
    for (let i = 0; i < 200; i++) bytes[dataStart + ((i * 7919) % (bytes.length - dataStart))] ^= 0x5a;
    writeFileSync(file, bytes);
    const csv = join(dir, 'flipped.csv');
    for (const args of [['sample', '--count', '2', '--out', csv], ['eval', '--count', '64'], ['report']]) {
      const r = cli([...args, '--model', out, '--backend', 'cpu']);
      expect(r.status, args[0]).toBe(1);
      expect(r.stderr).toContain(`${file}: damaged: checksum`);
    }
    expect(existsSync(csv)).toBe(false);
    expect(existsSync(join(out, 'report.html'))).toBe(false);
  });

  it('one weight tensor set to NaN (a file without checksum): refused, naming the tensor', () => {
    const out = copyOfBase('nan');
    const file = join(out, 'model.safetensors');
    const bytes = readFileSync(file);
    const length = Number(bytes.readBigUInt64LE(0));
    const header = bytes.subarray(8, 8 + length).toString('latin1').replace(/"gangrad_checksum":"crc32:[0-9a-f]{8}"/, (m) => `"x${' '.repeat(m.length - 6)}":""`);
    bytes.write(header, 8, 'latin1');
    const entry = JSON.parse(header)['generator.layers.0.weight'] ?? Object.entries(JSON.parse(header)).find(([k]) => k.startsWith('generator.'))![1];
    for (let i = entry.data_offsets[0]; i < entry.data_offsets[1]; i += 4) bytes.writeFloatLE(NaN, 8 + length + i);
    writeFileSync(file, bytes);
    const r = cli(['sample', '--model', out, '--count', '2', '--out', join(dir, 'nan.csv'), '--backend', 'cpu']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`${file}: no checksum[^]*${file}: tensor 'generator\\.[\\w.]+' holds NaN at index 0`));
  });

  it('edited metadata (regime.quantiles: []) names the file and field', () => {
    const out = copyOfBase('edited');
    editModelMetadata(join(out, 'model.safetensors'), (m: any) => { m.transforms.regime.quantiles = []; });
    const r = cli(['sample', '--model', out, '--count', '2', '--out', join(dir, 'edited.csv'), '--backend', 'cpu']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${join(out, 'model.safetensors')}: metadata field 'transforms.regime.quantiles' must be a list of at least 2 numbers, got []`);
  });
});

describe('outputs and data', () => {
  it('sample --out into a missing or read-only directory: a message naming the file, no stack trace', () => {
    const missing = join(dir, 'nowhere', 'x.csv');
    const r = cli(['sample', '--model', base, '--count', '2', '--out', missing, '--backend', 'cpu']);
    // Refused as a usage error before the model is even loaded.
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`gangrad sample: cannot write ${missing}: its directory ${join(dir, 'nowhere')} does not exist`);
    if (process.getuid?.() !== 0) { // root writes into read-only directories anyway
      const readOnly = join(dir, 'read-only');
      mkdirSync(readOnly);
      chmodSync(readOnly, 0o555);
      const denied = cli(['sample', '--model', base, '--count', '2', '--out', join(readOnly, 'x.csv'), '--backend', 'cpu']);
      expect(denied.status).toBe(1);
      expect(denied.stderr).toContain(`${join(readOnly, 'x.csv')}: cannot write (EACCES: permission denied)`);
    }
  });

  it('eval and report refuse a data file changed since training; data paths are stored absolute', () => {
    const changed = join(dir, 'changed.csv');
    writeFileSync(changed, readFileSync(data, 'utf8').replace(/,(\d+)\.(\d)/, ',$1.9'));
    for (const command of ['eval', 'report']) {
      const r = cli([command, '--model', base, '--data', changed, '--backend', 'cpu']);
      expect(r.status, command).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`${changed}: differs from the data the model was trained on \\(SHA-256 [0-9a-f]{12}…, trained on [0-9a-f]{12}…\\).*--allow-changed-data`));
    }
    const relative = cli(['train', '--data', 'prices.csv', '--out', 'relative', '--steps', '2', '--eval-every', '2', ...TINY], dir);
    expect(relative.status, relative.stderr).toBe(0);
    expect(loadModelFile(join(dir, 'relative', 'model.safetensors')).metadata.data.file).toBe(data);
  });

  it('a training file moved since: forecast, backtest, eval and report all fail alike (exit 1), saying to pass --data with a copy', () => {
    // The model's record pointed elsewhere, as if the file had moved (forecast exited 2 here, the others 1).
    const out = copyOfBase('moved-data');
    const gone = join(dir, 'moved-away.csv');
    editModelMetadata(join(out, 'model.safetensors'), (m) => { (m.data as { file: string }).file = gone; });
    for (const command of ['forecast', 'backtest', 'eval', 'report']) {
      const r = cli([command, '--model', out, '--backend', 'cpu']);
      expect([r.status, r.stderr.trim()], command).toEqual([1, `gangrad ${command}: ${gone}: the data file the model was trained on does not exist; pass --data FILE with a copy of that file`]);
    }
  });

  it('implausible prices (a hexadecimal number) fail naming the line', () => {
    const hex = join(dir, 'hex.csv');
    writeFileSync(hex, readFileSync(data, 'utf8').replace(/\n(\d{4}-\d\d-\d\d),[\d.]+\n/, '\n$1,0x10\n'));
    const r = cli(['train', '--data', hex, '--out', join(dir, 'hex'), '--steps', '2', ...TINY]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`${hex}:2: close '0x10' is not a decimal number \\(to skip it with a warning: --allow-outliers with gangrad train`));
  });

  it('a null price in backtest and report fails saying the file needs correcting (neither takes --allow-outliers)', () => {
    const nulls = join(dir, 'nulls.csv');
    writeFileSync(nulls, readFileSync(data, 'utf8').replace(/\n(\d{4}-\d\d-\d\d),[\d.]+\n/, '\n$1,null\n'));
    for (const command of ['backtest', 'report']) {
      const r = cli([command, '--model', base, '--data', nulls, '--allow-changed-data', '--backend', 'cpu']);
      expect([r.status, r.stderr.trim()], command).toEqual([1, `gangrad ${command}: ${nulls}:2: close 'null' is not a number (to skip it with a warning: --allow-outliers with gangrad train and forecast, allowOutliers: true in code; backtest, report, eval and the portfolio commands take no such option: correct the file)`]);
    }
  });

  it('flat prices in eval fail instead of printing a NaN table', () => {
    const flat = join(dir, 'flat.csv');
    writeFileSync(flat, readFileSync(data, 'utf8').replace(/,[\d.]+$/gm, ',100'));
    const r = cli(['eval', '--model', base, '--data', flat, '--allow-changed-data', '--count', '64', '--backend', 'cpu']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`${flat}: the test part \\(from [\\d-]+\\) has flat prices`));
    expect(r.stdout).not.toMatch(/NaN|pass/);
  });

  it('sample --count 100000000 streams with bounded memory and a progress line; SIGINT exits 130 leaving no file', async () => {
    const csv = join(dir, 'huge.csv');
    const run = startCli(['sample', '--model', base, '--count', '100000000', '--out', csv, '--backend', 'cpu']);
    await until(() => /sample: \d+\/100000000 paths/.test(run.stderr()), 240);
    const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${run.child.pid}/status`, 'utf8'))![1]) * 1024;
    expect(rss).toBeLessThan(600 * 2 ** 20);
    expect(existsSync(`${csv}.tmp-${run.child.pid}`)).toBe(true);
    run.child.kill('SIGINT');
    expect((await run.exit).code).toBe(130);
    expect(run.stderr()).toMatch(/\nSIGINT: interrupted\n$/); // said last, not left at the progress line
    expect(readdirSync(dir).filter((f) => f.startsWith('huge'))).toEqual([]);
  });

  it('--help documents the exit codes', () => {
    const r = cli(['sample', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Exit codes: 0 done, 1 failure .* 2 usage .* 130 interrupted by\s+SIGINT \(Ctrl-C\), 143 by SIGTERM/s); // the help wraps its lines
  });
});
