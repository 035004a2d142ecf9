/**
 * The model directory (io/model-dir.ts) behaves the same for every application's training command:
 * a run publishes DIR only when it completes, an existing DIR is refused without --force or --resume,
 * a held lock stops a second writer, a failed --force run leaves DIR intact, --resume continues it.
 * Runs in-process with tiny networks.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tabularCommand } from '../src/cli/tabular.js';
import { trainCommand } from '../src/cli/train.js';
import { readSafetensorsFile } from '../src/io/index.js';
import { runDirs } from '../src/io/model-dir.js';
import { snapshot } from './helpers/cli.js';
import { writeSmallPriceFile } from './helpers/prices.js';

const root = mkdtempSync(join(tmpdir(), 'gangrad-model-dir-apps-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A small table with a numeric, a text and a one-hot column (as in tabular-train.test.ts). */
function writeSmallTable(file: string): string {
  const lines = ['amount,purpose,Home.own,Home.rent,risk'];
  for (let i = 0; i < 120; i++) lines.push(`${100 + ((i * 37) % 90)},${['car', 'tv', 'study'][i % 3]},${i % 4 ? 1 : 0},${i % 4 ? 0 : 1},${i % 5 ? 'good' : 'bad'}`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** One training command: `train(out, steps, extra)` runs it to completion (its errors thrown). */
interface App {
  name: string;
  command: string;
  train: (out: string, steps: number, extra?: string[]) => Promise<unknown>;
  /** Options that make the run fail once it has started writing into DIR.partial. */
  failing: string[];
}

const prices = writeSmallPriceFile(root, 300);
const table = writeSmallTable(join(root, 'table.csv'));
const apps: App[] = [
  {
    name: 'finance', command: 'train',
    train: (out, steps, extra = []) => trainCommand([
      ...(extra.includes('--resume') ? [] : ['--data', prices]), '--out', out, '--steps', String(steps), '--eval-every', '100', '--checkpoint-every', '6',
      '--window', '8', '--batch', '8', '--hidden', '8', '--backend', 'cpu', ...extra,
    ]),
    failing: ['--lr', '1000', '--steps', '2000', '--eval-every', '100000'], // diverges
  },
  {
    name: 'tabular', command: 'tabular train',
    train: (out, steps, extra = []) => tabularCommand([
      'train', ...(extra.includes('--resume') ? [] : ['--data', table, '--target', 'risk']), '--out', out, '--steps', String(steps),
      '--hidden', '8', '--batch', '16', '--backend', 'cpu', ...extra,
    ]),
    failing: ['--target', 'amount'], // not categorical
  },
];

const step = (file: string) => Number(readSafetensorsFile(file).metadata.step);
const runId = (file: string) => readSafetensorsFile(file).metadata.run_id;

describe.each(apps)('model directory of $name training', (app) => {
  // Scoring the weights makes a finance run take seconds: generous limits for a slow, shared machine.
  it('publishes DIR when the run completes, and refuses an existing DIR without --force or --resume', async () => {
    const out = join(root, `${app.name}-refuse`);
    await app.train(out, 12);
    expect(readdirSync(out).sort()).toEqual(['checkpoint.safetensors', 'config.json', 'model.safetensors', 'training-log.csv']);
    expect(existsSync(runDirs(out).partial) || existsSync(runDirs(out).lock)).toBe(false);
    expect(runId(join(out, 'model.safetensors'))).toBe(runId(join(out, 'checkpoint.safetensors')));
    const before = snapshot(out);
    await expect(app.train(out, 12)).rejects.toThrow(`${out}: already holds a model; pass --force to replace it`);
    await expect(app.train(out, 12, ['--resume', '--force'])).rejects.toThrow(/--resume and --force exclude each other/);
    expect(snapshot(out)).toEqual(before);
  });

  it('a held lock stops a second writer, naming the holder', async () => {
    const out = join(root, `${app.name}-locked`);
    writeFileSync(runDirs(out).lock, JSON.stringify({ pid: process.pid, host: hostname(), command: app.command, started: 'now' }));
    await expect(app.train(out, 12)).rejects.toThrow(`${out}: locked by process ${process.pid} (gangrad ${app.command}, started now)`);
    expect(existsSync(out) || existsSync(runDirs(out).partial)).toBe(false);
    // Another process (this one's parent stands in) runs and has made its first checkpoint: still the
    // lock is named, not --resume or --force.
    writeFileSync(runDirs(out).lock, JSON.stringify({ pid: process.ppid, host: hostname(), command: app.command, started: 'now' }));
    mkdirSync(runDirs(out).partial);
    writeFileSync(join(runDirs(out).partial, 'checkpoint.safetensors'), '');
    await expect(app.train(out, 12)).rejects.toThrow(`${out}: locked by process ${process.ppid} (gangrad ${app.command}, started now)`);
    rmSync(runDirs(out).partial, { recursive: true });
    rmSync(runDirs(out).lock);
  });

  it('a failed --force run leaves DIR intact; a good one replaces it; --resume continues the published run', { timeout: 900_000 }, async () => {
    const out = join(root, `${app.name}-force`);
    await app.train(out, 12);
    const before = snapshot(out);
    await expect(app.train(out, 12, ['--force', ...app.failing])).rejects.toThrow();
    expect(snapshot(out)).toEqual(before);
    expect(existsSync(runDirs(out).partial)).toBe(false); // nothing resumable was left
    const firstRun = runId(join(out, 'model.safetensors'));
    await app.train(out, 12, ['--force']);
    expect(runId(join(out, 'model.safetensors'))).not.toBe(firstRun);
    // Fewer steps than the run has done: a usage error, nothing copied or changed.
    const published = snapshot(out);
    await expect(app.train(out, 5, ['--resume'])).rejects.toThrow(new RegExp(`--steps 5 is below the 12 steps the run in \\S*${app.name}-force has done`));
    expect(snapshot(out)).toEqual(published);
    expect(existsSync(runDirs(out).partial)).toBe(false);
    // A setting other than the run's is refused; the same ones (the first command run again) are not.
    await expect(app.train(out, 18, ['--resume', '--lr', '0.5'])).rejects.toThrow(/--lr 0\.5 \(the run: [0-9.e-]+\): --resume continues with the data and settings the run started with/);
    expect(snapshot(out)).toEqual(published);
    await app.train(out, 18, ['--resume']);
    expect(step(join(out, 'checkpoint.safetensors'))).toBe(18);
    expect(runId(join(out, 'checkpoint.safetensors'))).toBe(runId(join(out, 'model.safetensors')));
    expect(existsSync(runDirs(out).partial)).toBe(false);
  });

  it('--force replaces a model directory and nothing else: a file, a folder of other files, a model beside the user\'s files', async () => {
    const file = join(root, `${app.name}-a-file`);
    writeFileSync(file, 'mine\n');
    await expect(app.train(file, 3, ['--force'])).rejects.toThrow(`${file}: is a file, not a directory`);
    const folder = join(root, `${app.name}-folder`);
    mkdirSync(folder);
    writeFileSync(join(folder, 'notes.txt'), 'mine\n');
    await expect(app.train(folder, 3, ['--force'])).rejects.toThrow(`${folder}: holds files but no model (notes.txt)`);
    const out = join(root, `${app.name}-beside`);
    await app.train(out, 3);
    writeFileSync(join(out, 'data.csv'), 'mine\n');
    writeFileSync(join(out, 'eval.json'), '{}\n'); // gangrad's own output: it may go with the directory
    const before = snapshot(out);
    await expect(app.train(out, 3, ['--force'])).rejects.toThrow(`${out}: besides the model it holds data.csv, which --force would delete`);
    expect(snapshot(out)).toEqual(before);
    expect(readFileSync(file, 'utf8') + readFileSync(join(folder, 'notes.txt'), 'utf8')).toBe('mine\nmine\n');
  });
});

describe('a model directory of another application', () => {
  it('--resume refuses it naming DIR\'s own file (not the DIR.partial copy it was read from), DIR untouched', async () => {
    const out = join(root, 'finance-for-tabular');
    await apps[0].train(out, 6);
    const before = snapshot(out);
    const refused = await tabularCommand(['train', '--resume', '--out', out, '--backend', 'cpu']).catch((e: unknown) => e as Error);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toContain(join(out, 'checkpoint.safetensors'));
    expect((refused as Error).message).not.toContain('.partial');
    expect(existsSync(runDirs(out).partial)).toBe(false);
    expect(snapshot(out)).toEqual(before);
  });
});
