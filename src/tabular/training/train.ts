/**
 * A training run of the tabular GAN: table → stratified split → transforms fitted on the training
 * rows → GAN steps, with a training log, periodic checkpoints, clean interruption and bit-identical
 * resumption. Without an output directory it runs in memory (the experiments use this).
 */
import { restoreTrainer, runTraining, trainerCounters, TrainingLog, type AbortSignalLike, type RunProgress, type RunState } from '../../gan/index.js';
import { writeFileAtomic } from '../../io/index.js';
import { refuseModelInOut } from '../../io/model-dir.js';
import { nodeModules } from '../../io/node.js';
import { checkSeed, Rng } from '../../tensor/index.js';
import { disposeModule } from '../../nn/index.js';
import {
  buildTabularNetworks, createTabularTrainer, DEFAULT_TABULAR_CONFIG, loadTabularModel, saveTabularModel, tabularModelPaths,
  type TabularGanConfig, type TabularMetadata, type TabularNetworks, type TabularResumeState,
} from '../model/model.js';
import { stratifiedSplit } from '../model/sample.js';
import { tableParts } from '../data/split.js';
import { column, loadTable, type Table, type TableOptions } from '../data/table.js';
import { encode, fitTransform, layout } from '../data/transforms.js';

/** A tabular run's progress after each step (see gan/run.ts; it has no evaluations). */
export type TabularProgress = RunProgress;

/** What {@link trainTabularGan} returns: the trained networks, their metadata and the split it used. */
export interface TabularFit {
  /** The networks with the last step's weights, ready to sample from. */
  networks: TabularNetworks;
  /** The metadata a model file of these weights carries. */
  metadata: TabularMetadata;
  /** The training rows the GAN saw, and the held-out test rows. */
  train: Table;
  test: Table;
  /** Training steps completed (resumed runs included). */
  steps: number;
  /** Whether `signal` ended the run before `config.steps`. */
  interrupted: boolean;
  /** Seconds trained, resumed runs included. */
  elapsedSeconds: number;
}

/** Options for {@link trainTabularGan}: the data, the configuration, and where (if anywhere) to write the model. */
export interface TabularTrainOptions {
  /** The table, or a CSV file to read (with `tableOptions`). */
  data: string | (Table & { sha256?: string });
  /** How a CSV `data` file is read; its `kinds` default to `config.columnTypes`. */
  tableOptions?: TableOptions;
  /** Every setting of the run, e.g. `{ ...DEFAULT_TABULAR_CONFIG, target: 'Class' }`. */
  config: TabularGanConfig;
  /** Model directory; omit to train in memory. */
  out?: string;
  /** Continue from `out/checkpoint.safetensors` (config, data and split come from it; `steps` may be raised). */
  resume?: boolean;
  /** Called after every step with the run's progress. */
  onProgress?: (p: TabularProgress) => void;
  /** Aborting (e.g. on Ctrl-C) ends the run after the current step with a checkpoint written. */
  signal?: AbortSignalLike;
  /** Recorded in every file the run writes (a resumed run keeps its checkpoint's), so files of different runs are told apart. */
  runId?: string;
  /**
   * Rows held out from fitting (default: a stratified random `config.testFraction` of them); `[]` fits
   * on every row, for evaluations that split the table themselves (out of time, one class only).
   */
  testRows?: readonly number[];
}

/** The whole-number settings a run cannot start without, each named with its value when it is wrong. */
function checkRunSettings(config: TabularGanConfig): void {
  for (const key of ['steps', 'batch', 'latentDim', 'pac', 'discriminatorSteps'] as const) {
    const v: unknown = config[key];
    if (!Number.isInteger(v) || (v as number) < 1) throw new Error(`trainTabularGan: config.${key} must be a positive whole number, got ${typeof v === 'string' ? `'${v}'` : String(v)}`);
  }
  // The rest that the trainer would refuse only after the networks are built.
  for (const key of ['lr', 'temperature'] as const) {
    const v: unknown = config[key];
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new Error(`trainTabularGan: config.${key} must be a positive number, got ${typeof v === 'string' ? `'${v}'` : String(v)}`);
  }
  // Else named only as a layer size deep in the build ('Dense(73, 64) needs positive integer sizes' for '64').
  const h: unknown = config.hidden;
  if (!Array.isArray(h) || h.length === 0 || !h.every((w) => Number.isInteger(w) && w >= 1)) throw new Error(`trainTabularGan: config.hidden must be a non-empty list of positive whole numbers (layer widths, e.g. [128, 128]), got ${JSON.stringify(h) ?? String(h)}`);
  checkSeed(config.seed, 'trainTabularGan: config');
  if (config.batch % config.pac !== 0) throw new Error(`trainTabularGan: config.pac ${config.pac} must divide config.batch ${config.batch} (the discriminator judges packs of pac rows)`);
}

/** The options {@link trainTabularGan} takes, and the config fields beyond the model's that a run records: a misspelt name is an error, not a default silently used. */
const TRAIN_OPTIONS = new Set(['data', 'tableOptions', 'config', 'out', 'resume', 'onProgress', 'signal', 'runId', 'testRows']);
const RUN_CONFIG_FIELDS = new Set([...Object.keys(DEFAULT_TABULAR_CONFIG), 'table', 'split']);

/**
 * The largest batch of whole packs of `pac` rows that `rows` rows hold (a GAN fitted on fewer rows than
 * its batch trains at this batch); an error naming the rows (`what`) when they hold no pack.
 */
export function fittedBatch(rows: number, pac: number, what: string): number {
  const batch = rows - (rows % pac);
  if (batch === 0) throw new Error(`trainTabularGan: config.pac ${pac} is more than the ${rows} ${what} the GAN is fitted on: a batch holds whole packs of ${pac} rows`);
  return batch;
}

/**
 * Why a batch of `batch` rows is refused for a GAN fitted on `rows` rows, or null when it is not: a
 * larger batch would repeat rows in every batch (drawn with replacement) and, far larger, fail
 * allocating. `names` gives the option (`--batch`, `config.batch`) and what the rows are.
 */
export function batchTooLarge(batch: number, rows: number, names: { option: string; rows: string }): string | null {
  return batch > rows ? `${names.option} ${batch} is larger than the ${rows} ${names.rows} the GAN is fitted on, from which each batch is drawn: give a batch of at most ${rows}` : null;
}

/** Held-out rows must be rows of the table, each once: an index beyond it would become a row of NaN. */
function checkTestRows(testRows: readonly number[], rows: number): void {
  const seen = new Set<number>();
  for (const r of testRows) {
    if (!Number.isInteger(r) || r < 0 || r >= rows) throw new Error(`trainTabularGan: testRows holds ${r}, not a row of the table (0 to ${rows - 1})`);
    if (seen.has(r)) throw new Error(`trainTabularGan: testRows holds row ${r} twice`);
    seen.add(r);
  }
}

/** Level counts per (class, categorical column) of the encoded training rows. */
function levelCounts(classes: Int32Array, codes: Int32Array[], classCount: number, spans: { width: number }[]): number[][][] {
  const counts = Array.from({ length: classCount }, () => spans.map((s) => new Array<number>(s.width).fill(0)));
  codes.forEach((cs, j) => cs.forEach((k, r) => counts[classes[r]][j][k]++));
  return counts;
}

/**
 * Train the class-conditional tabular GAN on a table: stratified split, blank numeric cells filled from
 * the training rows (tableParts), column transforms fitted on the training rows, GAN steps; a batch
 * larger than the training rows is reduced to them ({@link fittedBatch}). With `out`, writes the model directory (model, checkpoint, config, log) and
 * can resume it; without, trains in memory.
 */
export async function trainTabularGan(options: TabularTrainOptions): Promise<TabularFit> {
  if (typeof options?.config !== 'object' || options.config === null) throw new Error('trainTabularGan: options.config is required (e.g. { ...DEFAULT_TABULAR_CONFIG, target: \'Class\' })');
  for (const key of Object.keys(options)) if (!TRAIN_OPTIONS.has(key)) throw new Error(`trainTabularGan: unknown option '${key}' (options: ${[...TRAIN_OPTIONS].join(', ')})`);
  for (const key of Object.keys(options.config)) if (!RUN_CONFIG_FIELDS.has(key)) throw new Error(`trainTabularGan: unknown config field '${key}' (fields: ${Object.keys(DEFAULT_TABULAR_CONFIG).join(', ')})`);
  // A config written by hand, without the defaults, would otherwise fail on one missing field at a time, some only deep in the run.
  const missing = Object.keys(DEFAULT_TABULAR_CONFIG).filter((k) => k !== 'hardHeads' && (options.config as unknown as Record<string, unknown>)[k] === undefined);
  if (!options.resume && missing.length > 0) {
    throw new Error(`trainTabularGan: config lacks ${missing.join(', ')}: start from the defaults, { ...DEFAULT_TABULAR_CONFIG, target: '${options.config.target ?? 'Class'}', … }`);
  }
  if (!options.resume && typeof options.data !== 'string' && !(typeof options.data === 'object' && options.data !== null && Array.isArray((options.data as Table).columns))) {
    throw new Error(`trainTabularGan: option 'data' must be a CSV file's path or a table (loadTable, parseTable), got ${options.data === null ? 'null' : typeof options.data}`);
  }
  const node = options.out ? nodeModules('trainTabularGan') : null;
  const paths = options.out ? tabularModelPaths(options.out) : null;
  let config = options.config;
  let loaded: ReturnType<typeof loadTabularModel> | null = null;
  if (options.resume) {
    if (!paths || !node!.fs.existsSync(paths.checkpoint)) throw new Error(`${paths?.checkpoint ?? 'resume'}: no checkpoint to resume from`);
    loaded = loadTabularModel(paths.checkpoint);
    if (!loaded.resume) throw new Error(`${paths.checkpoint}: holds weights but no training state`);
    config = { ...loaded.metadata.config, steps: Math.max(options.config.steps, loaded.metadata.step) };
  } else if (options.out) refuseModelInOut(options.out, 'trainTabularGan');
  // A resumed run reads its table as it was read when the run started (its --drop, --keep, --na).
  const tableOptions = { kinds: config.columnTypes, ...((loaded ? (config as { table?: TableOptions }).table : undefined) ?? options.tableOptions) };
  if (loaded && !nodeModules('trainTabularGan').fs.existsSync(loaded.metadata.data.file)) {
    throw new Error(`${loaded.metadata.data.file}: the table this run was started on does not exist (moved or deleted?); put it back at that path to resume (its SHA-256 is checked)`);
  }
  const table = loaded ? loadTable(loaded.metadata.data.file, tableOptions) : typeof options.data === 'string' ? loadTable(options.data, tableOptions) : options.data;
  if (loaded && (table as { sha256?: string }).sha256 !== loaded.metadata.data.sha256) {
    throw new Error(`${table.file}: the data changed since the checkpoint was written (SHA-256 differs); cannot resume`);
  }
  const target = column(table, config.target);
  if (target.kind !== 'categorical') throw new Error(`${table.file}: the target '${config.target}' must be categorical (use --type ${config.target}=categorical)`);
  checkRunSettings(config);
  if (options.testRows) checkTestRows(options.testRows, table.rows);
  const testRows = loaded?.metadata.data.testRows ?? (options.testRows ? [...options.testRows] : stratifiedSplit(target.codes, config.testFraction, config.seed * 11 + 5, { classNames: target.levels, file: table.file }).test);
  const isTest = new Set(testRows);
  const trainRows = Array.from({ length: table.rows }, (_, r) => r).filter((r) => !isTest.has(r));
  // A batch above the training rows is the rows (whole packs), as Keras takes every sample when its batch
  // is larger: a small table with the defaults trains, and the model's config records the batch used. A
  // resumed run goes on at its checkpoint's batch.
  if (!loaded && config.batch > trainRows.length) config = { ...config, batch: fittedBatch(trainRows.length, config.pac, 'training rows') };
  // Blank numeric cells hold the training rows' median, in the held-out rows too (fill.ts).
  const { train, test } = tableParts(table, { train: trainRows, test: testRows });
  const transform = loaded?.metadata.transform ?? fitTransform(train, config.target);
  const encoded = encode(transform, train, new Rng(config.seed * 13 + 11));
  const networks = loaded?.networks ?? buildTabularNetworks(config, transform);
  const { trainer, batchRng } = createTabularTrainer(config, transform, networks, encoded);
  const runId = loaded?.metadata.runId ?? options.runId;
  const metadata = (step: number): TabularMetadata => ({
    format: 'gangrad-tabular-gan-1', config, transform,
    data: { file: table.file, sha256: (table as { sha256?: string }).sha256 ?? '', rows: table.rows, testRows },
    classWeights: transform.target.levels.map((_, c) => encoded.classes.filter((k) => k === c).length),
    levelCounts: levelCounts(encoded.classes, encoded.codes, transform.target.levels.length, layout(transform).spans),
    step,
    ...(runId ? { runId } : {}),
  });

  const log = paths ? new TrainingLog(paths.log) : null;
  if (loaded?.resume) {
    restoreTrainer(trainer, { arrays: loaded.arrays, step: loaded.metadata.step, counters: loaded.resume, file: paths!.checkpoint });
    batchRng.setState(loaded.resume.batchRngState);
    networks.generator.gumbel.setState(loaded.resume.gumbelRngState);
    log!.keepUpTo(loaded.metadata.step);
  } else if (paths) {
    node!.fs.mkdirSync(options.out!, { recursive: true });
    log!.begin();
  }
  // Written on --resume too: --steps may have changed the run's target, and config.json must give the
  // target the checkpoint and model record, not the first run's.
  if (paths) writeFileAtomic(paths.config, JSON.stringify({ ...config, data: metadata(0).data.file, sha256: metadata(0).data.sha256, transform }, null, 2) + '\n');
  const resumeState = (elapsedSeconds: number): TabularResumeState => ({
    ...trainerCounters(trainer),
    batchRngState: batchRng.getState(),
    gumbelRngState: networks.generator.gumbel.getState(),
    elapsedSeconds,
  });
  const save = async ({ elapsedSeconds }: RunState) => {
    const m = metadata(trainer.stepCount);
    await saveTabularModel(paths!.checkpoint, networks, m, { trainer, resume: resumeState(elapsedSeconds) });
    await saveTabularModel(paths!.model, networks, m);
  };
  let run;
  try {
    run = await runTraining({
      trainer, steps: config.steps, signal: options.signal, onProgress: options.onProgress,
      resumed: loaded?.resume ? { best: null, elapsedSeconds: loaded.resume.elapsedSeconds } : undefined,
      checkpoint: paths ? { every: config.checkpointEvery, save } : undefined,
      log: log ? { file: log } : undefined,
    });
  } catch (e) {
    // The caller never gets the networks of a failed run: free them with it.
    disposeModule(networks.generator);
    disposeModule(networks.discriminator);
    throw e;
  } finally {
    trainer.dispose();
  }
  return { networks, metadata: metadata(trainer.stepCount), train, test, steps: run.steps, interrupted: run.interrupted, elapsedSeconds: run.elapsedSeconds };
}
