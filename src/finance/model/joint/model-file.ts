/**
 * The joint GAN's model file (safetensors): both networks' weights (named as in the single-asset file)
 * with the configuration, the asset names, each asset's transforms, the vector level process, the data
 * split and the step in its metadata — everything sampling needs — checked on reading. A checkpoint
 * also holds both optimisers' moments and the run's resume state (as the single-asset file does).
 */
import { optimizerArrays, type GanTrainer } from '../../../gan/index.js';
import { decodeSafetensors, encodeSafetensors, metadataJson, readSafetensorsFile, showMetadataValue, writeFileAtomic, type NamedArray, type SafetensorsContent } from '../../../io/index.js';
import { checkJointDataInputs, type JointDataInputs } from '../../data/joint-data-inputs.js';
import type { Split } from '../../data/returns.js';
import type { TransformState } from '../../data/transforms.js';
import { DEFAULT_CONFIG } from '../config.js';
import { loadNetworkArrays, networkArrays, type ResumeState } from '../model-file.js';
import { checkConfig, checkResumeState, checkTransforms } from '../model-schema.js';
import type { ReturnGanNetworks } from '../networks.js';
import { checkJointConfig, type JointGanConfig } from './config.js';
import type { JointGenerator } from './generate.js';
import { buildJointNetworks } from './networks.js';
import type { VectorLevelProcessState } from './vector-level-process.js';

export type { JointDataInputs };

/** The format key of joint model files. */
export const JOINT_FORMAT = 'gangrad-joint-gan-1';

/** What the model was fitted on: the return matrix's size and its chronological split (day ranges). */
export interface JointDataInfo {
  days: number;
  split: Split;
  /** Where the returns came from (files, a description), for people. */
  source?: string;
  /** The price files read, so that an evaluation can read the same data again (and check it is the same). */
  inputs?: JointDataInputs;
  /** SHA-256 of the return matrix (its float64 bytes), so a resumed run can check it fits on the same returns. */
  returnsSha256?: string;
}


/** The metadata every joint model file carries. */
export interface JointModelMetadata {
  format: typeof JOINT_FORMAT;
  config: JointGanConfig;
  assets: string[];
  /** One per asset, in column order. */
  transforms: TransformState[];
  levelProcess: VectorLevelProcessState;
  data: JointDataInfo;
  step: number;
  /** Validation score of these weights (lower is better), if evaluated. */
  validationScore: number | null;
  runId?: string;
}

/** A joint GAN ready to sample: its networks and metadata. */
export interface JointGanModel {
  metadata: JointModelMetadata;
  networks: ReturnGanNetworks;
}

/** The parts of a model that generation uses (generate.ts). */
export function jointGenerator(model: JointGanModel): JointGenerator {
  const { config, transforms, levelProcess } = model.metadata;
  return { generator: model.networks.generator, latentDim: config.latentDim, window: config.window, transforms, levelProcess, correlationConditions: config.correlationConditions };
}

/** What a checkpoint adds to the weights: the trainer (its optimisers' moments) and the resume state. */
export interface JointTrainingState {
  trainer: GanTrainer;
  resume: ResumeState;
}

/** A joint checkpoint read back: the model, and its resume state and optimiser arrays (null and empty in a model file). */
export interface JointCheckpoint {
  model: JointGanModel;
  resume: ResumeState | null;
  optimizerArrays: Map<string, NamedArray>;
}

/** A joint model file's bytes, in memory: what {@link saveJointModel} writes (with `training`, a checkpoint). */
export async function encodeJointModel(model: JointGanModel, training?: JointTrainingState): Promise<Uint8Array> {
  const m = model.metadata;
  const meta: Record<string, string> = {
    format: m.format, config: JSON.stringify(m.config), assets: JSON.stringify(m.assets), transforms: JSON.stringify(m.transforms),
    level_process: JSON.stringify(m.levelProcess), data: JSON.stringify(m.data), step: String(m.step), validation_score: JSON.stringify(m.validationScore),
  };
  if (m.runId) meta.run_id = m.runId;
  const arrays = await networkArrays(model.networks);
  if (training) {
    arrays.push(...await optimizerArrays(training.trainer));
    meta.resume = JSON.stringify(training.resume);
  }
  return encodeSafetensors(arrays, meta);
}

/** Write a joint model file (with `training`, a checkpoint), atomically. */
export async function saveJointModel(file: string, model: JointGanModel, training?: JointTrainingState): Promise<void> {
  writeFileAtomic(file, await encodeJointModel(model, training));
}

/** Read a joint model file, check its metadata, and build its networks on the current backend. */
export function loadJointModel(file: string): JointGanModel {
  return loadJointCheckpoint(file).model;
}

/** Read a joint checkpoint (or model file): the model, with the training state a resumed run needs. */
export function loadJointCheckpoint(file: string): JointCheckpoint {
  return jointModelFromContent(readSafetensorsFile(file), file);
}

/** {@link loadJointModel} for a model's bytes in memory; `file` names them in error messages. */
export function decodeJointModel(bytes: Uint8Array, file: string): JointGanModel {
  return jointModelFromContent(decodeSafetensors(bytes, file), file).model;
}

const isFiniteArray = (v: unknown, length: number) => Array.isArray(v) && v.length === length && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** Checks the process's shapes against d assets: errors name the file and the field. */
function checkLevelProcess(file: string, p: VectorLevelProcessState, d: number, window: number): void {
  const bad = (field: string, need: string, got: unknown) => new Error(`${file}: metadata field 'levelProcess.${field}' must be ${need}, got ${JSON.stringify(got)?.slice(0, 200)}`);
  if (p.assets !== d) throw bad('assets', `${d} (the number of assets)`, p.assets);
  if (p.window !== window) throw bad('window', `${window} (config.window)`, p.window);
  if (!Array.isArray(p.horizons) || p.horizons.length < 1 || p.horizons.some((h, i) => !Number.isInteger(h) || h < 1 || (i > 0 && h <= p.horizons[i - 1]))) throw bad('horizons', 'ascending positive integers', p.horizons);
  if (!isFiniteArray(p.intercepts, d)) throw bad('intercepts', `${d} finite numbers`, p.intercepts);
  if (!Array.isArray(p.coefficients) || p.coefficients.length !== d || p.coefficients.some((row) => !isFiniteArray(row, d * p.horizons.length))) {
    throw bad('coefficients', `${d} rows of ${d * p.horizons.length} finite numbers (assets × horizons)`, p.coefficients);
  }
  if (!Array.isArray(p.residualRows) || p.residualRows.length < 1 || p.residualRows.some((row) => !isFiniteArray(row, d))) throw bad('residualRows', `a list of rows of ${d} finite numbers`, p.residualRows);
  if (!isFiniteArray(p.min, d) || !isFiniteArray(p.max, d) || p.min.some((v, i) => !(v < p.max[i]))) throw bad('min', `${d} finite numbers, each below its 'max'`, p.min);
  if (p.calibration !== undefined) {
    const c = p.calibration as unknown as Record<string, unknown> | null;
    if (typeof c !== 'object' || c === null || Array.isArray(c)) throw bad('calibration', 'an object of persistence, spread and scale', c);
    // Bounds far outside anything a calibration chooses (the grid's 0.6–1.6, scales of a few tens of per cent), so an edited file cannot make every path explode.
    for (const [key, lo, hi] of [['persistence', 0.1, 10], ['spread', 0.1, 10], ['scale', 1e-3, 1e3]] as const) {
      const v = c[key];
      if (v === undefined) throw new Error(`${file}: metadata field 'levelProcess.calibration.${key}' is missing (${d} numbers in [${lo}, ${hi}], one per asset)`);
      if (!isFiniteArray(v, d) || (v as number[]).some((x) => !(x >= lo && x <= hi))) throw bad(`calibration.${key}`, `${d} numbers in [${lo}, ${hi}] (one per asset)`, v);
    }
  }
}

function jointModelFromContent({ tensors, metadata: raw }: SafetensorsContent, file: string): JointCheckpoint {
  if (raw.format !== JOINT_FORMAT) {
    const hint = raw.format === 'gangrad-return-gan-1' ? ': a single-asset model, for gangrad train, sample, eval, forecast and backtest'
      : raw.format === 'gangrad-tabular-gan-1' ? ': a tabular model, for the gangrad tabular commands' : '';
    throw new Error(`${file}: not a gangrad joint-GAN model (format ${JSON.stringify(raw.format)})${hint}`);
  }
  const field = (key: string, fallback?: { missing: unknown }) => metadataJson(file, raw, key, fallback);
  const metadata = {
    // Files written before these settings existed have neither: their critic saw no co-movements, their generator no correlations.
    format: JOINT_FORMAT, config: { ...DEFAULT_CONFIG, criticCoMovements: false, correlationConditions: false, ...(field('config') as object) }, assets: field('assets'), transforms: field('transforms'),
    levelProcess: field('level_process'), data: field('data'), step: field('step'), validationScore: field('validation_score', { missing: null }),
    ...(raw.run_id !== undefined ? { runId: raw.run_id } : {}),
  } as JointModelMetadata;
  const resume = field('resume', { missing: null }) as ResumeState | null;
  checkConfig(file, metadata.config as unknown as Record<string, unknown>);
  checkJointConfig(metadata.config);
  for (const key of ['criticCoMovements', 'correlationConditions'] as const) {
    if (typeof metadata.config[key] !== 'boolean') throw new Error(`${file}: metadata field 'config.${key}' must be true or false, got ${showMetadataValue(metadata.config[key])}`);
  }
  const { assets, transforms } = metadata;
  if (!Array.isArray(assets) || assets.length < 1 || assets.some((a) => typeof a !== 'string')) throw new Error(`${file}: metadata field 'assets' must be a list of asset names, got ${showMetadataValue(assets)}`);
  if (!Array.isArray(transforms) || transforms.length !== assets.length) throw new Error(`${file}: metadata field 'transforms' must hold one entry per asset (${assets.length}), got ${Array.isArray(transforms) ? transforms.length : JSON.stringify(transforms)}`);
  transforms.forEach((s, j) => {
    checkTransforms(file, s as unknown as Record<string, unknown>, true, `transforms[${j}]`);
    if (s.shapeDomain !== 'unit-rms') throw new Error(`${file}: metadata field 'transforms[${j}].shapeDomain' must be 'unit-rms' in a joint model`);
  });
  checkLevelProcess(file, metadata.levelProcess, assets.length, metadata.config.window);
  if (metadata.data?.inputs !== undefined) checkJointDataInputs(file, metadata.data.inputs);
  const hash = metadata.data?.returnsSha256;
  if (hash !== undefined && !(typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash))) throw new Error(`${file}: metadata field 'data.returnsSha256' must be a SHA-256 in hex, got ${showMetadataValue(hash)}`);
  if (resume !== null) checkResumeState(file, resume);
  if (!Number.isInteger(metadata.step) || metadata.step < 0) throw new Error(`${file}: metadata field 'step' must be a whole number ≥ 0, got ${raw.step}`);
  const networks = buildJointNetworks(metadata.config, transforms);
  loadNetworkArrays(networks, tensors, file);
  return { model: { metadata, networks }, resume, optimizerArrays: new Map([...tensors].filter(([name]) => name.startsWith('adam.'))) };
}
