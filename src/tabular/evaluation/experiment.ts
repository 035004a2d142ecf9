/**
 * The multi-seed experiment behind the README table: for each seed, a fresh stratified split, a GAN
 * trained on the training part only, and the full evaluation on the held-out part.
 */
import { disposeModule } from '../../nn/index.js';
import { evaluateTabular, type TabularEvaluation } from './evaluate.js';
import type { TabularGanConfig } from '../model/model.js';
import { sampleTable } from '../model/sample.js';
import { loadTable, type Table } from '../data/table.js';
import { trainTabularGan, type TabularFit, type TabularProgress } from '../training/train.js';

/** Evaluate a fitted model on its own held-out rows (sampling seeds derived from `seed`). */
export function evaluateFit(fit: Pick<TabularFit, 'networks' | 'metadata' | 'train' | 'test'>, seed: number): Promise<TabularEvaluation> {
  let draw = 0;
  return evaluateTabular(fit.train, fit.test,
    (count, classLevel) => sampleTable(fit.networks, fit.metadata, count, { classLevel, seed: seed * 1000 + draw++ }),
    { target: fit.metadata.config.target, seed });
}

export interface ExperimentOptions {
  data: string | (Table & { sha256?: string });
  config: TabularGanConfig;
  seeds: number[];
  onProgress?: (seed: number, p: TabularProgress) => void;
  onSeed?: (seed: number, evaluation: TabularEvaluation, trainSeconds: number) => void;
}

export async function runTabularExperiment(options: ExperimentOptions): Promise<TabularEvaluation[]> {
  const table = typeof options.data === 'string' ? loadTable(options.data, { kinds: options.config.columnTypes }) : options.data;
  const results: TabularEvaluation[] = [];
  for (const seed of options.seeds) {
    const fit = await trainTabularGan({ data: table, config: { ...options.config, seed }, onProgress: (p) => options.onProgress?.(seed, p) });
    const evaluation = await evaluateFit(fit, seed);
    disposeModule(fit.networks.generator);
    disposeModule(fit.networks.discriminator);
    results.push(evaluation);
    options.onSeed?.(seed, evaluation, fit.elapsedSeconds);
  }
  return results;
}
