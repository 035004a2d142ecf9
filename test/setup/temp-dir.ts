/**
 * Vitest global setup: every temporary file of one run of the suite goes under one folder, removed when
 * the run ends. The tests make their scratch folders with `mkdtempSync(join(tmpdir(), …))` and the CLIs
 * they spawn inherit the environment, so pointing TMPDIR (which `os.tmpdir()` reads) at a folder of the
 * run's own is enough; without it each run left about 550 folders and 100 MB in /tmp. Set
 * GANGRAD_KEEP_TEST_TMP=1 to keep the folder (its path is printed) for a post-mortem.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'gangrad-test-run-'));
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (process.env.GANGRAD_KEEP_TEST_TMP === '1') console.log(`gangrad: the run's temporary files are kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
}
