/**
 * What `gangrad tabular` results say about the class they score: a target of three or more classes is
 * scored as its rarest class against the others pooled, and every result (JSON, Markdown, page) says
 * which against which. Run in-process, on small tables, with tiny GANs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tabularCommand } from '../src/cli/tabular.js';
import { fewRowsLine, fewTestRowsLine, type TabularEvaluation } from '../src/tabular/evaluation/evaluate.js';
import { scoredClassLine } from '../src/tabular/report/report.js';

const root = mkdtempSync(join(tmpdir(), 'gangrad-tabular-scored-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `rows` rows of an amount, a category and an age, the class `label(row)`. */
function writeTable(name: string, rows: number, label: (row: number) => string): string {
  const lines = ['amount,kind,age,risk'];
  for (let i = 0; i < rows; i++) lines.push([(10 + ((i * 37) % 90) * 1.5).toFixed(2), ['car', 'tv', 'study'][i % 3], String(18 + ((i * 7) % 50)), label(i)].join(','));
  const file = join(root, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const tiny = ['--steps', '3', '--hidden', '8', '--batch', '16', '--backend', 'wasm'];

/** Runs `run` with stdout and stderr captured. */
async function quietly(run: () => Promise<void>): Promise<{ out: string; err: string }> {
  const out: string[] = [], err: string[] = [];
  const log = console.log, error = console.error, write = process.stderr.write;
  console.log = (...args: unknown[]) => { out.push(args.join(' ')); };
  console.error = (...args: unknown[]) => { err.push(args.join(' ')); };
  process.stderr.write = ((chunk: string) => { err.push(String(chunk)); return true; }) as typeof process.stderr.write;
  try {
    await run();
  } finally {
    console.log = log;
    console.error = error;
    process.stderr.write = write;
  }
  return { out: out.join('\n'), err: err.join('') };
}

describe('the class a tabular evaluation scores', () => {
  it('three classes: eval.json, results.json, results.md and report.html say the rarest is scored against the other two', async () => {
    // 'low' on every 5th row (the rarest), 'mid' and 'high' on the rest.
    const file = writeTable('three.csv', 120, (r) => (r % 5 === 0 ? 'low' : r % 2 ? 'mid' : 'high'));
    const line = "The figures score class 'low' of 'risk' against the other 2 classes ('high', 'mid') together, as one class.";
    const out = join(root, 'three');
    await quietly(() => tabularCommand(['experiment', '--data', file, '--target', 'risk', '--seeds', '1', '--out', out, ...tiny]));
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.seeds[0].evaluation.positive).toBe('low');
    expect(results.seeds[0].evaluation.others).toEqual(['high', 'mid']);
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain(line);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(`<p>${line}</p>`);

    const model = join(root, 'three-model');
    await quietly(() => tabularCommand(['train', '--data', file, '--target', 'risk', '--out', model, ...tiny]));
    const printed = await quietly(() => tabularCommand(['eval', '--model', model, '--backend', 'wasm']));
    expect(printed.out).toContain(line);
    expect(JSON.parse(readFileSync(join(model, 'eval.json'), 'utf8')).others).toEqual(['high', 'mid']);
  });

  it('two classes: no such line (the minority class says it)', () => {
    expect(scoredClassLine([{ target: 'risk', positive: 'bad' } as TabularEvaluation])).toBe('');
  });
});

describe('a test part too small to judge by', () => {
  it('3 test rows of the scored class: the criteria scored on them say "too few test rows to judge", with a warning, not yes or no', async () => {
    // 40 rows, 'bad' on every 4th: a 30 % test part holds 3 of the 10.
    const file = writeTable('small.csv', 40, (r) => (r % 4 ? 'good' : 'bad'));
    const out = join(root, 'small');
    const said = await quietly(() => tabularCommand(['experiment', '--data', file, '--target', 'risk', '--seeds', '1', '--out', out, ...tiny]));
    const warning = `the test part holds 3 rows of class 'bad' of 'risk', fewer than 10: too few to judge the criteria scored on it (TSTR, augmentation)`;
    expect(said.err).toContain(`warning: ${warning}`);
    const md = readFileSync(join(out, 'results.md'), 'utf8');
    expect(md).toContain(`Warning: ${warning}`);
    const met = (criterion: string) => md.split('\n').filter((l) => l.startsWith(`| ${criterion}`)).map((l) => l.split(' | ').at(-1));
    expect(met('TSTR AUC')).toEqual(['too few test rows to judge |', 'too few test rows to judge |']);
    expect(met('augmentation')).toEqual(Array(4).fill('too few test rows to judge |'));
    // Detection is cross-validated on the 28 training rows and as many synthetic ones: still judged; the
    // closest-row distance's median over the 12 test rows is not.
    expect(met('detection AUC').every((m) => m === 'yes |' || m === 'no |')).toBe(true);
    expect(met('median distance')).toEqual(['too few rows to judge |']);
    expect(said.err).toContain('warning: the test part holds 12 rows, fewer than 20: too few to judge the distance to the closest training row (its median over the test rows), marked "too few rows to judge"');
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<td>too few test rows to judge</td>');
    // train says so too, before it trains (its test part is the same stratified 30 %).
    const trained = await quietly(() => tabularCommand(['train', '--data', file, '--target', 'risk', '--out', join(root, 'small-model'), ...tiny]));
    expect(trained.err).toContain(`warning: ${warning}`);
  });

  it('the bound: 9 rows are too few, 10 are judged', () => {
    expect(fewTestRowsLine(9, 'bad', 'risk')).toMatch(/^the test part holds 9 rows of class 'bad'/);
    expect(fewTestRowsLine(10, 'bad', 'risk')).toBe('');
  });

  it('24 rows: the detection AUC and the closest-row distance say "too few rows to judge", with a warning, not yes or no', async () => {
    // Classes alternate: a 30 % test part holds 8 rows, the training part 16 (8 of each class, enough to evaluate).
    const file = writeTable('tiny.csv', 24, (r) => (r % 2 ? 'good' : 'bad'));
    const out = join(root, 'tiny');
    const said = await quietly(() => tabularCommand(['experiment', '--data', file, '--target', 'risk', '--seeds', '1', '--out', out, ...tiny]));
    const warning = 'the training part holds 16 rows and the test part 8, fewer than 20: too few to judge the detection AUC (the training rows against as many synthetic ones) or the distance to the closest training row, marked "too few rows to judge"; use more data';
    expect(said.err).toContain(`warning: ${warning}`);
    const md = readFileSync(join(out, 'results.md'), 'utf8');
    expect(md).toContain(`Warning: ${warning}.`);
    const met = (criterion: string) => md.split('\n').filter((l) => l.startsWith(`| ${criterion}`)).map((l) => l.split(' | ').at(-1));
    expect(met('detection AUC')).toEqual(['too few rows to judge |', 'too few rows to judge |']);
    expect(met('median distance')).toEqual(['too few rows to judge |']);
    const page = readFileSync(join(out, 'report.html'), 'utf8');
    expect(page).toContain(`<p><b>Warning:</b> ${warning.replaceAll('"', '&quot;')}.</p>`);
    expect(page).toContain('<td>too few rows to judge</td>');
    // eval of a model trained on it: the same, on stderr and in the printed table.
    const model = join(root, 'tiny-model');
    await quietly(() => tabularCommand(['train', '--data', file, '--target', 'risk', '--out', model, ...tiny]));
    const printed = await quietly(() => tabularCommand(['eval', '--model', model, '--backend', 'wasm']));
    expect(printed.err).toContain(`warning: ${warning}`);
    expect(printed.out.split('\n').filter((l) => l.endsWith('| too few rows to judge |'))).toHaveLength(3);
  });

  it('the bound of the whole parts: 19 rows are too few, 20 are judged', () => {
    expect(fewRowsLine(19, 40)).toMatch(/^the training part holds 19 rows, fewer than 20: too few to judge the detection AUC/);
    expect(fewRowsLine(40, 19)).toMatch(/^the test part holds 19 rows, fewer than 20: too few to judge the distance to the closest training row/);
    expect(fewRowsLine(20, 20)).toBe('');
  });
});

describe('tabular detect on a target of several real classes', () => {
  it('a balanced 1/2/3 target: the refusal also asks for a two-class target, not only to correct the rarest rows', async () => {
    const file = writeTable('balanced.csv', 60, (r) => String(1 + (r % 3)));
    const refused = tabularCommand(['detect', '--data', file, '--target', 'risk', '--seeds', '1', '--out', join(root, 'balanced'), ...tiny]);
    await expect(refused).rejects.toThrow(`${file}: the target 'risk' has 3 classes ('1': 20 rows, '2': 20 rows, '3': 20 rows): a detector scores one rare class against the normal rows; the rarest, '1', is on lines 2, 5, 8, 11, 14, … — correct or leave out those rows; or, if all 3 classes are real, choose a target of two classes (--target), one of them the rare one to detect`);
  });
});

describe('a trailing comma on every line', () => {
  it('the empty last column name says it looks like a trailing comma; an empty name elsewhere does not', async () => {
    const { parseTable } = await import('../src/tabular/data/table.js');
    const rows = ['amount,kind,risk,', '1.5,car,good,', '2.5,tv,bad,', '3.5,car,good,'];
    expect(() => parseTable(rows.join('\n') + '\n', 't.csv')).toThrow("t.csv:1: column 4 has an empty name, and every row's last cell is empty: a trailing comma on every line? Remove it");
    // A last cell that holds a value: a nameless column, not a trailing comma.
    const named = [...rows.slice(0, 3), '3.5,car,good,x'];
    expect(() => parseTable(named.join('\n') + '\n', 't.csv')).toThrow(/^t\.csv:1: column 4 has an empty name$/);
    expect(() => parseTable('amount,,risk\n1,a,b\n2,c,d\n', 't.csv')).toThrow(/^t\.csv:1: column 2 has an empty name$/);
  });
});
