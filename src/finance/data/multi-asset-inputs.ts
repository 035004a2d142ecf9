/**
 * The price files a portfolio model was fitted on, as recorded in its model file: paths and SHA-256,
 * so that an evaluation reads the same aligned data again, and refuses files that changed since (their
 * test part could then overlap what the model was trained on).
 */
import { fileSha256, sameDataFile } from './dataset.js';
import type { JointDataInputs } from './joint-data-inputs.js';
import { loadPriceFiles, loadWidePriceCsv, type AlignedPrices } from './multi-asset.js';

export type { JointDataInputs };

/** How to read price files for a portfolio: what {@link readJointInputs} and {@link loadJointInputs} take. */
export interface JointInputsOptions {
  kind: 'files' | 'wide';
  /** Paths as given; recorded resolved by the caller when it wants them usable from another directory. */
  paths: string[];
  names?: string[];
  allowMixedCalendars?: boolean;
}

/** Where {@link readJointInputs} and {@link loadJointInputs} send the files' warnings (stale prices, gaps, split-like days). */
export interface JointReadOptions {
  /** Hears each warning; default `console.warn`, as parsePriceCsv's. */
  onWarning?: (message: string) => void;
  /**
   * Fewer price rows in a file (a wide file's column), or fewer dates common to all, than this is an
   * error naming them (default 2): what the model to train needs, so that a one-row file, or long files
   * that overlap on one day, are not told 2 rows would do.
   */
  minRows?: number;
}

/** Reads and aligns the files, and describes them (with their SHA-256) for the model file. */
export function readJointInputs(o: JointInputsOptions, read: JointReadOptions = {}): { aligned: AlignedPrices; inputs: JointDataInputs } {
  const options = { allowMixedCalendars: o.allowMixedCalendars, ...(read.onWarning ? { onWarning: read.onWarning } : {}), ...(read.minRows !== undefined ? { minRows: read.minRows, minCommonDays: read.minRows } : {}) };
  const aligned = o.kind === 'wide'
    ? loadWidePriceCsv(o.paths[0], { ...options, ...(o.names ? { columns: o.names } : {}) })
    : loadPriceFiles(o.paths, { ...options, ...(o.names ? { names: o.names } : {}) });
  const inputs: JointDataInputs = {
    kind: o.kind, files: o.paths.map((path) => ({ path, sha256: fileSha256(path) })),
    ...(o.names ? { names: [...o.names] } : {}), ...(o.allowMixedCalendars ? { allowMixedCalendars: true } : {}),
  };
  return { aligned, inputs };
}

/**
 * Reads a model's recorded inputs again; a missing file or one whose SHA-256 differs from the recorded
 * one is an error naming the file and `model` (the model file, for the message).
 */
export function loadJointInputs(inputs: JointDataInputs, model: string, read: JointReadOptions = {}): AlignedPrices {
  for (const { path, sha256 } of inputs.files) {
    let same: boolean;
    try {
      same = sameDataFile(path, sha256);
    } catch (e) {
      throw new Error(`${path}: cannot read the price file ${model} was trained on (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (!same) throw new Error(`${path}: differs from the file ${model} was trained on (SHA-256 ${fileSha256(path).slice(0, 12)}…, trained on ${sha256.slice(0, 12)}…): its test part may overlap the training part`);
  }
  return readJointInputs({ kind: inputs.kind, paths: inputs.files.map((f) => f.path), names: inputs.names, allowMixedCalendars: inputs.allowMixedCalendars }, read).aligned;
}

