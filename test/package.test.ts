/**
 * What keeps the package loadable everywhere, checked on the sources (scripts/ci-package.sh checks the
 * packed result): no Node module imported on the library's paths, no top-level await, no runtime
 * dependency, the optional peers optional.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createDefaultBackend, getBackend } from '../src/index.js';

const ROOT = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Library files: everything under src/ but the CLI, which only Node runs. */
const library = sources(join(ROOT, 'src')).filter((f) => !relative(ROOT, f).startsWith('src/cli/'));

describe('package', () => {
  it('imports no Node module in the library (bundlers fail or stub them for a page), only via process.getBuiltinModule', () => {
    const offending = library.flatMap((file) => readFileSync(file, 'utf8').split('\n').flatMap((line, i) =>
      // `import type` and `typeof import('node:…')` vanish from the JavaScript.
      /(^|[^\w])(import|from|require)\s*\(?\s*['"](node:)?(fs|path|os|crypto|worker_threads|url|util|module|child_process|http)['"]/.test(line)
        && !/^\s*import type\b/.test(line) && !/typeof import\(/.test(line) && !/^\s*(\/\/|\*)/.test(line) && !line.includes('${')
        ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : []));
    // The wasm worker's source is a string run in the worker (its `require` is the worker's).
    expect(offending.filter((l) => !l.startsWith('src/backend/wasm/threads.ts') || !l.includes("require('node:worker_threads')"))).toEqual([]);
  });

  it('has no top-level await (it would break require(esm) and older bundler targets)', () => {
    const offending = library.flatMap((file) => readFileSync(file, 'utf8').split('\n').flatMap((line, i) =>
      /^(export\s+)?((const|let|var)\s+[^=]+=\s*)?await\b/.test(line) || /^for\s+await\b/.test(line) ? [`${relative(ROOT, file)}:${i + 1}: ${line}`] : []));
    expect(offending).toEqual([]);
  });

  it('has no runtime dependencies; gpu.js and webgpu are optional peers (and devDependencies for the tests)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});
    for (const name of ['gpu.js', 'webgpu']) {
      expect(pkg.peerDependencies[name]).toBeTruthy();
      expect(pkg.peerDependenciesMeta[name]).toEqual({ optional: true });
      expect(pkg.devDependencies[name]).toBe(pkg.peerDependencies[name]);
    }
    expect(pkg.sideEffects).toBe(false);
    expect(Object.keys(pkg.exports['.'])).toEqual(['types', 'browser', 'import', 'require', 'default']);
    expect(pkg.scripts.prepare).toBe('npm run build');
  });

  it("is as npm normalises it: npm publish rewrites a './' bin path and warns that it 'was invalid and removed'", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    for (const [name, path] of Object.entries(pkg.bin as Record<string, string>)) {
      expect(path, `bin ${name}`).not.toMatch(/^\.\//);
      expect(readFileSync(join(ROOT, path), 'utf8'), `bin ${name}`).toMatch(/^#!\/usr\/bin\/env node\n/);
    }
  });

  it("exports the bundled data file, so a project finds it by name wherever npm put the package", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    // Resolved as an installed project would (a package may name itself): through the exports map.
    const file = createRequire(join(ROOT, 'package.json')).resolve('gangrad/data/sp500_gspc_daily.csv');
    expect(file).toBe(join(ROOT, 'data', 'sp500_gspc_daily.csv'));
    expect(pkg.files).toContain('data/sp500_gspc_daily.csv');
  });

  it("the default backend is auto's choice: wasm where WebAssembly SIMD exists, else cpu", () => {
    // Nothing in this file set a backend: the first use makes the default.
    expect(getBackend().name).toBe('wasm');
    expect(getBackend().description).toContain('1 thread');
    vi.stubGlobal('WebAssembly', undefined);
    try {
      expect(createDefaultBackend().name).toBe('cpu');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
