import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG, type ReturnGanConfig } from '../../src/finance/model/model.js';
import { trainReturnGan } from '../../src/finance/training/train.js';
import { decodeSafetensors, encodeSafetensors } from '../../src/io/index.js';
import { writeSmallPriceFile } from './prices.js';

/** A return-GAN configuration small enough to train in well under a second. */
export const tinyConfig: ReturnGanConfig = {
  ...DEFAULT_CONFIG, window: 8, latentDim: 4, hidden: [8], batch: 8, steps: 6, evalEvery: 3, checkpointEvery: 3, logEvery: 2,
};

/** Train a tiny model into `dir/model` from a small price file in `dir`; returns the model directory and the data file. */
export async function trainTinyModel(dir: string): Promise<{ model: string; data: string }> {
  const data = writeSmallPriceFile(dir, 300);
  const model = join(dir, 'model');
  await trainReturnGan({ data, out: model, config: tinyConfig, validationSamples: 32, runId: 'tiny-run' });
  return { model, data };
}

/** Rewrite a model file's metadata with `edit` (a fresh checksum is written, as a buggy writer would). */
export function editModelMetadata(file: string, edit: (metadata: Record<string, unknown>) => void): void {
  const { tensors, metadata } = decodeSafetensors(readFileSync(file), file);
  const parsed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(metadata)) parsed[k] = k === 'data_sha256' || k === 'format' || k === 'run_id' || k === 'generator' ? v : JSON.parse(v);
  edit(parsed);
  const out = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  writeFileSync(file, encodeSafetensors(tensors, out));
}
