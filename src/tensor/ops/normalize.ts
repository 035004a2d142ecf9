import { Tensor } from '../tensor.js';
import { lastAxis, record } from './record.js';

/**
 * Each row along the last axis divided by its root mean square: y = x / √(mean(x²) + eps). The
 * output rows have unit RMS whatever the input's scale, as RMSNorm (Zhang & Sennrich 2019) without its
 * learned gain. Backward, from x (the RMS is recomputed, not stored):
 * dx = (dy − y · mean(dy ⊙ y)) / rms — scaling a row does not change y, so with eps = 0 dx has no
 * component along x (eps leaves one of relative size eps / rms²).
 */
export function rmsNormalize(x: Tensor, eps = 1e-6): Tensor {
  const [rows, cols] = lastAxis('rmsNormalize', x);
  if (!(eps >= 0 && Number.isFinite(eps))) throw new Error(`gangrad: rmsNormalize needs a finite eps ≥ 0, got ${eps}`);
  const out = Tensor.like(x);
  x.backend.kernels.rmsNormalize(x.handle, out.handle, rows, cols, eps);
  return record('rmsNormalize', out, [x], (dy) => {
    const dx = Tensor.like(x);
    x.backend.kernels.rmsNormalizeGrad(x.handle, dy.handle, dx.handle, rows, cols, eps);
    return [dx];
  });
}
