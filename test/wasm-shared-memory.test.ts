import { describe, expect, it } from 'vitest';
import { assembleKernels } from '../scripts/assemble-wasm.js';
import { KERNELS_RELAXED_WASM_HEX, KERNELS_WASM_HEX } from '../src/backend/wasm/kernels.wasm.js';
import { withSharedMemory } from '../src/backend/wasm/shared-memory.js';

const decode = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));

describe('wasm kernels importing shared memory', () => {
  for (const relaxed of [false, true]) {
    it(`derived from the unshared build are byte for byte what kernels.wat assembles to${relaxed ? ' (relaxed SIMD)' : ''}`, async () => {
      const unshared = decode(relaxed ? KERNELS_RELAXED_WASM_HEX : KERNELS_WASM_HEX);
      expect(withSharedMemory(unshared)).toEqual(await assembleKernels(true, relaxed));
      expect(unshared).toEqual(await assembleKernels(false, relaxed)); // and the input is left alone
    });
  }

  it('refuses a module that does not import unshared memory', () => {
    const shared = withSharedMemory(decode(KERNELS_WASM_HEX));
    expect(() => withSharedMemory(shared)).toThrow('does not import an unshared env.memory');
    expect(() => withSharedMemory(new Uint8Array([0, 0x61, 0x73, 0x6d]))).toThrow('does not import an unshared env.memory');
  });
});
