/** The pieces of an atomic model directory, in-process: lock, publish, and the roll-back of a publish cut short. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, publishRun, runDirs, settleModelDir } from '../src/io/model-dir.js';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'gangrad-dir-')), 'model');
const put = (dir: string, name: string, text: string) => { mkdirSync(dir, { recursive: true }); writeFileSync(join(dir, name), text); };

describe('model directory', () => {
  it('a second lock names the holder; a lock of a dead process is taken over; release removes it', () => {
    const dir = fresh();
    const release = acquireLock(dir, 'train');
    expect(() => acquireLock(dir, 'train')).toThrow(new RegExp(`${dir}: locked by process ${process.pid} \\(gangrad train, started [\\dT:.Z-]+\\)`));
    release();
    expect(existsSync(runDirs(dir).lock)).toBe(false);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(runDirs(dir).lock, JSON.stringify({ pid: Number(dead), host: hostname(), command: 'train', started: 'then' }));
    const again = acquireLock(dir, 'train');
    expect(JSON.parse(readFileSync(runDirs(dir).lock, 'utf8')).pid).toBe(process.pid);
    again();
  });

  it('publish replaces DIR by DIR.partial and leaves nothing beside it', () => {
    const dir = fresh();
    put(dir, 'model.safetensors', 'old');
    put(runDirs(dir).partial, 'model.safetensors', 'new');
    put(runDirs(dir).partial, 'config.json.tmp-999999999', 'left by a killed writer');
    publishRun(dir);
    expect(readFileSync(join(dir, 'model.safetensors'), 'utf8')).toBe('new');
    expect(existsSync(join(dir, 'config.json.tmp-999999999'))).toBe(false);
    expect([runDirs(dir).partial, runDirs(dir).previous].some(existsSync)).toBe(false);
  });

  it('a publish killed between its renames is rolled back; one killed after them is finished', () => {
    const dir = fresh();
    put(runDirs(dir).previous, 'model.safetensors', 'old'); // DIR renamed away, DIR.partial not yet renamed
    put(runDirs(dir).partial, 'model.safetensors', 'new');
    settleModelDir(dir);
    expect(readFileSync(join(dir, 'model.safetensors'), 'utf8')).toBe('old');
    expect(readFileSync(join(runDirs(dir).partial, 'model.safetensors'), 'utf8')).toBe('new');
    put(runDirs(dir).previous, 'model.safetensors', 'older'); // both renames done, clean-up not
    settleModelDir(dir);
    expect(readFileSync(join(dir, 'model.safetensors'), 'utf8')).toBe('old');
    expect(existsSync(runDirs(dir).previous)).toBe(false);
  });
});
