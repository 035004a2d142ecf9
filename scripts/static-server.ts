/**
 * A small static file server for the browser pages (the web demo and the browser tests). Documents can
 * be served cross-origin isolated (Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-
 * Policy: require-corp), which is what gives a page SharedArrayBuffer, and so the wasm backend its
 * Web Worker threads. A POST to /result hands its JSON body to `onResult` (pages report test results).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

export interface StaticServerOptions {
  /** URL prefix (ending in '/') → folder. */
  folders: Record<string, string>;
  /** Exact URL path → file (documents such as '/'). */
  pages: Record<string, string>;
  /** Exact URL path → JSON made by a function (e.g. data computed when the server starts). */
  generated?: Record<string, () => string>;
  /** Whether a document at this path is served with the cross-origin isolation headers. */
  isolated: (path: string) => boolean;
  port?: number;
  onResult?: (report: unknown) => void;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.json': 'application/json', '.csv': 'text/csv', '.map': 'application/json', '.ts': 'text/plain; charset=utf-8', '.png': 'image/png', '.css': 'text/css' };

export async function startStaticServer(o: StaticServerOptions): Promise<{ url: string; close(): void }> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (request.method === 'POST' && path === '/result') {
      let body = '';
      request.on('data', (chunk) => { body += chunk; });
      request.on('end', () => { response.end('ok'); o.onResult?.(JSON.parse(body)); });
      return;
    }
    const make = o.generated?.[path];
    if (make) {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(make());
      return;
    }
    let file = o.pages[path] ?? null;
    const prefix = Object.keys(o.folders).find((p) => path.startsWith(p));
    if (!file && prefix) {
      const relative = normalize(path.slice(prefix.length));
      if (!relative.startsWith('..')) file = join(o.folders[prefix], relative);
    }
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    const headers: Record<string, string> = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' };
    if (o.pages[path] && o.isolated(path)) Object.assign(headers, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
    response.writeHead(200, headers).end(readFileSync(file));
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(o.port ?? 0, '127.0.0.1', done);
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('static server: no address');
  return { url: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}
