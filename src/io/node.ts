/**
 * Node's `fs`, `path` and `crypto`, fetched only when a function that touches files is called. The
 * module graph then holds no `import 'node:…'` and no top-level `await`: bundlers have nothing to
 * resolve for a page, a browser links the graph, and `require(esm)` can load it (a top-level await
 * makes that fail with ERR_REQUIRE_ASYNC_MODULE). The built-ins come synchronously, so the callers
 * stay synchronous.
 */
import { nodeBuiltin } from '../backend/node-builtin.js';

interface NodeModules {
  fs: typeof import('node:fs');
  path: typeof import('node:path');
  crypto: typeof import('node:crypto');
  os: typeof import('node:os');
}

let cached: NodeModules | null = null;

/** Node's modules, or a clear error naming `what` (a function that needs the file system). */
export function nodeModules(what: string): NodeModules {
  if (cached) return cached;
  const fs = nodeBuiltin<NodeModules['fs']>('node:fs');
  if (!fs) {
    throw new Error(`gangrad: ${what} reads or writes files and needs Node ≥ 20.16; in a browser pass data in memory instead (e.g. parsePriceCsv(text, name), ReturnGan.fromBytes)`);
  }
  cached = { fs, path: nodeBuiltin('node:path')!, crypto: nodeBuiltin('node:crypto')!, os: nodeBuiltin('node:os')! };
  return cached;
}
