import type { Rng } from '../tensor/index.js';

/** Weight initialisers: how the first step's signal keeps a sane scale through many layers. */
export type Initializer = 'glorot' | 'he' | 'zeros';

/**
 * Values for a weight matrix [fanIn, fanOut].
 * - glorot (Glorot & Bengio 2010): uniform ±√(6 / (fanIn + fanOut)), for tanh / sigmoid / linear layers;
 * - he (He et al. 2015): normal with std √(2 / fanIn), for ReLU-like layers, which zero half the signal.
 */
export function initialWeights(kind: Initializer, fanIn: number, fanOut: number, rng: Rng): Float32Array {
  const values = new Float32Array(fanIn * fanOut);
  if (kind === 'glorot') {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    for (let i = 0; i < values.length; i++) values[i] = (2 * rng.uniform() - 1) * limit;
  } else if (kind === 'he') {
    const std = Math.sqrt(2 / fanIn);
    for (let i = 0; i < values.length; i++) values[i] = rng.normal() * std;
  }
  return values;
}
