/**
 * A training run of the tabular GAN: table → stratified split → transforms fitted on the training
 * rows → GAN steps, with a training log, periodic checkpoints, clean interruption and bit-identical
 * resumption. Without an output directory it runs in memory (the experiments use this).
 */
import type { StepMetrics } from '../../gan/index.js';
import { loadOptimizerArrays } from '../../gan/index.js';
import { writeFileAtomic } from '../../io/index.js';
import { nodeModules } from '../../io/node.js';
import type { Adam } from '../../optim/index.js';
import { Rng } from '../../tensor/index.js';
import {
  buildTabularNetworks, createTabularTrainer, loadTabularModel, saveTabularModel, tabularModelPaths,
  type TabularGanConfig, type TabularMetadata, type TabularNetworks, type TabularResumeState,
} from '../model/model.js';
import { stratifiedSplit } from '../model/sample.js';
import { column, loadTable, selectRows, type Table, type TableOptions } from '../data/table.js';
import { encode, fitTransform, layout } from '../data/transforms.js';

export interface TabularProgress {
  step: number;
  steps: number;
  elapsedSeconds: number;
  metrics: StepMetrics | null;
}

export interface TabularFit {
  networks: TabularNetworks;
  metadata: TabularMetadata;
  /** The training rows the GAN saw, and the held-out test rows. */
  train: Table;
  test: Table;
  steps: number;
  interrupted: boolean;
  elapsedSeconds: number;
}

export interface TabularTrainOptions {
  /** The table, or a CSV file to read (with `tableOptions`). */
  data: string | (Table & { sha256?: string });
  tableOptions?: TableOptions;
  config: TabularGanConfig;
  /** Model directory; omit to train in memory. */
  out?: string;
  /** Continue from `out/checkpoint.safetensors` (config, data and split come from it; `steps` may be raised). */
  resume?: boolean;
  onProgress?: (p: TabularProgress) => void;
  /** Set `.stop = true` (e.g. on Ctrl-C) to end after the current step with a checkpoint written. */
  interrupt?: { stop: boolean };
}

const LOG_HEADER = 'step,d_loss,g_loss,d_real,d_fake,seconds\n';

/** Level counts per (class, categorical column) of the encoded training rows. */
function levelCounts(classes: Int32Array, codes: Int32Array[], classCount: number, spans: { width: number }[]): number[][][] {
  const counts = Array.from({ length: classCount }, () => spans.map((s) => new Array<number>(s.width).fill(0)));
  codes.forEach((cs, j) => cs.forEach((k, r) => counts[classes[r]][j][k]++));
  return counts;
}

export async function trainTabularGan(options: TabularTrainOptions): Promise<TabularFit> {
  const node = options.out ? nodeModules('trainTabularGan') : null;
  const paths = options.out ? tabularModelPaths(options.out) : null;
  let config = options.config;
  let loaded: ReturnType<typeof loadTabularModel> | null = null;
  if (options.resume) {
    if (!paths || !node!.fs.existsSync(paths.checkpoint)) throw new Error(`${paths?.checkpoint ?? 'resume'}: no checkpoint to resume from`);
    loaded = loadTabularModel(paths.checkpoint);
    if (!loaded.resume) throw new Error(`${paths.checkpoint}: holds weights but no training state`);
    config = { ...loaded.metadata.config, steps: Math.max(options.config.steps, loaded.metadata.step) };
  }
  const tableOptions = { kinds: config.columnTypes, ...options.tableOptions };
  const table = loaded ? loadTable(loaded.metadata.data.file, tableOptions) : typeof options.data === 'string' ? loadTable(options.data, tableOptions) : options.data;
  if (loaded && (table as { sha256?: string }).sha256 !== loaded.metadata.data.sha256) {
    throw new Error(`${table.file}: the data changed since the checkpoint was written (SHA-256 differs); cannot resume`);
  }
  const target = column(table, config.target);
  if (target.kind !== 'categorical') throw new Error(`${table.file}: the target '${config.target}' must be categorical (use --type ${config.target}=categorical)`);
  const testRows = loaded?.metadata.data.testRows ?? stratifiedSplit(target.codes, config.testFraction, config.seed * 11 + 5).test;
  const isTest = new Set(testRows);
  const trainRows = Array.from({ length: table.rows }, (_, r) => r).filter((r) => !isTest.has(r));
  const train = selectRows(table, trainRows), test = selectRows(table, testRows);
  const transform = loaded?.metadata.transform ?? fitTransform(train, config.target);
  const encoded = encode(transform, train, new Rng(config.seed * 13 + 11));
  const networks = loaded?.networks ?? buildTabularNetworks(config, transform);
  const { trainer, batchRng } = createTabularTrainer(config, transform, networks, encoded);
  const metadata = (step: number): TabularMetadata => ({
    format: 'gangrad-tabular-gan-1', config, transform,
    data: { file: table.file, sha256: (table as { sha256?: string }).sha256 ?? '', rows: table.rows, testRows },
    classWeights: transform.target.levels.map((_, c) => encoded.classes.filter((k) => k === c).length),
    levelCounts: levelCounts(encoded.classes, encoded.codes, transform.target.levels.length, layout(transform).spans),
    step,
  });

  let elapsedBefore = 0;
  if (loaded?.resume) {
    const r = loaded.resume;
    loadOptimizerArrays(trainer, loaded.arrays, { generator: r.generatorAdamStep, discriminator: r.discriminatorAdamStep }, paths!.checkpoint);
    trainer.stepCount = loaded.metadata.step;
    trainer.latent.offset = r.latentOffset;
    batchRng.setState(r.batchRngState);
    networks.generator.gumbel.setState(r.gumbelRngState);
    elapsedBefore = r.elapsedSeconds;
    if (node!.fs.existsSync(paths!.log)) {
      const rows = node!.fs.readFileSync(paths!.log, 'utf8').trimEnd().split('\n');
      writeFileAtomic(paths!.log, [rows[0], ...rows.slice(1).filter((row) => Number(row.split(',')[0]) <= loaded!.metadata.step)].join('\n') + '\n');
    }
  } else if (paths) {
    node!.fs.mkdirSync(options.out!, { recursive: true });
    writeFileAtomic(paths.config, JSON.stringify({ ...config, data: metadata(0).data.file, sha256: metadata(0).data.sha256, transform }, null, 2) + '\n');
    writeFileAtomic(paths.log, LOG_HEADER);
  }
  const started = performance.now();
  const elapsed = () => elapsedBefore + (performance.now() - started) / 1000;
  const resumeState = (): TabularResumeState => ({
    generatorAdamStep: (trainer.generatorOptimizer as Adam).stepCount,
    discriminatorAdamStep: (trainer.discriminatorOptimizer as Adam).stepCount,
    latentOffset: trainer.latent.offset,
    batchRngState: batchRng.getState(),
    gumbelRngState: networks.generator.gumbel.getState(),
    elapsedSeconds: elapsed(),
  });
  const save = async () => {
    if (!paths) return;
    const m = metadata(trainer.stepCount);
    await saveTabularModel(paths.checkpoint, networks, m, { trainer, resume: resumeState() });
    await saveTabularModel(paths.model, networks, m);
  };

  let interrupted = false;
  let lastMetrics: StepMetrics | null = null;
  let lastYield = performance.now();
  while (trainer.stepCount < config.steps) {
    // CPU backends never yield inside a step: give the event loop (and a Ctrl-C handler) a turn.
    if (performance.now() - lastYield > 100) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
    if (options.interrupt?.stop) {
      interrupted = true;
      break;
    }
    const metrics = await trainer.step();
    const step = trainer.stepCount;
    if (metrics) {
      lastMetrics = metrics;
      if (paths) node!.fs.appendFileSync(paths.log, [step, ...[metrics.dLoss, metrics.gLoss, metrics.dReal, metrics.dFake].map((v) => v.toPrecision(6)), elapsed().toFixed(2)].join(',') + '\n');
    }
    if (step % config.checkpointEvery === 0) await save();
    options.onProgress?.({ step, steps: config.steps, elapsedSeconds: elapsed(), metrics: metrics ?? lastMetrics });
  }
  await save();
  trainer.dispose();
  return { networks, metadata: metadata(trainer.stepCount), train, test, steps: trainer.stepCount, interrupted, elapsedSeconds: elapsed() };
}
