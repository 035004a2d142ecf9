/**
 * What `gangrad tabular` does with the tables and options analysts bring (found by probing the CLI as a
 * new user): blank class cells, every feature dropped, a text column to split by, dates, a repeated
 * --condition, seed lists, an output over the training table, a damaged eval.json. Run in-process.
 */
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/cli/args.js';
import { tabularCommand } from '../src/cli/tabular.js';
import { readSafetensorsFile } from '../src/io/index.js';
import { loadTable } from '../src/tabular/data/table.js';
import { markdownTable, markdownText } from '../src/tabular/report/markdown.js';
import { fidelityRows } from '../src/tabular/report/report.js';
import type { TabularEvaluation } from '../src/tabular/evaluation/evaluate.js';

const root = mkdtempSync(join(tmpdir(), 'gangrad-tabular-input-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** 80 rows: an amount, a category, an age, a date 3 days apart, and a class ('bad' on every fourth row). */
function writeTable(name: string, edit: (cells: string[], row: number) => void = () => {}): string {
  const lines = ['amount,kind,age,day,risk'];
  for (let i = 0; i < 80; i++) {
    const day = new Date(Date.UTC(2020, 0, 1 + 3 * i)).toISOString().slice(0, 10);
    const cells = [`${(10 + ((i * 37) % 90) * 1.5).toFixed(2)}`, ['car', 'tv', 'study'][i % 3], String(18 + ((i * 7) % 50)), day, i % 4 ? 'good' : 'bad'];
    edit(cells, i);
    lines.push(cells.join(','));
  }
  const file = join(root, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const table = writeTable('table.csv');
const train = (out: string, ...extra: string[]) => tabularCommand(['train', '--data', table, '--target', 'risk', '--out', out, '--steps', '3', '--hidden', '8', '--batch', '16', '--backend', 'wasm', ...extra]);

describe('gangrad tabular: what analysts bring', () => {
  it('a blank class cell is refused with its lines, not made a third class', async () => {
    const blank = writeTable('blank-class.csv', (cells, row) => { if (row === 4 || row === 8) cells[4] = ''; });
    const out = join(root, 'blank');
    const said: string[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => { said.push(args.join(' ')); };
    try {
      await expect(tabularCommand(['train', '--data', blank, '--target', 'risk', '--out', out, '--backend', 'wasm']))
        .rejects.toThrow(`${blank}: the target 'risk' is blank (or a missing-value marker) on 2 rows (line 6, line 10)`);
    } finally {
      console.error = error;
    }
    expect(existsSync(out)).toBe(false);
    // No notice that the blanks became a level of the target, before the refusal that they cannot be one.
    expect(said.join('\n')).not.toContain("column 'risk'");
  });

  it("a class column of TRUE, True and FALSE (a spreadsheet's export) is two classes, said in a notice", async () => {
    const mixed = writeTable('mixed-case-class.csv', (cells, row) => { cells[4] = row % 4 ? 'FALSE' : row % 8 ? 'TRUE' : 'True'; });
    const out = join(root, 'mixed-case');
    const said: string[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => { said.push(args.join(' ')); };
    try {
      await tabularCommand(['train', '--data', mixed, '--target', 'risk', '--out', out, '--steps', '3', '--hidden', '8', '--batch', '16', '--backend', 'wasm']);
    } finally {
      console.error = error;
    }
    // Only the word spelt two ways is named; 'True' and 'TRUE' are as common, and 'True' comes first.
    expect(said).toContain(`${mixed}: 'True', 'TRUE' in column 'risk' differ only in case: read as one level per word, written back as 'True'`);
    expect(said.join('\n')).not.toContain('kept as 2 classes');
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(JSON.stringify(config)).toContain('"FALSE","True"');
  });

  it('a model whose table has moved says so, for eval and for --resume, rather than "cannot read (ENOENT)"', async () => {
    const moving = writeTable('moving.csv');
    const out = join(root, 'moving');
    await tabularCommand(['train', '--data', moving, '--target', 'risk', '--out', out, '--steps', '3', '--hidden', '8', '--batch', '16', '--backend', 'wasm']);
    renameSync(moving, `${moving}.moved`);
    const error = console.error;
    console.error = () => {};
    try {
      await expect(tabularCommand(['eval', '--model', out, '--backend', 'wasm'])).rejects.toThrow(`${moving}: the table the model was trained on does not exist (moved or deleted?); put it back at that path (its SHA-256 is checked)`);
      await expect(tabularCommand(['train', '--resume', '--out', out, '--steps', '6', '--backend', 'wasm'])).rejects.toThrow(`${moving}: the table this run was started on does not exist (moved or deleted?); put it back at that path to resume`);
    } finally {
      console.error = error;
    }
  });

  it('eval: a non-finite figure is named and nothing is written (eval.json included)', async () => {
    // Values near the largest float64: the distances between rows overflow.
    const huge = writeTable('near-float-limit.csv', (cells, row) => { cells[0] = `${(row % 3 ? -1 : 1) * 1.5e308 * (((row * 7919) % 997) / 997)}`; });
    const out = join(root, 'near-float-limit');
    await tabularCommand(['train', '--data', huge, '--target', 'risk', '--out', out, '--steps', '3', '--hidden', '8', '--batch', '16', '--backend', 'wasm']);
    const error = console.error;
    console.error = () => {};
    try {
      await expect(tabularCommand(['eval', '--model', out, '--backend', 'wasm'])).rejects.toThrow(/: evaluation: '[\w.[\]]+' is (Infinity|NaN); refusing to report a non-finite statistic/);
    } finally {
      console.error = error;
    }
    expect(existsSync(join(out, 'eval.json'))).toBe(false);
  });

  it('no column left to model, or a text column to split by: usage errors before anything is written', async () => {
    const out = join(root, 'refused');
    await expect(train(out, '--drop', 'amount,kind,age,day')).rejects.toThrow(`${table}: no column is left to model besides the target 'risk'`);
    await expect(train(out, '--split-by', 'kind', '--test-from', 'study')).rejects.toThrow(/--split-by 'kind' holds text \('car', 'study', 'tv'\), which has no time order/);
    expect(existsSync(out)).toBe(false);
  });

  it('a level only held-out rows have is kept for encoding them, but never generated', async () => {
    // 'radio' only from 2020-06-01 on (rows 51–79), the held-out part.
    const later = writeTable('radio-later.csv', (cells, row) => { if (row >= 51 && row % 3 === 0) cells[1] = 'radio'; });
    const out = join(root, 'radio');
    await tabularCommand(['train', '--data', later, '--target', 'risk', '--out', out, '--steps', '3', '--hidden', '8', '--batch', '16', '--backend', 'wasm', '--split-by', 'day', '--test-from', '2020-06-01']);
    const csv = join(root, 'radio-sample.csv');
    await tabularCommand(['sample', '--model', out, '--count', '2000', '--out', csv, '--backend', 'wasm']);
    const kinds = readFileSync(csv, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[1]);
    expect(new Set(kinds)).toEqual(new Set(['car', 'tv', 'study']));
    // The 3-step generator is near uniform over the four levels: without the mask about a quarter of the rows would be 'radio'.
    await expect(tabularCommand(['sample', '--model', out, '--count', '5', '--condition', 'kind=radio', '--out', join(root, 'radio-only.csv'), '--backend', 'wasm'])).rejects.toThrow(/no training row has kind=radio/);
  });

  it('distinct dates are a time column, not row identifiers: modelled, and a split by them works', async () => {
    const day = loadTable(table).columns.find((c) => c.name === 'day');
    expect(day && day.kind === 'numeric' && day.date).toBeTruthy();
    const out = join(root, 'by-day');
    await train(out, '--split-by', 'day', '--test-from', '2020-06-01');
    const data = JSON.parse(readSafetensorsFile(join(out, 'model.safetensors')).metadata.data) as { testRows: number[] };
    // 2020-06-01 is day 152 of the year: rows 51 to 79 (every third day from January 1st) are held out.
    expect(data.testRows).toEqual(Array.from({ length: 29 }, (_, i) => 51 + i));
  });

  it('records where its table is by an absolute path, whatever path it was given', async () => {
    const out = join(root, 'relative');
    await tabularCommand(['train', '--data', relative(process.cwd(), table), '--target', 'risk', '--out', out, '--steps', '2', '--hidden', '8', '--batch', '16', '--backend', 'wasm']);
    const file = (JSON.parse(readSafetensorsFile(join(out, 'model.safetensors')).metadata.data) as { file: string }).file;
    expect([isAbsolute(file), file]).toEqual([true, table]);
  });

  it('sample: one --condition at a time, and never over the table the model was trained on', async () => {
    const out = join(root, 'sampled');
    await train(out);
    await expect(tabularCommand(['sample', '--model', out, '--condition', 'kind=tv', '--condition', 'kind=car', '--count', '5', '--out', join(root, 's.csv')]))
      .rejects.toThrow("--condition is given 2 times ('kind=tv', 'kind=car')");
    // A count the table could not be written in one piece: refused at once, not after minutes of sampling.
    await expect(tabularCommand(['sample', '--model', out, '--count', '4500000', '--out', join(root, 'huge.csv'), '--backend', 'wasm']))
      .rejects.toThrow(new UsageError("--count must be an integer from 1 to 1,000,000 (for more rows, sample several files with different --seed), got '4500000'"));
    expect(existsSync(join(root, 'huge.csv'))).toBe(false);
    const before = readFileSync(table);
    await expect(tabularCommand(['sample', '--model', out, '--count', '5', '--out', table, '--force', '--backend', 'wasm']))
      .rejects.toThrow(`${table} is the data ${out} was trained on: an output may not replace an input`);
    expect(readFileSync(table).equals(before)).toBe(true);
    // '-' is the Unix sign for standard output: it wrote a file named '-' in the working directory.
    await expect(tabularCommand(['sample', '--model', out, '--count', '5', '--out', '-', '--backend', 'wasm']))
      .rejects.toThrow(new UsageError("an output named '-': results are written to files, not to standard output; give a file name"));
    expect(existsSync('-')).toBe(false);
  });

  it('experiment: --seed-list names each seed once, at least one, and not beside --seeds', async () => {
    const run = (...extra: string[]) => tabularCommand(['experiment', '--data', table, '--target', 'risk', '--out', join(root, 'exp'), '--steps', '2', '--batch', '16', '--backend', 'wasm', ...extra]);
    await expect(run('--seed-list', '1,1')).rejects.toThrow('--seed-list names seed 1 twice');
    await expect(run('--seed-list', ',')).rejects.toThrow("--seed-list must list at least one seed, got ','");
    await expect(run('--seeds', '2', '--seed-list', '1')).rejects.toThrow('--seeds K and --seed-list S,S exclude each other');
    expect(existsSync(join(root, 'exp'))).toBe(false);
  });

  it('report: a damaged eval.json is named and evaluated again, not a crash', async () => {
    const out = join(root, 'report');
    await train(out);
    writeFileSync(join(out, 'eval.json'), '{"utility": {"logistic"');
    const lines: string[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => { lines.push(args.join(' ')); };
    try {
      await tabularCommand(['report', '--model', out, '--backend', 'wasm']);
    } finally {
      console.error = error;
    }
    expect(lines.join('\n')).toMatch(new RegExp(`${join(out, 'eval.json').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not a whole evaluation \\(.*\\): evaluating again`));
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<html');
    expect(JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8')).model.step).toBeGreaterThan(0);
  });

  it('numbers with thousands separators get a notice; contradictory --drop/--keep and --type are refused', async () => {
    const amounts = ['1,200', '3,400', '5,600', '7,800', '9,100', '2,300', '4,500', '6,700', '8,900', '1,000', '1,500', '2,500'];
    const file = writeTable('thousands.csv', (cells, row) => { cells[0] = `"${amounts[row % amounts.length]}"`; });
    expect(loadTable(file).notices).toContain("column 'amount' holds numbers with thousands separators ('1,200'): read as text, 12 categories; write the numbers without separators to model it as a number");
    // Every amount distinct: read as text, an identifier; the notice still says why and what to do.
    const distinct = writeTable('thousands-distinct.csv', (cells, row) => { cells[0] = `"${1 + row},${String(100 + row * 7).padStart(3, '0')}"`; });
    expect(loadTable(distinct).notices).toContain("column 'amount' looks like a row identifier (80 distinct values): left out (--keep amount to model it); its values are numbers with thousands separators ('1,100'): write them without separators to model it as a number");
    const out = join(root, 'contradictory');
    await expect(train(out, '--drop', 'kind', '--keep', 'kind')).rejects.toThrow("--drop and --keep both name 'kind'");
    await expect(train(out, '--type', 'age=categorical', '--type', 'age=numeric')).rejects.toThrow('--type age is given as both categorical and numeric');
    expect(existsSync(out)).toBe(false);
  });

  it('a | in a class or column name does not split a Markdown cell', () => {
    expect(markdownTable(['figure', 'class B|d'], [['AP', '0.1|0.2']])).toBe('| figure | class B\\|d |\n|---|---|\n| AP | 0.1\\|0.2 |');
  });

  it('user text in Markdown is literal: a tag-like class, backticks, emphasis marks and | are escaped', () => {
    expect(markdownText('<Bad>')).toBe('\\<Bad\\>');
    expect(markdownText('`x` *y* _z_ [a] &lt;')).toBe('\\`x\\` \\*y\\* \\_z\\_ \\[a\\] \\&lt;');
    // An underscore inside a word starts no emphasis: a file name stays readable.
    expect(markdownText('german_credit.csv')).toBe('german_credit.csv');
    expect(markdownTable(['class <Bad>'], [['a|b']])).toBe('| class \\<Bad\\> |\n|---|\n| a\\|b |');
  });

  it('a count of rows prints whole, not 0.0; mean ± sd to one decimal only where the seeds differ', () => {
    const evaluation = (copies: number) => ({
      fidelity: { columns: [], meanKs: { synthetic: 0, reference: 0 }, meanTv: { synthetic: 0, reference: 0 }, correlation: { synthetic: 0.1, reference: 0.1 } },
      privacy: { synthetic5th: 1, test5th: 1, exactCopies: copies },
    }) as unknown as TabularEvaluation;
    const copies = (evals: TabularEvaluation[]) => fidelityRows(evals).find((r) => r[0].startsWith('synthetic rows identical'))![1];
    expect([copies([evaluation(0)]), copies([evaluation(2), evaluation(2)]), copies([evaluation(1), evaluation(2)])]).toEqual(['0', '2 ± 0', '1.5 ± 0.7']);
  });

  it('eval, report, experiment and detect: class names escaped in Markdown; the pages say what was run, in English', async () => {
    const file = writeTable('odd-classes.csv', (cells) => { cells[4] = cells[4] === 'bad' ? '<bad>' : 'go|od'; });
    const out = join(root, 'odd-classes');
    const printed: string[] = [];
    const log = console.log, error = console.error;
    console.log = (...args: unknown[]) => { printed.push(args.join(' ')); };
    console.error = () => {};
    const tiny = ['--steps', '3', '--hidden', '8', '--batch', '16', '--backend', 'wasm'];
    try {
      await tabularCommand(['train', '--data', file, '--target', 'risk', '--out', out, ...tiny]);
      await tabularCommand(['eval', '--model', out, '--seed', '4', '--backend', 'wasm']);
      await tabularCommand(['report', '--model', out, '--backend', 'wasm']);
      await tabularCommand(['experiment', '--data', file, '--target', 'risk', '--seeds', '1', '--out', join(out, 'experiment'), ...tiny]);
      await tabularCommand(['detect', '--data', file, '--target', 'risk', '--seeds', '1', '--out', join(out, 'detect'), ...tiny]);
    } finally {
      console.log = log;
      console.error = error;
    }
    expect(printed.join('\n')).toContain('F1 of class \\<bad\\> with GAN rows');
    expect(printed.join('\n')).toMatch(/^\| synthetic rows identical to a training row \(a count\) \| \d+ \| – \|$/m);
    // eval.json records its seed; the report's page names the model, its data, settings and split, and that seed.
    expect(JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8')).seed).toBe(4);
    const page = readFileSync(join(out, 'report.html'), 'utf8');
    expect(page).toMatch(/^<!doctype html><html lang="en">/);
    expect(page).toContain(`<p>Model ${out}, step 3: trained on ${file}, target risk, 3 steps (batch 16, lr 0.0002, hidden 8, seed 1); a stratified random split (test fraction 0.3). Evaluation seed 4.</p>`);
    const results = readFileSync(join(out, 'experiment', 'results.md'), 'utf8');
    expect(results.split('\n')[0]).toBe(`${markdownText(file)}, target risk: a stratified random split per seed (test fraction 0.3); 3 GAN steps, 1 seed (seed 1).`);
    expect(results).toContain('| augmentation, logistic regression: F1 of class \\<bad\\> with GAN rows ≥ none and SMOTE |');
    const experimentPage = readFileSync(join(out, 'experiment', 'report.html'), 'utf8');
    expect(experimentPage).toMatch(/^<!doctype html><html lang="en">/);
    expect(experimentPage).toContain(`<p>${file}, target risk: a stratified random split per seed (test fraction 0.3); 3 GAN steps, 1 seed (seed 1).</p>`);
    expect(readFileSync(join(out, 'detect', 'detect.md'), 'utf8')).toContain('Class \\<bad\\> is the positive class');
  });

  it('the report page escapes <, & and " in a column name and a class value', async () => {
    // The header cell and class cells are CSV-quoted, so the name and class hold the quote itself.
    const file = join(root, 'markup-names.csv');
    const lines = ['amount,"a<b&""c""",risk'];
    for (let i = 0; i < 80; i++) lines.push(`${(10 + ((i * 37) % 90) * 1.5).toFixed(2)},${['car', 'tv', 'study'][i % 3]},${i % 4 ? 'good' : '"<b&""d"">"'}`);
    writeFileSync(file, lines.join('\n') + '\n');
    const out = join(root, 'markup-names');
    const log = console.log, error = console.error;
    console.log = () => {};
    console.error = () => {};
    try {
      await tabularCommand(['train', '--data', file, '--target', 'risk', '--out', out, '--steps', '3', '--hidden', '8', '--batch', '16', '--backend', 'wasm']);
      await tabularCommand(['report', '--model', out, '--backend', 'wasm']);
    } finally {
      console.log = log;
      console.error = error;
    }
    const page = readFileSync(join(out, 'report.html'), 'utf8');
    expect(page).toContain('<span>a&lt;b&amp;&quot;c&quot;</span>');
    expect(page).toContain('minority class <b>&lt;b&amp;&quot;d&quot;&gt;</b>');
    expect(page).not.toContain('a<b&');
    expect(page).not.toContain('"d"');
  });

  it('eval reads a copy of its table saved with Windows line endings as the same data, to the figures; another table is refused', async () => {
    // A level with a line break in a quoted cell reads the same from both copies.
    const file = writeTable('line-endings.csv', (cells, i) => { if (i % 3 === 1) cells[1] = '"tv\nset"'; });
    const text = readFileSync(file, 'utf8');
    const out = join(root, 'line-endings');
    const log = console.log, error = console.error;
    console.log = () => {};
    console.error = () => {};
    try {
      await tabularCommand(['train', '--data', file, '--target', 'risk', '--out', out, '--steps', '3', '--hidden', '8', '--batch', '16', '--backend', 'wasm']);
      await tabularCommand(['eval', '--model', out, '--json', join(root, 'unix.json'), '--backend', 'wasm']);
      writeFileSync(file, text.replace(/\r?\n/g, '\r\n'));
      await tabularCommand(['eval', '--model', out, '--json', join(root, 'windows.json'), '--backend', 'wasm']);
      writeFileSync(file, text.replace('good', 'bad'));
      await expect(tabularCommand(['eval', '--model', out, '--json', join(root, 'other.json'), '--backend', 'wasm'])).rejects.toThrow(`${file}: the data changed since the model was trained (SHA-256 differs)`);
    } finally {
      console.log = log;
      console.error = error;
    }
    const figures = (name: string) => ({ ...JSON.parse(readFileSync(join(root, name), 'utf8')), createdAt: null });
    expect(figures('windows.json')).toEqual(figures('unix.json'));
  });

  it('detect.md and experiment\'s results.md say an out-of-time split in the same words', async () => {
    const out = join(root, 'split-words');
    const tiny = ['--data', table, '--target', 'risk', '--split-by', 'day', '--test-from', '2020-06-01', '--seeds', '1', '--steps', '3', '--hidden', '8', '--batch', '16', '--backend', 'wasm'];
    const log = console.log, error = console.error;
    console.log = () => {};
    console.error = () => {};
    try {
      await tabularCommand(['detect', ...tiny, '--out', join(out, 'detect')]);
      await tabularCommand(['experiment', ...tiny, '--out', join(out, 'experiment')]);
    } finally {
      console.log = log;
      console.error = error;
    }
    const head = (file: string) => readFileSync(file, 'utf8').split('\n')[0].split('; 3 GAN steps')[0];
    expect(head(join(out, 'detect', 'detect.md'))).toBe(`${markdownText(table)}, target risk: trained on day < 2020-06-01, scored on day ≥ 2020-06-01 (out of time)`);
    expect(head(join(out, 'experiment', 'results.md'))).toBe(head(join(out, 'detect', 'detect.md')));
  });

  it('a class whose training part is too small to evaluate: experiment refuses before training, train warns', async () => {
    // Two 'bad' rows: the stratified split keeps one for training, too few for SMOTE.
    const file = writeTable('two-bad.csv', (cells, row) => { cells[4] = row === 0 || row === 4 ? 'bad' : 'good'; });
    const out = join(root, 'two-bad');
    const printed: string[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => { printed.push(args.join(' ')); };
    try {
      const refused = tabularCommand(['experiment', '--data', file, '--target', 'risk', '--seeds', '1', '--steps', '3', '--hidden', '8', '--batch', '16', '--backend', 'wasm', '--out', join(out, 'experiment')]);
      await expect(refused).rejects.toThrow(UsageError);
      await expect(refused).rejects.toThrow(`${file}: the training part holds 1 row of class 'bad' of 'risk', too few to oversample`);
      expect(printed).toEqual([]); // no GAN was trained
      expect(existsSync(join(out, 'experiment'))).toBe(false);
      await tabularCommand(['train', '--data', file, '--target', 'risk', '--out', join(out, 'model'), '--steps', '3', '--hidden', '8', '--batch', '16', '--backend', 'wasm']);
    } finally {
      console.error = error;
    }
    expect(printed[0]).toBe(`warning: ${file}: the training part holds 1 row of class 'bad' of 'risk', too few to oversample (SMOTE needs 2 or more) or to learn from: use more data, or fewer classes. eval and report will refuse this model; sample can still use it`);
  });

  it('a level with a comma or a line break is quoted in the list of levels a bad --condition gets', async () => {
    const file = writeTable('comma-levels.csv', (cells, row) => { cells[1] = ['"car, new"', '"tv\nset"', 'study'][row % 3]; });
    const out = join(root, 'comma-levels');
    const error = console.error;
    console.error = () => {};
    try {
      await tabularCommand(['train', '--data', file, '--target', 'risk', '--out', out, '--steps', '3', '--hidden', '8', '--batch', '16', '--backend', 'wasm']);
      await expect(tabularCommand(['sample', '--model', out, '--count', '5', '--condition', 'kind=bike', '--out', join(out, 'rows.csv'), '--backend', 'wasm']))
        .rejects.toThrow(`'bike' is not a level of 'kind' (levels: 'car, new', 'study', "tv\\nset")`);
    } finally {
      console.error = error;
    }
  });

  it('the evaluation and the column transform list levels as sample does: quoted, so that one holding a comma or a space reads as one', async () => {
    const { parseTable } = await import('../src/tabular/data/table.js');
    const { evaluateTabular, evaluatedClass } = await import('../src/tabular/evaluation/evaluate.js');
    const { encode, fitTransform } = await import('../src/tabular/data/transforms.js');
    const rows = Array.from({ length: 60 }, (_, i) => `${i * 1.5},"${['car, new', 'tv set', 'study'][i % 3]}","${['good', 'fair, low', "O'Brien"][i % 3]}"`);
    const three = parseTable(['amount,kind,risk', ...rows].join('\n') + '\n', 'three.csv');
    // Unquoted, 'good, fair, low, O'Brien' would read as four classes.
    expect(() => evaluatedClass(three, 'risk', { positive: 'bad' })).toThrow(`three.csv: 'bad' is not a level of 'risk' (levels: "O'Brien", 'fair, low', 'good')`);
    // A single class is quoted the same way: 'O'Brien' would not read back.
    const { fewTestRowsLine } = await import('../src/tabular/evaluation/evaluate.js');
    expect(fewTestRowsLine(3, "O'Brien", 'risk')).toMatch(/^the test part holds 3 rows of class "O'Brien" of 'risk', fewer than 10/);
    // The notice a target of three classes gets, heard before any row is sampled.
    const heard: string[] = [];
    const stop = () => Promise.reject(new Error('sampling not needed'));
    await expect(evaluateTabular(three, three, stop, { target: 'risk', progress: (line) => heard.push(line) })).rejects.toThrow('sampling not needed');
    expect(heard[0]).toBe(`'risk' has 3 classes ("O'Brien", 'fair, low', 'good'): the figures score "O'Brien", the rarest, against the other 2 together`);
    // A held-out row with a level the model never saw.
    const transform = fitTransform(three, 'risk');
    const unseen = parseTable('amount,kind,risk\n1,"bike, old",good\n2,study,good\n', 'held-out.csv', { kinds: { amount: 'numeric' } });
    expect(() => encode(transform, unseen)).toThrow(`held-out.csv: column 'kind' has level 'bike, old', unknown to the model (levels: 'car, new', 'study', 'tv set')`);
  });

  it('classes that differ only in case get a notice before training', async () => {
    const file = writeTable('case-classes.csv', (cells, row) => { if (row % 8 === 0) cells[4] = 'Bad'; });
    const printed: string[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => { printed.push(args.join(' ')); };
    try {
      await tabularCommand(['train', '--data', file, '--target', 'risk', '--out', join(root, 'case-classes'), '--steps', '3', '--hidden', '8', '--batch', '16', '--backend', 'wasm']);
    } finally {
      console.error = error;
    }
    expect(printed[0]).toBe(`${file}: classes 'Bad' (10 rows) and 'bad' (10 rows) of 'risk' differ only in case: they are kept as 2 classes (one class written 2 ways? write it one way in the file)`);
  });

  it('a table without numeric columns reports no mean KS, rather than 0.000', async () => {
    const file = join(root, 'categories.csv');
    writeFileSync(file, ['kind,colour,risk', ...Array.from({ length: 80 }, (_, i) => `${['car', 'tv', 'study'][i % 3]},${['red', 'blue'][(i >> 1) % 2]},${i % 4 ? 'good' : 'bad'}`)].join('\n') + '\n');
    const out = join(root, 'categories');
    await tabularCommand(['train', '--data', file, '--target', 'risk', '--out', out, '--steps', '3', '--hidden', '8', '--batch', '16', '--backend', 'wasm']);
    const printed: string[] = [];
    const log = console.log, error = console.error;
    console.log = (...args: unknown[]) => { printed.push(args.join(' ')); };
    console.error = () => {};
    try {
      await tabularCommand(['eval', '--model', out, '--backend', 'wasm']);
    } finally {
      console.log = log;
      console.error = error;
    }
    expect(printed.join('\n')).toContain('| mean KS, numeric columns (none) | – | – |');
  });
});
