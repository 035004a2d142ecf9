/**
 * Write docs/commands.md: every command's `--help` (src/cli/command-reference.ts).
 *
 *   npx tsx scripts/build-command-docs.ts
 */
import { join } from 'node:path';
import { commandReference } from '../src/cli/command-reference.js';
import { writeFileAtomic } from '../src/io/index.js';

const file = join(import.meta.dirname, '../docs/commands.md');
writeFileAtomic(file, await commandReference());
console.log(`wrote ${file}`);
