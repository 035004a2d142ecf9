import { fileURLToPath } from 'node:url';

/** The bundled default data set (S&P 500 daily closes), found relative to this file in src/ or dist/. */
export function defaultDataFile(): string {
  return fileURLToPath(new URL('../../data/sp500_gspc_daily.csv', import.meta.url));
}
