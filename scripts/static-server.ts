/**
 * A small static file server for the browser pages (the web demo and the browser tests). Documents can
 * be served cross-origin isolated (Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-
 * Policy: require-corp), which is what gives a page SharedArrayBuffer, and so the wasm backend its
 * Web Worker threads. A POST to /result hands its JSON body to `onResult` (pages report test results);
 * without `onResult` there is no /result, and every other request must be a GET or a HEAD.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
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
  /** Largest body a POST to /result may have, in bytes; a larger one is answered 413. Default 1 MiB. */
  maxBodyBytes?: number;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.json': 'application/json', '.csv': 'text/csv', '.map': 'application/json', '.ts': 'text/plain; charset=utf-8', '.png': 'image/png', '.css': 'text/css' };

/** A request the server refuses, with the HTTP status that says why. */
class Refusal extends Error {
  constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}) { super(message); }
}

/** The request's path, percent-decoded; a malformed escape (`/%E0%A4%A`) is the client's error. */
function decodedPath(url: string | undefined): string {
  let raw: string;
  try { raw = new URL(url ?? '/', 'http://localhost').pathname; } catch { throw new Refusal(400, 'malformed request target'); }
  try { return decodeURIComponent(raw); } catch { throw new Refusal(400, `malformed percent-escape in ${raw}`); }
}

/**
 * The request's body as text, refused (413) when it passes `limit` bytes. An oversized body is read to
 * its end and dropped (memory stays bounded), so the client gets the 413 rather than a reset connection.
 */
function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    request.on('end', () => {
      if (size <= limit) resolve(Buffer.concat(chunks).toString('utf8'));
      else reject(new Refusal(413, `body of ${size} bytes, over the limit of ${limit}`));
    });
    request.on('error', reject);
  });
}

/** A POST to /result: its body must be JSON, which goes to `onResult`. */
async function receiveResult(request: IncomingMessage, response: ServerResponse, o: StaticServerOptions): Promise<void> {
  const body = await readBody(request, o.maxBodyBytes ?? 1 << 20);
  let report: unknown;
  try { report = JSON.parse(body); } catch (e) { throw new Refusal(400, `/result: body is not JSON (${(e as Error).message})`); }
  o.onResult?.(report);
  response.end('ok');
}

/** Answer a failed request (400/404/405/413 for the client's errors, 500 for ours) and keep serving. */
function answerError(response: ServerResponse, error: unknown): void {
  const status = error instanceof Refusal ? error.status : 500;
  if (response.headersSent) { response.destroy(); return; }
  response.writeHead(status, { 'Content-Type': 'text/plain', Connection: 'close', ...(error instanceof Refusal ? error.headers : {}) }).end(`${status}: ${(error as Error)?.message ?? String(error)}`);
}

/** Serve a GET: a generated JSON, a page, or a file under one of the folders (never above it). */
function serveFile(path: string, response: ServerResponse, o: StaticServerOptions): void {
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
}

/** Start serving on 127.0.0.1; no request, however malformed, ends the process. */
export async function startStaticServer(o: StaticServerOptions): Promise<{ url: string; close(): void }> {
  const server = createServer((request, response) => {
    const handle = async () => {
      const path = decodedPath(request.url);
      // Files are read, never written: GET and HEAD; /result takes a POST, and only where someone listens.
      if (path === '/result' && o.onResult) {
        if (request.method !== 'POST') throw new Refusal(405, `${request.method} ${path}: results are sent with POST`, { Allow: 'POST' });
        await receiveResult(request, response, o);
      } else if (request.method === 'GET' || request.method === 'HEAD') serveFile(path, response, o);
      else if (path === '/result') throw new Refusal(404, 'no results are collected here');
      else throw new Refusal(405, `${request.method} ${path}: files here are only read (GET or HEAD)`, { Allow: 'GET, HEAD' });
    };
    handle().catch((error: unknown) => answerError(response, error));
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(o.port ?? 0, '127.0.0.1', done);
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('static server: no address');
  return { url: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}
