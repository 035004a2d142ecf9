import { BACKEND_NAMES } from '../backend/index.js';
import { writeFileAtomic } from '../io/index.js';
import { evaluateModel, type Evaluation } from '../finance/evaluation/evaluate.js';
import { LONG_HORIZON_DRAWS, LONG_HORIZON_LENGTH, LONG_HORIZON_PATHS, TEST_PART_WINDOWS } from '../finance/evaluation/index.js';
import { formatEvaluation } from '../finance/report/table.js';
import { diagnoseRun } from '../finance/training/training-log.js';
import type { ConvergenceDiagnosis } from '../gan/index.js';
import { numberOption, parse, refuseExistingOutputs, refuseOutputsOverInputs, UsageError } from './args.js';
import { modelDirInputs, openModel } from './model-dir.js';
import { withScoringWorkers } from './scoring-workers.js';
import { assertFinite, leverageBeyondWindow, openModelData } from './data-check.js';
import { MAX_SEED } from '../tensor/index.js';

/** `gangrad eval --help`. */
export const EVAL_HELP = `gangrad eval: compare synthetic returns with the real data, beside classical baselines

Usage: gangrad eval --model DIR [--data FILE] [--count N] [--paths N] [--length L] [--draws R] [--json FILE] [--seed S] [--backend NAME] [--force]

  --model DIR     model directory written by gangrad train
  --data FILE     price CSV (default: the file the model was trained on); its last test-fraction
                  (20% by default) is the real sample, never seen in training
  --count N       windows each model generates per draw for the test-part figures, at least 64 (default ${TEST_PART_WINDOWS})
  --paths N       long-horizon paths per model and draw (default ${LONG_HORIZON_PATHS})
  --length L      days per long-horizon path (default ${LONG_HORIZON_LENGTH}); at least 200, and --paths ×
                  ⌊L / 100⌋ at least 8: the criteria need 100-day returns and lags up to 100
  --draws R       independent draws of windows and paths per model; every figure, test part and long
                  horizon, is the mean over the draws, shown ± its standard deviation (default
                  ${LONG_HORIZON_DRAWS}; one draw of 100 paths is a noisy sample of a persistent process)
  --json FILE     also write every figure as JSON (gangrad report --evaluation reads it; with --draws 1
                  the spreads are null: one draw has none)
  --seed S        seed of every model's windows and paths and of the classifier (default 7)
  --backend NAME  ${BACKEND_NAMES.join(' | ')} (default auto)
  --allow-changed-data   evaluate although the data file's SHA-256 differs from the one stored at training
                         (a newer copy of the model's data: its parts are kept by their dates, the test
                         part running from the model's test start to the file's end)
  --force         replace an existing --json file (refused otherwise)

Columns: the GAN and the baselines GARCH(1,1)-t, GJR-GARCH(1,1)-t (maximum likelihood), a stationary
block bootstrap (mean block 20 days) and an i.i.d. Gaussian, all fitted on the training part only.
On the test part: moments, tail quantiles, W1 between standardised distributions (each side by its own
mean and standard deviation: it compares shapes, not volatility levels), ACF errors, leverage and a
discriminative score. Long horizon, N paths of L days against the whole real series: ACF of |r| and r²
to lag 250 (errors over lags 1–20, 21–100, 101–250), leverage, W1 and kurtosis of 1-, 5-, 20- and
100-day returns, and the share of explosive paths. A statistic that comes out NaN or infinite (damaged
model, flat prices) is an error, never a pass.`;

export { formatEvaluation };

/** One line on whether the model's run converged (gan/convergence.ts). */
export function convergenceLine(d: ConvergenceDiagnosis | null): string {
  if (!d) return 'Training: no training log beside the model; convergence not known.';
  if (d.converged) return `Training converged (mean D(G(z)) ${d.lastQuarter!.dFake.toFixed(2)} over the last quarter; best weights not early).`;
  return `Training did NOT converge: ${d.findings.join('; ')}.`;
}

/** Daily values one long-horizon draw holds in memory at most (--paths × --length). */
const MAX_DRAW_VALUES = 10_000_000;

/** `gangrad eval`: parses `argv` and runs. */
export async function evalCommand(argv: string[]): Promise<void> {
  const o = parse(argv, {
    model: { type: 'string' }, data: { type: 'string' }, count: { type: 'string' }, json: { type: 'string' },
    seed: { type: 'string' }, backend: { type: 'string' }, paths: { type: 'string' }, length: { type: 'string' }, draws: { type: 'string' },
    'allow-changed-data': { type: 'boolean' }, force: { type: 'boolean' },
  }, EVAL_HELP);
  // Bounded so that a typo (1e12) is a usage error, not an hour of work or an exhausted memory: each
  // draw holds paths × length returns and count windows of each model in memory at once.
  const paths = numberOption(o.paths, 'paths', LONG_HORIZON_PATHS, { min: 1, max: 100_000 });
  const length = numberOption(o.length, 'length', LONG_HORIZON_LENGTH, { min: 200, max: 100_000, what: 'an integer from 200 to 100000 (the long-horizon criteria compare 100-day returns and autocorrelations up to lag 100)' });
  if (paths * length > MAX_DRAW_VALUES) throw new UsageError(`--paths ${paths} × --length ${length}: at most ${MAX_DRAW_VALUES.toLocaleString('en-US')} daily values a draw (at --length ${length}, --paths ${Math.floor(MAX_DRAW_VALUES / length)})`);
  // The long-horizon criteria compare 100-day returns (their kurtosis needs several) and ACF lags up to 100.
  if (length < 200 || paths * Math.floor(length / 100) < 8) {
    throw new UsageError(`--paths ${paths} --length ${length}: the long-horizon criteria need 100-day returns and autocorrelations up to lag 100: --length at least 200 and --paths × ⌊length / 100⌋ at least 8 (e.g. --paths 4 --length 200)`);
  }
  const draws = drawsOption(o.draws);
  refuseExistingOutputs([o.json], !!o.force);
  const { backend, model, paths: files } = await openModel(o.model, o.backend);
  const { config, transforms } = model.metadata;
  const dataset = openModelData(model.metadata, o.model!, o.data, !!o['allow-changed-data']);
  refuseOutputsOverInputs([o.json], modelDirInputs(o.model!, dataset.info.file));
  const count = numberOption(o.count, 'count', TEST_PART_WINDOWS, { min: 64, max: 1_000_000 }), seed = numberOption(o.seed, 'seed', 7, { min: 0, max: MAX_SEED });
  const evaluation = await withScoringWorkers(backend.name, (scoring) => evaluateModel({
    ...scoring, generator: model.networks.generator, latentDim: config.latentDim, transforms, window: config.window,
    testReturns: dataset.part('test'), trainReturns: dataset.part('train'), count, seed,
    allReturns: dataset.returns, paths, length, draws, progress: (line) => console.error(line),
  }));
  assertFinite(evaluation, `${files.model}: evaluation on ${dataset.info.file}`, leverageBeyondWindow(config.window));
  console.log(`${dataset.info.file} (${dataset.info.column}), test part from ${dataset.info.testStartDate}: ${dataset.part('test').length} real returns; model step ${model.metadata.step}, window ${config.window}\n`);
  const convergence = diagnoseRun(files.log, model.metadata.step, config.steps);
  console.log(convergenceLine(convergence) + '\n');
  console.log(formatEvaluation(evaluation));
  // The run id and step let `report --evaluation` check that these figures belong to the model it reports on;
  // the seed and count let its page say how they were drawn.
  // One draw has no spread: null in the JSON (the figures computed it as 0), as the text and page show none.
  const noSpread = draws === 1 ? (key: string, value: unknown) => (key === 'spread' || key === 'comparisonSpread' ? null : value) : undefined;
  if (o.json) writeFileAtomic(o.json, JSON.stringify({ model: o.model, runId: model.metadata.runId ?? null, data: dataset.info, step: model.metadata.step, seed, count, convergence, ...evaluation }, noSpread, 2));
  backend.destroy();
}

/** `--draws R` of `eval` and of `report`, which evaluates as `eval` does: 1 to 1000 (default {@link LONG_HORIZON_DRAWS}). */
export function drawsOption(value: string | undefined): number {
  return numberOption(value, 'draws', LONG_HORIZON_DRAWS, { min: 1, max: 1000 });
}
