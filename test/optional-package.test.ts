import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createBackend, MissingPackageError, type PackageImporter } from '../src/index.js';

const ROOT = resolve(import.meta.dirname, '..');

/**
 * createBackend(backend) in a fresh Node process whose package importer lives in a folder outside the
 * repository, where nothing is installed: Node's real "not found" error, as in a project that installed
 * gangrad without its optional peers. (Inside vitest, its module runner would resolve from the repo.)
 */
function createInProjectWithoutPeers(backend: string): { name: string; packageName: string; message: string; causeCode: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gangrad-no-peers-'));
  writeFileSync(join(dir, 'load.mjs'), 'export default (name) => import(name);\n');
  writeFileSync(join(dir, 'main.mts'), [
    `import { createBackend } from ${JSON.stringify(pathToFileURL(join(ROOT, 'src/index.ts')).href)};`,
    "import importPackage from './load.mjs';",
    `const e = await createBackend(${JSON.stringify(backend)}, { importPackage }).then(() => null, (e) => e);`,
    'console.log(JSON.stringify({ name: e?.name, packageName: e?.packageName, message: e?.message, causeCode: e?.cause?.code }));',
  ].join('\n'));
  const tsx = join(ROOT, 'node_modules/tsx/dist/loader.mjs');
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(tsx).href, join(dir, 'main.mts')], { cwd: dir, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`child failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!);
}

describe('optional peer packages', () => {
  for (const [backend, pkg] of [['gpujs', 'gpu.js'], ['webgpu', 'webgpu']] as const) {
    it(`'${backend}' without '${pkg}' installed: one error naming the package and how to install it`, async () => {
      const error = createInProjectWithoutPeers(backend);
      expect(error.name).toBe('MissingPackageError');
      expect(error.packageName).toBe(pkg);
      expect(error.message).toContain(`the optional package '${pkg}', which is not installed`);
      expect(error.message).toContain(`npm install ${pkg}`);
      expect(error.causeCode).toBe('ERR_MODULE_NOT_FOUND');
    });
  }

  it('a browser without the package (bare specifier unresolved) gets the same error', async () => {
    const importPackage: PackageImporter = async (name) => {
      throw new TypeError(`Failed to resolve module specifier "${name}". Relative references must start with either "/", "./", or "../".`);
    };
    await expect(createBackend('gpujs', { importPackage })).rejects.toThrow(MissingPackageError);
  });

  it("webgpu in a page without navigator.gpu: says so, and does not send the page after Node's 'webgpu' package", () => {
    // It answered with MissingPackageError's advice to install 'webgpu' and pass importPackage, which no page can use.
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-page-'));
    writeFileSync(join(dir, 'main.mts'), [
      `import { createBackend } from ${JSON.stringify(pathToFileURL(join(ROOT, 'src/index.ts')).href)};`,
      'const node = globalThis.process;',
      "let imported = false;",
      "Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true, writable: true }); // as in a page",
      "const e = await createBackend('webgpu', { importPackage: async () => { imported = true; return {}; } }).then(() => null, (e) => e);",
      "Object.defineProperty(globalThis, 'process', { value: node, configurable: true, writable: true });",
      'console.log(JSON.stringify({ name: e?.name, message: e?.message, imported }));',
    ].join('\n'));
    const tsx = join(ROOT, 'node_modules/tsx/dist/loader.mjs');
    const run = spawnSync(process.execPath, ['--import', pathToFileURL(tsx).href, join(dir, 'main.mts')], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const error = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect(error.imported).toBe(false);
    expect(error.name).toBe('Error');
    expect(error.message).toMatch(/^gangrad webgpu: no adapter from navigator\.gpu\. .*In a browser, WebGPU must be enabled \(Chrome ≥ 113\)\.$/);
  });

  it('an error from inside an installed package passes through unchanged', async () => {
    const broken = new Error('gpu.js: broken native binding');
    await expect(createBackend('gpujs', { importPackage: async () => { throw broken; } })).rejects.toBe(broken);
    // A missing dependency of the package is not the package itself missing.
    const inner = Object.assign(new Error("Cannot find package 'gl' imported from /x/node_modules/gpu.js/index.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(createBackend('gpujs', { importPackage: async () => { throw inner; } })).rejects.toBe(inner);
  });

  it('with the package installed (a devDependency here), the default importer loads it', async () => {
    const backend = await createBackend('gpujs', { gpujsMode: 'cpu' });
    expect(backend.name).toBe('gpujs');
    backend.destroy();
  });
});
