/**
 * Driving headless Chromium over the DevTools protocol without a driver dependency: Chromium started
 * with --remote-debugging-pipe reads commands on fd 3 and writes replies and events on fd 4, each a
 * JSON message ended by a NUL byte. Enough for the lab's tests: open a page at a viewport size,
 * evaluate expressions in it (clicks, waits, reads), and take screenshots.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

interface Message { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: { message: string }; sessionId?: string }

/** One page in a headless Chromium of its own. */
export interface CdpPage {
  /** Evaluate `expression` in the page (awaiting a promise it returns); returns its JSON value. */
  evaluate<T = unknown>(expression: string, timeoutMs?: number): Promise<T>;
  /** Resolve when `expression` is truthy in the page (polled every 50 ms); returns its value. */
  waitFor<T = unknown>(expression: string, timeoutMs?: number): Promise<T>;
  /** Set the viewport (CSS pixels). */
  resize(width: number, height: number): Promise<void>;
  /** Write a PNG of the viewport, scaled by `scale`, to `file`. */
  screenshot(file: string, scale?: number): Promise<void>;
  /** Choose `files` in the file input matching `selector`, as a user would (fires its change event). */
  setFiles(selector: string, files: string[]): Promise<void>;
  /** Let downloads through, into `dir`. */
  allowDownloads(dir: string): Promise<void>;
  /** Console messages and uncaught exceptions seen so far. */
  readonly logs: string[];
  close(): Promise<void>;
}

/** Open `url` in a fresh headless Chromium at `width`×`height`; resolves once the page has loaded. */
export async function openPage(chromium: string, url: string, width = 1280, height = 800): Promise<CdpPage> {
  const profile = mkdtempSync(join(tmpdir(), 'gangrad-cdp-'));
  const browser = spawn(chromium, [
    '--headless=new', '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--disable-quic', '--enable-unsafe-webgpu', '--hide-scrollbars', '--remote-debugging-pipe', `--user-data-dir=${profile}`,
  ], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: true }); // own process group: all its children stop with it
  const toBrowser = browser.stdio[3] as Writable, fromBrowser = browser.stdio[4] as Readable;
  let stderr = '';
  browser.stderr!.on('data', (chunk) => { stderr = (stderr + chunk).slice(-4000); });
  const exited = new Promise<void>((done) => browser.on('exit', () => done()));
  const pending = new Map<number, { resolve: (m: Message) => void; reject: (e: Error) => void }>();
  const listeners: ((m: Message) => void)[] = [];
  const logs: string[] = [];
  let buffer = '', nextId = 1, sessionId: string | undefined;
  fromBrowser.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let end;
    while ((end = buffer.indexOf('\0')) >= 0) {
      const message = JSON.parse(buffer.slice(0, end)) as Message;
      buffer = buffer.slice(end + 1);
      if (message.id !== undefined && pending.has(message.id)) {
        const p = pending.get(message.id)!;
        pending.delete(message.id);
        if (message.error) p.reject(new Error(`CDP: ${message.error.message}`));
        else p.resolve(message);
      } else {
        for (const listener of listeners) listener(message);
      }
    }
  });
  void exited.then(() => { for (const p of pending.values()) p.reject(new Error(`chromium exited:\n${stderr}`)); pending.clear(); });
  const send = (method: string, params: Record<string, unknown> = {}, session = sessionId): Promise<Message> => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    toBrowser.write(JSON.stringify({ id, method, params, ...(session ? { sessionId: session } : {}) }) + '\0');
  });
  const event = (method: string, timeoutMs: number) => new Promise<Message>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs);
    const listener = (m: Message) => {
      if (m.method !== method) return;
      clearTimeout(timer);
      listeners.splice(listeners.indexOf(listener), 1);
      resolve(m);
    };
    listeners.push(listener);
  });
  listeners.push((m) => {
    if (m.method === 'Runtime.consoleAPICalled') {
      const args = (m.params!.args as { value?: unknown; description?: string }[]).map((a) => a.value ?? a.description);
      logs.push(`${m.params!.type}: ${args.join(' ')}`);
    } else if (m.method === 'Runtime.exceptionThrown') {
      const details = m.params!.exceptionDetails as { text: string; exception?: { description?: string } };
      logs.push(`exception: ${details.exception?.description ?? details.text}`);
    }
  });

  const close = async () => {
    try { process.kill(-browser.pid!, 'SIGKILL'); } catch { /* already gone */ }
    await exited;
    rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };
  try {
    const target = await send('Target.createTarget', { url: 'about:blank' });
    const attached = await send('Target.attachToTarget', { targetId: target.result!.targetId, flatten: true });
    sessionId = attached.result!.sessionId as string;
    await send('Page.enable');
    await send('Runtime.enable');
    const page: CdpPage = {
      logs,
      async evaluate<T>(expression: string, timeoutMs = 600_000): Promise<T> {
        const reply = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true, timeout: timeoutMs });
        const r = reply.result as { result: { value?: T }; exceptionDetails?: { text: string; exception?: { description?: string } } };
        if (r.exceptionDetails) throw new Error(`in the page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
        return r.result.value as T;
      },
      waitFor<T>(expression: string, timeoutMs = 600_000): Promise<T> {
        return page.evaluate<T>(`new Promise((resolve, reject) => {
          const started = performance.now();
          const poll = () => { let v; try { v = (${expression}); } catch (e) { return reject(e); }
            if (v) return resolve(v);
            if (performance.now() - started > ${timeoutMs}) return reject(new Error('timed out waiting for: ' + ${JSON.stringify(expression)}));
            setTimeout(poll, 50); };
          poll(); })`, timeoutMs + 5_000);
      },
      async resize(w: number, h: number) {
        await send('Emulation.setDeviceMetricsOverride', { width: w, height: h, deviceScaleFactor: 1, mobile: w < 600 });
      },
      async screenshot(file: string, scale = 1) {
        const metrics = await page.evaluate<{ w: number; h: number }>('({ w: innerWidth, h: innerHeight })');
        const shot = await send('Page.captureScreenshot', { format: 'png', clip: { x: 0, y: 0, width: metrics.w, height: metrics.h, scale } });
        writeFileSync(file, Buffer.from(shot.result!.data as string, 'base64'));
      },
      async setFiles(selector: string, files: string[]) {
        const document = await send('DOM.getDocument');
        const node = await send('DOM.querySelector', { nodeId: (document.result!.root as { nodeId: number }).nodeId, selector });
        if (!node.result!.nodeId) throw new Error(`no element matches ${selector}`);
        await send('DOM.setFileInputFiles', { nodeId: node.result!.nodeId, files });
      },
      async allowDownloads(dir: string) {
        await send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir }, '');
      },
      close,
    };
    await page.resize(width, height);
    const loaded = event('Page.loadEventFired', 60_000);
    await send('Page.navigate', { url });
    await loaded;
    return page;
  } catch (e) {
    await close();
    throw e;
  }
}
