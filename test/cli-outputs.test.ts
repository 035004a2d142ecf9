import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { checkDateOption, refuseExistingOutputs, refuseOutputsOverInputs, UsageError } from '../src/cli/args.js';
import { writeFilesTogether } from '../src/io/index.js';
import { requireModelFile } from '../src/cli/model-dir.js';

describe('output files are checked before any work', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gangrad-outputs-'));

  it('an existing file without --force, a directory as target, a file as directory: usage errors naming the path', () => {
    const file = join(dir, 'exists.csv');
    writeFileSync(file, 'x');
    expect(() => refuseExistingOutputs([file], false)).toThrow(`${file} exists; pass --force to replace it`);
    expect(() => refuseExistingOutputs([file], true)).not.toThrow();
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    expect(() => refuseExistingOutputs([folder], true)).toThrow(`cannot write ${folder}: it is a directory`);
    expect(() => refuseExistingOutputs([join(file, 'x.json')], false)).toThrow(`cannot write ${join(file, 'x.json')}: ${file} is a file, not a directory`);
    expect(() => refuseExistingOutputs([join(dir, 'none', 'x.json')], false)).toThrow(`its directory ${join(dir, 'none')} does not exist`);
    // The write test leaves nothing behind.
    expect(readdirSync(dir).filter((f) => f.startsWith('.gangrad-write-test'))).toEqual([]);
  });

  it('a symbolic link or a device as an output is refused even with --force: renaming a finished file into place would replace it', () => {
    const target = join(dir, 'target.csv'), link = join(dir, 'link.csv');
    writeFileSync(target, 'kept');
    symlinkSync(target, link);
    expect(() => refuseExistingOutputs([link], true)).toThrow(`cannot write ${link}: it is a symbolic link (to ${target}); results are written whole and renamed into place, which would replace the link: give the file's own path`);
    expect(readFileSync(target, 'utf8')).toBe('kept');
    if (process.platform === 'linux') {
      expect(() => refuseExistingOutputs(['/dev/null'], true)).toThrow('cannot write /dev/null: not a regular file (a device, pipe or socket)');
      expect(() => refuseExistingOutputs(['/dev/stdout'], true)).toThrow(/^cannot write \/dev\/stdout: it is a symbolic link/);
    }
  });

  it.runIf(process.platform === 'linux')('a directory no file can be created in (here /proc) is refused before the work, not after', () => {
    expect(() => refuseExistingOutputs(['/proc/gangrad-out.csv'], false)).toThrow(/^cannot write \/proc\/gangrad-out\.csv: no file can be created in \/proc \(/);
  });

  it('two outputs naming one file, or an output naming an input, are refused', () => {
    const a = join(dir, 'a.json');
    expect(() => refuseExistingOutputs([a, join(dir, '.', 'a.json')], false)).toThrow(`${a} and ${join(dir, '.', 'a.json')} name the same file`);
    expect(() => refuseOutputsOverInputs([undefined, a], [{ path: join(dir, 'x', '..', 'a.json'), what: 'the data file' }])).toThrow(UsageError);
    expect(() => refuseOutputsOverInputs([a], [{ path: join(dir, 'b.json'), what: 'the data file' }])).not.toThrow();
    // A symbolic link to the input, or through a linked folder, is the input.
    writeFileSync(a, 'input');
    symlinkSync(a, join(dir, 'link.json'));
    symlinkSync(dir, join(dir, 'linked-dir'));
    expect(() => refuseOutputsOverInputs([join(dir, 'link.json')], [{ path: a, what: 'the data file' }])).toThrow(`${join(dir, 'link.json')} is the data file: an output may not replace an input`);
    expect(() => refuseOutputsOverInputs([a], [{ path: join(dir, 'linked-dir', 'a.json'), what: 'the data file' }])).toThrow(UsageError);
    expect(() => refuseOutputsOverInputs([join(dir, 'linked-dir', 'new.json')], [{ path: a, what: 'the data file' }])).not.toThrow();
  });

  it('a --model that is a file is named as such, not as a directory without a model', () => {
    const file = join(dir, 'README.md');
    writeFileSync(file, '# not a model');
    expect(() => requireModelFile(file, 'train')).toThrow(`--model ${file}: a file, not a model directory`);
  });

  it('a --model naming DIR.partial itself is read with a warning that the run has not ended', () => {
    // It was read in silence: an interrupted run's best-so-far weights, as if finished.
    const partial = join(dir, 'run.partial');
    mkdirSync(partial);
    writeFileSync(join(partial, 'model.safetensors'), '');
    const warn = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(requireModelFile(partial, 'train')).toBe(join(partial, 'model.safetensors'));
    // Said once, though a command asks for the file more than once (tabular eval did three times).
    requireModelFile(partial, 'train');
    expect(warn.mock.calls.flat().join(' ')).toBe(`warning: ${partial} is an unfinished run (still training, or interrupted): its model is the best so far, not the run's (an interrupted run goes on with gangrad train --resume --out ${join(dir, 'run')})`);
    warn.mockClear();
    mkdirSync(join(dir, 'done'));
    writeFileSync(join(dir, 'done', 'model.safetensors'), '');
    requireModelFile(join(dir, 'done'), 'train');
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('a date option must be a calendar day', () => {
    expect(() => checkDateOption('2024-02-29', 'as-of')).not.toThrow();
    expect(() => checkDateOption('2023-02-29', 'as-of')).toThrow('--as-of 2023-02-29: not a date in the calendar');
    expect(() => checkDateOption('2023-13-01', 'as-of')).toThrow(UsageError);
    expect(() => checkDateOption('16/03/2020', 'as-of')).toThrow('--as-of 16/03/2020: expected a date as YYYY-MM-DD');
  });
});

describe('writeFilesTogether', () => {
  it('writes every file from its pieces, or none of them when one fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-together-'));
    const a = join(dir, 'a.csv'), b = join(dir, 'b.json');
    expect(await writeFilesTogether([
      { path: a, write: (append) => { for (let i = 0; i < 3; i++) append(`${i}\n`); } },
      { path: b, write: (append) => append('{}') },
    ])).toEqual([a, b]);
    expect([readFileSync(a, 'utf8'), readFileSync(b, 'utf8')]).toEqual(['0\n1\n2\n', '{}']);
    const c = join(dir, 'c.csv');
    await expect(writeFilesTogether([
      { path: c, write: (append) => append('complete') },
      { path: join(dir, 'missing', 'd.json'), write: (append) => append('{}') },
    ])).rejects.toThrow(/d\.json: cannot write \(ENOENT: its directory does not exist\)/);
    expect(existsSync(c)).toBe(false);
    // A writer that throws half-way leaves the earlier content of its target as it was.
    await expect(writeFilesTogether([{ path: a, write: (append) => { append('half'); throw new Error('disk full'); } }])).rejects.toThrow(/a\.csv: cannot write \(disk full\)/);
    expect(readFileSync(a, 'utf8')).toBe('0\n1\n2\n');
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'b.json']);
  });

  it('an async writer is awaited; the clean-up it registers removes the temporaries (as a signal mid-write would run it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-together-'));
    const a = join(dir, 'a.csv');
    let cleanup: (() => void) | null = null;
    let seenMidWrite: string[] = [];
    const written = writeFilesTogether([{ path: a, write: async (append) => {
      append('first\n');
      await new Promise((r) => setImmediate(r));
      // Mid-write: the temporary exists, the target not yet; the registered clean-up removes it.
      seenMidWrite = readdirSync(dir);
      cleanup!();
      append('second\n');
    } }], { onCleanup: (fn) => { cleanup = fn; return () => { cleanup = null; }; } });
    await expect(written).rejects.toThrow(/a\.csv: cannot write/);
    expect(seenMidWrite).toEqual([`a.csv.tmp-${process.pid}`]);
    expect(readdirSync(dir)).toEqual([]);
    expect(cleanup).toBeNull();
  });
});
