#!/usr/bin/env node
// The `gangrad` command: the compiled CLI when the package is built (npm run build), otherwise the
// TypeScript source through tsx (a development checkout).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
