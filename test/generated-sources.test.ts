import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MODULE_PATH, moduleSource } from '../scripts/assemble-wasm.js';
import { SHADER_MODULE_PATH, shaderModuleSource } from '../scripts/build-shaders.js';

describe('generated sources are current', () => {
  it('kernels.wasm.ts is what kernels.wat assembles to (after editing the .wat: npm run build:wasm)', async () => {
    expect(readFileSync(MODULE_PATH, 'utf8')).toBe(await moduleSource());
  });

  it('shaders.generated.ts embeds shaders/*.wgsl as they are (after editing a shader: npm run build:shaders)', () => {
    expect(readFileSync(SHADER_MODULE_PATH, 'utf8')).toBe(shaderModuleSource());
  });

  it('every shader file starts with a header naming its bindings', () => {
    const generated = readFileSync(SHADER_MODULE_PATH, 'utf8');
    for (const family of ['matmul', 'elementwise', 'loss', 'reduce', 'layout', 'optimizers', 'random', 'dense']) {
      expect(generated).toContain(`"${family}": "// ${family}:`);
      expect(generated).toMatch(new RegExp(`"${family}": "[^"]*Bindings \\(group 0\\)`));
    }
  });
});
