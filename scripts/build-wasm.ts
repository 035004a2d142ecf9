/** `npm run build:wasm`: regenerate src/backend/wasm/kernels.wasm.ts from kernels.wat. */
import { renameSync, writeFileSync } from 'node:fs';
import { MODULE_PATH, moduleSource } from './assemble-wasm.js';

const source = await moduleSource();
writeFileSync(`${MODULE_PATH}.tmp`, source);
renameSync(`${MODULE_PATH}.tmp`, MODULE_PATH);
console.log(`wrote ${MODULE_PATH} (${source.length} characters)`);
