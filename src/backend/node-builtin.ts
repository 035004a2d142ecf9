/**
 * A Node built-in module fetched synchronously with `process.getBuiltinModule` (Node ≥ 20.16, Deno,
 * Bun), or null where there is none (a browser). Code that a page may load never writes
 * `import('node:…')`: bundlers try to resolve such a literal for the browser and fail (esbuild) or
 * stub it with a warning (Vite), even when the call is never reached.
 */
export function nodeBuiltin<T>(id: `node:${string}`): T | null {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return typeof p?.getBuiltinModule === 'function' ? (p.getBuiltinModule(id) as T) : null;
}
