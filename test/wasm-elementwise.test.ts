import { describe, expect, it } from 'vitest';
import { createCpuBackend, type Backend, type DataHandle } from '../src/index.js';
import { createWasmBackend } from '../src/backend/wasm/index.js';

/**
 * The wasm backend's element-wise kernels and column copies must round exactly as the scalar kernels of
 * the CPU reference (float32): a model trains to the same bits with either. Factors and slopes that no
 * float32 holds (0.2, 1/3) are where a float32 multiply would differ in the last bit.
 */
const values = (size: number, seed: number): Float32Array => {
  const out = new Float32Array(size);
  let s = seed;
  for (let i = 0; i < size; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    const u = s / 2 ** 32;
    out[i] = i % 11 === 3 ? 0 : i % 13 === 5 ? -0 : (u - 0.5) * 10 ** ((i % 7) - 3);
  }
  return out;
};

async function run(backend: Backend, inputs: Float32Array[], outSize: number, call: (h: DataHandle[], out: DataHandle) => void): Promise<Uint32Array> {
  const handles = inputs.map((x) => {
    const h = backend.alloc(x.length);
    backend.write(h, x);
    return h;
  });
  const out = backend.alloc(outSize);
  backend.write(out, new Float32Array(outSize).fill(7));
  call(handles, out);
  const result = new Float32Array(await backend.read(out));
  for (const h of [...handles, out]) backend.free(h);
  return new Uint32Array(result.buffer); // bits, so that −0 and 0 differ
}

describe('wasm element-wise kernels against the CPU reference, bit for bit', async () => {
  const cpu = createCpuBackend();
  const wasm = await createWasmBackend({ threads: 1 });
  const sizes = [1, 3, 4, 5, 17, 64, 1023];
  const same = async (inputs: Float32Array[], outSize: number, call: (b: Backend, h: DataHandle[], out: DataHandle) => void, label: string) => {
    const expected = await run(cpu, inputs, outSize, (h, out) => call(cpu, h, out));
    const actual = await run(wasm, inputs, outSize, (h, out) => call(wasm, h, out));
    expect(Array.from(actual), label).toEqual(Array.from(expected));
  };

  it('add, sub, mul', async () => {
    for (const size of sizes) {
      const a = values(size, 1), b = values(size, 2);
      for (const op of ['add', 'sub', 'mul'] as const) await same([a, b], size, (k, h, out) => k.kernels[op](h[0], h[1], out, size), `${op} ${size}`);
    }
  });

  it('scale by factors float32 cannot hold', async () => {
    for (const size of sizes) {
      for (const factor of [0.2, 1 / 3, -2.5, 1e-7 / 3]) {
        await same([values(size, 3)], size, (k, h, out) => k.kernels.scale(h[0], out, size, factor), `scale ${size} × ${factor}`);
      }
    }
  });

  it('leaky ReLU and its gradient, slope 0.2, 0 and −1 (absolute value)', async () => {
    for (const size of sizes) {
      for (const alpha of [0.2, 0, -1, 1 / 3]) {
        await same([values(size, 4)], size, (k, h, out) => k.kernels.leakyRelu(h[0], out, size, alpha), `leakyRelu ${size} α ${alpha}`);
        await same([values(size, 5), values(size, 6)], size, (k, h, out) => k.kernels.leakyReluGrad(h[0], h[1], out, size, alpha), `leakyReluGrad ${size} α ${alpha}`);
      }
    }
  });

  it('concatenation and slicing of columns, narrow and wide, one row and many', async () => {
    for (const rows of [1, 3, 17]) {
      for (const [colsA, colsB] of [[1, 1], [3, 5], [4, 64], [67, 2]]) {
        const a = values(rows * colsA, 7), b = values(rows * colsB, 8);
        await same([a, b], rows * (colsA + colsB), (k, h, out) => k.kernels.concatColumns(h[0], h[1], out, rows, colsA, colsB), `concat ${rows} × ${colsA}+${colsB}`);
        const cols = colsA + colsB;
        for (const [start, width] of [[0, 1], [colsA, colsB], [1, cols - 1]]) {
          if (width < 1) continue;
          await same([values(rows * cols, 9)], rows * width, (k, h, out) => k.kernels.sliceColumns(h[0], out, rows, cols, start, width), `slice ${rows} × ${cols} [${start}, +${width})`);
        }
      }
    }
  });
});
