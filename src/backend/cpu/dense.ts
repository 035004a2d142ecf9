import type { FloatArray } from '../backend.js';

/**
 * The fused dense-layer kernels of the CPU reference. Each writes the intermediate a + bias into `out`
 * and reads it back, so the result is rounded exactly as the unfused add then leaky ReLU would be, in
 * float32 and in float64 alike: fused and unfused training runs stay bit-identical.
 */
export function biasLeakyRelu(a: FloatArray, bias: FloatArray, out: FloatArray, rows: number, cols: number, alpha: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) {
      out[o + c] = a[o + c] + bias[c];
      const z = out[o + c];
      out[o + c] = z > 0 ? z : alpha * z;
    }
  }
}

/**
 * The gradient of {@link biasLeakyRelu} from its output y: dz = dy where y > 0, else alpha · dy, and
 * dbias = the column sums of dz.
 */
export function biasLeakyReluGrad(y: FloatArray, dy: FloatArray, dz: FloatArray, dbias: FloatArray, rows: number, cols: number, alpha: number): void {
  dbias.fill(0, 0, cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) {
      const g = y[o + c] > 0 ? dy[o + c] : alpha * dy[o + c];
      dz[o + c] = g;
      dbias[c] += dz[o + c];
    }
  }
}
