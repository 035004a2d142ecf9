/**
 * The last layer of the `unit-rms-shape` generator: it turns the network's output into a window *shape*
 * in standardised-return units with unit root mean square, the constraint every real training shape
 * has by construction (a window divided by its own RMS).
 *
 * Why: a generator that outputs Gaussianised shapes (the `returns` output) matches the distribution of
 * the shape values but not that constraint, so a generated jump raises its own window's RMS. Measured
 * at each window's own RMS, its tails were thinner than the market's where the market jumps (AAPL,
 * ORCL), and the level process had to buy the daily tails back with extra level spread, which
 * over-clustered ORCL's 64-day windows or, cut back, lost AAPL's daily tails. Here a jump can only stand
 * out against calm days, as in the data, and the discriminator sees the shapes in the units where that
 * is visible.
 *
 * The map, from the network's output x (Gaussian-domain units, where training shapes have unit variance):
 *   1. soft clip  v = s·c·tanh(x / c), c = SOFT_CLIP_FACTOR·zClip, s = gaussianScale: keeps exp(δv²/2)
 *      finite in float32 whatever the network outputs, with a gradient everywhere (δ and zClip are fitted
 *      on shapes whose values are at most √window RMS, which bounds δ·zClip², and so the head's values);
 *   2. heavy tail u = μ + σ·v·exp(δv²/2): the Lambert-W map of the fitted transforms (transforms.ts),
 *      so the network still only has to make light tails;
 *   3. unit RMS   y = u / √(mean(u²) + ε) per window.
 * All three are differentiable ops of the engine, so the head trains end to end and has no parameters.
 */
import type { Module } from '../../nn/index.js';
import { add, exp, fill, mul, rmsNormalize, scale, tanh, type Tensor } from '../../tensor/index.js';
import type { TransformState } from '../data/transforms.js';
import type { GeneratorOutput } from './config.js';

/**
 * The soft clip's reach, in units of zClip (the largest Gaussianised shape value of the training part).
 * At 1 the clip held the generator back from the tails it must make: a window's largest day reached
 * only 3.9 RMS at its 99th percentile (real 6.2 on ORCL, 7.0 on AAPL) and its excess kurtosis at its own
 * RMS was 0.25 and 0.44 (real 2.34, 2.68). At 3: 5.5 and 5.6 RMS, 1.32 and 1.87, and every criterion of
 * both markets met; at 6 the tails did not grow further (1.33, 1.66) and AAPL lost its daily W1 against
 * GJR-GARCH-t (seed 1, ORCL and AAPL, 10,000 steps each).
 */
export const SOFT_CLIP_FACTOR = 3;

/** ln of float32's largest finite value: an exp of more is infinite on every backend. */
const LN_FLOAT32_MAX = Math.log(3.4028234663852886e38);

/**
 * Why a generator with `output` cannot be trained on `train` with these fitted transforms, or undefined
 * when it can. One test for both outputs: the heavy tail v·exp(δv²/2) must be finite in float32 out to
 * the unit-RMS head's soft clip reach (the largest |v| a network output can give it). Returns taking a
 * handful of values (prices quoted in a few ticks) pin δ at its limit and fail it. The unit-RMS head then
 * overflows (the first step's losses were NaN). The `returns` output maps in float64 and clips at zClip,
 * so it trained (200 steps, 1,000 prices in 7 ticks), but its samples took 6 to 8 values a 64-day path:
 * most days one return near the mean (+0.0024), the rest near ±0.045, where the data's returns were +0.01
 * on six days in seven and −0.058 on the seventh.
 */
export function tooFewDistinctReturns(train: ArrayLike<number>, transforms: Pick<TransformState, 'lambert' | 'gaussianScale' | 'zClip' | 'regime'>, output: GeneratorOutput): string | undefined {
  const { lambert, gaussianScale, zClip } = transforms;
  const v = gaussianScale * SOFT_CLIP_FACTOR * zClip;
  if (!lambert || Math.log(v) + (lambert.delta * v * v) / 2 < LN_FLOAT32_MAX) return undefined;
  const g = (x: number) => x.toPrecision(3);
  const fit = `the ${train.length} training returns take only ${new Set(Array.from(train)).size} distinct values, so the heavy-tail fit of ${transforms.regime ? 'their window shapes' : 'them'} gives δ = ${g(lambert.delta)} and a scale of ${g(lambert.sigma)}`;
  const consequence = output === 'unit-rms-shape'
    ? ", beyond what the float32 generator's unit-RMS shape head can compute (its values overflow, and training would diverge at step 1)"
    : ": a tail map so steep that the generator's returns would collapse onto a few values (most days on the mean, the rest at the extremes)";
  return `${fit}${consequence}: too few distinct returns to model`;
}

/**
 * The generator's output head (see the top of this file): soft clip, back to the data's distribution,
 * unit RMS per window.
 */
export class UnitRmsShapeHead implements Module {
  constructor(private readonly transforms: Pick<TransformState, 'lambert' | 'gaussianScale' | 'zClip'>) {}

  forward(x: Tensor): Tensor {
    const { lambert, gaussianScale } = this.transforms;
    const reach = SOFT_CLIP_FACTOR * this.transforms.zClip;
    const v = scale(tanh(scale(x, 1 / reach)), gaussianScale * reach);
    let u = v;
    if (lambert) {
      const tail = mul(v, exp(scale(mul(v, v), lambert.delta / 2)));
      u = add(scale(tail, lambert.sigma), fill(x.shape, lambert.mu, x.backend));
    }
    return rmsNormalize(u);
  }

  parameters(): Tensor[] {
    return [];
  }

  namedParameters(): [string, Tensor][] {
    return [];
  }
}
