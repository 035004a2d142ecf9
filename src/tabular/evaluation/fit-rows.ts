/**
 * The GAN fitted in memory on exactly the rows given, for evaluations whose split is not the stratified
 * random one `trainTabularGan` draws itself (out of time; one class only, for the GAN detector). The
 * same networks, trainer and training-by-sampling as `trainTabularGan`; no files, no resume.
 * (Once `trainTabularGan` takes explicit test rows, this can call it instead.)
 */
import type { StepMetrics } from '../../gan/index.js';
import { Rng } from '../../tensor/index.js';
import { buildTabularNetworks, createTabularTrainer, type TabularGanConfig, type TabularMetadata, type TabularNetworks } from '../model/model.js';
import type { Table } from '../data/table.js';
import { encode, fitTransform, layout } from '../data/transforms.js';
import type { TabularProgress } from '../training/train.js';

/** Level counts per (class, categorical column) of encoded rows: sampling draws conditions from them. */
export function levelCountsOf(classes: Int32Array, codes: Int32Array[], classCount: number, spans: { width: number }[]): number[][][] {
  const counts = Array.from({ length: classCount }, () => spans.map((s) => new Array<number>(s.width).fill(0)));
  codes.forEach((cs, j) => cs.forEach((k, r) => counts[classes[r]][j][k]++));
  return counts;
}

/** A GAN fitted on every row of `train` (none held out): networks, metadata for sampling, seconds taken. */
export async function fitOnRows(train: Table, config: TabularGanConfig, onProgress?: (p: TabularProgress) => void): Promise<{ networks: TabularNetworks; metadata: TabularMetadata; elapsedSeconds: number }> {
  const started = performance.now();
  const transform = fitTransform(train, config.target);
  const encoded = encode(transform, train, new Rng(config.seed * 13 + 11));
  const networks = buildTabularNetworks(config, transform);
  const { trainer } = createTabularTrainer(config, transform, networks, encoded);
  const elapsed = () => (performance.now() - started) / 1000;
  let last: StepMetrics | null = null;
  while (trainer.stepCount < config.steps) {
    last = (await trainer.step()) ?? last;
    onProgress?.({ step: trainer.stepCount, steps: config.steps, elapsedSeconds: elapsed(), metrics: last });
  }
  trainer.dispose();
  const classCount = transform.target.levels.length;
  const metadata: TabularMetadata = {
    format: 'gangrad-tabular-gan-1', config, transform,
    data: { file: train.file, sha256: '', rows: train.rows, testRows: [] },
    classWeights: transform.target.levels.map((_, c) => encoded.classes.filter((k) => k === c).length),
    levelCounts: levelCountsOf(encoded.classes, encoded.codes, classCount, layout(transform).spans),
    step: trainer.stepCount,
  };
  return { networks, metadata, elapsedSeconds: elapsed() };
}
