/**
 * The return GAN's model file (safetensors): weights, and for checkpoints optimiser state, with the
 * configuration, fitted transforms, data description and step in its metadata, checked on reading.
 */
import type { GanTrainer, InstanceNoiseState, TrainerCounters } from '../../gan/index.js';
import { loadModuleArrays, moduleArrays, optimizerArrays } from '../../gan/index.js';
import { decodeSafetensors, encodeSafetensors, metadataJson, readSafetensorsFile, writeFileAtomic, type NamedArray, type SafetensorsContent } from '../../io/index.js';
import { modelDirFiles } from '../../io/model-dir.js';
import { nodeModules } from '../../io/node.js';
import type { TransformState } from '../data/transforms.js';
import { DEFAULT_CONFIG, GENERATOR_KINDS, REMOVED_VARIANTS, type DataInfo, type GeneratorKind, type ReturnGanConfig } from './config.js';
import { validateModelMetadata } from './model-schema.js';
import { buildNetworks, type ReturnGanNetworks } from './networks.js';

/** The metadata every model file carries. */
export interface ModelMetadata {
  format: 'gangrad-return-gan-1';
  /** Which path generator the file holds (files without the key hold `independent-windows`). */
  generator: GeneratorKind;
  config: ReturnGanConfig;
  transforms: TransformState;
  data: DataInfo;
  step: number;
  /** Validation score of these weights (W1 + ACF(|r|) error; lower is better), if evaluated. */
  validationScore: number | null;
  /** The training run that wrote the file: a model and a checkpoint belong together only when these match. */
  runId?: string;
}

/** Training state beyond the weights, needed to resume bit-identically. */
export interface ResumeState extends TrainerCounters {
  /** Instance-noise state (runs with instance noise only). */
  instanceNoise?: InstanceNoiseState;
  batchRngState: number[];
  bestScore: number | null;
  bestStep: number | null;
  elapsedSeconds: number;
}

/** Write weights (and, for checkpoints, optimiser state) with metadata, atomically. */
export async function saveModelFile(
  file: string, networks: ReturnGanNetworks, metadata: ModelMetadata,
  training?: { trainer: GanTrainer; resume: ResumeState },
): Promise<void> {
  writeFileAtomic(file, await encodeModel(networks, metadata, training));
}

/** Both networks' weights as named host arrays, under `generator.` and `discriminator.` (the joint model's files use the same names). */
export async function networkArrays(networks: ReturnGanNetworks): Promise<[string, NamedArray][]> {
  return [...await moduleArrays(networks.generator, 'generator.'), ...await moduleArrays(networks.discriminator, 'discriminator.')];
}

/** Write stored weights into freshly built networks, checking every name and shape (errors name `file`). */
export function loadNetworkArrays(networks: ReturnGanNetworks, tensors: Map<string, NamedArray>, file: string): void {
  loadModuleArrays(networks.generator, 'generator.', tensors, file);
  loadModuleArrays(networks.discriminator, 'discriminator.', tensors, file);
}

/** A model file's bytes (safetensors), in memory: what {@link saveModelFile} writes. */
export async function encodeModel(
  networks: ReturnGanNetworks, metadata: ModelMetadata,
  training?: { trainer: GanTrainer; resume: ResumeState },
): Promise<Uint8Array> {
  const arrays = await networkArrays(networks);
  const meta: Record<string, string> = {
    format: metadata.format,
    generator: metadata.generator,
    config: JSON.stringify(metadata.config),
    transforms: JSON.stringify(metadata.transforms),
    data: JSON.stringify(metadata.data),
    data_sha256: metadata.data.sha256,
    step: String(metadata.step),
    validation_score: JSON.stringify(metadata.validationScore),
  };
  if (metadata.runId) meta.run_id = metadata.runId;
  if (training) {
    arrays.push(...await optimizerArrays(training.trainer));
    meta.resume = JSON.stringify(training.resume);
  }
  return encodeSafetensors(arrays, meta);
}

/** A model file read back by {@link loadModelFile} or {@link decodeModel}: checked, networks built and loaded. */
export interface LoadedModel {
  /** What the file records: configuration, fitted transforms, data, step, validation score. */
  metadata: ModelMetadata;
  /** The networks, built on the current backend with the file's weights. */
  networks: ReturnGanNetworks;
  /** The state to resume training from (checkpoints only; null otherwise). */
  resume: ResumeState | null;
  /** Optimiser moments by name (checkpoints only). */
  optimizerArrays: Map<string, NamedArray>;
}

/** Read a model file, check it against its own configuration, and build its networks on the current backend. */
export function loadModelFile(file: string): LoadedModel {
  return modelFromContent(readSafetensorsFile(file), file);
}

/** {@link loadModelFile} for a model's bytes in memory; `file` names them in error messages. */
export function decodeModel(bytes: Uint8Array, file: string): LoadedModel {
  return modelFromContent(decodeSafetensors(bytes, file), file);
}

function modelFromContent({ tensors, metadata: raw }: SafetensorsContent, file: string): LoadedModel {
  if (raw.format !== 'gangrad-return-gan-1') {
    const hint = raw.format === 'gangrad-joint-gan-1' ? ': a portfolio model, for the gangrad portfolio commands'
      : raw.format === 'gangrad-tabular-gan-1' ? ': a tabular model, for the gangrad tabular commands' : '';
    throw new Error(`${file}: not a gangrad return-GAN model (format ${JSON.stringify(raw.format)})${hint}`);
  }
  // Files written before the key existed hold the independent-windows generator.
  const generator = (raw.generator ?? 'independent-windows') as GeneratorKind;
  if (!GENERATOR_KINDS.includes(generator)) {
    throw new Error(`${file}: holds generator ${JSON.stringify(raw.generator)}, which this version of gangrad does not know (it knows ${GENERATOR_KINDS.join(', ')}); use a newer gangrad`);
  }
  const field = (key: string, fallback?: { missing: unknown }) => metadataJson(file, raw, key, fallback);
  const metadata = {
    format: 'gangrad-return-gan-1',
    generator,
    // Files written before the unit-RMS shape generator hold the Gaussianised-shape output.
    config: { ...DEFAULT_CONFIG, generatorOutput: 'returns', ...(field('config') as object), generator },
    transforms: field('transforms'),
    data: field('data'),
    step: field('step'),
    validationScore: field('validation_score', { missing: null }),
    ...(raw.run_id !== undefined ? { runId: raw.run_id } : {}),
  } as ModelMetadata;
  const resume = field('resume', { missing: null }) as ResumeState | null;
  for (const [option, removed] of Object.entries(REMOVED_VARIANTS)) {
    if ((metadata.config as unknown as Record<string, unknown>)[option] === removed) {
      throw new Error(`${file}: its config.${option} is '${removed}', a variant that was measured, not adopted and removed from gangrad; retrain the model (or load it with a gangrad version before its removal)`);
    }
  }
  if (generator === 'window-ar-level' && !metadata.transforms.levelProcess) throw new Error(`${file}: generator window-ar-level without a fitted level process in its transforms`);
  validateModelMetadata(file, metadata, resume);
  const networks = buildNetworks(metadata.config, metadata.transforms);
  loadNetworkArrays(networks, tensors, file);
  const optimizerArrays = new Map([...tensors].filter(([name]) => name.startsWith('adam.')));
  return { metadata, networks, resume, optimizerArrays };
}

/** The files of a model directory (io/model-dir.ts), and a test of whether one exists. */
export function modelPaths(dir: string) {
  return { ...modelDirFiles(dir), exists: (f: string) => nodeModules('modelPaths').fs.existsSync(f) };
}
