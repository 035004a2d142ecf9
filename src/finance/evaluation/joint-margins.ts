/**
 * Per-margin and selection measures of a joint model's paths: each asset's 1-day W1 against the real
 * data, and the score that picks a joint GAN's best weights during training.
 */
import { assetColumn, type AssetMatrix } from '../data/asset-matrix.js';
import { correlationMae, correlationMatrix } from './correlation.js';
import { stackDays } from './portfolio.js';
import { wasserstein1 } from './stylized.js';

/** W1 between real and generated daily log returns of each asset (its column, pooled over the sets). */
export function marginW1(real: readonly AssetMatrix[], generated: readonly AssetMatrix[]): number[] {
  const r = stackDays(real), g = stackDays(generated);
  if (r.assets !== g.assets) throw new Error(`gangrad: real data has ${r.assets} assets, generated ${g.assets}`);
  return Array.from({ length: r.assets }, (_, j) => wasserstein1(assetColumn(r, j), assetColumn(g, j)));
}

/** The terms of {@link jointSelectionScore}. */
export interface JointSelectionScore {
  /** correlationMae + absCorrelationMae + mean of the scaled margin W1s. */
  score: number;
  correlationMae: number;
  absCorrelationMae: number;
  /** Each asset's 1-day W1 divided by its scale (so assets of different volatility weigh alike). */
  scaledMarginW1: number[];
}

/**
 * The score that selects a joint GAN's weights (lower is better): how far the generated co-movements
 * (correlation of r and of |r|) and margins (1-day W1, in units of each asset's `scales`, e.g. the
 * training standard deviations) are from the real ones.
 */
export function jointSelectionScore(real: AssetMatrix, generated: readonly AssetMatrix[], scales: readonly number[]): JointSelectionScore {
  const g = stackDays(generated), d = real.assets;
  const c = correlationMae(correlationMatrix(real), correlationMatrix(g), d);
  const a = correlationMae(correlationMatrix(real, undefined, Math.abs), correlationMatrix(g, undefined, Math.abs), d);
  const scaledMarginW1 = marginW1([real], [g]).map((w, j) => w / scales[j]);
  return { score: c + a + scaledMarginW1.reduce((s, v) => s + v, 0) / d, correlationMae: c, absCorrelationMae: a, scaledMarginW1 };
}
