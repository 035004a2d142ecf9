/**
 * Detectors that learn what normal claims look like, without fraud labels in fitting: an isolation
 * forest (100 trees, subsample 256) and a GAN trained on the non-fraud training rows, scoring each test
 * row by how little its discriminator believes the row is a normal one (−logit of D, averaged over
 * the conditions the row itself satisfies: one per categorical column, as in training-by-sampling).
 * Both see the same rows; both are scored with the fraud figures of ranking.ts.
 */
import { disposeModule } from '../../nn/index.js';
import { concatColumns, noGrad, tensor, tidy } from '../../tensor/index.js';
import { IsolationForest } from '../baselines/isolation-forest.js';
import { missingFills, withFills } from '../data/fill.js';
import { selectRows, type CategoricalColumn, type Table } from '../data/table.js';
import { encode, layout, type TableTransform } from '../data/transforms.js';
import type { TabularGanConfig, TabularNetworks } from '../model/model.js';
import { binaryLabels, features, fitScaler } from './features.js';
import { fitOnRows } from './fit-rows.js';
import { rankingFigures, type RankingFigures } from './fraud-figures.js';

/** `table` with its target reduced to one level `level` on every row (rows of other classes are left out unless `relabel`). */
export function oneClass(table: Table, target: string, level: string, options: { relabel?: boolean } = {}): Table {
  const t = table.columns.find((c) => c.name === target) as CategoricalColumn;
  const k = t.levels.indexOf(level);
  const rows = options.relabel ? table : selectRows(table, Array.from({ length: table.rows }, (_, r) => r).filter((r) => t.codes[r] === k));
  return { ...rows, columns: rows.columns.map((c) => (c.name === target ? { ...t, levels: [level], codes: new Int32Array(rows.rows) } : c)) };
}

/**
 * Anomaly scores of `table`'s rows under a GAN fitted on one class: minus the discriminator's logit,
 * averaged over one condition per categorical column (the row's own level of it).
 */
export async function discriminatorScores(networks: TabularNetworks, transform: TableTransform, table: Table): Promise<Float64Array> {
  const { width, spans, categoricalWidth } = layout(transform);
  const classCount = transform.target.levels.length, cw = classCount + categoricalWidth;
  const { rows, classes, codes } = encode(transform, table);
  const n = table.rows, total = new Float64Array(n);
  const passes = Math.max(1, spans.length);
  for (let j = 0; j < passes; j++) {
    const condition = new Float32Array(n * cw);
    for (let r = 0; r < n; r++) {
      condition[r * cw + classes[r]] = 1;
      // A pair of a joint column no training row had (code −1): the class alone conditions that pass.
      if (spans.length > 0 && codes[j][r] >= 0) condition[r * cw + classCount + spans[j].start + codes[j][r]] = 1;
    }
    const logits = noGrad(() => tidy(() => networks.discriminator.forward(concatColumns(tensor(rows, [n, width]), tensor(condition, [n, cw])))));
    const values = await logits.data();
    logits.dispose();
    for (let r = 0; r < n; r++) total[r] -= values[r] / passes;
  }
  return total;
}

/** What {@link evaluateDetectors} finds: the fraud figures of both unsupervised detectors on the test rows. */
export interface DetectorEvaluation {
  /** The class the detectors try to find (the fraud class). */
  positive: string;
  /** Normal (non-positive) training rows both detectors were fitted on. */
  normalRows: number;
  /** Figures of the isolation forest's anomaly scores. */
  isolationForest: RankingFigures;
  /** Figures of the one-class GAN's discriminator scores ({@link discriminatorScores}). */
  gan: RankingFigures;
  /** Seconds the GAN trained. */
  ganSeconds: number;
}

/** Fit both detectors on the training rows not of class `positive`; score the test rows. */
export async function evaluateDetectors(train: Table, test: Table, options: { config: TabularGanConfig; positive: string; seed: number }): Promise<DetectorEvaluation> {
  const target = options.config.target;
  const t = train.columns.find((c) => c.name === target) as CategoricalColumn;
  const normalLevel = t.levels.find((l) => l !== options.positive)!;
  const normalOnly = oneClass(train, target, normalLevel);
  // Blank numeric cells hold the normal rows' median in the rows both detectors fit and score, as the
  // GAN's training run fills the rows it is fitted on (tableParts): one value, seen alike by both.
  const fills = missingFills(normalOnly, Array.from({ length: normalOnly.rows }, (_, r) => r));
  const normal = withFills(normalOnly, fills), scored = withFills(test, fills);
  const labels = binaryLabels(test, target, options.positive);
  const scaler = fitScaler(normal, target);
  const forest = new IsolationForest({ trees: 100, subsample: 256, seed: options.seed }).fit(features(normal, scaler), normal.rows, scaler.width);
  const isolationForest = rankingFigures(forest.score(features(scored, scaler), scored.rows), labels);
  const fit = await fitOnRows(normal, { ...options.config, seed: options.seed });
  const scores = await discriminatorScores(fit.networks, fit.metadata.transform, oneClass(scored, target, normalLevel, { relabel: true }));
  disposeModule(fit.networks.generator);
  disposeModule(fit.networks.discriminator);
  return { positive: options.positive, normalRows: normal.rows, isolationForest, gan: rankingFigures(scores, labels), ganSeconds: fit.elapsedSeconds };
}
