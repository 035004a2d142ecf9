/**
 * The optional peer packages: `gpu.js` (the gpujs backend) and `webgpu` (Dawn, the webgpu backend in
 * Node). They are large (88 MB and 132 MB installed) and `auto` never picks their backends, so gangrad
 * does not install them; a program that asks for one of those backends loads the package then.
 */

/** Names of the optional peer packages. */
export type OptionalPackage = 'gpu.js' | 'webgpu';

/**
 * Loads an optional package by name and resolves to its module namespace. The default is a run-time
 * `import(name)` that bundlers leave alone, so a bundle builds whether or not the package is installed.
 * A bundled page that wants the gpujs backend passes `() => import('gpu.js')`: its bundler then puts
 * gpu.js in a chunk of its own, loaded only when that backend is created.
 */
export type PackageImporter = (name: OptionalPackage) => Promise<unknown>;

const importAtRunTime: PackageImporter = (name) => import(/* webpackIgnore: true */ /* @vite-ignore */ name);

/** True when `error` says that `name` itself could not be found (not that something inside it failed). */
function isMissing(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = String(message ?? '');
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return text.includes(`'${name}'`) || text.includes(`"${name}"`);
  // Browsers: a bare specifier with no import map to resolve it.
  return error instanceof TypeError && /resolve module specifier/i.test(text) && text.includes(name);
}

/** An optional package that a requested backend needs is not installed. */
export class MissingPackageError extends Error {
  /**
   * @param packageName The npm package to install for the backend (e.g. `gpu.js`), so a caller can say which one.
   * @param message The error message, naming the backend and the install command.
   * @param cause The import error that showed the package missing.
   */
  constructor(readonly packageName: OptionalPackage, message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'MissingPackageError';
  }
}

/**
 * Import optional package `name` for `backend`; when it is not installed, one error that names the
 * package and how to install it. Errors from inside an installed package pass through unchanged.
 */
export async function importOptional<T>(name: OptionalPackage, backend: string, importer: PackageImporter = importAtRunTime): Promise<T> {
  try {
    return (await importer(name)) as T;
  } catch (e) {
    if (!isMissing(e, name)) throw e;
    throw new MissingPackageError(name,
      `gangrad ${backend}: the '${backend}' backend needs the optional package '${name}', which is not installed; ` +
      `install it beside gangrad (npm install ${name}), or use the 'auto', 'wasm' or 'cpu' backend. ` +
      `In a bundled page, pass createBackend('${backend}', { importPackage: () => import('${name}') }).`,
      e,
    );
  }
}
