/**
 * The GAN fitted in memory on exactly the rows given, for evaluations whose split is not the stratified
 * random one `trainTabularGan` draws itself (out of time; one class only, for the GAN detector): the
 * same training run with no rows held out, no files, no resume.
 */
import type { TabularGanConfig, TabularMetadata, TabularNetworks } from '../model/model.js';
import type { Table } from '../data/table.js';
import { trainTabularGan, type TabularProgress } from '../training/train.js';

/** A GAN fitted on every row of `train` (none held out): networks, metadata for sampling, seconds taken. */
export async function fitOnRows(train: Table, config: TabularGanConfig, onProgress?: (p: TabularProgress) => void): Promise<{ networks: TabularNetworks; metadata: TabularMetadata; elapsedSeconds: number }> {
  const fit = await trainTabularGan({ data: train, config, testRows: [], onProgress });
  return { networks: fit.networks, metadata: fit.metadata, elapsedSeconds: fit.elapsedSeconds };
}
