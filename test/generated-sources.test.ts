import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { MODULE_PATH, moduleSource } from '../scripts/assemble-wasm.js';
import { SHADER_SOURCES } from '../src/backend/webgpu/shaders.generated.js';
import { SHADER_DIR, SHADER_MODULE_PATH, shaderModuleSource, withoutComments } from '../scripts/build-shaders.js';
import { WORKER_MODULE_PATH, workerModuleSource } from '../scripts/build-worker.js';

describe('generated sources are current', () => {
  it('kernels.wasm.ts is what kernels.wat and gemm-fma.wat assemble to (after editing either: npm run build:wasm)', async () => {
    expect(readFileSync(MODULE_PATH, 'utf8')).toBe(await moduleSource());
  });

  it('worker.generated.ts is worker.ts bundled (after editing the worker, control.ts or fillNormal: npm run build:worker)', async () => {
    expect(readFileSync(WORKER_MODULE_PATH, 'utf8')).toBe(await workerModuleSource());
  });

  it('shaders.generated.ts embeds shaders/*.wgsl (after editing a shader: npm run build:shaders)', () => {
    expect(readFileSync(SHADER_MODULE_PATH, 'utf8')).toBe(shaderModuleSource());
  });

  it('every shader file starts with a header naming its bindings', () => {
    const files = readdirSync(SHADER_DIR).filter((f) => f.endsWith('.wgsl'));
    expect(files.length).toBeGreaterThanOrEqual(11);
    for (const file of files) {
      const family = file.replace(/\.wgsl$/, '');
      const source = readFileSync(SHADER_DIR + file, 'utf8');
      expect(source.startsWith(`// ${family}:`)).toBe(true);
      expect(source).toMatch(/^\/\/[^\n]*(\n\/\/[^\n]*)*Bindings \(group 0\)/);
    }
  });

  it('embeds the shaders without their comments and spacing: the same program, fewer bytes', () => {
    expect(withoutComments('x = 1; // one\n// a note\n\n  y = x;\n')).toBe('x=1;\ny=x;\n');
    // Spaces that keep two tokens apart stay: a - -b is not a--b, nor > > a >>.
    expect(withoutComments('let a = b - -c;\nvar<storage, read> x: array<vec2<u32> >;\n')).toBe('let a = b - -c;\nvar<storage, read> x: array<vec2<u32> >;\n');
    expect(withoutComments('fn f(a: u32) -> u32 { return a * 2u; }\n')).toBe('fn f(a:u32)->u32{return a*2u;}\n');
    for (const source of Object.values(SHADER_SOURCES)) expect(source).not.toContain('//');
  });
});
