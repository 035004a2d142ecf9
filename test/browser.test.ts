import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileLibrary, findChromium, serveChecks, withChromium } from './helpers/browser.js';

/**
 * The library in a real browser: headless Chromium loads the compiled ESM as it is, trains on the
 * wasm backend with Web Workers (cross-origin isolated page) or one thread (plain page), and on
 * WebGPU (SwiftShader), each checked against the CPU reference inside the page. Skipped, with the
 * reason, where no Chromium is installed; GANGRAD_REQUIRE_BROWSER=1 (set by .ci/run) makes that a failure.
 */
const chromium = findChromium();
if (!chromium) {
  if (process.env.GANGRAD_REQUIRE_BROWSER === '1') throw new Error('GANGRAD_REQUIRE_BROWSER=1 but no Chromium found (apt install chromium, or set CHROMIUM)');
  console.warn('Browser tests skipped: no Chromium found (apt install chromium, or set CHROMIUM=/path/to/chrome)');
}

interface BackendReport { description?: string; matmulError?: number; ganError?: number; ganWorstTensorError?: number; error?: string }
interface PageReport { crossOriginIsolated: boolean; backends: Record<string, BackendReport>; errors: string[]; fileError?: string }

describe.skipIf(!chromium)('in a browser (headless Chromium)', () => {
  let library = '';
  let server: Awaited<ReturnType<typeof serveChecks>>;
  beforeAll(async () => {
    library = compileLibrary();
    server = await serveChecks(library);
  });
  afterAll(() => {
    server?.close();
    if (library) rmSync(library, { recursive: true, force: true });
  });
  const open = (path: string) => withChromium(chromium!, `${server.url}${path}`, server.nextReport(600_000)) as Promise<PageReport>;

  it('cross-origin isolated page: wasm matmuls run on Web Workers and match the CPU reference; so does WebGPU', async () => {
    const report = await open('/isolated/?webgpu');
    expect(report.errors).toEqual([]);
    expect(report.crossOriginIsolated).toBe(true);
    const wasm = report.backends.wasm;
    expect(wasm.error).toBeUndefined();
    expect(wasm.description).toMatch(/2 threads \(shared memory, Web Workers\)/);
    expect(wasm.matmulError).toBeLessThan(1e-5);
    expect(wasm.ganError).toBeLessThan(1e-4);
    const webgpu = report.backends.webgpu;
    expect(webgpu, 'navigator.gpu missing: Chromium without --enable-unsafe-webgpu?').toBeDefined();
    expect(webgpu.error).toBeUndefined();
    expect(webgpu.matmulError).toBeLessThan(1e-5);
    expect(webgpu.ganError).toBeLessThan(1e-4);
    expect(webgpu.ganWorstTensorError).toBeLessThan(1e-2);
    expect(report.fileError).toMatch(/needs Node/);
  });

  it('page without cross-origin isolation: wasm falls back to one thread and still matches', async () => {
    const report = await open('/plain/');
    expect(report.errors).toEqual([]);
    expect(report.crossOriginIsolated).toBe(false);
    expect(report.backends.wasm.error).toBeUndefined();
    expect(report.backends.wasm.description).toMatch(/1 thread$/);
    expect(report.backends.wasm.matmulError).toBeLessThan(1e-5);
    expect(report.backends.wasm.ganError).toBeLessThan(1e-4);
  });

  it('the web demo trains the default return GAN on the bundled data and draws its four charts', async () => {
    const report = await withChromium(chromium!, `${server.url}/web/?backend=wasm&steps=50&autostart&report`, server.nextReport(600_000)) as {
      error?: string; crossOriginIsolated: boolean; cores: number; charts: number; status: string;
      summary: { backend: string; steps: number; last: { dLoss: number; gLoss: number }; score: { w1: number; acfAbsError: number } };
    };
    expect(report.error).toBeUndefined();
    expect(report.crossOriginIsolated).toBe(true);
    // The demo uses every core the browser reports: Web Workers where there are two or more, one
    // thread on a one-core machine (taskset -c 0).
    expect(report.summary.backend).toMatch(report.cores > 1 ? /Web Workers/ : /1 thread$/);
    expect(report.summary.steps).toBe(50);
    expect(Number.isFinite(report.summary.last.dLoss) && Number.isFinite(report.summary.last.gLoss)).toBe(true);
    expect(report.summary.score.w1).toBeGreaterThan(0);
    expect(report.charts).toBe(4);
    expect(report.status).toMatch(/step 50\/50/);
  });
});
