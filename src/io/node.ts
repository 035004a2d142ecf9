/**
 * Node's `fs`, `path` and `crypto`, loaded only when running under Node. The library's module graph
 * then also loads in a browser: a static `import 'node:fs'` anywhere would stop the whole page at link
 * time, while here only the functions that really touch files fail, with an error naming them.
 */
const isNode = typeof process !== 'undefined' && !!process.versions?.node;

interface NodeModules {
  fs: typeof import('node:fs');
  path: typeof import('node:path');
  crypto: typeof import('node:crypto');
}

const modules: NodeModules | null = isNode
  ? { fs: await import('node:fs'), path: await import('node:path'), crypto: await import('node:crypto') }
  : null;

/** Node's modules, or a clear error naming `what` (a function that needs the file system). */
export function nodeModules(what: string): NodeModules {
  if (!modules) {
    throw new Error(`gangrad: ${what} reads or writes files and needs Node; in a browser pass data in memory instead (e.g. parsePriceCsv(text, name))`);
  }
  return modules;
}
