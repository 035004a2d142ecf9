import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { BACKEND_NAMES } from '../backend/index.js';
import { MAX_SEED, setBackend } from '../tensor/index.js';
import { DEFAULT_MAX_DAILY_FACTOR } from '../finance/data/csv.js';
import { DEFAULT_CONFIG, type GeneratorOutput, type ReturnGanConfig } from '../finance/model/model.js';
import { trainReturnGan, type TrainProgress } from '../finance/training/train.js';
import { defaultDataFile } from './paths.js';
import { backendOption, commandName, createCommandBackend, duration, hiddenOption, lossesText, numberOption, parse, requireInputFile, UsageError } from './args.js';
import { runDirs } from '../io/model-dir.js';
import { checkpointStepTarget, newRunId, refuseExistingRun, refuseChangedSettingsOnResume, refuseStepsBelowCheckpoint, trainInModelDir } from './model-dir.js';
import { withScoringWorkers } from './scoring-workers.js';
import { EXIT, interruptOnSignals, STOP_CALIBRATION } from './signals.js';

/** `gangrad train --help`. */
export const TRAIN_HELP = `gangrad train: learn the distribution of daily log returns with a GAN

Usage: gangrad train [options]

  --data FILE        CSV of daily prices (date + price column); default: the bundled S&P 500
  --column NAME      price column; default: an adjusted close (Adj Close, adj_close, Adj. Close,
                     Adjusted_close: any spelling of it), else close
  --window L         days per generated window (default ${DEFAULT_CONFIG.window})
  --stride S         days between training windows (default ${DEFAULT_CONFIG.stride})
  --steps N          training steps (default ${DEFAULT_CONFIG.steps})
  --batch B          windows per batch (default ${DEFAULT_CONFIG.batch})
  --hidden W,W       hidden layer widths of both networks (default ${DEFAULT_CONFIG.hidden.join(',')})
  --lr X             Adam learning rate of both networks (default ${DEFAULT_CONFIG.lr})
  --d-steps K        discriminator updates per generator update (default ${DEFAULT_CONFIG.discriminatorSteps})
  --instance-noise T adaptive instance noise holding D's mean D(x) on real windows at T (0.5 < T < 1),
                     or 0 for none (default ${DEFAULT_CONFIG.instanceNoise})
  --no-tails         train on standardised returns, without the Lambert-W tail transform
  --generator-output NAME   returns | unit-rms-shape: what the generator's last layer makes, a window
                     shape in the Gaussianised domain or one with unit RMS in return units
                     (default ${DEFAULT_CONFIG.generatorOutput})
  --daily-condition  give the generator a third condition, the daily state (an EWMA of squared returns
                     before each window), so forecasts' first days follow the last weeks' volatility
                     (docs/forecasting.md measures it; off by default)
  --backend NAME     ${BACKEND_NAMES.join(' | ')} (default auto: the fastest available)
  --seed S           seed of weights, noise and batches (default ${DEFAULT_CONFIG.seed})
  --out DIR          model directory (default runs/default); an existing one is refused unless
                     --resume or --force
  --resume           continue the run in --out from its checkpoint, bit-identically: the unfinished
                     run in DIR.partial if there is one, else the published run in DIR (to raise --steps)
  --force            replace an existing DIR (and discard an unfinished DIR.partial)
  --allow-outliers   keep implausible prices (one-day jumps beyond --max-jump) and skip rows with
                     non-calendar dates, non-decimal numbers (0x10) or no number (Yahoo's 'null'),
                     with a warning, instead of failing (a price written with a thousands separator,
                     a decimal comma or a currency symbol, 8,921.59, 8921,59 or $8921.59, stays an
                     error: fix the file)
  --max-jump F       a price more than F times above or below the previous day's is implausible
                     (F > 1; default ${DEFAULT_MAX_DAILY_FACTOR})
  --eval-every N     validation score (and best-model selection) every N steps (default ${DEFAULT_CONFIG.evalEvery})
  --checkpoint-every N   full checkpoint every N steps (default ${DEFAULT_CONFIG.checkpointEvery})

Writes DIR/model.safetensors (best weights by validation score on 1,024-day paths: W1 + ACF(|r|) error
on the part of the data just before the test part, + ACF(|r|) error to lag 100 and leverage error to
lag 5 against the training and validation parts; its level process then calibrated to the generator),
DIR/checkpoint.safetensors (latest state), DIR/config.json and DIR/training-log.csv. A warning says when
training did not converge (the discriminator won, or the best weights came in the first tenth). The run writes into DIR.partial and replaces DIR only when it completes, so a
failed or killed run leaves the earlier DIR intact; DIR.lock keeps a second run out. SIGINT (Ctrl-C)
or SIGTERM writes a checkpoint into DIR.partial and exits with 130 or 143 (during the calibration, after
the last step, it stops the calibration); --resume continues from it.`;

/** --max-jump: a factor above 1 (at 1 every price move, however small, would be implausible). */
function maxJumpOption(value: string | undefined): number {
  const what = 'a number above 1 (a one-day price ratio, e.g. 5)';
  const factor = numberOption(value, 'max-jump', DEFAULT_MAX_DAILY_FACTOR, { integer: false, what });
  if (!(factor > 1)) throw new UsageError(`--max-jump must be ${what}, got '${value}'`);
  return factor;
}

function instanceNoiseOption(value: string | undefined): number {
  const target = numberOption(value, 'instance-noise', DEFAULT_CONFIG.instanceNoise, { integer: false, min: 0 });
  if (target !== 0 && !(target > 0.5 && target < 1)) throw new UsageError(`--instance-noise must be 0 (none) or a number between 0.5 and 1, got '${value}'`);
  return target;
}

/**
 * `gangrad train`: parses `argv`, trains, and returns the exit code (0, or 130/143 when stopped by a
 * signal).
 */
export async function trainCommand(argv: string[]): Promise<number> {
  const o = parse(argv, {
    data: { type: 'string' }, column: { type: 'string' }, window: { type: 'string' }, stride: { type: 'string' },
    steps: { type: 'string' }, batch: { type: 'string' }, lr: { type: 'string' }, 'no-tails': { type: 'boolean' }, 'd-steps': { type: 'string' }, 'instance-noise': { type: 'string' },
    backend: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, resume: { type: 'boolean' },
    'eval-every': { type: 'string' }, 'checkpoint-every': { type: 'string' }, force: { type: 'boolean' },
    'allow-outliers': { type: 'boolean' }, 'max-jump': { type: 'string' }, hidden: { type: 'string' },
    'generator-output': { type: 'string' }, 'daily-condition': { type: 'boolean' },
  }, TRAIN_HELP);
  const outputs: GeneratorOutput[] = ['returns', 'unit-rms-shape'];
  const generatorOutput = (o['generator-output'] ?? DEFAULT_CONFIG.generatorOutput) as GeneratorOutput;
  if (!outputs.includes(generatorOutput)) throw new UsageError(`--generator-output must be one of ${outputs.join(', ')}, got '${o['generator-output']}'`);
  if (o.resume && o.force) throw new UsageError('--resume and --force exclude each other: continue the run, or replace it');
  backendOption(o.backend);
  const config: ReturnGanConfig = {
    ...DEFAULT_CONFIG,
    window: numberOption(o.window, 'window', DEFAULT_CONFIG.window, { min: 2 }),
    stride: numberOption(o.stride, 'stride', DEFAULT_CONFIG.stride, { min: 1 }),
    steps: numberOption(o.steps, 'steps', DEFAULT_CONFIG.steps, { min: 1 }),
    batch: numberOption(o.batch, 'batch', DEFAULT_CONFIG.batch, { min: 1 }),
    hidden: o.hidden === undefined ? DEFAULT_CONFIG.hidden : hiddenOption(o.hidden),
    lr: numberOption(o.lr, 'lr', DEFAULT_CONFIG.lr, { integer: false, min: Number.MIN_VALUE, what: 'a positive number (e.g. 0.0002)' }),
    seed: numberOption(o.seed, 'seed', DEFAULT_CONFIG.seed, { min: 0, max: MAX_SEED }),
    tails: !o['no-tails'],
    generatorOutput,
    discriminatorSteps: numberOption(o['d-steps'], 'd-steps', DEFAULT_CONFIG.discriminatorSteps, { min: 1 }),
    instanceNoise: instanceNoiseOption(o['instance-noise']),
    evalEvery: numberOption(o['eval-every'], 'eval-every', DEFAULT_CONFIG.evalEvery, { min: 1 }),
    checkpointEvery: numberOption(o['checkpoint-every'], 'checkpoint-every', DEFAULT_CONFIG.checkpointEvery, { min: 1 }),
    ...(o['daily-condition'] ? { dailyCondition: true } : {}),
  };
  const csv = { allowOutliers: o['allow-outliers'], maxDailyFactor: maxJumpOption(o['max-jump']) };
  const out = o.out ?? 'runs/default';
  if (o.resume) {
    const as = (option: keyof typeof o, key: keyof ReturnGanConfig) => ({ option, given: o[option] === undefined ? undefined : config[key], stored: (r: { config: Record<string, unknown> }) => r.config[key] });
    refuseChangedSettingsOnResume(out, [
      { option: 'data', given: o.data === undefined ? undefined : resolve(o.data), stored: (r) => r.data.file },
      { option: 'column', given: o.column, stored: (r) => r.data.column },
      as('window', 'window'), as('stride', 'stride'), as('batch', 'batch'), as('hidden', 'hidden'), as('lr', 'lr'), as('seed', 'seed'),
      as('no-tails', 'tails'), as('generator-output', 'generatorOutput'), as('d-steps', 'discriminatorSteps'), as('instance-noise', 'instanceNoise'),
      as('eval-every', 'evalEvery'), as('checkpoint-every', 'checkpointEvery'),
      { option: 'daily-condition', given: o['daily-condition'] || undefined, stored: (r) => r.config.dailyCondition ?? false },
    ]);
    refuseStepsBelowCheckpoint(out, o.steps === undefined ? undefined : config.steps);
  }
  else {
    if (o.data !== undefined) requireInputFile(o.data);
    refuseExistingRun(out, o.force);
  }
  const summary = await trainInModelDir(out, { resume: o.resume, force: o.force, command: 'train' }, async (partial) => {
    const backend = await createCommandBackend(o.backend);
    setBackend(backend);
    const signals = interruptOnSignals();
    console.error(`gangrad train: ${o.resume ? `resuming ${out}` : `${o.data ?? 'bundled S&P 500'} → ${out}`} on ${backend.description}`);
    try {
      // The validation score's classifier folds run on worker threads (the same scores, sooner).
      const summary = await withScoringWorkers(backend.name, ({ discriminativeScorer }) => trainReturnGan({
        data: resolve(o.data ?? defaultDataFile()), column: o.column, out: partial, resume: o.resume,
        // Resumed without --steps: on to the run's own target, not the default.
        config: o.resume && o.steps === undefined ? { ...config, steps: checkpointStepTarget(partial) } : config, signal: signals.state.stop.signal, onProgress: progressPrinter(),
        onCalibrating: () => { signals.state.stopping = STOP_CALIBRATION; process.stderr.write('\ncalibrating the level process to the trained generator (Ctrl-C leaves the run for --resume)…'); },
        runId: newRunId(), csv, discriminativeScorer,
        // Which column was read is said: a file with both Close and Adj Close trains on the adjusted one.
        onData: (d) => console.error(`data: ${d.file}, column '${d.column}', ${d.firstDate} to ${d.lastDate}; test part from ${d.testStartDate} (never trained on)`),
      }));
      return { ...summary, exitCode: summary.interrupted ? signals.state.code || EXIT.SIGINT : EXIT.done };
    } finally {
      signals.off();
      backend.destroy();
    }
  });
  process.stderr.write('\n');
  const best = summary.best ? `best validation score ${summary.best.score.toFixed(4)} at step ${summary.best.step}` : 'no validation yet';
  if (summary.interrupted) {
    console.error(`interrupted at step ${summary.steps} after ${duration(summary.elapsedSeconds)}; ${best}; checkpoint in ${runDirs(out).partial} (${existsSync(out) ? `${out} is unchanged` : `${out} is made when a run completes`}). Continue with: ${commandName()} train --resume --out ${out}`);
    return summary.exitCode;
  }
  if (summary.convergence && !summary.convergence.converged) console.error(`warning: training did not converge: ${summary.convergence.findings.join('; ')}`);
  if (summary.calibration) {
    const { calibration: c, before, after, stdRatioBeforeScale } = summary.calibration;
    console.error(`level process calibrated to the generator: persistence ×${c.persistence}, spread ×${c.spread} (paths vs training+validation data: ACF(|r|) 1–100 error ${before.acfAbsError.toFixed(3)} → ${after.acfAbsError.toFixed(3)}, W1 1-day ${before.w1Daily.toFixed(3)} → ${after.w1Daily.toFixed(3)}, W1 20-day ${before.w1Aggregated.toFixed(3)} → ${after.w1Aggregated.toFixed(3)}); returns scaled ×${c.scale.toFixed(3)} (the windows' standard deviation was ${stdRatioBeforeScale.toFixed(3)} × the training part's)`);
  }
  console.error(`done: ${summary.steps} steps in ${duration(summary.elapsedSeconds)}; ${best}; model in ${out}/model.safetensors`);
  return summary.exitCode;
}

/** A one-line progress bar on a terminal; a plain line every 5% when output is a file or pipe. */
function progressPrinter(): (p: TrainProgress) => void {
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  let lastPercent = -1;
  return (p) => {
    const now = performance.now();
    const percent = Math.floor((100 * p.step) / p.steps);
    if (tty ? now - lastLine < 200 && p.step < p.steps : percent === lastPercent || percent % 5 !== 0) return;
    lastLine = now;
    lastPercent = percent;
    const rate = p.step / Math.max(p.elapsedSeconds, 1e-9);
    const eta = (p.steps - p.step) / rate;
    const width = 24;
    const filled = Math.round((width * p.step) / p.steps);
    const m = lossesText(p);
    const best = p.best ? ` best ${p.best.score.toFixed(3)}@${p.best.step}` : '';
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.step}/${p.steps} ${m}${best} ${rate.toFixed(0)} steps/s ETA ${duration(eta)}`;
    process.stderr.write(tty ? `\r${line.slice(0, (process.stderr.columns || 120) - 1)}` : `${line}\n`);
  };
}
