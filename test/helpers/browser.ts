/**
 * Running checks in a real browser: compile the library to plain ESM, serve it over HTTP (with or
 * without the cross-origin isolation headers that SharedArrayBuffer needs), open a page in headless
 * Chromium and wait for the page to POST its report. No browser-driver dependency: the page reports
 * by itself, and the test only starts and stops the browser.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LAB_WORKERS } from '../../scripts/lab-server.js';
import { startStaticServer } from '../../scripts/static-server.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** The Chromium binary to use: $CHROMIUM, else the first of the usual names found on PATH. */
export function findChromium(): string | null {
  if (process.env.CHROMIUM) return existsSync(process.env.CHROMIUM) ? process.env.CHROMIUM : null;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  return null;
}

/** Compile src/ to JavaScript in a fresh temporary folder; returns the folder. */
export function compileLibrary(): string {
  const out = mkdtempSync(join(tmpdir(), 'gangrad-lib-'));
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out, '--declaration', 'false', '--sourceMap', 'false'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tsc failed:\n${result.stdout}${result.stderr}`);
  return out;
}

/**
 * Serve the compiled library at /lib/, test/browser at /test/, the web demo at /web/ and the data at
 * /data/; the check page at /isolated/ (cross-origin isolated) and /plain/ (not). A POST to /result
 * resolves `nextReport()`.
 */
export async function serveChecks(libraryDir: string): Promise<{ url: string; nextReport(timeoutMs: number): Promise<unknown>; close(): void }> {
  let deliver: ((report: unknown) => void) | null = null;
  const page = join(ROOT, 'test/browser/page.html');
  const server = await startStaticServer({
    folders: { '/lib/': libraryDir, '/test/': join(ROOT, 'test/browser'), '/web/': join(ROOT, 'web'), '/data/': join(ROOT, 'data') },
    pages: { '/isolated/': page, '/plain/': page, '/web/': join(ROOT, 'web/index.html'), ...LAB_WORKERS },
    isolated: (path) => path !== '/plain/',
    onResult: (report) => deliver?.(report),
  });
  return {
    url: server.url,
    nextReport: (timeoutMs) => new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`no report from the page within ${timeoutMs / 1000} s`)), timeoutMs);
      deliver = (report) => { clearTimeout(timer); deliver = null; resolvePromise(report); };
    }),
    close: server.close,
  };
}

/** Open `url` in headless Chromium until `until` settles; returns its result. */
export async function withChromium<T>(chromium: string, url: string, until: Promise<T>): Promise<T> {
  const profile = mkdtempSync(join(tmpdir(), 'gangrad-chromium-'));
  const browser = spawn(chromium, [
    '--headless=new', '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--disable-quic', '--enable-unsafe-webgpu', `--user-data-dir=${profile}`, url,
  ], { stdio: ['ignore', 'ignore', 'pipe'], detached: true }); // its own process group, so all its children stop with it
  let stderr = '';
  browser.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-4000); });
  let running = true;
  const stopped = new Promise<void>((done) => browser.on('exit', () => { running = false; done(); }));
  const exited = stopped.then((): never => { throw new Error(`chromium exited before reporting:\n${stderr}`); });
  try {
    return await Promise.race([until, exited]);
  } finally {
    if (running) process.kill(-browser.pid!, 'SIGKILL');
    await stopped;
    rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}
