/** A joint model directory and the data it records, opened the way every `gangrad portfolio` command needs them. */
import type { AlignedPrices } from '../finance/data/multi-asset.js';
import { loadJointInputs } from '../finance/data/multi-asset-inputs.js';
import { multiAssetLogReturns } from '../finance/data/multi-asset-returns.js';
import type { AssetMatrix } from '../finance/data/asset-matrix.js';
import { loadJointModel, type JointGanModel } from '../finance/joint.js';

/** A joint model with the returns it was trained on, read again from the files it records. */
export interface JointModelData {
  model: JointGanModel;
  aligned: AlignedPrices;
  /** Daily log returns, days × assets; return i is dated `aligned.dates[i + 1]`. */
  returns: AssetMatrix;
}

/**
 * Load the joint model `file` and re-read the price files it records (each must be unchanged: SHA-256);
 * throws naming the file when it records none or the files no longer give its number of days.
 */
export function openJointModelData(file: string): JointModelData {
  const model = loadJointModel(file);
  const { inputs } = model.metadata.data;
  if (!inputs) throw new Error(`${file}: records no data files (trained before models recorded them, or in memory); retrain it with gangrad portfolio train`);
  const aligned = loadJointInputs(inputs, file);
  const returns = multiAssetLogReturns(aligned.prices);
  if (returns.days !== model.metadata.data.days) throw new Error(`${file}: trained on ${model.metadata.data.days} days of returns, the files give ${returns.days}`);
  return { model, aligned, returns };
}
