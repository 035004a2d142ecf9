/**
 * The GAN lab's server (used by `npm run web` and the lab's browser tests): the page at / (cross-origin
 * isolated, so the wasm backend gets Web Worker threads), the compiled library at /lib/, the page's
 * scripts at /web/, the bundled data at /data/, gangrad's source read-only at /src/ (what the
 * step-through view links to), and /source-links.json (each phase's file and line, found at start).
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveSourceLinks } from './source-links.js';
import { startStaticServer } from './static-server.js';
// @ts-expect-error: plain JavaScript shared with the page, no declarations
import { PHASES } from '../web/lab/phases.js';

const root = resolve(fileURLToPath(import.meta.url), '../..');

/**
 * The lab's worker scripts, served as documents (with the cross-origin isolation headers): a worker
 * started by an isolated page does not load without them.
 */
export const LAB_WORKERS: Record<string, string> = Object.fromEntries(
  ['toy-worker.js', 'market-worker.js'].map((name) => [`/web/lab/${name}`, join(root, 'web/lab', name)]),
);

/** Start the lab's server; `libraryDir` holds the compiled library (dist/, or a test's temporary build). */
export async function startLabServer(o: { libraryDir: string; port?: number; folders?: Record<string, string>; onResult?: (report: unknown) => void }) {
  const links = resolveSourceLinks(root, PHASES);
  return startStaticServer({
    folders: { '/lib/': o.libraryDir, '/web/': join(root, 'web'), '/data/': join(root, 'data'), '/src/': join(root, 'src'), ...o.folders },
    pages: { '/': join(root, 'web/index.html'), ...LAB_WORKERS },
    generated: { '/source-links.json': () => JSON.stringify(links) },
    isolated: () => true,
    port: o.port,
    onResult: o.onResult,
  });
}
