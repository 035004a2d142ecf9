/**
 * The kernels' module importing shared memory (for worker threads), made from the build that imports
 * ordinary memory. The two builds differ in one byte, the memory import's limits flag (0x01: has a
 * maximum; 0x03: has a maximum and is shared), so the package carries one build of each kernel instead
 * of two (9 kB less minified; gzip already folded the near-identical copies). The test
 * test/wasm-shared-memory.test.ts checks the result against what the assembler makes from kernels.wat.
 */

/** The import entry `env.memory` of kind memory (0x02), as it is encoded: length-prefixed names, kind. */
const MEMORY_IMPORT = [0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02];
const HAS_MAXIMUM = 0x01;
const HAS_MAXIMUM_SHARED = 0x03;

/** `bytes` with its imported memory marked shared; throws if the module does not import memory as expected. */
export function withSharedMemory(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  let at = -1;
  for (let i = 0; i + MEMORY_IMPORT.length < bytes.length && at < 0; i++) {
    if (MEMORY_IMPORT.every((b, j) => bytes[i + j] === b)) at = i + MEMORY_IMPORT.length;
  }
  if (at < 0 || bytes[at] !== HAS_MAXIMUM) throw new Error('gangrad wasm: the kernels module does not import an unshared env.memory with a maximum');
  const out = Uint8Array.from(bytes);
  out[at] = HAS_MAXIMUM_SHARED;
  return out;
}
