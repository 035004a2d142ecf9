/**
 * A d-asset training part turned into what the joint GAN fits: each asset's own transforms, the vector
 * level process of their window levels, and the training rows (window shapes side by side, then the
 * levels and previous levels).
 */
import { assetColumns, fromColumns, type AssetMatrix } from '../../data/asset-matrix.js';
import type { JointDataInputs } from '../../data/joint-data-inputs.js';
import { fitTransforms, windowToModel, type TransformState } from '../../data/transforms.js';
import { rollingLogLevels } from '../level-process.js';
import { tooFewDistinctReturns } from '../shape-head.js';
import { checkJointConfig, jointLayout, type JointGanConfig } from './config.js';
import { fitVectorLevelProcess, type VectorLevelProcessState } from './vector-level-process.js';
import { pairCount, windowCorrelations } from './window-correlation.js';

/** Everything fitted on the training part, and the rows the GAN trains on. */
export interface JointTrainingData {
  /** One per asset, fitted on that asset's training returns only. */
  transforms: TransformState[];
  levelProcess: VectorLevelProcessState;
  /** [count, d·W + 2d] rows (see {@link jointRows}). */
  rows: Float32Array;
  count: number;
}

/**
 * Each asset's standardised log RMS of every rolling window of W days (row t: the windows starting at
 * day t), in the units of its transforms' regime: the levels the conditions and the process speak.
 */
export function assetLevels(columns: readonly Float64Array[], transforms: readonly TransformState[], window: number): AssetMatrix {
  return fromColumns(columns.map((r, j) => {
    const s = transforms[j];
    if (!s.regime) throw new Error(`gangrad: the transforms of asset ${j} have no volatility regime (fit them with a regime window)`);
    const { mean, std } = s.regime;
    return rollingLogLevels(r.map((v) => (v - s.mean) / s.std), window).map((v) => (v - mean) / std);
  }));
}

/**
 * The training rows: for each window start (every `stride` days from day W, so each window has one
 * before it), asset j's unit-RMS shape at columns jW … jW + W − 1, then the d window levels, then the d
 * previous-window levels and, with `correlations`, the previous window's pair correlations — the
 * condition columns the trainer expects at the end of a row.
 */
export function jointRows(columns: readonly Float64Array[], transforms: readonly TransformState[], window: number, stride: number, correlations = false): { rows: Float32Array; count: number } {
  const d = columns.length, days = columns[0].length;
  const count = Math.floor((days - 2 * window) / stride) + 1;
  if (count < 1) throw new Error(`gangrad: ${days} training days are fewer than two windows of ${window}`);
  const pairs = correlations ? pairCount(d) : 0;
  const width = d * window + 2 * d + pairs;
  const rows = new Float32Array(count * width);
  for (let i = 0; i < count; i++) {
    const start = window + i * stride, row = i * width;
    const previousShapes: Float64Array[] = [];
    for (let j = 0; j < d; j++) {
      const { values, condition } = windowToModel(columns[j].subarray(start, start + window), transforms[j]);
      const previous = windowToModel(columns[j].subarray(start - window, start), transforms[j]);
      rows.set(values, row + j * window);
      rows[row + d * window + j] = condition;
      rows[row + d * window + d + j] = previous.condition;
      previousShapes.push(previous.values);
    }
    if (correlations) windowCorrelations(previousShapes, rows, row + d * window + 2 * d);
  }
  return { rows, count };
}

/**
 * Asset j as people count and know it: 1-based, with its name and, when the price files are known, its
 * file (and a wide file's column), as trainJointGan's other messages name assets.
 */
function assetLabel(j: number, assets?: readonly string[], inputs?: JointDataInputs): string {
  const name = assets?.[j];
  const file = inputs?.kind === 'files' ? inputs.files[j]?.path : inputs?.kind === 'wide' && inputs.files[0] && name ? `${inputs.files[0].path} column '${name}'` : undefined;
  const about = [name, file].filter((x) => x !== undefined && x !== '');
  return `asset ${j + 1}${about.length ? ` (${about.join(', ')})` : ''}`;
}

/** Fit transforms and the level process on `train` (days × assets) and cut it into rows. */
export function prepareJointTraining(train: AssetMatrix, config: JointGanConfig, assets?: readonly string[], inputs?: JointDataInputs): JointTrainingData {
  checkJointConfig(config);
  jointLayout(config, train.assets);
  if (train.days < 10 * config.window) {
    throw new Error(`gangrad: the joint model's training part has ${train.days} days, fewer than 10 windows of ${config.window} (the level process needs 8 windows of regression rows)`);
  }
  const columns = assetColumns(train);
  const transforms = columns.map((r, j) => {
    try {
      // Each asset's own level process is not used to generate; forecasts' near-term correction (short-term.ts) reads it.
      const fitted = fitTransforms(r, { tails: config.tails, regimeWindow: config.window, unitRmsShapes: true, levelProcess: true });
      const unmodellable = tooFewDistinctReturns(r, fitted, 'unit-rms-shape');
      if (unmodellable) throw new Error(unmodellable);
      return fitted;
    } catch (e) {
      throw new Error(`gangrad: ${assetLabel(j, assets, inputs)}: ${(e as Error).message.replace(/^gangrad: /, '')}`);
    }
  });
  const levelProcess = fitVectorLevelProcess(assetLevels(columns, transforms, config.window), config.window);
  return { transforms, levelProcess, ...jointRows(columns, transforms, config.window, config.stride, config.correlationConditions) };
}
