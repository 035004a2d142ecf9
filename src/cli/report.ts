import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BACKEND_NAMES } from '../backend/index.js';
import { writeFileAtomic } from '../io/index.js';
import { evaluateModel, type Evaluation } from '../finance/evaluation/evaluate.js';
import { LONG_HORIZON_DRAWS, TEST_PART_WINDOWS } from '../finance/evaluation/index.js';
import { generatePaths, generateWindows } from '../finance/model/generate.js';
import { renderReport } from '../finance/report/html.js';
import { pricePath } from '../finance/data/returns.js';
import { readTrainingLogOrWarn } from '../finance/training/training-log.js';
import { diagnoseTraining } from '../gan/index.js';
import { numberOption, parse, refuseExistingOutputs, refuseOutputsOverInputs, UsageError } from './args.js';
import { drawsOption, formatEvaluation } from './eval.js';
import { withScoringWorkers } from './scoring-workers.js';
import { modelDirInputs, openModel } from './model-dir.js';
import { assertFinite, leverageBeyondWindow, openModelData } from './data-check.js';
import { sameDataFile, type ReturnDataset } from '../finance/data/dataset.js';
import type { ModelMetadata } from '../finance/model/model-file.js';
import { MAX_SEED } from '../tensor/index.js';
import { Warnings } from './warnings.js';

/** `gangrad report --help`. */
export const REPORT_HELP = `gangrad report: one self-contained HTML page with SVG charts

Usage: gangrad report --model DIR [--data FILE] [--out FILE.html] [--days D] [--draws R] [--evaluation FILE.json] [--seed S] [--backend NAME] [--force]

  --model DIR     model directory written by gangrad train
  --data FILE     price CSV (default: the file the model was trained on, found by its stored path)
  --allow-changed-data   report although the data file's SHA-256 differs from the one stored at training
                         (a newer copy of the model's data: its parts are kept by their dates, the test
                         part running from the model's test start to the file's end)
  --out FILE      default DIR/report.html
  --force         replace an existing page (refused otherwise)
  --days D        length of the price paths in the fan chart (default 252, one trading year; a longer
                  one is cut to the test part's length, with a warning)
  --draws R       independent draws the comparison tables average over, as in gangrad eval (default ${LONG_HORIZON_DRAWS};
                  not with --evaluation)
  --evaluation FILE.json   use the figures gangrad eval --json wrote for this model instead of evaluating
                  again (refused when they belong to another run, step or data file)
  --seed S        seed of the evaluation (as gangrad eval's), the fan's paths and the density's windows (default 7)
  --backend NAME  ${BACKEND_NAMES.join(' | ')} (default auto)

The page: a fan of 200 synthetic price paths over the real test-part path; the return density on a log
scale with a Gaussian overlay; ACF of returns and of |returns| and the leverage effect on the test part,
for the GAN and each baseline; the training curves and whether training converged; the comparison
tables of gangrad eval; long-horizon charts (ACF of |r| and of r² to lag 250, excess kurtosis of h-day
returns) for the GAN and each baseline.`;

/**
 * The evaluation `gangrad eval --json` wrote, if it belongs to this model: the same run id, step and
 * data (the file's SHA-256, or the same text with other line endings, as the model's own data check
 * accepts); anything else is an error naming the file and what differs.
 */
function savedEvaluation(file: string, runId: string | null, step: number, data: { file: string; sha256: string }): Evaluation & { seed?: unknown; count?: unknown } {
  // A path that names no file is a wrong argument (exit 2), as a missing --data or --model is.
  if (!existsSync(file)) throw new UsageError(`--evaluation ${file}: no such evaluation file (write one with gangrad eval --model DIR --json ${file})`);
  let saved: Record<string, unknown>;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not JSON (${(e as Error).message})`);
  }
  // What the file is comes first: a forecast's or a backtest's JSON has no run id to compare.
  if (saved === null || typeof saved !== 'object' || !Array.isArray(saved.models) || !Array.isArray(saved.criteria) || typeof saved.longHorizon !== 'object') {
    throw new Error(`${file}: not an evaluation written by gangrad eval --json (models, criteria or longHorizon missing)`);
  }
  const evaluated = (saved.data as { sha256?: unknown } | undefined)?.sha256;
  const sameData = evaluated === data.sha256 || (typeof evaluated === 'string' && sameDataFile(data.file, evaluated));
  const differs = [
    saved.runId !== runId && `run ${String(saved.runId)} (the model's is ${String(runId)})`,
    saved.step !== step && `step ${String(saved.step)} (the model's is ${step})`,
    !sameData && 'the data file (SHA-256)',
  ].filter(Boolean);
  if (differs.length) throw new Error(`${file}: evaluates another model: ${differs.join(', ')}; run gangrad eval again`);
  return saved as unknown as Evaluation;
}

/**
 * What the report is of, in lines for its head: the model and its training settings, the data and the
 * dates of its parts, and how the evaluation was drawn (an eval.json from before the seed and count were
 * recorded says so).
 */
function reportProvenance(dir: string, metadata: ModelMetadata, dataset: ReturnDataset, drawn: { file?: string; seed: unknown; count: unknown }, draws: number): string[] {
  const { config, step } = metadata;
  const { series, split, info } = dataset;
  // Return i is dated dates[i + 1]; a part [from, to) of returns runs from dates[from + 1] to dates[to].
  const dates = (part: keyof typeof split) => `${series.dates[split[part][0] + 1]} – ${series.dates[split[part][1]]} (${split[part][1] - split[part][0]} days)`;
  const recorded = (v: unknown) => (typeof v === 'number' ? String(v) : 'not recorded');
  return [
    `Model ${dir}, step ${step}: trained ${config.steps} steps, lr ${config.lr}, hidden ${config.hidden.join(',')}, window ${config.window} days, seed ${config.seed}.`,
    `Data ${info.file}, column ${info.column}, ${info.firstDate} – ${info.lastDate}; training part ${dates('train')}, validation part ${dates('validation')}, test part ${dates('test')}.`,
    `Evaluation${drawn.file ? ` (${drawn.file}, written by gangrad eval)` : ''}: seed ${recorded(drawn.seed)}, ${recorded(drawn.count)} windows per model and draw, ${draws} draw${draws === 1 ? '' : 's'}.`,
  ];
}

/** `gangrad report`: parses `argv` and runs. */
export async function reportCommand(argv: string[]): Promise<void> {
  const o = parse(argv, {
    model: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' }, backend: { type: 'string' },
    draws: { type: 'string' }, evaluation: { type: 'string' },
    'allow-changed-data': { type: 'boolean' }, force: { type: 'boolean' },
  }, REPORT_HELP);
  // --draws sets how the report evaluates; with --evaluation it does not evaluate, so the two would silently disagree.
  if (o.draws !== undefined && o.evaluation !== undefined) throw new UsageError(`--draws applies when report evaluates the model itself; with --evaluation ${o.evaluation} the figures (and their draws) are those gangrad eval wrote`);
  const seed = numberOption(o.seed, 'seed', 7, { min: 0, max: MAX_SEED });
  const draws = drawsOption(o.draws);
  const { backend, model, paths } = await openModel(o.model, o.backend);
  const out = o.out ?? join(o.model!, 'report.html');
  refuseExistingOutputs([out], !!o.force);
  const { config, transforms } = model.metadata;
  const asked = numberOption(o.days, 'days', 252, { min: 2 });
  // Printed on stderr as found, and kept for the page.
  const warnings = new Warnings();
  const dataset = openModelData(model.metadata, o.model!, o.data, !!o['allow-changed-data'], warnings.warn);
  refuseOutputsOverInputs([out], [...modelDirInputs(o.model!, dataset.info.file), ...(o.evaluation ? [{ path: o.evaluation, what: 'the evaluation report reads (--evaluation)' }] : [])]);
  const data = dataset.info;
  const test = dataset.part('test');
  const days = Math.min(asked, test.length);
  if (o.days !== undefined && asked > days) warnings.warn(`warning: --days ${asked}: the test part has ${test.length} days; the report shows those`);
  const count = TEST_PART_WINDOWS; // windows per model and draw, as gangrad eval's default
  const saved = o.evaluation ? savedEvaluation(o.evaluation, model.metadata.runId ?? null, model.metadata.step, data) : null;
  const evaluation = saved ?? await withScoringWorkers(backend.name, (scoring) => evaluateModel({ ...scoring, generator: model.networks.generator, latentDim: config.latentDim, transforms, window: config.window, testReturns: test, trainReturns: dataset.part('train'), count, seed,
    allReturns: dataset.returns, draws, progress: (line) => console.error(line) }));
  const startPrice = dataset.series.prices[dataset.split.test[0]];
  const realPath = pricePath(startPrice, test.subarray(0, days));
  const syntheticPaths = (await generatePaths(model.networks.generator, config.latentDim, transforms, config.window, 200, days, seed + 11)).map((r) => pricePath(startPrice, r));
  const log = readTrainingLogOrWarn(paths.log, warnings.warn);
  const convergence = log.length ? diagnoseTraining(log, model.metadata.step, config.steps) : null;
  const what = `${paths.model}: report on ${data.file}`;
  assertFinite({ evaluation, syntheticPaths, log }, what, leverageBeyondWindow(config.window));
  const syntheticWindows = await generateWindows(model.networks.generator, config.latentDim, transforms, count, seed);
  let html: string;
  try {
    html = renderReport({
      title: `gangrad: synthetic ${data.column} returns of ${data.file.split('/').pop()}`,
      subtitle: `Model step ${model.metadata.step}, window ${config.window} days, generator ${config.generator} (output ${config.generatorOutput}); real sample: the test part from ${data.testStartDate} (never used in training).`,
      evaluation, realReturns: test, syntheticWindows, realPath, syntheticPaths, log, convergence, evaluationText: formatEvaluation(evaluation),
      about: reportProvenance(o.model!, model.metadata, dataset, saved ? { file: o.evaluation, seed: saved.seed, count: saved.count } : { seed, count }, evaluation.draws),
      warnings: warnings.lines,
    });
  } catch (error) {
    throw new Error(`${what}: ${(error as Error).message}; not written`);
  }
  writeFileAtomic(out, html);
  console.error(`wrote ${out}`);
  backend.destroy();
}
