import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MODULE_PATH, moduleSource } from '../scripts/assemble-wasm.js';

describe('WebAssembly kernels build', () => {
  it('the committed kernels.wasm.ts is what kernels.wat assembles to (run `npm run build:wasm` after editing the .wat)', async () => {
    expect(readFileSync(MODULE_PATH, 'utf8')).toBe(await moduleSource());
  });
});
