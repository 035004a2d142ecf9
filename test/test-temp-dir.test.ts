import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// test/setup/temp-dir.ts: the suite's scratch folders live in one folder per run, removed at its end.
describe('the suite keeps its temporary files in a folder of its own', () => {
  it('os.tmpdir() in a test worker is the run folder', () => {
    expect(basename(tmpdir())).toMatch(/^gangrad-test-run-/);
    const made = mkdtempSync(join(tmpdir(), 'gangrad-probe-'));
    expect(dirname(made)).toBe(tmpdir());
  });
  it('a spawned CLI inherits it', () => {
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("node:os").tmpdir())'], { encoding: 'utf8' });
    expect(child.stdout).toBe(tmpdir());
  });
});
