import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The bundled default data set (S&P 500 daily closes), found relative to this file in src/ or dist/. */
export function defaultDataFile(): string {
  return fileURLToPath(new URL('../../data/sp500_gspc_daily.csv', import.meta.url));
}

/** The installed package's version (`gangrad --version`), read from its package.json beside src/ or dist/. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
