/**
 * `npm run web [-- --port 8080]`: compile the library to dist/ and serve the GAN lab (web/index.html)
 * cross-origin isolated, so the wasm backend uses Web Workers on every core.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLabServer } from './lab-server.js';
import { stopWhenOrphaned } from './orphan.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const usage = 'usage: npm run web [-- --port N]   (N: 0..65535, default 8080; 0 picks a free port)';
const args = (() => {
  try {
    return parseArgs({ options: { port: { type: 'string', default: '8080' } } }).values;
  } catch (e) {
    console.error(`serve-web: ${(e as Error).message}\n${usage}`);
    process.exit(2);
  }
})();
const port = /^\d{1,5}$/.test(args.port!) ? Number(args.port) : NaN;
if (!(port <= 65535)) {
  console.error(`serve-web: --port must be a whole number 0..65535, got '${args.port}'\n${usage}`);
  process.exit(2);
}
stopWhenOrphaned(); // `kill <npm's pid>` stops npm's shell only
/** A port taken by another process is a message naming the way out, not a stack trace (and before the compile). */
function portInUse(error: unknown): never {
  if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
  console.error(`serve-web: port ${port} on 127.0.0.1 is in use (another lab still running?); choose another: npm run web -- --port ${port + 1}`);
  process.exit(1);
}
if (port !== 0) {
  await new Promise<void>((done) => {
    const probe = createServer().once('error', portInUse).listen(port, '127.0.0.1', () => probe.close(() => done()));
  });
}
console.log('compiling the library to dist/ …');
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
const server = await startLabServer({ libraryDir: join(root, 'dist'), port }).catch(portInUse);
console.log(`gangrad lab: ${server.url}/  (Ctrl-C to stop)`);
