import { createBackend, type BackendName, BACKEND_NAMES } from '../backend/index.js';
import { setBackend } from '../tensor/index.js';
import { DEFAULT_CONFIG, type ReturnGanConfig } from '../finance/model.js';
import { trainReturnGan, type TrainProgress } from '../finance/train.js';
import { defaultDataFile } from './paths.js';
import { duration, numberOption, parse, UsageError } from './args.js';

export const TRAIN_HELP = `gangrad train: learn the distribution of daily log returns with a GAN

Usage: gangrad train [options]

  --data FILE        CSV of daily prices (date + price column); default: the bundled S&P 500
  --column NAME      price column; default: adj close / adj_close / adjclose, else close
  --window L         days per generated window (default ${DEFAULT_CONFIG.window})
  --stride S         days between training windows (default ${DEFAULT_CONFIG.stride})
  --steps N          training steps (default ${DEFAULT_CONFIG.steps})
  --batch B          windows per batch (default ${DEFAULT_CONFIG.batch})
  --lr X             Adam learning rate of both networks (default ${DEFAULT_CONFIG.lr})
  --d-steps K        discriminator updates per generator update (default ${DEFAULT_CONFIG.discriminatorSteps})
  --no-tails         train on standardised returns, without the Lambert-W tail transform
  --backend NAME     ${BACKEND_NAMES.join(' | ')} (default auto: the fastest available)
  --seed S           seed of weights, noise and batches (default ${DEFAULT_CONFIG.seed})
  --out DIR          model directory (default runs/default)
  --resume           continue the run in --out from its checkpoint, bit-identically
  --eval-every N     validation score (and best-model selection) every N steps (default ${DEFAULT_CONFIG.evalEvery})
  --checkpoint-every N   full checkpoint every N steps (default ${DEFAULT_CONFIG.checkpointEvery})

Writes DIR/model.safetensors (best weights by validation score: W1 + ACF(|r|) error on the part of the
data just before the test part, + ACF(|r|) error to lag 100 on 1,024-day paths), DIR/checkpoint.safetensors (latest state), DIR/config.json and
DIR/training-log.csv. Ctrl-C writes a checkpoint and exits; --resume continues from it.`;

export async function trainCommand(argv: string[]): Promise<void> {
  const o = parse(argv, {
    data: { type: 'string' }, column: { type: 'string' }, window: { type: 'string' }, stride: { type: 'string' },
    steps: { type: 'string' }, batch: { type: 'string' }, lr: { type: 'string' }, 'no-tails': { type: 'boolean' }, 'd-steps': { type: 'string' },
    backend: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, resume: { type: 'boolean' },
    'eval-every': { type: 'string' }, 'checkpoint-every': { type: 'string' },
  }, TRAIN_HELP);
  const backendName = (o.backend ?? 'auto') as BackendName;
  if (!BACKEND_NAMES.includes(backendName)) throw new UsageError(`--backend must be one of ${BACKEND_NAMES.join(', ')}, got '${o.backend}'`);
  const config: ReturnGanConfig = {
    ...DEFAULT_CONFIG,
    window: numberOption(o.window, 'window', DEFAULT_CONFIG.window, { min: 2 }),
    stride: numberOption(o.stride, 'stride', DEFAULT_CONFIG.stride, { min: 1 }),
    steps: numberOption(o.steps, 'steps', DEFAULT_CONFIG.steps, { min: 1 }),
    batch: numberOption(o.batch, 'batch', DEFAULT_CONFIG.batch, { min: 1 }),
    lr: numberOption(o.lr, 'lr', DEFAULT_CONFIG.lr, { integer: false, min: 0 }),
    seed: numberOption(o.seed, 'seed', DEFAULT_CONFIG.seed, { min: 0 }),
    tails: !o['no-tails'],
    discriminatorSteps: numberOption(o['d-steps'], 'd-steps', DEFAULT_CONFIG.discriminatorSteps, { min: 1 }),
    evalEvery: numberOption(o['eval-every'], 'eval-every', DEFAULT_CONFIG.evalEvery, { min: 1 }),
    checkpointEvery: numberOption(o['checkpoint-every'], 'checkpoint-every', DEFAULT_CONFIG.checkpointEvery, { min: 1 }),
  };
  const backend = await createBackend(backendName);
  setBackend(backend);
  const out = o.out ?? 'runs/default';
  const interrupt = { stop: false };
  const onSigint = () => {
    if (interrupt.stop) process.exit(130);
    interrupt.stop = true;
    process.stderr.write('\ninterrupt: finishing this step and writing a checkpoint (Ctrl-C again to abort)\n');
  };
  process.on('SIGINT', onSigint);
  console.error(`gangrad train: ${o.resume ? `resuming ${out}` : `${o.data ?? 'bundled S&P 500'} → ${out}`} on ${backend.description}`);
  const summary = await trainReturnGan({ data: o.data ?? defaultDataFile(), column: o.column, out, config, resume: o.resume, interrupt, onProgress: progressPrinter() });
  process.off('SIGINT', onSigint);
  process.stderr.write('\n');
  const best = summary.best ? `best validation score ${summary.best.score.toFixed(4)} at step ${summary.best.step}` : 'no validation yet';
  if (summary.interrupted) console.error(`interrupted at step ${summary.steps} after ${duration(summary.elapsedSeconds)}; ${best}. Continue with: gangrad train --resume --out ${out}`);
  else console.error(`done: ${summary.steps} steps in ${duration(summary.elapsedSeconds)}; ${best}; model in ${out}/model.safetensors`);
  backend.destroy();
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
    const m = p.metrics ? `D ${p.metrics.dLoss.toFixed(3)} G ${p.metrics.gLoss.toFixed(3)} D(x) ${p.metrics.dReal.toFixed(2)} D(G(z)) ${p.metrics.dFake.toFixed(2)}` : '';
    const best = p.best ? ` best ${p.best.score.toFixed(3)}@${p.best.step}` : '';
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.step}/${p.steps} ${m}${best} ${rate.toFixed(0)} steps/s ETA ${duration(eta)}`;
    process.stderr.write(tty ? `\r${line.slice(0, (process.stderr.columns || 120) - 1)}` : `${line}\n`);
  };
}
