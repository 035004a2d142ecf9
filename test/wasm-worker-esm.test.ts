/**
 * The wasm backend's worker threads start when the program's own code is ESM by flag: `node
 * --input-type=module -e …` (workers inherit the flag, and their eval'd script was read as ESM, where
 * its `require` is not defined: the backend warned and ran on one thread). Found by probing the library.
 */
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('wasm worker threads', () => {
  it('start under node --input-type=module', () => {
    const entry = pathToFileURL('src/index.ts').href;
    const script = `import { createBackend } from '${entry}'; console.log((await createBackend('wasm', { threads: 2 })).description);`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    // Node 22 and 24 run the relaxed-SIMD kernel: '(relaxed FMA)' then comes before the thread count.
    expect(out).toMatch(/WebAssembly SIMD( \(relaxed FMA\))?, 2 threads/);
  });
});
