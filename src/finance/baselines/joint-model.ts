/**
 * A classical model of several assets at once (a copula of GARCH margins, the block bootstrap of aligned
 * days), fitted on a training part and simulated like a joint GAN: the portfolio baselines.
 */
import type { Rng } from '../../tensor/index.js';
import type { AssetMatrix } from '../data/asset-matrix.js';

/** A fitted joint model of d assets' daily log returns (the multi-asset counterpart of ReturnModel). */
export interface JointReturnModel {
  /** Short name, used as a column header: 'copula-GJR', 'block bootstrap'. */
  readonly name: string;
  /** The assets, in column order. */
  readonly assets: readonly string[];
  /** One line: the model and its fitted parameters, for people. */
  describe(): string;
  /** `paths` independent paths of `length` days × assets daily log returns. */
  simulate(paths: number, length: number, rng: Rng): AssetMatrix[];
}

/** Refuses a training matrix with fewer than `minDays` days or fewer than 2 assets, and asset names that do not match it. */
export function checkJointTraining(model: string, train: AssetMatrix, assets: readonly string[] | undefined, minDays: number): readonly string[] {
  if (train.assets < 2) throw new Error(`gangrad: ${model} needs at least 2 assets, got ${train.assets}`);
  if (train.days < minDays) throw new Error(`gangrad: ${model} needs at least ${minDays} training days, got ${train.days}`);
  const names = assets ?? Array.from({ length: train.assets }, (_, j) => `asset ${j + 1}`);
  if (names.length !== train.assets) throw new Error(`gangrad: ${model}: ${names.length} asset names for ${train.assets} columns`);
  return names;
}
