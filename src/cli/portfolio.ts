/**
 * `gangrad portfolio train|eval`: the joint GAN of several assets (issue #27) from the command line.
 * `train` aligns the price files, fits the joint GAN and writes a model directory exactly as the library
 * does (trainJointGan with `out`); SIGINT/SIGTERM stop it with a checkpoint that `--resume` continues.
 * `eval` re-reads the files the model records (checked by SHA-256) and measures the GAN beside
 * copula-GJR and a block bootstrap, both fitted on the same training part.
 */
import { existsSync } from 'node:fs';
import { BACKEND_NAMES } from '../backend/index.js';
import { fitBlockBootstrap } from '../finance/baselines/block-bootstrap.js';
import { fitCopulaGjr } from '../finance/baselines/copula-gjr.js';
import { multiAssetLogReturns } from '../finance/data/multi-asset-returns.js';
import { sliceDays, type AssetMatrix } from '../finance/data/asset-matrix.js';
import type { JointReturnModel } from '../finance/baselines/joint-model.js';
import { evaluatePortfolio, type PortfolioEvaluation } from '../finance/evaluation/portfolio-evaluation.js';
import { DEFAULT_JOINT_CONFIG, jointMinimumReturns, loadJointModel, sampleJointPaths, trainJointGan, type JointCalibrationResult, type JointFit, type JointTrainOptions, type JointTrainProgress } from '../finance/joint.js';
import { formatPortfolioEvaluation, portfolioPage } from '../finance/report/portfolio-report.js';
import { type OutputFile, writeFilesTogether } from '../io/index.js';
import { runDirs } from '../io/model-dir.js';
import { TooLittleDataError } from '../io/too-little-data.js';
import type { JointInputsOptions } from '../finance/data/multi-asset-inputs.js';
import { eventLoopTurn, eventLoopTurns } from '../gan/index.js';
import { MAX_SEED, Rng } from '../tensor/index.js';
import { commandName, duration, lossesText, numberOption, parse, refuseExistingOutputs, UsageError, runSubcommand, useBackend, backendOption } from './args.js';
import { newRunId, refuseChangedSettingsOnResume, refuseExistingRun, refuseStepsBelowCheckpoint, requireModelFile } from './model-dir.js';
import { blankCellNotices, identicalAssetWarnings, sparseCalendarWarnings, openJointModelData, PRICE_FILE_PARSE, priceFileOptionsHelp, priceInputOptions, readPriceInputs, checkPortfolioOptions } from './portfolio-data.js';
import { runPortfolioBacktest } from './portfolio-backtest.js';
import { runPortfolioForecast } from './portfolio-forecast.js';
import { EXIT, interruptOnSignals, onCleanup, STOP_CALIBRATION } from './signals.js';
import { Warnings } from './warnings.js';

/** Days per evaluation path: long enough for 20-day portfolio returns and persistent volatility. */
export const EVAL_LENGTH = 1024;
/** The most paths `portfolio eval` draws per model and draw. */
const MAX_EVAL_PATHS = 4096;

const USAGE = `gangrad portfolio: a joint GAN of several assets' daily returns (a portfolio)

Usage: gangrad portfolio <command> [options]    (gangrad portfolio <command> --help for each)

  train     align several assets' prices on common dates and fit the joint GAN
  eval      compare the joint GAN with copula-GJR and a block bootstrap on the held-out test part
  forecast  every asset's and the equal-weight portfolio's next days from the joint state at a date
  backtest  backtest the equal-weight portfolio's VaR/ES forecasts from each day's joint state`;

/** `gangrad portfolio train --help`. */
export const PORTFOLIO_TRAIN_HELP = `gangrad portfolio train: fit the joint GAN of several assets

Usage: gangrad portfolio train (--data A.csv,B.csv,... | --wide FILE) --out DIR [--names N1,N2,...] [--allow-mixed-calendars] [--steps N] [--seed S] [--backend NAME] [--force]
       gangrad portfolio train --resume --out DIR [--steps N] [--backend NAME]

  --data FILES       comma-separated price CSVs, one per asset (date + price column each), at least 2
  --wide FILE        or one CSV with a date column and one price column per asset (a blank cell, or a
                     row that stops before it, leaves its day out for every asset, with a notice)
  --names N1,N2      asset names, in file order (default: the files' base names); with --wide, the
                     price columns to read (default: every column but the date)
  --allow-mixed-calendars   align a 7-day market (crypto) with 5-day ones (refused by default: the
                     5-day calendar would drop its weekends)
  --out DIR          model directory to write (required); an existing one is refused unless --resume
                     or --force
  --steps N          training steps (default ${DEFAULT_JOINT_CONFIG.steps})
  --seed S           seed of weights, noise and batches (default ${DEFAULT_JOINT_CONFIG.seed})
  --backend NAME     ${BACKEND_NAMES.join(' | ')} (default auto: the fastest available)
  --force            replace an existing DIR (it stays intact until the new run completes) and discard
                     an unfinished DIR.partial
  --resume           continue the run in --out from its checkpoint, bit-identically: the unfinished
                     run in DIR.partial if there is one, else the published run in DIR (to raise
                     --steps; without --steps, the run's own). The data files, names, split and
                     settings come from the checkpoint; the files are read again and must be
                     unchanged (SHA-256)

Days are kept when every asset has a price (an inner join on dates); each file's dropped days are
printed, and a notice names the line of a wide file's first blank cell in each column (a column's
blanks before its first price, an asset not listed yet, are not counted). The returns are split
chronologically (train, validation, test); the GAN is fitted on the training part and its weights
chosen by a joint score on the validation part; then each asset's level process is calibrated to the
trained generator (persistence and spread matched to its volatility memory on the training and
validation parts, and a scale to its training part's standard deviation: used by long paths, not by
forecasts), and what was chosen is printed. Writes
DIR/model.safetensors (which records the data files, their SHA-256 and the split),
DIR/checkpoint.safetensors (the latest training state: every ${DEFAULT_JOINT_CONFIG.checkpointEvery} steps and at the end),
DIR/config.json and DIR/training-log.csv. The run writes into DIR.partial and replaces DIR only when
it completes; DIR.lock keeps a second run out. SIGINT (Ctrl-C) or SIGTERM writes a checkpoint into
DIR.partial and exits with 130 or 143; --resume continues from it.`;

/** `gangrad portfolio eval --help`. */
export const PORTFOLIO_EVAL_HELP = `gangrad portfolio eval: the joint GAN beside copula-GJR and a block bootstrap, on the test part

Usage: gangrad portfolio eval --model DIR [--data A,B,... | --wide FILE] [--paths N] [--draws R] [--json FILE] [--html FILE] [--backend NAME] [--force]

  --model DIR        model directory written by gangrad portfolio train
${priceFileOptionsHelp(false)}
  --paths N          paths of ${EVAL_LENGTH} days per model and draw (default 64, at most ${MAX_EVAL_PATHS})
  --draws R          independent draws per model; every figure is mean ± sd over them (default 3, at
                     most 1000; with 1, the value alone: one draw has no spread)
  --json FILE        also write every figure as JSON (correlation matrices as nested arrays)
  --html FILE        also write an HTML page with the table and correlation heat maps, real vs each
                     model, of returns and of absolute returns
  --backend NAME     ${BACKEND_NAMES.join(' | ')} (default auto)
  --force            replace existing --json / --html files (refused otherwise)

The data files the model records are read again and must be unchanged (SHA-256). Copula-GJR (a
GJR-GARCH(1,1)-t per asset joined by a Student-t copula) and the stationary block bootstrap are fitted
on the model's training part; all three are compared with the test part, never used for fitting or
selection: correlation errors of r and |r|, joint exceedance, crisis and calm correlation, the
equal-weight portfolio's VaR and ES (99 %) and W1 at 1 and 20 days, and each asset's W1 of daily returns.
Each asset is then judged as gangrad eval judges one (its long-horizon criteria: ACF of |r| to lag 250,
leverage, 1- to 100-day W1, tails, explosive paths) against its whole real series, with copula-GJR's
margins as the GJR-GARCH-t column.`;

/** What `portfolio train` returns in-process (tests read it). */
export interface PortfolioTrainResult {
  out: string;
  fit: JointFit;
  /** The process's exit code: 0, or 130 / 143 when a signal stopped the run. */
  exitCode: number;
}

/** Options that choose data or settings, which a resumed run takes from its checkpoint instead. */
const FRESH_ONLY = ['data', 'wide', 'names', 'allow-mixed-calendars', 'seed'] as const;

/** `gangrad portfolio train` without the process around it; `log` receives what it prints. */
export async function runPortfolioTrain(argv: string[], log: (line: string) => void = (l) => console.error(l)): Promise<PortfolioTrainResult> {
  const o = parse(argv, {
    data: { type: 'string' }, wide: { type: 'string' }, names: { type: 'string' }, 'allow-mixed-calendars': { type: 'boolean' },
    out: { type: 'string' }, steps: { type: 'string' }, seed: { type: 'string' }, backend: { type: 'string' }, force: { type: 'boolean' }, resume: { type: 'boolean' },
  }, PORTFOLIO_TRAIN_HELP);
  if (o.resume) return resumePortfolioTrain(o, log);
  const given = priceInputOptions(o);
  if (!given) throw new UsageError('give the prices as --data A.csv,B.csv,... or as --wide FILE (one of the two)');
  if (!o.out) throw new UsageError('--out DIR is required (the model directory to write)');
  const steps = numberOption(o.steps, 'steps', DEFAULT_JOINT_CONFIG.steps, { min: 1 });
  const seed = numberOption(o.seed, 'seed', DEFAULT_JOINT_CONFIG.seed, { min: 0, max: MAX_SEED });
  backendOption(o.backend);
  // Refused here, before any reading or training: a usage error, and nothing is written.
  refuseExistingRun(o.out, o.force);

  const { aligned, inputs } = readTrainingPrices(given);
  const returns = multiAssetLogReturns(aligned.prices);
  log(`${aligned.assets.join(', ')}: ${aligned.dates.length} common days ${aligned.dates[0]} … ${aligned.dates.at(-1)} (${returns.days} daily returns)`);
  for (const d of aligned.dropped) log(`  ${d.asset} (${d.file}, column '${d.column}'): ${d.rows} rows, ${d.dropped} dropped (${d.outsideCommonPeriod} outside the common period, ${d.dropped - d.outsideCommonPeriod} calendar differences)`);
  for (const line of blankCellNotices(aligned)) log(line);
  for (const line of [...identicalAssetWarnings(aligned), ...sparseCalendarWarnings(aligned)]) console.error(line);
  return trainWithSignals(o.out, o.backend, `training the joint GAN, ${steps} steps`, log, { returns, assets: aligned.assets, steps, seed, force: o.force, inputs, source: given.paths.join(', ') });
}

/**
 * The price files to train on, each refused with the rows the joint GAN needs if shorter (the reader's
 * own floor, 2 rows, told a one-row file that 2 would do).
 */
function readTrainingPrices(given: JointInputsOptions): ReturnType<typeof readPriceInputs> {
  const { window, testFraction, validationFraction } = DEFAULT_JOINT_CONFIG;
  try {
    return readPriceInputs(given, { minRows: jointMinimumReturns(DEFAULT_JOINT_CONFIG) + 1 });
  } catch (e) {
    if (!(e instanceof TooLittleDataError)) throw e;
    throw new TooLittleDataError(`${e.message} (the joint GAN trains on ${10 * window} days, the first ${+(100 * (1 - testFraction - validationFraction)).toFixed(1)} % of the daily returns)`);
  }
}

/** `portfolio train --resume`: the run in DIR.partial or DIR, continued from its checkpoint. */
async function resumePortfolioTrain(o: { out?: string; steps?: string; backend?: string; force?: boolean } & Partial<Record<(typeof FRESH_ONLY)[number], unknown>>, log: (line: string) => void): Promise<PortfolioTrainResult> {
  if (o.force) throw new UsageError('--resume and --force exclude each other: continue the run, or replace it');
  const given = FRESH_ONLY.filter((k) => o[k] !== undefined);
  if (given.length) throw new UsageError(`--resume takes the data and settings from the checkpoint; drop ${given.map((k) => `--${k}`).join(', ')}`);
  if (!o.out) throw new UsageError('--out DIR is required (the model directory whose run to continue)');
  const steps = o.steps === undefined ? undefined : numberOption(o.steps, 'steps', 0, { min: 1 });
  backendOption(o.backend);
  // No run at --out is a usage error (exit 2), as for gangrad train --resume; it has no settings to compare.
  refuseChangedSettingsOnResume(o.out, []);
  refuseStepsBelowCheckpoint(o.out, steps);
  return trainWithSignals(o.out, o.backend, `resuming the joint GAN${steps ? ` to ${steps} steps` : ''}`, log, { resume: true, steps });
}

/** What the level process's calibration chose for each asset, and what it changed (as `gangrad train` reports it for one). */
function calibrationLine(assets: readonly string[], r: JointCalibrationResult): string {
  const c = r.calibration;
  return `level process calibrated to the generator, per asset (paths vs training+validation data): ${assets.map((a, j) =>
    `${a}: persistence ×${c.persistence[j]}, spread ×${c.spread[j]}, ACF(|r|) 1–100 error ${r.before[j].acfAbsError.toFixed(3)} → ${r.after[j].acfAbsError.toFixed(3)}, W1 1-day ${r.before[j].w1Daily.toFixed(3)} → ${r.after[j].w1Daily.toFixed(3)}, returns scaled ×${c.scale[j].toFixed(3)}`).join('; ')}`;
}

/**
 * Train into `out` (through DIR.partial: trainJointGan) on the chosen backend; the first SIGINT/SIGTERM ends the run after its step with a
 * checkpoint in DIR.partial (signals.ts), and the result's exit code says which signal it was.
 */
async function trainWithSignals(out: string, backendName: string | undefined, heading: string, log: (line: string) => void, options: JointTrainOptions): Promise<PortfolioTrainResult> {
  const signals = interruptOnSignals();
  const backend = await useBackend(backendName);
  try {
    log(`${heading} on ${backend.description} → ${out}`);
    const fit = await trainJointGan({
      ...options, out, runId: newRunId(), signal: signals.state.stop.signal, onProgress: progressLines(log),
      onCalibrating: () => { signals.state.stopping = STOP_CALIBRATION; log('calibrating the level process to the trained generator (Ctrl-C leaves the run for --resume)…'); },
    });
    const best = fit.best ? `best validation score ${fit.best.score.toFixed(4)} at step ${fit.best.step}` : 'no validation score';
    if (fit.interrupted) {
      log(`interrupted at step ${fit.steps} after ${duration(fit.elapsedSeconds)}; ${best}; checkpoint in ${runDirs(out).partial} (${existsSync(out) ? `${out} is unchanged` : `${out} is made when a run completes`}). Continue with: ${commandName()} portfolio train --resume --out ${out}`);
      return { out, fit, exitCode: signals.state.code || EXIT.SIGINT };
    }
    if (fit.calibration) log(calibrationLine(fit.model.metadata.assets, fit.calibration));
    log(`done: ${fit.steps} steps in ${duration(fit.elapsedSeconds)}; ${best}; model in ${out}/model.safetensors`);
    return { out, fit, exitCode: EXIT.done };
  } finally {
    signals.off();
    backend.destroy();
  }
}

/** Seconds between progress lines at most, however long a tenth of the run takes. */
const PROGRESS_EVERY_SECONDS = 30;

/**
 * A plain progress line (a file or a terminal alike) every 10 % of the steps, and at least every
 * {@link PROGRESS_EVERY_SECONDS} s: the step, the losses, the best score, the pace and what is left.
 */
export function progressLines(log: (line: string) => void): (p: JointTrainProgress) => void {
  let lastTenth = -1, lastAt = 0, startStep = -1, startAt = 0;
  return (p) => {
    if (startStep < 0) { startStep = p.step; startAt = p.elapsedSeconds; lastAt = p.elapsedSeconds; }
    const tenth = Math.floor((10 * p.step) / p.steps);
    const newTenth = tenth !== lastTenth && (tenth > 0 || p.step === p.steps);
    if (!newTenth && p.elapsedSeconds - lastAt < PROGRESS_EVERY_SECONDS) return;
    lastTenth = tenth;
    lastAt = p.elapsedSeconds;
    const best = p.best ? `, best ${p.best.score.toFixed(4)} at step ${p.best.step}` : '';
    const losses = p.metrics ? `, ${lossesText(p)}` : '';
    const rate = (p.step - startStep) / Math.max(p.elapsedSeconds - startAt, 1e-9);
    const pace = p.step > startStep && p.step < p.steps ? `, ${rate.toFixed(0)} steps/s, ${duration((p.steps - p.step) / rate)} left` : '';
    log(`  step ${p.step}/${p.steps}${losses}${best} (${duration(p.elapsedSeconds)}${pace})`);
  };
}

/** `gangrad portfolio eval` without the process around it; `print` receives the table. */
export async function runPortfolioEval(argv: string[], print: (text: string) => void = (t) => console.log(t), log: (line: string) => void = (l) => console.error(l)): Promise<PortfolioEvaluation> {
  const o = parse(argv, {
    model: { type: 'string' }, paths: { type: 'string' }, draws: { type: 'string' }, json: { type: 'string' }, html: { type: 'string' }, backend: { type: 'string' }, force: { type: 'boolean' },
    ...PRICE_FILE_PARSE,
  }, PORTFOLIO_EVAL_HELP);
  if (!o.model) throw new UsageError('--model DIR is required (a directory written by gangrad portfolio train)');
  // Bounded so that a typo (1e8) is a usage error, not an exhausted memory: a draw holds each model's
  // paths × 1,024 days × d assets at once (4,096 paths of 3 assets: 100 MB a model).
  const paths = numberOption(o.paths, 'paths', 64, { min: 1, max: MAX_EVAL_PATHS });
  const draws = numberOption(o.draws, 'draws', 3, { min: 1, max: 1000 });
  backendOption(o.backend);
  refuseExistingOutputs([o.json, o.html], !!o.force);
  const given = priceInputOptions(o);
  const file = requireModelFile(o.model, 'portfolio train');
  const backend = await useBackend(o.backend);
  try {
    // The model's tensors are made on the backend chosen; its options are checked before any data is read.
    const loaded = loadJointModel(file);
    checkPortfolioOptions([o.json, o.html], o.model, file, loaded, given);
    // Printed on stderr as found, and kept for the JSON and the page.
    const warnings = new Warnings();
    const { model, aligned, returns, files } = openJointModelData(file, { model: loaded, given: given ? { inputs: given, newerCopy: false, allowChanged: !!o['allow-changed-data'] } : undefined, warn: warnings.warn });
    const { inputs, split } = model.metadata.data;
    const train = sliceDays(returns, ...split.train), test = sliceDays(returns, ...split.test);
    const assets = model.metadata.assets;
    const parts = `test part ${aligned.dates[split.test[0] + 1]} … ${aligned.dates.at(-1)} (${test.days} days); models fitted on ${train.days} training days`;
    log(`${assets.join(', ')}: ${parts}`);
    log(model.metadata.levelProcess.calibration
      ? 'joint GAN: level process calibrated after training'
      : `joint GAN: level process as fitted (a model written before the calibration; ${commandName()} portfolio train --resume --out DIR calibrates it)`);
    const copula = fitCopulaGjr(train, assets), bootstrap = fitBlockBootstrap(train, assets);
    const evaluation = await evaluatePortfolio({
      test, assets, paths, length: EVAL_LENGTH, draws, seed: 1001, progress: log,
      margins: { all: returns, train, gjr: copula.name },
      models: [
        { name: 'joint GAN', sample: (n, length, seed) => sampleJointPaths(model, n, length, seed) },
        { name: copula.name, sample: (n, length, seed) => simulateInChunks(copula, n, length, seed) },
        { name: bootstrap.name, sample: (n, length, seed) => simulateInChunks(bootstrap, n, length, seed) },
      ],
    });
    print(formatPortfolioEvaluation(evaluation));
    const title = `gangrad portfolio eval: ${assets.join(', ')}`;
    await eventLoopTurn(); // a Ctrl-C during the last figures stops the run here, before anything is written
    const outputs: OutputFile[] = [];
    if (o.json) {
      const json = JSON.stringify({ model: o.model, runId: model.metadata.runId ?? null, step: model.metadata.step, inputs, ...(given ? { filesRead: given.paths } : {}), split, baselines: [copula.describe(), bootstrap.describe()], ...evaluation, warnings: warnings.lines }, null, 2) + '\n';
      outputs.push({ path: o.json, write: (append) => append(json) });
    }
    const about = [`Model ${o.model}, step ${model.metadata.step}; data ${files.join(', ')}; ${parts}; seed ${evaluation.seed}.`];
    if (o.html) outputs.push({ path: o.html, write: (append) => append(portfolioPage(evaluation, title, { about, warnings: warnings.lines })) });
    // All or none: a failure on the second file leaves no first one behind.
    if (outputs.length) log(`wrote ${(await writeFilesTogether(outputs, { onCleanup })).join(', ')}`);
    return evaluation;
  } finally {
    backend.destroy();
  }
}

/** Paths per call of a baseline's simulate in {@link simulateInChunks}. */
const SIMULATE_CHUNK = 8;

/**
 * `model.simulate(paths, length, new Rng(seed))`, made {@link SIMULATE_CHUNK} paths at a time from that
 * one generator, with a turn of the event loop between chunks so that Ctrl-C is heard during seconds of
 * simulation. The paths are those of one call: the baselines draw each path from the generator in turn.
 */
export async function simulateInChunks(model: Pick<JointReturnModel, 'simulate'>, paths: number, length: number, seed: number): Promise<AssetMatrix[]> {
  const rng = new Rng(seed), turns = eventLoopTurns(), out: AssetMatrix[] = [];
  for (let first = 0; first < paths; first += SIMULATE_CHUNK) {
    out.push(...model.simulate(Math.min(SIMULATE_CHUNK, paths - first), length, rng));
    await turns();
  }
  return out;
}

const COMMANDS: Record<string, (argv: string[]) => Promise<unknown>> = { train: async (argv) => (await runPortfolioTrain(argv)).exitCode, eval: runPortfolioEval, forecast: runPortfolioForecast, backtest: runPortfolioBacktest };

/** `gangrad portfolio`'s subcommands. */
export const PORTFOLIO_SUBCOMMANDS: readonly string[] = Object.keys(COMMANDS);

/** `gangrad portfolio <command>`: its exit code (a training run stopped by a signal: 130 or 143). */
export async function portfolioCommand(argv: string[]): Promise<number | void> {
  return runSubcommand('portfolio', COMMANDS, USAGE, 'a portfolio command is required (train, eval, forecast or backtest)', argv);
}
