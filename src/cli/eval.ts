import { writeFileAtomic } from '../io/index.js';
import { evaluateModel, type Evaluation } from '../finance/evaluate.js';
import { numberOption, parse } from './args.js';
import { openModel } from './model-dir.js';
import { assertFinite, leverageBeyondWindow, openModelData } from './data-check.js';

export const EVAL_HELP = `gangrad eval: compare synthetic returns with the real test part and a Gaussian baseline

Usage: gangrad eval --model DIR [--data FILE] [--count N] [--json FILE] [--seed S] [--backend NAME]

  --model DIR     model directory written by gangrad train
  --data FILE     price CSV (default: the file the model was trained on); its last test-fraction
                  (20% by default) is the real sample, never seen in training
  --count N       synthetic windows to generate (default 2000)
  --json FILE     also write every figure as JSON
  --allow-changed-data   evaluate although the data file's SHA-256 differs from the one stored at training

Prints real vs synthetic vs an i.i.d. Gaussian with the real mean and variance: moments, tail
quantiles, W1 between standardised distributions, ACF errors, leverage and a discriminative score.
A statistic that comes out NaN or infinite (damaged model, flat prices) is an error, never a pass.`;

const f = (v: number, d = 4) => (Number.isFinite(v) ? v.toFixed(d) : String(v));

export function formatEvaluation(e: Evaluation): string {
  const lines: string[] = [];
  const row = (name: string, r: string, s: string, g: string) => lines.push(`${name.padEnd(34)}${r.padStart(11)}${s.padStart(11)}${g.padStart(11)}`);
  row('', 'real', 'synthetic', 'gaussian');
  row('mean', f(e.real.mean, 6), f(e.synthetic.facts.mean, 6), f(e.gaussian.facts.mean, 6));
  row('std', f(e.real.std, 5), f(e.synthetic.facts.std, 5), f(e.gaussian.facts.std, 5));
  row('skewness', f(e.real.skewness, 3), f(e.synthetic.facts.skewness, 3), f(e.gaussian.facts.skewness, 3));
  row('excess kurtosis', f(e.real.excessKurtosis, 2), f(e.synthetic.facts.excessKurtosis, 2), f(e.gaussian.facts.excessKurtosis, 2));
  for (const q of Object.keys(e.real.quantiles)) row(`quantile ${Number(q) * 100}% (σ units)`, f(e.real.quantiles[q], 3), f(e.synthetic.facts.quantiles[q], 3), f(e.gaussian.facts.quantiles[q], 3));
  for (const k of [1, 5, 10, 20]) row(`ACF(|r|) lag ${k}`, f(e.real.acfAbsReturns[k - 1], 3), f(e.synthetic.facts.acfAbsReturns[k - 1], 3), f(e.gaussian.facts.acfAbsReturns[k - 1], 3));
  for (const k of [1, 5]) row(`ACF(r) lag ${k}`, f(e.real.acfReturns[k - 1], 3), f(e.synthetic.facts.acfReturns[k - 1], 3), f(e.gaussian.facts.acfReturns[k - 1], 3));
  for (const k of [1, 5]) row(`leverage lag ${k}`, f(e.real.leverage[k - 1], 3), f(e.synthetic.facts.leverage[k - 1], 3), f(e.gaussian.facts.leverage[k - 1], 3));
  lines.push('');
  lines.push(`${'criterion'.padEnd(34)}${'target'.padStart(11)}${'synthetic'.padStart(11)}${'gaussian'.padStart(11)}`);
  for (const c of e.criteria) {
    const v = (x: number | boolean) => (typeof x === 'number' ? f(x) : String(x));
    lines.push(`${c.name.padEnd(34)}${c.threshold.padStart(11)}${v(c.synthetic).padStart(11)}${v(c.gaussian).padStart(11)}  ${c.passed ? 'pass' : 'FAIL'}${c.gaussianWorse ? '' : ' (gaussian not worse)'}`);
  }
  if (e.trainingPart) {
    const t = e.trainingPart;
    lines.push('');
    lines.push(`reference: the real training part scored against the test part (a perfect copy of the training era):`);
    lines.push(`  W1 ${f(t.w1)}, 0.5% quantile error ${f(t.tailErrors.q005)}, 99.5% quantile error ${f(t.tailErrors.q995)}; where these miss a target, the market changed between the periods`);
  }
  return lines.join('\n');
}

export async function evalCommand(argv: string[]): Promise<void> {
  const o = parse(argv, {
    model: { type: 'string' }, data: { type: 'string' }, count: { type: 'string' }, json: { type: 'string' },
    seed: { type: 'string' }, backend: { type: 'string' }, 'allow-changed-data': { type: 'boolean' },
  }, EVAL_HELP);
  const { backend, model, paths } = await openModel(o.model, o.backend);
  const { config, transforms } = model.metadata;
  const dataset = openModelData(model.metadata, o.model!, o.data, !!o['allow-changed-data']);
  const evaluation = await evaluateModel({
    generator: model.networks.generator, latentDim: config.latentDim, transforms, window: config.window,
    testReturns: dataset.part('test'), trainReturns: dataset.part('train'), count: numberOption(o.count, 'count', 2000, { min: 64 }), seed: numberOption(o.seed, 'seed', 7, { min: 0 }),
  });
  assertFinite(evaluation, `${paths.model}: evaluation on ${dataset.info.file}`, leverageBeyondWindow(config.window));
  console.log(`${dataset.info.file} (${dataset.info.column}), test part from ${dataset.info.testStartDate}: ${dataset.part('test').length} real returns; model step ${model.metadata.step}, window ${config.window}\n`);
  console.log(formatEvaluation(evaluation));
  if (o.json) writeFileAtomic(o.json, JSON.stringify({ model: o.model, data: dataset.info, step: model.metadata.step, ...evaluation }, null, 2));
  backend.destroy();
}
