import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, getBackend, setBackend, type Backend } from '../src/index.js';
import { decodeSafetensors, encodeSafetensors, readSafetensorsFile } from '../src/io/index.js';
import { DEFAULT_TABULAR_CONFIG, loadTabularModel } from '../src/tabular/model/model.js';
import { sampleTable } from '../src/tabular/model/sample.js';
import { loadTable } from '../src/tabular/data/table.js';
import { trainTabularGan } from '../src/tabular/training/train.js';
import { closestDistances, runTabularExperiment } from '../src/tabular/index.js';
import { buildTabularNetworks, createTabularTrainer } from '../src/tabular/model/model.js';
import { encode, fitTransform } from '../src/tabular/data/transforms.js';
import { memory, Rng } from '../src/index.js';
import { backendCases, onBackend, probeWebGpu, webgpuCase } from './helpers/backends.js';

const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'tabular', ...args], { encoding: 'utf8', timeout: 900_000 });
const tinyConfig = { ...DEFAULT_TABULAR_CONFIG, hidden: [16, 16], latentDim: 8, batch: 32, steps: 20, logEvery: 5, checkpointEvery: 10 };
const tinyArgs = ['--hidden', '16,16', '--batch', '32', '--backend', 'wasm'];

/** A small table with a numeric, a text and a one-hot column, and a rare class. */
function writeSmallTable(dir: string): string {
  const lines = ['amount,purpose,Home.own,Home.rent,risk'];
  for (let i = 0; i < 120; i++) lines.push(`${100 + ((i * 37) % 90)},${['car', 'tv', 'study'][i % 3]},${i % 4 ? 1 : 0},${i % 4 ? 0 : 1},${i % 5 ? 'good' : 'bad'}`);
  const file = join(dir, 'small.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

let previous: Backend;
beforeAll(async () => { previous = getBackend(); setBackend(await createBackend('wasm', { threads: 1 })); });
afterAll(() => { getBackend().destroy(); setBackend(previous); });

describe('tabular GAN training', () => {
  it('refuses a misspelt option or field and a bad setting before anything is built; a failed run leaves no tensor behind', async () => {
    const data = writeSmallTable(mkdtempSync(join(tmpdir(), 'gangrad-tabular-')));
    const config = { ...tinyConfig, target: 'risk' };
    await expect(trainTabularGan({ data, config, foo: 1 } as never)).rejects.toThrow("trainTabularGan: unknown option 'foo'");
    await expect(trainTabularGan({ data, config: { ...config, step: 30 } as never })).rejects.toThrow("trainTabularGan: unknown config field 'step'");
    await expect(trainTabularGan({ data: 5 as never, config })).rejects.toThrow("trainTabularGan: option 'data' must be a CSV file's path or a table (loadTable, parseTable), got number");
    const before = memory().tensors;
    await expect(trainTabularGan({ data, config: { ...config, seed: -1 } })).rejects.toThrow('trainTabularGan: config: seed must be an integer from 0 to 4294967295, got -1');
    await expect(trainTabularGan({ data, config: { ...config, temperature: 0 } })).rejects.toThrow('trainTabularGan: config.temperature must be a positive number, got 0');
    await expect(trainTabularGan({ data, config: { ...config, lr: Number.NaN } })).rejects.toThrow('trainTabularGan: config.lr must be a positive number, got NaN');
    await expect(trainTabularGan({ data, config: { ...config, pac: 3 } })).rejects.toThrow('trainTabularGan: config.pac 3 must divide config.batch 32');
    await expect(trainTabularGan({ data, config, onProgress: () => { throw new Error('the caller\'s own failure'); } })).rejects.toThrow("the caller's own failure");
    expect(memory().tensors).toBe(before);
  });

  it('resuming from a checkpoint gives bit-identical weights; samples keep columns, classes and units', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-tabular-'));
    const data = writeSmallTable(dir);
    const config = { ...tinyConfig, target: 'risk' };
    await trainTabularGan({ data, config, out: join(dir, 'straight') });
    await trainTabularGan({ data, config: { ...config, steps: 10 }, out: join(dir, 'resumed') });
    await trainTabularGan({ data, config, out: join(dir, 'resumed'), resume: true });
    const a = readSafetensorsFile(join(dir, 'straight', 'model.safetensors'));
    const b = readSafetensorsFile(join(dir, 'resumed', 'model.safetensors'));
    expect(b.metadata.step).toBe('20');
    for (const [name, t] of a.tensors) expect(Array.from(b.tensors.get(name)!.data), name).toEqual(Array.from(t.data));
    // The same losses at the same steps (the last column, wall-clock seconds, differs).
    const log = (d: string) => readFileSync(join(dir, d, 'training-log.csv'), 'utf8').trim().split('\n').map((l) => l.split(',').slice(0, -1).join(','));
    expect(log('resumed')).toEqual(log('straight'));
    expect(log('straight').length).toBe(6); // header, step 1, 5, 10, 15, 20

    const model = loadTabularModel(join(dir, 'straight', 'model.safetensors'));
    expect(model.metadata.data.testRows.length).toBe(36); // 30% of 96 good + 30% of 24 bad
    const rows = await sampleTable(model.networks, model.metadata, 50, { classLevel: 'bad', seed: 4 });
    expect(rows.columns.map((c) => c.name)).toEqual(['amount', 'purpose', 'Home', 'risk']);
    const risk = rows.columns[3];
    expect(risk.kind === 'categorical' && risk.codes.every((k) => risk.levels[k] === 'bad')).toBe(true);
    const amount = rows.columns[0];
    expect(amount.kind === 'numeric' && amount.values.every((v) => Number.isInteger(v) && v >= 100 && v <= 189)).toBe(true);
    const again = await sampleTable(model.networks, model.metadata, 50, { classLevel: 'bad', seed: 4 });
    expect(again).toEqual(rows);
  });

  it('--condition is honoured: every row has the level (rejection); a level the model rarely makes is an error saying how rare', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-tabular-'));
    const data = writeSmallTable(dir);
    const fit = await trainTabularGan({ data, config: { ...tinyConfig, target: 'risk', steps: 400, hidden: [32, 32] } });
    const study = async (options: Parameters<typeof sampleTable>[3]) => {
      const t = await sampleTable(fit.networks, fit.metadata, 400, { seed: 2, ...options });
      const purpose = t.columns[1];
      return { t, share: purpose.kind === 'categorical' ? purpose.codes.filter((k) => purpose.levels[k] === 'study').length / 400 : NaN };
    };
    const plain = await study({});
    const conditioned = await study({ condition: { column: 'purpose', level: 'study' } });
    expect(plain.share).toBeLessThan(0.9);
    expect(conditioned.share).toBe(1);
    // With a class as well, both hold on every row.
    const both = await study({ condition: { column: 'purpose', level: 'study' }, classLevel: 'bad' });
    expect(both.share).toBe(1);
    const risk = both.t.columns[3];
    expect(risk.kind === 'categorical' && risk.codes.every((k) => risk.levels[k] === 'bad')).toBe(true);
    // Reproducible from the seed.
    expect((await study({ condition: { column: 'purpose', level: 'study' } })).t).toEqual(conditioned.t);
    // A budget of one row per wanted row cannot find 400 when the generator misses the level sometimes.
    await expect(sampleTable(fit.networks, fit.metadata, 400, { seed: 2, condition: { column: 'purpose', level: 'study' }, maxDraws: 400 }))
      .rejects.toThrow(/only \d+ of 400 generated rows had purpose=study \([\d.]+%\), short of 400/);
    await expect(sampleTable(fit.networks, fit.metadata, 5, { condition: { column: 'purpose', level: 'study' }, maxDraws: 4 })).rejects.toThrow(/maxDraws must be/);
    // Refused before any row is made (10⁸ rows ran for minutes), as the CLI's --count is.
    await expect(sampleTable(fit.networks, fit.metadata, 1_000_001)).rejects.toThrow('sampleTable: the count 1000001 is above the 1,000,000 rows one call makes (the table is held in memory): sample in several calls with different seeds');
    await expect(sampleTable(fit.networks, fit.metadata, 5, { condition: { column: 'amount', level: '1' } })).rejects.toThrow(/'amount' is not a generated categorical column/);
    // A level no training row has (here: every count of purpose=study set to 0) is refused before any
    // sampling, though forcing it into the condition would make rows that "have" it.
    const span = fit.metadata.transform.categorical.findIndex((c) => c.name === 'purpose');
    const level = fit.metadata.transform.categorical[span].levels.indexOf('study');
    const unseen = { ...fit.metadata, levelCounts: fit.metadata.levelCounts.map((byClass) => byClass.map((counts, j) => (j === span ? counts.map((n, l) => (l === level ? 0 : n)) : counts))) };
    await expect(sampleTable(fit.networks, unseen, 5, { condition: { column: 'purpose', level: 'study' } })).rejects.toThrow("no training row has purpose=study: the model never saw it");
    await expect(sampleTable(fit.networks, unseen, 5, { classLevel: 'bad', condition: { column: 'purpose', level: 'study' } })).rejects.toThrow("no training row of class 'bad' has purpose=study");
  });

  it('bad settings, held-out rows and sample options are errors naming them; a model directory loads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-tabular-'));
    const data = writeSmallTable(dir);
    const config = { ...tinyConfig, target: 'risk', steps: 3 };
    await expect(trainTabularGan({ data, config, testRows: [1000, -1] })).rejects.toThrow('trainTabularGan: testRows holds 1000, not a row of the table (0 to 119)');
    await expect(trainTabularGan({ data, config, testRows: [3, 3] })).rejects.toThrow('trainTabularGan: testRows holds row 3 twice');
    await expect(trainTabularGan({ data, config: { ...config, steps: -1 } })).rejects.toThrow('trainTabularGan: config.steps must be a positive whole number, got -1');
    await expect(trainTabularGan({ data, config: { ...config, batch: '16' as never } })).rejects.toThrow("config.batch must be a positive whole number, got '16'");
    await expect(trainTabularGan({ data, config: { ...config, hidden: ['64'] as never } })).rejects.toThrow('trainTabularGan: config.hidden must be a non-empty list of positive whole numbers (layer widths, e.g. [128, 128]), got ["64"]');
    await expect(trainTabularGan({ data, config: { ...config, hidden: [] } })).rejects.toThrow('config.hidden must be a non-empty list of positive whole numbers');
    await expect(trainTabularGan({ data, config, out: data })).rejects.toThrow(`trainTabularGan: out ${data} is a file, not a directory; a model directory is a folder: choose another out`);
    await trainTabularGan({ data, config, out: join(dir, 'm') });
    const model = loadTabularModel(join(dir, 'm'));
    // The same checks on load: a held-out row past the table (a hand edit) is an error naming the field.
    const { tensors, metadata } = decodeSafetensors(readFileSync(join(dir, 'm', 'model.safetensors')), 'model');
    const edited = join(dir, 'edited.safetensors');
    writeFileSync(edited, encodeSafetensors(tensors, { ...metadata, data: JSON.stringify({ ...JSON.parse(metadata.data), testRows: [0, 99999] }) }));
    expect(() => loadTabularModel(edited)).toThrow(`${edited}: metadata field 'data.testRows[1]' must be a row of the table (0 to 119), got 99999`);
    await expect(sampleTable(model.networks, model.metadata, 5, { class: 'bad' } as never)).rejects.toThrow("sampleTable: unknown option 'class' (options: classLevel, condition, seed, maxDraws)");
    await expect(sampleTable(model.networks, model.metadata, 5, { seed: -1 })).rejects.toThrow('sampleTable: seed must be an integer from 0 to 4294967295, got -1');
    await expect(sampleTable(model.networks, model.metadata, '3' as never)).rejects.toThrow("sampleTable: the count must be a positive integer, got '3'");
    expect((await sampleTable(model.networks, model.metadata, 5, { classLevel: 'bad' })).rows).toBe(5);
    await expect(sampleTable(model.networks, model.metadata, 5, { classLevel: 1 as never })).rejects.toThrow("classLevel must be a level of 'risk' as text (levels: 'bad', 'good'), got the number 1");
    await expect(sampleTable(model.networks, null as never, 5)).rejects.toThrow("sampleTable: metadata must be a model's metadata (loadTabularModel(dir).metadata, or trainTabularGan's result), got null");
    await expect(sampleTable(undefined as never, model.metadata, 5)).rejects.toThrow("sampleTable: networks must be a model's networks (loadTabularModel(dir).networks, or trainTabularGan's result), got undefined");
    await expect(sampleTable(model.networks, model.metadata, 5, { condition: { column: 'risk', level: 'bad' } })).rejects.toThrow("'risk' is the class the rows are conditioned on, not a generated column: ask for a class with --class bad (in the library, the option classLevel: 'bad')");
  });

  it('eval and report never write over the model\'s files or its table, even with --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-tabular-'));
    const data = writeSmallTable(dir);
    const out = join(dir, 'm');
    await trainTabularGan({ data, config: { ...tinyConfig, target: 'risk', steps: 3 }, out });
    const model = readFileSync(join(out, 'model.safetensors')), table = readFileSync(data);
    const overModel = cli(['eval', '--model', out, '--json', join(out, 'model.safetensors'), '--force', '--backend', 'wasm']);
    expect([overModel.status, overModel.stderr]).toEqual([2, expect.stringContaining(`${join(out, 'model.safetensors')} is the model file: an output may not replace an input`)]);
    const overData = cli(['report', '--model', out, '--out', data, '--force', '--backend', 'wasm']);
    expect([overData.status, overData.stderr]).toEqual([2, expect.stringContaining(`${data} is the data ${out} was trained on: an output may not replace an input`)]);
    const overEval = cli(['report', '--model', out, '--out', join(out, 'eval.json'), '--force', '--backend', 'wasm']);
    expect(overEval.status).toBe(2);
    expect([readFileSync(join(out, 'model.safetensors')).equals(model), readFileSync(data).equals(table)]).toEqual([true, true]);
  });

  it('a changed data file stops a resume', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-tabular-'));
    const data = writeSmallTable(dir);
    await trainTabularGan({ data, config: { ...tinyConfig, target: 'risk', steps: 5 }, out: join(dir, 'm') });
    writeFileSync(data, readFileSync(data, 'utf8') + '150,car,1,0,good\n');
    await expect(trainTabularGan({ data, config: { ...tinyConfig, target: 'risk' }, out: join(dir, 'm'), resume: true })).rejects.toThrow(/data changed since the checkpoint/);
  });
});

const webgpuAvailable = await probeWebGpu();

describe('tabular GAN on every backend', () => {
  it.each([...backendCases.filter((c) => c.name !== 'cpu'), ...(webgpuAvailable ? [webgpuCase] : [])].map((c) => [c.name, c] as const))(
    '%s: the first steps (softmax heads, penalty, conditions) give the CPU reference losses', async (_name, backendCase) => {
      const table = loadTable('data/german_credit.csv');
      const config = { ...DEFAULT_TABULAR_CONFIG, hidden: [32, 32], batch: 64, logEvery: 1 };
      const losses = (backend: Backend) => onBackend(backend, async () => {
        const transform = fitTransform(table, 'Class');
        const networks = buildTabularNetworks(config, transform);
        const { trainer } = createTabularTrainer(config, transform, networks, encode(transform, table, new Rng(1)));
        const out: number[] = [];
        for (let i = 0; i < 3; i++) { const m = (await trainer.step())!; out.push(m.dLoss, m.gLoss); }
        trainer.dispose();
        return out;
      });
      const reference = await losses(await createBackend('cpu'));
      const actual = await losses(await backendCase.create());
      for (let i = 0; i < reference.length; i++) expect(actual[i]).toBeCloseTo(reference[i], 3);
    });
});

describe('gangrad tabular CLI', () => {
  it('usage errors exit 2, bad input exits 1 naming it, --help exits 0', () => {
    for (const command of ['train', 'sample', 'eval', 'report', 'experiment', 'detect']) {
      const r = cli([command, '--help']);
      expect(r.status, command).toBe(0);
      expect(r.stdout).toContain(`gangrad tabular ${command}:`);
    }
    expect(cli(['frobnicate']).status).toBe(2);
    expect(cli(['train']).stderr).toMatch(/--data FILE is required/);
    const steps = cli(['train', '--data', 'x.csv', '--steps', 'many']);
    expect(steps.status).toBe(2);
    expect(steps.stderr).toMatch(/--steps must be an integer/);
    expect(cli(['train', '--data', 'x.csv', '--type', 'Age=text']).stderr).toMatch(/--type must be NAME=numeric or NAME=categorical/);
    const missing = cli(['train', '--data', '/nonexistent.csv', '--backend', 'wasm']);
    // A --data that names no file, or a directory, is a usage error (exit 2), as for gangrad train.
    expect([missing.status, missing.stderr.trim()]).toEqual([2, 'gangrad tabular train: --data /nonexistent.csv: no such file']);
    const folder = cli(['train', '--data', 'data', '--target', 'Class', '--backend', 'wasm']);
    expect([folder.status, folder.stderr.trim()]).toEqual([2, 'gangrad tabular train: data: a directory, not a CSV file (--data)']);
    const target = cli(['train', '--data', 'data/german_credit.csv', '--target', 'Amount', '--backend', 'wasm']);
    expect(target.status).toBe(2); // a --target the table cannot serve is a usage error, as in detect
    expect(target.stderr).toMatch(/target 'Amount' must be categorical/);
    // One text cell among the amounts (line 501) no longer makes Amount categorical: refused, nothing written.
    const strayDir = mkdtempSync(join(tmpdir(), 'gangrad-stray-')), stray = join(strayDir, 'gc_bad.csv'), strayOut = join(strayDir, 'model');
    writeFileSync(stray, readFileSync('data/german_credit.csv', 'utf8').split('\n').map((l, i) => (i === 500 ? l.replace(/^(\d+),\d+,/, '$1,abc,') : l)).join('\n'));
    const text = cli(['train', '--data', stray, '--target', 'Class', '--steps', '2', '--out', strayOut, '--backend', 'wasm']);
    expect([text.status, text.stderr]).toEqual([1, `gangrad tabular train: ${stray}:501: column 'Amount' holds 'abc', but 999 of its 1000 cells are numbers (a typo, or a row whose values are shifted?): correct the file, pass --na abc to read such cells as missing, or --type Amount=categorical to keep the column as categories\n`]);
    expect(existsSync(strayOut)).toBe(false);
    const pac = cli(['train', '--data', 'data/german_credit.csv', '--batch', '30', '--pac', '4', '--backend', 'wasm', '--out', mkdtempSync(join(tmpdir(), 'gangrad-pac-'))]);
    expect(pac.status).toBe(2); // a usage error, before the run starts
    expect(pac.stderr).toMatch(/--pac 4 must divide --batch 30: the discriminator judges packs of 4 rows/);
    expect(cli(['train', '--data', 'x.csv', '--pac', '0']).status).toBe(2);
    // A --model that does not exist is a wrong argument, named (exit 2), whichever command reads it.
    for (const args of [['sample', '--count', '5', '--out', 'x.csv'], ['eval'], ['report']]) {
      const none = cli([...args, '--model', '/nonexistent-model']);
      expect([none.status, none.stderr], args[0]).toEqual([2, expect.stringMatching(new RegExp(`^gangrad tabular ${args[0]}: --model /nonexistent-model: no such directory`))]);
    }
  });

  it('train → SIGINT writes a checkpoint (exit 130) → resume → sample --class → eval → report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-tabular-cli-'));
    const data = writeSmallTable(dir);
    const out = join(dir, 'model');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'tabular', 'train', '--data', data, '--target', 'risk', '--out', out, '--steps', '1000000', ...tinyArgs]);
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        // The run writes into DIR.partial until it completes (io/model-dir.ts).
        if (existsSync(join(`${out}.partial`, 'training-log.csv')) && readFileSync(join(`${out}.partial`, 'training-log.csv'), 'utf8').split('\n').length > 3) {
          clearInterval(poll);
          child.kill('SIGINT');
          resolve();
        }
      }, 200);
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/continue with: node --import tsx \S*src\/cli\/main\.ts tabular train --resume/);
    expect(existsSync(out)).toBe(false);
    const step = Number(readSafetensorsFile(join(`${out}.partial`, 'checkpoint.safetensors')).metadata.step);
    expect(step).toBeGreaterThan(0);
    const resumed = cli(['train', '--resume', '--out', out, '--steps', String(step + 10), ...tinyArgs]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(readSafetensorsFile(join(out, 'model.safetensors')).metadata.step).toBe(String(step + 10));
    // Again without --steps: on to the run's own target (reached), not the default.
    const again = cli(['train', '--resume', '--out', out, ...tinyArgs]);
    expect(again.status, again.stderr).toBe(0);
    expect(readSafetensorsFile(join(out, 'checkpoint.safetensors')).metadata.step).toBe(String(step + 10));

    const sample = cli(['sample', '--model', out, '--count', '25', '--class', 'bad', '--out', join(dir, 's.csv'), '--backend', 'wasm']);
    expect(sample.status, sample.stderr).toBe(0);
    const written = loadTable(join(dir, 's.csv'));
    expect(written.rows).toBe(25);
    expect(readFileSync(join(dir, 's.csv'), 'utf8').split('\n')[0]).toBe('amount,purpose,Home.own,Home.rent,risk');
    const existing = cli(['sample', '--model', out, '--count', '5', '--out', join(dir, 's.csv')]);
    expect([existing.status, existing.stderr]).toEqual([2, expect.stringMatching(/s\.csv exists; pass --force to replace it/)]);
    expect(loadTable(join(dir, 's.csv')).rows).toBe(25);
    const ugly = cli(['sample', '--model', out, '--count', '5', '--class', 'ugly', '--out', join(dir, 'x.csv')]);
    expect([ugly.status, ugly.stderr]).toEqual([2, expect.stringMatching(/class 'ugly' is not a level of 'risk'/)]);
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);

    const evaluation = cli(['eval', '--model', out, '--backend', 'wasm']);
    expect(evaluation.status, evaluation.stderr).toBe(0);
    expect(evaluation.stdout).toMatch(/TSTR AUC, logistic regression/);
    const json = JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8'));
    expect(json.positive).toBe('bad');
    expect(json.testRows).toBe(36);
    expect(json.model.step).toBe(step + 10);
    const report = cli(['report', '--model', out]);
    expect(report.status, report.stderr).toBe(0);
    expect(report.stderr).not.toMatch(/evaluating again/); // eval.json is of these weights: reused
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/<h2>Augmentation/);
    // A second eval or report does not replace the first one's file unasked.
    for (const again of [['eval', '--model', out], ['report', '--model', out]]) {
      const r = cli(again);
      expect([r.status, r.stderr]).toEqual([2, expect.stringMatching(/(eval\.json|report\.html) exists; pass --force to replace it/)]);
    }
    expect(JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8')).model.step).toBe(step + 10);
    // Resumed further, the model has new weights: the report must not show the old evaluation.
    const further = cli(['train', '--resume', '--out', out, '--steps', String(step + 12), ...tinyArgs]);
    expect(further.status, further.stderr).toBe(0);
    const stale = cli(['report', '--model', out, '--backend', 'wasm', '--force']);
    expect(stale.status, stale.stderr).toBe(0);
    expect(stale.stderr).toMatch(new RegExp(`eval\\.json is of step ${step + 10} of run .*, the model is step ${step + 12} of run .*: evaluating again`));
    expect(JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8')).model.step).toBe(step + 12);
  });
});

describe('columns another determines', () => {
  it('train says so; sample writes them from the determining column on every row; a condition on one points to it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-derived-'));
    const data = join(dir, 'policies.csv'), out = join(dir, 'model'), rows = join(dir, 'rows.csv');
    const lines = ['policy,base,amount,risk'];
    for (let i = 0; i < 120; i++) { const p = ['sedan-coll', 'sedan-liab', 'sport-coll'][i % 3]; lines.push(`${p},${p.split('-')[1]},${100 + ((i * 37) % 90)},${i % 5 ? 'good' : 'bad'}`); }
    writeFileSync(data, lines.join('\n') + '\n');
    const t = cli(['train', '--data', data, '--target', 'risk', '--steps', '2', '--out', out, ...tinyArgs]);
    expect(t.status, t.stderr).toBe(0);
    expect(t.stderr).toContain("column 'base' is determined by 'policy' on every training row: it is made from it, not generated");
    const s = cli(['sample', '--model', out, '--count', '200', '--out', rows, '--backend', 'wasm']);
    expect(s.status, s.stderr).toBe(0);
    const written = readFileSync(rows, 'utf8').trim().split('\n').map((l) => l.split(','));
    expect(written[0]).toEqual(['policy', 'base', 'amount', 'risk']);
    for (const [policy, base] of written.slice(1)) expect(base).toBe(policy.split('-')[1]);
    const c = cli(['sample', '--model', out, '--count', '5', '--out', join(dir, 'c.csv'), '--condition', 'base=coll', '--backend', 'wasm']);
    expect([c.status, c.stderr]).toEqual([2, expect.stringContaining("'base' is made from 'policy', which determines it on every training row: condition on policy (its levels that give base=coll: 'sedan-coll', 'sport-coll')")]);
  });
});

describe('columns generated together', () => {
  it('train says so; every sampled pair is one the training rows hold; a condition on one column of the pair holds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-joint-'));
    const data = join(dir, 'claims.csv'), out = join(dir, 'model'), rows = join(dir, 'rows.csv');
    const months = ['Jan', 'Feb', 'Mar', 'Apr'];
    const lines = ['month,claimed,amount,risk'];
    for (let i = 0; i < 120; i++) lines.push(`${months[i % 4]},${months[(i % 4 + (i % 5 === 4 ? 1 : 0)) % 4]},${100 + ((i * 37) % 90)},${i % 5 ? 'good' : 'bad'}`);
    writeFileSync(data, lines.join('\n') + '\n');
    const seen = new Set(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(',')));
    const t = cli(['train', '--data', data, '--target', 'risk', '--steps', '2', '--out', out, ...tinyArgs]);
    expect(t.status, t.stderr).toBe(0);
    expect(t.stderr).toContain(`columns 'month' and 'claimed' are far from independent: they are generated together, as one column of the ${seen.size} pairs the training rows hold`);
    const s = cli(['sample', '--model', out, '--count', '200', '--out', rows, '--backend', 'wasm']);
    expect(s.status, s.stderr).toBe(0);
    const written = readFileSync(rows, 'utf8').trim().split('\n').map((l) => l.split(','));
    expect(written[0]).toEqual(['month', 'claimed', 'amount', 'risk']);
    for (const [month, claimed] of written.slice(1)) expect(seen).toContain(`${month},${claimed}`);
    const c = cli(['sample', '--model', out, '--count', '20', '--out', join(dir, 'c.csv'), '--condition', 'claimed=Feb', '--backend', 'wasm']);
    expect(c.status, c.stderr).toBe(0);
    const conditioned = readFileSync(join(dir, 'c.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(conditioned).toHaveLength(20);
    for (const [month, claimed] of conditioned) expect([claimed, ['Jan', 'Feb']]).toEqual(['Feb', expect.arrayContaining([month])]);
  });
});

describe('tabular experiment', () => {
  it('hands its nearest-row computation to the evaluation (the CLI passes its worker pool there)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-tabular-'));
    let calls = 0;
    const counted = async (x: Float32Array, reference: Float32Array, width: number) => { calls++; return closestDistances(x, reference, width); };
    const [evaluation] = await runTabularExperiment({ data: writeSmallTable(dir), config: { ...tinyConfig, target: 'risk', steps: 2 }, seeds: [1], ranking: false, closestDistances: counted });
    expect(calls).toBeGreaterThan(0);
    expect(evaluation.target).toBe('risk');
  });
});
