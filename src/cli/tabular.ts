/** `gangrad tabular train|sample|eval|report|experiment`: the class-conditional tabular GAN. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { BACKEND_NAMES } from '../backend/index.js';
import { readSafetensorsMetadata, writeFileAtomic } from '../io/index.js';
import { sameDataFile } from '../io/data-file.js';
import { disposeModule } from '../nn/index.js';
import { evaluatedClass, fewRowsLine, fewTestRowsLine, type TabularEvaluation } from '../tabular/evaluation/evaluate.js';
import { binaryLabels } from '../tabular/evaluation/features.js';
import { evaluateFit, outOfTimeParts, runTabularExperiment, validationParts } from '../tabular/evaluation/experiment.js';
import { checkTarget, checkTwoClasses, classCaseNotices, rarerClass, SplitError, tableParts, timeSplit, withoutColumn, type TimeSplitOptions } from '../tabular/data/split.js';
import { evaluateDetectors, type DetectorEvaluation } from '../tabular/evaluation/detectors.js';
import { randomParts } from '../tabular/evaluation/experiment.js';
import { detectorMarkdown } from '../tabular/report/fraud-report.js';
import { DEFAULT_TABULAR_CONFIG, loadTabularModel, tabularModelPaths, type TabularGanConfig } from '../tabular/model/model.js';
import { criteriaWarnings, htmlReport, markdownReport } from '../tabular/report/report.js';
import { markdownText } from '../tabular/report/markdown.js';
import { quoteLevel } from '../tabular/data/levels.js';
import { MAX_TABLE_SAMPLE_ROWS, resolveSampleOptions, sampleTable } from '../tabular/model/sample.js';
import { formatTable, loadTable, TableOptionError, type CategoricalColumn, type ColumnKind, type Table, type TableOptions } from '../tabular/data/table.js';
import { constantInTrainingNotices } from '../tabular/data/training-constants.js';
import { batchTooLarge, trainTabularGan, type TabularProgress } from '../tabular/training/train.js';
import { commandName, duration, hiddenOption, lossesText, numberOption, parse, refuseExistingOutputs, refuseOutputsOverInputs, requireInputFile, UsageError, runSubcommand, useBackend } from './args.js';
import { assertFinite } from './data-check.js';
import { interruptOnSignals } from './signals.js';
import { openSeedResults } from './seed-results.js';
import { withScoringWorkers } from './scoring-workers.js';
import { checkpointStepTarget, modelDirInputs, newRunId, refuseExistingRun, refuseChangedSettingsOnResume, refuseStepsBelowCheckpoint, requireModelFile, trainInModelDir } from './model-dir.js';
import { MAX_SEED } from '../tensor/index.js';

const C = DEFAULT_TABULAR_CONFIG;
const USAGE = `gangrad tabular: a class-conditional GAN for tables (credit risk, fraud)

Usage: gangrad tabular <command> [options]    (gangrad tabular <command> --help for each)

  train       learn a table's rows conditioned on a class column (held-out test part kept aside)
  sample      generate synthetic rows (optionally all of one class)
  eval        utility (TSTR), augmentation vs SMOTE, fidelity, detection and privacy on the held-out part
  report      write a self-contained HTML page of the evaluation
  experiment  train and evaluate over several seeds; mean ± spread tables (Markdown, JSON)
  detect      score rows by how unlike the normal class they are: a GAN's discriminator and an
              isolation forest, both fitted on normal rows only; fraud figures over several seeds`;

const TRAIN_OPTIONS = `  --data FILE        CSV table (numeric, 0/1, text and one-hot 'Group.level' columns; types inferred)
  --target COLUMN    the class column to condition on (default ${C.target})
  --type NAME=KIND   force a column (or one-hot group) to numeric or categorical; repeatable
  --drop COL,COL     leave these columns out (a one-hot group's name: all of its columns)
  --keep COL,COL     model these columns even if they look like row identifiers (every value distinct
                     text, or a whole-number counter), which are otherwise left out with a notice
  --na VALUE         a cell value meaning "missing", besides a blank cell (e.g. --na '?'); repeatable.
                     Missing cells are a level '(missing)' of a categorical column; in a numeric column
                     they take the training rows' median, a flag column COL_missing records them, and
                     generated rows flagged missing are written blank
  --steps N          training steps (default ${C.steps})
  --batch B          rows per batch, at most the training rows (default ${C.batch}, or the
                     training rows when fewer)
  --lr X             Adam learning rate of both networks (default ${C.lr})
  --hidden W,W       hidden layer widths of both networks (default ${C.hidden.join(',')})
  --pac N            PacGAN: the discriminator judges N rows at once; N must divide --batch (default ${C.pac})
  --test-fraction F  share of rows held out per class, never used for fitting (default ${C.testFraction})
  --backend NAME     ${BACKEND_NAMES.join(' | ')} (default auto)
  --seed S           seed of the split, weights, noise and batches (default ${C.seed})`;

const TRAIN_HELP = `gangrad tabular train: learn the rows of a table, conditioned on its class

Usage: gangrad tabular train --data FILE --target COLUMN [options]

${TRAIN_OPTIONS}
  --split-by COLUMN  out of time: hold out the rows whose COLUMN is ≥ VALUE, in place of the random
  --test-from VALUE  --test-fraction (both or neither); the split column is no feature, and eval and
                     report then add the fraud figures (average precision, recall at low FPR)
  --validate-from V  with --split-by: eval and report choose how many minority rows each oversampler
                     adds, per classifier, on the period V to --test-from, with a second GAN fitted on
                     the rows before V, as tabular experiment --validate-from does (recorded in the
                     model; default: every oversampler balances the classes)
  --out DIR          model directory (default runs/tabular); an existing one is refused unless
                     --resume or --force
  --resume           continue the run in --out from its checkpoint, bit-identically: the unfinished
                     run in DIR.partial if there is one, else the published run in DIR (to raise --steps)
  --force            replace an existing DIR (and discard an unfinished DIR.partial)

Writes DIR/model.safetensors (weights, column transforms, the data's SHA-256 and the held-out rows),
DIR/checkpoint.safetensors (full training state), DIR/config.json and DIR/training-log.csv. The run
writes into DIR.partial and replaces DIR only when it completes, so a failed or killed run leaves the
earlier DIR intact; DIR.lock keeps a second run out. SIGINT (Ctrl-C) or SIGTERM writes a checkpoint
into DIR.partial and exits with 130 or 143; --resume continues from it.`;

const SAMPLE_HELP = `gangrad tabular sample: generate synthetic rows

Usage: gangrad tabular sample --model DIR --count N --out FILE.csv [--class VALUE] [--condition COLUMN=LEVEL] [--seed S] [--backend NAME] [--force]

Rows are written in the modelled columns' own names and units (one-hot groups as 0/1 columns; columns
left out as row identifiers, by --drop, or as the --split-by column are not made). Without --class,
classes follow their training frequencies. --condition gives every row one level of a categorical
column (e.g. Purpose=Education): the generator is conditioned on it (training-by-sampling taught it
to honour that) and rows that still miss it are dropped and drawn again; a level the model makes for
fewer than 1 in 100 rows is an error, as is a level no training row has. --count is at most
${MAX_TABLE_SAMPLE_ROWS.toLocaleString('en-US')} (the table is written in one piece). An existing FILE.csv is replaced only with --force.`;

const EVAL_HELP = `gangrad tabular eval: evaluate a model on its held-out test part

Usage: gangrad tabular eval --model DIR [--json FILE] [--seed S] [--backend NAME] [--force]

Prints the criteria, augmentation and fidelity tables.

  --model DIR        a directory written by gangrad tabular train
  --json FILE        every figure as JSON (default DIR/eval.json, which gangrad tabular report reuses)
  --seed S           seed of the synthetic rows and the classifiers (default 1)
  --backend NAME     auto | cpu | wasm | gpujs | webgpu (default auto)
  --force            replace the JSON file if it exists (refused otherwise; never the model's files or
                     the table it was trained on)`;

const REPORT_HELP = `gangrad tabular report: a self-contained HTML page of a model's evaluation

Usage: gangrad tabular report --model DIR [--out FILE.html] [--backend NAME] [--force]

Uses DIR/eval.json when it is of the model's weights (gangrad tabular eval writes it), else evaluates
first and saves the figures there, so that the next report reuses them. The page (default
DIR/report.html) replaces an existing file only with --force.`;

const EXPERIMENT_HELP = `gangrad tabular experiment: train and evaluate over several seeds

Usage: gangrad tabular experiment --data FILE --target COLUMN [--seeds 5] [--out DIR] [options]

${TRAIN_OPTIONS.replace(/\n {2}--seed S[^\n]*/, '')}
  --seeds K          seeds 1..K, each with its own split (default 5)
  --seed-list S,S    exactly these seeds instead (e.g. one seed per process)
  --split-by COLUMN  out of time: fit on rows with COLUMN < --test-from, score rows with COLUMN ≥ it
  --test-from VALUE  (both or neither; the split column is left out of the features; every seed
                     gets the same split). Default: a stratified random split per seed
  --validate-from V  with --split-by: choose how many minority rows each oversampler adds, per
                     classifier, on the validation period V to --test-from (a fraction of the rows that
                     balance the classes: 0.05, 0.1, 0.2, 0.35, 0.5 or 1), with a second GAN per seed
                     fitted on the rows before V. Default: every oversampler balances the classes
  --ranking          the fraud figures (average precision, recall at 1 % and 5 % FPR, precision in the
                     top 1 %, AUC) of logistic regression, the MLP and boosted trees with no handling,
                     class weights, random oversampling, SMOTE-NC, GAN rows; on by default with --split-by
  --out DIR          writes DIR/results.json, DIR/results.md, DIR/report.html (default runs/tabular-experiment)
                     as each seed finishes, all three at once: an earlier run's files stay whole until the
                     first seed is done; SIGINT (Ctrl-C) or SIGTERM stops at once, keeping the seeds finished
  --force            replace those files where a run left them (refused otherwise)`;

/**
 * The GAN's configuration plus how its table was read and split; stored with the model, so eval
 * re-reads it alike (and scores out of time as the run was held out).
 */
type TabularRunConfig = TabularGanConfig & { table?: Pick<TableOptions, 'drop' | 'keep' | 'na'>; split?: TimeSplitOptions };

/** A comma-separated, repeatable list option (`--drop a,b --drop c`). */
const listOption = (v: unknown): string[] => ((v as string[] | undefined) ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);

/**
 * Read the table as the configuration says, printing the loader's notices (columns left out, missing
 * cells); a table with no column left to model besides the target (and the split column) is a usage error.
 */
function readTable(file: string, cfg: TabularRunConfig, splitColumn?: string) {
  requireInputFile(file); // --data names it: a usage error (exit 2) when it is no file
  const table = checked(() => loadTable(file, { kinds: cfg.columnTypes, ...cfg.table }));
  // The target's faults (one class only, blank cells) are errors below, not columns to --drop or levels to
  // model: a notice about it would mislead ('3 missing cells are the level (missing)', then a refusal).
  const aboutTarget = `column '${cfg.target}'`;
  for (const notice of table.notices ?? []) if (!notice.startsWith(aboutTarget)) console.error(`${file}: ${notice}`);
  for (const notice of classCaseNotices(table, cfg.target)) console.error(`${file}: ${notice}`);
  const features = table.columns.filter((c) => c.name !== cfg.target && c.name !== splitColumn);
  if (features.length === 0 && table.columns.some((c) => c.name === cfg.target)) {
    throw new UsageError(`${file}: no column is left to model besides the target '${cfg.target}'${splitColumn ? ` and the split column '${splitColumn}'` : ''} (see --drop and the notices above)`);
  }
  return table;
}

/** `--split-by COLUMN --test-from VALUE`, both or neither; not with `--test-fraction`, which the split would silently replace. */
function splitOption(o: { 'split-by'?: string; 'test-from'?: string; 'test-fraction'?: string }): TimeSplitOptions | undefined {
  const { 'split-by': column, 'test-from': testFrom } = o;
  if ((column === undefined) !== (testFrom === undefined)) throw new UsageError('--split-by COLUMN and --test-from VALUE go together');
  if (column !== undefined && o['test-fraction'] !== undefined) throw new UsageError('--test-fraction sets the random split; with --split-by the test part is the rows from --test-from on');
  return column === undefined ? undefined : { column, testFrom: testFrom! };
}

/** The split with `--validate-from V`, which needs one. */
function withValidation(split: TimeSplitOptions | undefined, validateFrom: string | undefined): TimeSplitOptions | undefined {
  if (validateFrom === undefined) return split;
  if (!split) throw new UsageError('--validate-from VALUE needs --split-by COLUMN --test-from VALUE: the validation period lies in the training part of an out-of-time split');
  return { ...split, validateFrom };
}

/** Run a check of the table, split and target; its failure is a usage error (exit 2), before anything is written. */
function checked<T>(check: () => T): T {
  try {
    return check();
  } catch (e) {
    throw e instanceof SplitError || e instanceof TableOptionError ? new UsageError(e.message) : e;
  }
}

const DETECT_HELP = `gangrad tabular detect: anomaly detectors fitted on normal rows only

Usage: gangrad tabular detect --data FILE --target COLUMN [--split-by COLUMN --test-from VALUE] [--seeds 5] [--out DIR] [options]

A GAN is trained on the training rows not of the rare class; each test row scores minus its
discriminator's logit (averaged over one condition per categorical column, the row's own level).
Beside it, an isolation forest (100 trees, subsample 256) on the same rows. Both are scored by
average precision, recall at 1 % and 5 % FPR, precision in the top 1 % and ROC AUC.

${TRAIN_OPTIONS.replace(/\n {2}--seed S[^\n]*/, '').replace(/\n {2}--pac N[^\n]*/, '').replace(/--target COLUMN {4}[^\n]*/, `--target COLUMN    the class column; its rarer class is the one scored (default ${C.target})`)}
  --seeds K          seeds 1..K (default 5)
  --split-by COLUMN  out of time: fit on rows with COLUMN < --test-from, score the rest
  --test-from VALUE  (default: a stratified random split per seed, --test-fraction)
  --out DIR          writes DIR/detect.json and DIR/detect.md (default runs/tabular-detect) as each seed
                     finishes, both at once: an earlier run's files stay whole until the first seed is
                     done; SIGINT (Ctrl-C) or SIGTERM stops at once, keeping the seeds finished
  --force            replace those files where a run left them (refused otherwise)`;

function config(o: Record<string, string | boolean | string[] | undefined>): TabularRunConfig {
  const columnTypes: Record<string, ColumnKind> = {};
  for (const t of (o.type as string[] | undefined) ?? []) {
    const [name, kind] = t.split('=');
    if (!name || (kind !== 'numeric' && kind !== 'categorical')) throw new UsageError(`--type must be NAME=numeric or NAME=categorical, got '${t}'`);
    if (columnTypes[name] !== undefined && columnTypes[name] !== kind) throw new UsageError(`--type ${name} is given as both ${columnTypes[name]} and ${kind}: give one`);
    columnTypes[name] = kind;
  }
  const both = listOption(o.drop).filter((name) => listOption(o.keep).includes(name));
  if (both.length > 0) throw new UsageError(`--drop and --keep both name ${both.map((n) => `'${n}'`).join(', ')}: leave the column out, or keep it`);
  // Named in --drop and as the class or split column: say so here (the loader could only say "left out").
  const target = (o.target as string | undefined) ?? C.target, splitBy = o['split-by'] as string | undefined;
  if (listOption(o.drop).includes(target)) throw new UsageError(`--drop and --target both name '${target}': the class column cannot be left out; take it out of --drop`);
  if (splitBy !== undefined && listOption(o.drop).includes(splitBy)) throw new UsageError(`--drop and --split-by both name '${splitBy}': the split column only orders the rows, never a feature; take it out of --drop`);
  const testFraction = numberOption(o['test-fraction'] as string | undefined, 'test-fraction', C.testFraction, { integer: false, min: 0 });
  if (!(testFraction > 0 && testFraction < 1)) throw new UsageError(`--test-fraction must lie in (0, 1), got ${testFraction}`);
  return {
    ...C, columnTypes, testFraction,
    table: { drop: listOption(o.drop), keep: listOption(o.keep), na: (o.na as string[] | undefined) ?? [] },
    target,
    steps: numberOption(o.steps as string | undefined, 'steps', C.steps, { min: 1 }),
    batch: numberOption(o.batch as string | undefined, 'batch', C.batch, { min: 1 }),
    lr: numberOption(o.lr as string | undefined, 'lr', C.lr, { integer: false, min: Number.MIN_VALUE, what: 'a positive number (e.g. 0.0002)' }),
    seed: numberOption(o.seed as string | undefined, 'seed', C.seed, { min: 0, max: MAX_SEED }),
    pac: numberOption(o.pac as string | undefined, 'pac', C.pac, { min: 1 }),
    hidden: o.hidden === undefined ? C.hidden : hiddenOption(String(o.hidden)),
  };
}

/** --pac must divide the batch: the discriminator judges packs of pac rows. */
function checkPacks(cfg: TabularRunConfig): void {
  const batch = defaultBatch.has(cfg) ? `the batch ${cfg.batch} (the default; --batch sets it)` : `--batch ${cfg.batch}`;
  if (cfg.batch % cfg.pac !== 0) throw new UsageError(`--pac ${cfg.pac} must divide ${batch}: the discriminator judges packs of ${cfg.pac} rows`);
}

/** Run configurations whose batch is the default, not a --batch given: fitted to a small table (checkFittingRows). */
const defaultBatch = new WeakSet<TabularRunConfig>();

/** The run configuration, its settings checked together before any work: --pac must divide --batch. */
function checkedRunConfig(o: Record<string, string | boolean | string[] | undefined>): TabularRunConfig {
  const cfg = config(o);
  // A default batch is checked once fitted to the table's rows (checkFittingRows).
  if (o.batch === undefined) defaultBatch.add(cfg);
  else checkPacks(cfg);
  return cfg;
}

const trainOptions = {
  data: { type: 'string' }, target: { type: 'string' }, type: { type: 'string', multiple: true },
  drop: { type: 'string', multiple: true }, keep: { type: 'string', multiple: true }, na: { type: 'string', multiple: true }, steps: { type: 'string' }, batch: { type: 'string' },
  lr: { type: 'string' }, hidden: { type: 'string' }, pac: { type: 'string' }, 'test-fraction': { type: 'string' }, backend: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' },
} as const;

/** The train options less --seed, for the commands that run seeds 1..--seeds themselves (a --seed would be ignored). */
const { seed: _ignored, ...seededRunOptions } = trainOptions;


/** A progress line on a terminal, or a plain line every 10% into a file or pipe. */
function progress(prefix = ''): (p: TabularProgress) => void {
  const tty = process.stderr.isTTY;
  let last = 0, lastTenth = -1;
  return (p) => {
    const tenth = Math.floor((10 * p.step) / p.steps);
    if (tty ? performance.now() - last < 200 && p.step < p.steps : tenth === lastTenth) return;
    last = performance.now();
    lastTenth = tenth;
    const rate = p.step / Math.max(p.elapsedSeconds, 1e-9);
    const m = p.metrics ? ` ${lossesText(p)}` : '';
    const line = `${prefix}${p.step}/${p.steps}${m} ${rate.toFixed(1)} steps/s ETA ${duration((p.steps - p.step) / rate)}`;
    process.stderr.write(tty ? `\r${line.slice(0, (process.stderr.columns || 120) - 1)}` : `${line}\n`);
  };
}

/** Warns when the parts hold too few rows (of the scored class, or in all) to judge some criteria by (fewTestRowsLine, fewRowsLine). */
function warnOfFewRows(parts: { train: Table; test: Table }, target: string, positive: string): void {
  const few = fewTestRowsLine(binaryLabels(parts.test, target, positive).reduce((n, y) => n + y, 0), positive, target);
  for (const line of [few, fewRowsLine(parts.train.rows, parts.test.rows)]) if (line) console.error(`warning: ${line}`);
}

/**
 * A model is trained to be evaluated: say before training when eval would refuse its training part
 * (sampling still works), or when its test part is too small to judge the criteria by.
 */
function warnIfNotEvaluable(parts: { train: Table; test: Table }, target: string): void {
  try {
    warnOfFewRows(parts, target, evaluatedClass(parts.train, target).positive);
  } catch (e) {
    if (!(e instanceof SplitError)) throw e;
    console.error(`warning: ${e.message}. eval and report will refuse this model; sample can still use it`);
  }
}

/** The table to train on and the rows to hold out: out of time with a split, else trainTabularGan's random split. */
function trainingData(file: string, cfg: TabularRunConfig) {
  const table = readTable(file, cfg, cfg.split?.column);
  checked(() => checkTarget(table, cfg.target)); // a usage error before any training starts
  // The model records where its table is by an absolute path, so eval and report find it from any folder.
  const located = { ...table, file: resolve(table.file) };
  if (!cfg.split) {
    const parts = randomParts(table, cfg.target, cfg.testFraction, cfg.seed);
    checkFittingRows(file, parts, cfg);
    warnIfNotEvaluable(parts, cfg.target);
    return { data: located };
  }
  const rows = checked(() => timeSplit(table, cfg.target, cfg.split!));
  const { validateFrom } = cfg.split;
  const validation = validateFrom === undefined ? undefined : checked(() => validationParts(table, cfg.target, { ...cfg.split!, validateFrom }));
  const parts = tableParts(withoutColumn(table, cfg.split.column), rows);
  // eval fits a second GAN, of this batch, on the rows before the validation period.
  checkFittingRows(file, parts, cfg, { fittedOn: validation ? [beforeValidation(validation.train.rows, cfg.split)] : [] });
  warnIfNotEvaluable(parts, cfg.target);
  return { data: withoutColumn(located, cfg.split.column), testRows: rows.test };
}

/** The rows before the validation period, on which the GAN that chooses the amounts of added rows is fitted, as checkFittingRows names them. */
const beforeValidation = (rows: number, split: TimeSplitOptions) => ({ rows, what: `rows before the validation period (${split.column} < ${split.validateFrom})` });

/** What checkFittingRows checks besides the training part: fewer rows some GAN is fitted on, and every seed's split of a multi-seed run. */
interface FittingChecks {
  /** Rows a second GAN is fitted on, fewer than the training part's (named in the error). */
  fittedOn?: { rows: number; what: string }[];
  /** The seeds of a run whose seeds split at random, and each seed's parts (made one at a time): notices cover them all. */
  seedSplits?: { seeds: number[]; parts: (seed: number) => { train: Table; test: Table } };
}

/**
 * Before any GAN trains on `parts.train` (or on `fittedOn`, fewer of its rows): a --batch larger than
 * the rows fitted on is a usage error, and the columns constant on the training rows only are said,
 * as the loader's notices are (once each over the seeds' splits, with the seeds that show it when not all do).
 */
function checkFittingRows(file: string, parts: { train: Table; test: Table }, cfg: TabularRunConfig, checks: FittingChecks = {}): void {
  const fittedOn = checks.fittedOn ?? [];
  const fitted = [{ rows: parts.train.rows, what: 'training rows' }, ...fittedOn];
  // A table of fewer rows than the default batch trains at the largest batch it allows (a whole number
  // of packs); a --batch given larger than the rows is refused, as the user asked for it.
  const fewest = fitted.reduce((a, b) => (b.rows < a.rows ? b : a));
  const fits = fewest.rows - (fewest.rows % cfg.pac);
  if (defaultBatch.has(cfg) && cfg.batch > fewest.rows) {
    if (fits === 0) throw new UsageError(`--pac ${cfg.pac} is more than the ${fewest.rows} ${fewest.what} the GAN is fitted on: a batch holds whole packs of ${cfg.pac} rows`);
    console.error(`${file}: batch ${fits} rows, not the default ${cfg.batch}: the GAN is fitted on ${fewest.rows} ${fewest.what} (--batch sets it)`);
    cfg.batch = fits;
  }
  checkPacks(cfg);
  for (const { rows, what } of fitted) {
    const tooLarge = batchTooLarge(cfg.batch, rows, { option: '--batch', rows: what });
    if (tooLarge) throw new UsageError(tooLarge);
  }
  const seeds = [...new Set(checks.seedSplits?.seeds ?? [cfg.seed])];
  const seedsOf = new Map<string, number[]>();
  for (const seed of seeds) {
    const split = checks.seedSplits ? checks.seedSplits.parts(seed) : parts;
    for (const notice of constantInTrainingNotices(split, cfg.target)) seedsOf.set(notice, [...(seedsOf.get(notice) ?? []), seed]);
  }
  for (const [notice, showing] of seedsOf) {
    const which = showing.length < seeds.length ? ` (the split${showing.length > 1 ? 's' : ''} of seed${showing.length > 1 ? 's' : ''} ${showing.join(', ')})` : '';
    console.error(`${file}${which}: ${notice}`);
  }
}

async function train(argv: string[]) {
  const o = parse(argv, { ...trainOptions, 'split-by': { type: 'string' }, 'test-from': { type: 'string' }, 'validate-from': { type: 'string' }, resume: { type: 'boolean' }, force: { type: 'boolean' } }, TRAIN_HELP);
  if (!o.data && !o.resume) throw new UsageError('--data FILE is required (a CSV table)');
  if (o.resume && o.force) throw new UsageError('--resume and --force exclude each other: continue the run, or replace it');
  const split = withValidation(splitOption(o), o['validate-from']);
  const cfg: TabularRunConfig = checkedRunConfig(o);
  if (split) cfg.split = split;
  if (o.resume) {
    const as = (option: keyof typeof o, read: (c: TabularRunConfig) => unknown) => ({ option, given: o[option] === undefined ? undefined : read(cfg), stored: (r: { config: Record<string, unknown> }) => read(r.config as unknown as TabularRunConfig) });
    refuseChangedSettingsOnResume(o.out ?? 'runs/tabular', [
      // Models before 2026-12-06 recorded the path as typed: compared from here, as the resume reads it.
      { option: 'data', given: o.data === undefined ? undefined : resolve(o.data), stored: (r) => (typeof r.data.file === 'string' ? resolve(r.data.file) : r.data.file) },
      as('target', (c) => c.target), as('type', (c) => c.columnTypes), as('drop', (c) => c.table?.drop ?? []), as('keep', (c) => c.table?.keep ?? []), as('na', (c) => c.table?.na ?? []),
      as('batch', (c) => c.batch), as('lr', (c) => c.lr), as('hidden', (c) => c.hidden), as('pac', (c) => c.pac), as('seed', (c) => c.seed),
      as('test-fraction', (c) => c.testFraction), as('split-by', (c) => c.split ?? null), as('test-from', (c) => c.split ?? null), as('validate-from', (c) => c.split ?? null),
    ]);
  }
  // Read and split before the model directory is touched: a bad table or split writes nothing.
  const input = o.resume ? null : trainingData(o.data!, cfg);
  const out = o.out ?? 'runs/tabular';
  if (o.resume) refuseStepsBelowCheckpoint(out, o.steps === undefined ? undefined : cfg.steps);
  else refuseExistingRun(out, o.force);
  const signals = interruptOnSignals();
  const fit = await trainInModelDir(out, { resume: o.resume, force: o.force, command: 'tabular train' }, async (partial) => {
    const backend = await useBackend(o.backend);
    const heldOut = cfg.split ? `, held out: ${cfg.split.column} ≥ ${cfg.split.testFrom}` : '';
    console.error(`gangrad tabular train: ${o.resume ? `resuming ${out}` : `${o.data} (target ${cfg.target}${heldOut}) → ${out}`} on ${backend.description}`);
    try {
      const fit = await trainTabularGan({ data: input?.data ?? '', testRows: input?.testRows, tableOptions: cfg.table, config: o.resume && o.steps === undefined ? { ...cfg, steps: checkpointStepTarget(partial) } : cfg, out: partial, resume: o.resume, signal: signals.state.stop.signal, onProgress: progress(), runId: newRunId() });
      disposeModule(fit.networks.generator);
      disposeModule(fit.networks.discriminator);
      return fit;
    } finally {
      backend.destroy();
    }
  }).finally(signals.off);
  process.stderr.write('\n');
  if (fit.interrupted) {
    console.error(`interrupted at step ${fit.steps} after ${duration(fit.elapsedSeconds)}; checkpoint in ${out}.partial (${existsSync(out) ? `${out} is unchanged` : `${out} is made when a run completes`}); continue with: ${commandName()} tabular train --resume --out ${out}`);
    process.exit(signals.state.code);
  }
  for (const d of fit.metadata.transform.derived ?? []) console.error(`column '${d.name}' is determined by '${d.from}' on every training row: it is made from it, not generated`);
  for (const c of fit.metadata.transform.categorical) {
    if (c.joint) console.error(`columns '${c.joint.parts[0].name}' and '${c.joint.parts[1].name}' are far from independent: they are generated together, as one column of the ${c.levels.length} pairs the training rows hold`);
  }
  console.error(`done: ${fit.steps} steps in ${duration(fit.elapsedSeconds)} on ${fit.train.rows} training rows (${fit.test.rows} held out); model in ${out}/model.safetensors`);
}

async function openTabularModel(dir: string | undefined, backendName: string | undefined) {
  if (!dir) throw new UsageError('--model DIR is required (a directory written by gangrad tabular train)');
  requireModelFile(dir, 'tabular train');
  const paths = tabularModelPaths(dir);
  const backend = await useBackend(backendName);
  return { backend, paths, model: loadTabularModel(paths.model) };
}

async function sample(argv: string[]) {
  const o = parse(argv, {
    model: { type: 'string' }, count: { type: 'string' }, class: { type: 'string' }, condition: { type: 'string', multiple: true }, seed: { type: 'string' }, backend: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' },
  }, SAMPLE_HELP);
  let condition: { column: string; level: string } | undefined;
  const conditions = (o.condition as string[] | undefined) ?? [];
  // Taken one at a time: a second would not narrow the rows further, and keeping only the last would mislead.
  if (conditions.length > 1) throw new UsageError(`--condition is given ${conditions.length} times (${conditions.map((c) => `'${c}'`).join(', ')}): the generator is conditioned on one column's level at a time; sample once per condition`);
  if (conditions.length === 1) {
    const eq = conditions[0].indexOf('=');
    if (eq < 1) throw new UsageError(`--condition must be COLUMN=LEVEL, got '${conditions[0]}'`);
    condition = { column: conditions[0].slice(0, eq), level: conditions[0].slice(eq + 1) };
  }
  if (!o.out) throw new UsageError('--out FILE.csv is required');
  if (o.count === undefined) throw new UsageError('--count N is required');
  // The table is held in memory and written as one text: bounded so that a typo fails at once, not
  // after minutes with an engine's 'Invalid string length'.
  const count = numberOption(o.count, 'count', 0, { min: 1, max: MAX_TABLE_SAMPLE_ROWS, what: `an integer from 1 to ${MAX_TABLE_SAMPLE_ROWS.toLocaleString('en-US')} (for more rows, sample several files with different --seed)` });
  const seed = numberOption(o.seed, 'seed', 1, { min: 0, max: MAX_SEED });
  refuseExistingOutputs([o.out], !!o.force);
  if (o.model) refuseOutputsOverInputs([o.out], tabularInputs(o.model));
  const { backend, model } = await openTabularModel(o.model, o.backend);
  // A class or condition the model does not have is a usage error, before any sampling.
  try {
    resolveSampleOptions(model.metadata, { classLevel: o.class, condition });
  } catch (e) {
    backend.destroy();
    throw new UsageError((e as Error).message.replace(/^gangrad: /, ''));
  }
  const table = await sampleTable(model.networks, model.metadata, count, { classLevel: o.class, condition, seed });
  writeFileAtomic(o.out, formatTable(table));
  backend.destroy();
  console.error(`wrote ${count} rows${o.class ? ` of class ${o.class}` : ''} to ${o.out}`);
}

/** The model's training and held-out rows, re-read from its data file (which must be unchanged). */
function modelParts(model: ReturnType<typeof loadTabularModel>) {
  const { data } = model.metadata;
  const cfg = model.metadata.config as TabularRunConfig;
  // Its rows are read again by the path the model records (there is no --data here): a moved file is named as such.
  if (!existsSync(data.file)) throw new Error(`${data.file}: the table the model was trained on does not exist (moved or deleted?); put it back at that path (its SHA-256 is checked)`);
  const read = loadTable(data.file, { kinds: cfg.columnTypes, ...cfg.table });
  // The same text saved with other line endings, a byte-order mark or no final newline is the same data.
  if (read.sha256 !== data.sha256 && !sameDataFile(data.file, data.sha256)) throw new Error(`${data.file}: the data changed since the model was trained (SHA-256 differs)`);
  const table = cfg.split ? withoutColumn(read, cfg.split.column) : read;
  const held = new Set(data.testRows);
  const validateFrom = cfg.split?.validateFrom;
  return {
    // Blank numeric cells filled from the training rows, as training filled them (tableParts).
    ...tableParts(table, { train: Array.from({ length: table.rows }, (_, r) => r).filter((r) => !held.has(r)), test: data.testRows }),
    // Where the amounts of added rows are chosen (train --validate-from): the end of the training part.
    validation: validateFrom === undefined ? undefined : validationParts(read, cfg.target, { ...cfg.split!, validateFrom }),
  };
}

/** Which trained weights an evaluation is of: a saved eval.json of other weights is stale. */
interface EvaluatedModel {
  step: number;
  runId: string | null;
}

/**
 * How the rows were split, in words; `text` writes the user's names and values (markdownText for
 * Markdown). Out of time for a --split-by split, else a stratified random split.
 */
function splitWords(cfg: TabularRunConfig, split: TimeSplitOptions | undefined, text: (s: string) => string = (s) => s, perSeed = true): string {
  if (!split) return `a stratified random split${perSeed ? ' per seed' : ''} (test fraction ${cfg.testFraction})`;
  const [column, testFrom] = [text(split.column), text(split.testFrom)];
  return `trained on ${column} < ${testFrom}, scored on ${column} ≥ ${testFrom} (out of time)${split.validateFrom !== undefined ? `; amounts of added rows chosen on ${column} ${text(split.validateFrom)} to before ${testFrom}` : ''}`;
}

/**
 * What a tabular report page is of, for its head: the model directory and step, the data file, the
 * GAN's training settings, the split and the evaluation seed (null: an eval.json written before it was recorded).
 */
function modelProvenance(dir: string, cfg: TabularRunConfig, dataFile: string, step: number, evalSeed: number | null): string {
  return `Model ${dir}, step ${step}: trained on ${dataFile}, target ${cfg.target}, ${cfg.steps} steps (batch ${cfg.batch}, lr ${cfg.lr}, hidden ${cfg.hidden.join(',')}, seed ${cfg.seed}); `
    + `${splitWords(cfg, cfg.split, undefined, false)}. Evaluation seed ${evalSeed ?? 'not recorded (an eval.json written before it was)'}.`;
}

/** The split a model was held out by, in words, or null for a random split. */
const heldOutPeriod = (cfg: TabularRunConfig) => (cfg.split ? splitWords(cfg, cfg.split) : null);

async function evaluateModel(dir: string | undefined, backendName: string | undefined, seed: number) {
  const { backend, paths, model } = await openTabularModel(dir, backendName);
  const period = heldOutPeriod(model.metadata.config as TabularRunConfig);
  if (period) console.error(`${dir}: ${period}`);
  // A model held out out of time is a fraud-style run: its evaluation ranks as experiment's does.
  const ranking = (model.metadata.config as TabularRunConfig).split !== undefined;
  // The nearest-row distances run on worker threads while this thread fits the classifiers.
  const { validation, ...parts } = modelParts(model);
  const evaluation = await withScoringWorkers(backend.name, ({ closestDistances }) =>
    evaluateFit({ networks: model.networks, metadata: model.metadata, ...parts }, seed, { ranking, validation, progress: (line) => console.error(`evaluating: ${line}`), closestDistances }));
  backend.destroy();
  // Checked before eval.json is written: a non-finite figure (distances of values near 1e308) is named, and no file is left behind.
  assertFinite(evaluation, `${dir}: evaluation`);
  for (const warning of criteriaWarnings([evaluation])) console.error(`warning: ${warning}`);
  const evaluated: EvaluatedModel = { step: model.metadata.step, runId: model.metadata.runId ?? null };
  return { evaluation, paths, evaluated, period, config: model.metadata.config as TabularRunConfig, dataFile: model.metadata.data.file };
}

/** What eval, report and sample read, which their outputs may not replace: the model directory's files and the table it was trained on. */
function tabularInputs(dir: string): { path: string; what: string }[] {
  requireModelFile(dir, 'tabular train');
  return modelDirInputs(dir);
}

async function evaluate(argv: string[]) {
  const o = parse(argv, { model: { type: 'string' }, json: { type: 'string' }, seed: { type: 'string' }, backend: { type: 'string' }, force: { type: 'boolean' } }, EVAL_HELP);
  if (!o.model) throw new UsageError('--model DIR is required');
  requireModelFile(o.model, 'tabular train');
  refuseExistingOutputs([o.json ?? `${o.model}/eval.json`], !!o.force);
  refuseOutputsOverInputs([o.json ?? `${o.model}/eval.json`], tabularInputs(o.model));
  const seed = numberOption(o.seed, 'seed', 1, { min: 0, max: MAX_SEED });
  const { evaluation, evaluated, period } = await evaluateModel(o.model, o.backend, seed);
  const json = o.json ?? `${o.model}/eval.json`;
  // The seed, so that report can say which evaluation its page shows.
  writeFileAtomic(json, JSON.stringify({ ...evaluation, model: evaluated, seed }, null, 2) + '\n');
  if (period) console.log(`Held-out part: ${period}.\n`);
  console.log(markdownReport([evaluation]));
  console.error(`wrote ${json}`);
}

async function report(argv: string[]) {
  const o = parse(argv, { model: { type: 'string' }, out: { type: 'string' }, backend: { type: 'string' }, force: { type: 'boolean' } }, REPORT_HELP);
  if (!o.model) throw new UsageError('--model DIR is required');
  requireModelFile(o.model, 'tabular train');
  const out = o.out ?? `${o.model}/report.html`;
  refuseExistingOutputs([out], !!o.force);
  const saved = `${o.model}/eval.json`;
  refuseOutputsOverInputs([out], [...tabularInputs(o.model), { path: saved, what: 'the evaluation report reads or writes (DIR/eval.json)' }]);
  const title = `gangrad tabular: ${o.model}`;
  let html: string | null = null;
  if (existsSync(saved)) {
    // eval.json is reused only if it is of these very weights (a resumed or replaced run makes it
    // stale) and whole: a damaged one is named and evaluated again, as a stale one is.
    const { readFileSync } = await import('node:fs');
    const header = readSafetensorsMetadata(requireModelFile(o.model, 'tabular train')); // the header only: the weights are not needed to tell whose they are
    const current: EvaluatedModel = { step: Number(header.step), runId: header.run_id ?? null };
    try {
      const record = JSON.parse(readFileSync(saved, 'utf8')) as TabularEvaluation & { model?: EvaluatedModel; seed?: number };
      if (record.model?.step === current.step && record.model.runId === current.runId) {
        const cfg = { ...C, ...JSON.parse(header.config) } as TabularRunConfig;
        html = htmlReport([record], title, [modelProvenance(o.model, cfg, JSON.parse(header.data).file, current.step, typeof record.seed === 'number' ? record.seed : null)]);
      }
      else console.error(`${saved} is of ${record.model ? `step ${record.model.step}${record.model.runId ? ` of run ${record.model.runId}` : ''}` : 'unrecorded weights'}, the model is step ${current.step}${current.runId ? ` of run ${current.runId}` : ''}: evaluating again`);
    } catch (e) {
      console.error(`${saved}: not a whole evaluation (${(e as Error).message.replace(/^gangrad: /, '')}): evaluating again`);
    }
  }
  if (html === null) {
    const { evaluation, evaluated, config: cfg, dataFile } = await evaluateModel(o.model, o.backend, 1);
    writeFileAtomic(saved, JSON.stringify({ ...evaluation, model: evaluated, seed: 1 }, null, 2) + '\n');
    html = htmlReport([evaluation], title, [modelProvenance(o.model, cfg, dataFile, evaluated.step, 1)]);
  }
  writeFileAtomic(out, html);
  console.error(`wrote ${out}`);
}

async function experiment(argv: string[]) {
  const o = parse(argv, { ...seededRunOptions, seeds: { type: 'string' }, 'seed-list': { type: 'string' }, 'split-by': { type: 'string' }, 'test-from': { type: 'string' }, 'validate-from': { type: 'string' }, ranking: { type: 'boolean' }, force: { type: 'boolean' } }, EXPERIMENT_HELP);
  if (!o.data) throw new UsageError('--data FILE is required (a CSV table)');
  const cfg = checkedRunConfig(o);
  const split = withValidation(splitOption(o), o['validate-from']);
  const table = readTable(o.data, cfg, split?.column);
  const fixed = checked(() => (split ? outOfTimeParts(table, cfg.target, split) : (checkTarget(table, cfg.target), null)));
  const validation = split?.validateFrom !== undefined ? checked(() => validationParts(table, cfg.target, { ...split, validateFrom: split.validateFrom! })) : undefined;
  if (o['seed-list'] !== undefined && o.seeds !== undefined) throw new UsageError('--seeds K and --seed-list S,S exclude each other: seeds 1..K, or exactly the seeds listed');
  const seeds = o['seed-list'] !== undefined ? listOption([o['seed-list']]).map((s) => numberOption(s, 'seed-list', 1, { min: 0, max: MAX_SEED }))
    : Array.from({ length: numberOption(o.seeds, 'seeds', 5, { min: 1 }) }, (_, i) => i + 1);
  if (seeds.length === 0) throw new UsageError(`--seed-list must list at least one seed, got '${o['seed-list']}'`);
  // Every seed's stratified split holds as many rows of each class: a training part the evaluation
  // would refuse is refused now, not after the first seed's GAN has trained.
  const repeated = seeds.find((s, i) => seeds.indexOf(s) !== i);
  if (repeated !== undefined) throw new UsageError(`--seed-list names seed ${repeated} twice: a seed gives the same run each time, so the spread over seeds would be understated`);
  const first = fixed ?? randomParts(table, cfg.target, cfg.testFraction, seeds[0]);
  const seedSplits = fixed ? undefined : { seeds, parts: (seed: number) => (seed === seeds[0] ? first : randomParts(table, cfg.target, cfg.testFraction, seed)) };
  // With --validate-from a second GAN per seed is fitted on the rows before the validation period.
  checkFittingRows(o.data, first, cfg, { fittedOn: validation ? [beforeValidation(validation.train.rows, split!)] : [], seedSplits });
  const { positive } = checked(() => evaluatedClass(first.train, cfg.target));
  // A test part too small to judge by is said before the GANs train, not only in the results.
  warnOfFewRows(first, cfg.target, positive);
  const out = o.out ?? 'runs/tabular-experiment';
  const results = openSeedResults(out, ['results.json', 'results.md', 'report.html'], seeds, !!o.force);
  const backend = await useBackend(o.backend);
  console.error(`gangrad tabular experiment: ${o.data} (target ${cfg.target}), seeds ${seeds.join(', ')}, ${cfg.steps} steps each, on ${backend.description}`);
  const bars = new Map<number, (p: TabularProgress) => void>();
  const evaluating = new Set<number>();
  const done: { seed: number; trainSeconds: number; evaluation: TabularEvaluation }[] = [];
  const evals = await withScoringWorkers(backend.name, ({ closestDistances }) => runTabularExperiment({
    data: table, config: cfg, seeds, split, ranking: o.ranking || split !== undefined, closestDistances,
    onProgress: (seed, p) => { if (!bars.has(seed)) bars.set(seed, progress(`seed ${seed}: `)); bars.get(seed)!(p); },
    // On a terminal the progress bar's line is still open: end it before the seed's first stage line.
    onEvaluationStage: (seed, line) => {
      const first = !evaluating.has(seed);
      evaluating.add(seed);
      process.stderr.write(`${first && process.stderr.isTTY ? '\n' : ''}seed ${seed}: evaluating: ${line}\n`);
    },
    onSeed: (seed, evaluation, trainSeconds) => {
      done.push({ seed, trainSeconds, evaluation });
      // Each seed is saved as it finishes, every file at once: an interrupted experiment keeps what it
      // measured, and never beside an earlier run's summary.
      results.write(seed, experimentFiles(o.data!, cfg, backend.description, seeds, done, split));
      const u = evaluation.utility.logistic;
      process.stderr.write(`seed ${seed}: trained in ${duration(trainSeconds)}; TSTR ${u.synthetic.toFixed(3)} vs ${u.real.toFixed(3)}, detection ${evaluation.fidelity.detection.logistic.toFixed(3)}\n`);
    },
  })).catch((e) => { results.failed(); throw e; }).finally(() => results.close());
  backend.destroy();
  console.log(markdownReport(evals));
  console.error(`wrote ${out}/results.json, results.md, report.html`);
}

/** An experiment's files for the seeds `done` so far of `seeds`: every figure (JSON), the tables (Markdown), the page. */
function experimentFiles(data: string, cfg: TabularRunConfig, backend: string, seeds: number[], done: { seed: number; trainSeconds: number; evaluation: TabularEvaluation }[], split?: TimeSplitOptions): Record<string, string> {
  const evals = done.map((d) => d.evaluation);
  const count = done.length === seeds.length ? `${seeds.length} seed${seeds.length === 1 ? '' : 's'}` : `${done.length} of ${seeds.length} seeds`;
  // What was run, above the tables (results.md and the page alike): the data, the split (and where the
  // amounts were chosen), the settings and the seeds; in Markdown the user's names are escaped.
  const heading = (text: (s: string) => string) => `${text(data)}, target ${text(cfg.target)}: ${splitWords(cfg, split, text)}; ${cfg.steps} GAN steps, ${count} (${done.length === 1 ? 'seed' : 'seeds'} ${done.map((d) => d.seed).join(', ')}).`;
  return {
    'results.json': JSON.stringify({ data, config: cfg, ...(split ? { split } : {}), backend, seedsPlanned: seeds, seeds: done }, null, 2) + '\n',
    'results.md': `${heading(markdownText)}\n\n${markdownReport(evals)}\n`,
    'report.html': htmlReport(evals, `gangrad tabular experiment: ${data}, ${count}`, [heading((s) => s), `Each seed's GAN: lr ${cfg.lr}, batch ${cfg.batch}, hidden ${cfg.hidden.join(',')}.`]),
  };
}

async function detect(argv: string[]) {
  // No --pac: a packed discriminator gives each row its pack's logit, and detect scores test rows one by one.
  const { pac: _packed, ...options } = seededRunOptions;
  const o = parse(argv, { ...options, seeds: { type: 'string' }, 'split-by': { type: 'string' }, 'test-from': { type: 'string' }, force: { type: 'boolean' } }, DETECT_HELP);
  if (!o.data) throw new UsageError('--data FILE is required (a CSV table)');
  const cfg = checkedRunConfig(o);
  const split = splitOption(o);
  const table = readTable(o.data, cfg, split?.column);
  const fixed = checked(() => (split ? outOfTimeParts(table, cfg.target, split) : (checkTarget(table, cfg.target), null)));
  checked(() => checkTwoClasses(table, cfg.target));
  // The GAN detector is fitted on the training rows not of the rarer class (every seed's split holds as many).
  const first = fixed ?? randomParts(table, cfg.target, cfg.testFraction, 1);
  const rarer = rarerClass(first.train, cfg.target), classes = first.train.columns.find((c) => c.name === cfg.target) as CategoricalColumn;
  const seeds = Array.from({ length: numberOption(o.seeds, 'seeds', 5, { min: 1 }) }, (_, i) => i + 1);
  const seedSplits = fixed ? undefined : { seeds, parts: (seed: number) => (seed === 1 ? first : randomParts(table, cfg.target, cfg.testFraction, seed)) };
  checkFittingRows(o.data, first, cfg, {
    fittedOn: [{ rows: classes.codes.filter((k) => classes.levels[k] !== rarer).length, what: `training rows not of the rarer class ${quoteLevel(rarer)}` }],
    seedSplits,
  });
  const out = o.out ?? 'runs/tabular-detect';
  const results = openSeedResults(out, ['detect.json', 'detect.md'], seeds, !!o.force);
  const backend = await useBackend(o.backend);
  console.error(`gangrad tabular detect: ${o.data} (target ${cfg.target}), seeds ${seeds.join(', ')}, ${cfg.steps} GAN steps each, on ${backend.description}`);
  const runs: DetectorEvaluation[] = [];
  try {
    for (const seed of seeds) {
      console.error(`seed ${seed}: training the GAN on normal rows, fitting the isolation forest`);
      const parts = fixed ?? randomParts(table, cfg.target, cfg.testFraction, seed);
      const run = await evaluateDetectors(parts.train, parts.test, { config: cfg, positive: rarerClass(parts.train, cfg.target), seed });
      runs.push(run);
      // Both files as each seed finishes: an interrupted run keeps what it measured, never beside an earlier run's table.
      results.write(seed, {
        'detect.json': JSON.stringify({ data: o.data, config: cfg, split, backend: backend.description, seedsPlanned: seeds, seeds: runs }, null, 2) + '\n',
        'detect.md': `${markdownText(o.data)}, target ${markdownText(cfg.target)}: ${splitWords(cfg, split, markdownText)}; ${cfg.steps} GAN steps, ${runs.length} of ${seeds.length} seeds.\n\n` + detectorMarkdown(runs) + '\n',
      });
      console.error(`seed ${seed}: average precision GAN ${run.gan.ap.toFixed(3)}, isolation forest ${run.isolationForest.ap.toFixed(3)} (GAN trained in ${duration(run.ganSeconds)})`);
    }
  } catch (e) {
    results.failed();
    throw e;
  } finally {
    results.close();
  }
  backend.destroy();
  console.log(detectorMarkdown(runs));
  console.error(`wrote ${out}/detect.json, detect.md`);
}

const COMMANDS: Record<string, (argv: string[]) => Promise<void>> = { train, sample, eval: evaluate, report, experiment, detect };

/** `gangrad tabular`'s subcommands, in the order its usage lists them. */
export const TABULAR_SUBCOMMANDS: readonly string[] = Object.keys(COMMANDS);

/** `gangrad tabular SUBCOMMAND`: dispatches to the subcommand. */
export async function tabularCommand(argv: string[]): Promise<void> {
  await runSubcommand('tabular', COMMANDS, USAGE, 'a tabular command is required', argv);
}
