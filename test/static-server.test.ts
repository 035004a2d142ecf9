import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer } from '../scripts/static-server.js';

/**
 * The lab's static server (`npm run web`, the browser tests) against malformed and hostile requests:
 * each is answered with a client error and the server goes on serving. Requests go through node:http,
 * which sends the path as written (fetch would resolve `..` and re-encode it first).
 */
interface Sent { method?: string; path: string; body?: string | Buffer; chunked?: boolean }

function send(url: string, o: Sent): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = o.chunked ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': o.body ? Buffer.byteLength(o.body) : 0 };
    const req = request(`${url}${o.path}`, { method: o.method ?? 'GET', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    if (o.chunked && o.body) for (let at = 0; at < o.body.length; at += 1000) req.write(o.body.slice(at, at + 1000));
    req.end(o.chunked ? undefined : o.body);
  });
}

/** A request line sent as written over a socket (node:http would refuse or rewrite a malformed target); the status code back. */
function sendRaw(url: string, requestLine: string): Promise<number> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(`${requestLine}\r\nHost: localhost\r\nConnection: close\r\n\r\n`));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => { text += chunk; });
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

describe('static server', () => {
  const LIMIT = 4096;
  let dir = '';
  let server: Awaited<ReturnType<typeof startStaticServer>>;
  const reports: unknown[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gangrad-server-'));
    mkdirSync(join(dir, 'public'));
    writeFileSync(join(dir, 'public', 'page.html'), '<p>home</p>');
    writeFileSync(join(dir, 'public', 'a.txt'), 'served');
    writeFileSync(join(dir, 'secret.txt'), 'SECRET');
    server = await startStaticServer({
      folders: { '/files/': join(dir, 'public') },
      pages: { '/': join(dir, 'public', 'page.html') },
      isolated: () => true,
      maxBodyBytes: LIMIT,
      onResult: (report) => {
        if ((report as { fail?: boolean }).fail) throw new Error('onResult failed');
        reports.push(report);
      },
    });
  });
  afterAll(() => {
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const home = async () => {
    const res = await send(server.url, { path: '/' });
    expect(res).toEqual({ status: 200, text: '<p>home</p>' });
  };

  it('serves pages and folder files', async () => {
    await home();
    expect(await send(server.url, { path: '/files/a.txt' })).toEqual({ status: 200, text: 'served' });
    expect((await send(server.url, { path: '/files/missing.txt' })).status).toBe(404);
  });

  it('refuses paths that climb out of a folder, however they are spelled', async () => {
    for (const path of ['/files/../secret.txt', '/files/%2e%2e/secret.txt', '/files/..%2fsecret.txt', '/files/a%2f..%2f..%2fsecret.txt', '/files/..%5csecret.txt']) {
      const res = await send(server.url, { path });
      expect(res.status, path).toBe(404);
      expect(res.text, path).not.toContain('SECRET');
    }
    await home();
  });

  it('answers a malformed percent-escape with 400 and goes on', async () => {
    for (const path of ['/%E0%A4%A', '/files/%', '/files/%ZZ.txt']) {
      const res = await send(server.url, { path });
      expect(res.status, path).toBe(400);
      expect(res.text).toMatch(/malformed percent-escape/);
    }
    await home();
  });

  it('answers a request target that is no URL with 400 (a client error, not the server\'s) and goes on', async () => {
    for (const line of ['GET http://[::1 HTTP/1.1', 'GET http://a:b@c:99999/x HTTP/1.1']) {
      expect(await sendRaw(server.url, line), line).toBe(400);
    }
    await home();
  });

  it('answers a /result body that is not JSON with 400, a JSON one with ok', async () => {
    for (const body of ['not json', '{"ok": tru', '']) {
      const res = await send(server.url, { method: 'POST', path: '/result', body });
      expect(res.status, body).toBe(400);
      expect(res.text).toMatch(/not JSON/);
    }
    expect(reports).toEqual([]);
    expect(await send(server.url, { method: 'POST', path: '/result', body: '{"ok":true}' })).toEqual({ status: 200, text: 'ok' });
    expect(reports).toEqual([{ ok: true }]);
    await home();
  });

  it('answers a body over the limit with 413, whether its length is declared or chunked, and goes on', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(LIMIT) });
    for (const chunked of [false, true]) {
      const res = await send(server.url, { method: 'POST', path: '/result', body: big, chunked });
      expect(res.status, `chunked: ${chunked}`).toBe(413);
    }
    // A body of exactly the limit is accepted.
    const fits = JSON.stringify({ pad: 'x'.repeat(LIMIT - 10) });
    expect(Buffer.byteLength(fits)).toBe(LIMIT);
    reports.length = 0;
    expect((await send(server.url, { method: 'POST', path: '/result', body: fits })).status).toBe(200);
    expect(reports).toHaveLength(1);
    await home();
  });

  it('answers a failing result handler with 500 and goes on', async () => {
    const res = await send(server.url, { method: 'POST', path: '/result', body: '{"fail":true}' });
    expect(res.status).toBe(500);
    expect(res.text).toMatch(/onResult failed/);
    await home();
  });

  it('reads files only: other methods get 405 with Allow, /result takes only a POST, and neither changes a file', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'POST']) {
      const res = await send(server.url, { method, path: '/files/a.txt', body: 'overwritten?' });
      expect(res.status, method).toBe(405);
      expect(res.text, method).toBe(`405: ${method} /files/a.txt: files here are only read (GET or HEAD)`);
    }
    expect((await send(server.url, { method: 'GET', path: '/result' })).status).toBe(405);
    expect(await send(server.url, { path: '/files/a.txt' })).toEqual({ status: 200, text: 'served' });
    const allow = await new Promise<string | undefined>((resolve, reject) => {
      request(`${server.url}/`, { method: 'PUT' }, (res) => { res.resume(); resolve(res.headers.allow); }).on('error', reject).end();
    });
    expect(allow).toBe('GET, HEAD');
    // A server that collects no results has no /result.
    const quiet = await startStaticServer({ folders: {}, pages: { '/': join(dir, 'public', 'page.html') }, isolated: () => false });
    try {
      expect(await send(quiet.url, { method: 'POST', path: '/result', body: '{"ok":true}' })).toEqual({ status: 404, text: '404: no results are collected here' });
      expect((await send(quiet.url, { path: '/' })).status).toBe(200);
    } finally {
      quiet.close();
    }
    await home();
  });

  it('npm run web refuses a bad --port with exit 2 and the usage, before compiling anything', () => {
    for (const args of [['--port'], ['--port', ''], ['--port', '0x1F90'], ['--port', '70000'], ['--prot', '9000']]) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../scripts/serve-web.ts'), ...args], { encoding: 'utf8', timeout: 900_000 });
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/^serve-web: .*\nusage: npm run web \[-- --port N\]/);
      expect(run.stdout).not.toContain('compiling');
    }
  });

  it('a script whose parent is gone (npm stopped its shell) stops itself', async () => {
    const script = `import { stopWhenOrphaned } from ${JSON.stringify(join(import.meta.dirname, '../scripts/orphan.ts'))}; stopWhenOrphaned(143, 50); console.log('ready', process.pid); setInterval(() => {}, 1000);`;
    const file = join(dir, 'orphan-check.mts');
    writeFileSync(file, script);
    // As under npm run: a shell whose child is the script; the shell is then killed, the script orphaned.
    const shell = spawn('sh', ['-c', `${JSON.stringify(process.execPath)} --import tsx ${JSON.stringify(file)} & wait`], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve) => {
      let out = '';
      shell.stdout.on('data', (chunk: Buffer) => { out += chunk; const m = /ready (\d+)/.exec(out); if (m) resolve(Number(m[1])); });
    });
    shell.kill('SIGKILL');
    const alive = () => { try { process.kill(pid, 0); return true; } catch { return false; } };
    const deadline = Date.now() + 60_000; // a hang guard, not a speed limit
    while (alive() && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
    const stillAlive = alive();
    if (stillAlive) process.kill(pid);
    expect(stillAlive).toBe(false);
  });

  it('npm run web on a port in use says so and names --port, before compiling anything', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../scripts/serve-web.ts'), '--port', String(port)], { encoding: 'utf8', timeout: 900_000 });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`serve-web: port ${port} on 127.0.0.1 is in use (another lab still running?); choose another: npm run web -- --port ${port + 1}`);
      expect(run.stdout).not.toContain('compiling');
    } finally {
      blocker.close();
    }
  });
});
