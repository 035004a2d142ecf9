// Market mode's Web Worker: the return GAN's data preparation, training, sampling and model files run
// here, off the page's main thread (one step of the 256-wide networks takes tens of milliseconds, and
// preparing the data longer), so the page stays responsive. The page sends commands and draws what
// comes back. Inside a worker the wasm backend may block while its own worker threads compute.
import * as gangrad from '/lib/index.js';
import { serve } from './worker-rpc.js';

let backend = null, model = null, stopper = null;
const post = (message, transfer = []) => postMessage(message, transfer);

function freeModel() {
  if (!model) return;
  gangrad.disposeModule(model.networks.generator);
  gangrad.disposeModule(model.networks.discriminator);
  model = null;
}

/**
 * Parse a CSV into a price series, checking it is long enough for what training needs (the model's
 * training part after the test and validation parts, 916 prices with the defaults, not four windows).
 */
function parse(text, name) {
  const series = gangrad.parsePriceCsv(text, name, { minRows: 0 });
  const config = gangrad.DEFAULT_CONFIG, need = gangrad.minimumTrainingPrices(config), n = series.prices.length;
  const share = Math.round(100 * (1 - config.testFraction - config.validationFraction));
  if (n < need) throw new Error(`${name}: ${n} price${n === 1 ? '' : 's'}, fewer than training needs: give at least ${need} (the model trains on the first ${share} % of the returns; the rest validates and tests it)`);
  return series;
}

/** Per-day 10%, 50% and 90% quantiles of price paths (each an array of prices). */
function fan(paths) {
  const q = (values, p) => { const s = Float64Array.from(values).sort(); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
  const days = paths[0].length;
  const at = (p) => Array.from({ length: days }, (_, d) => q(paths.map((x) => x[d]), p));
  return { lower: at(0.1), median: at(0.5), upper: at(0.9) };
}

const prices = (returns) => { let p = 100; return [100, ...Array.from(returns, (r) => (p *= Math.exp(r)))]; };

/** Every real stretch of `window` days (starts 10 days apart), rebased to 100, as a fan; once per model. */
function realFan(series, window) {
  if (!model.realFan) {
    const returns = gangrad.logReturns(series.prices), stretches = [];
    for (let start = 0; start + window <= returns.length; start += 10) stretches.push(prices(returns.slice(start, start + window)));
    model.realFan = { ...fan(stretches), years: `${series.dates[0].slice(0, 4)}–${series.dates[series.dates.length - 1].slice(0, 4)}` };
  }
  return model.realFan;
}

async function train({ data, steps, seed }) {
  // Metrics every 10 steps rather than 50, for the charts (reading them back changes no result).
  const config = { ...gangrad.DEFAULT_CONFIG, steps, seed, logEvery: 10 };
  const series = parse(data.text, data.name);
  const dataset = gangrad.datasetFromSeries(series, config, { file: data.name, sha256: data.sha256 });
  freeModel();
  const networks = gangrad.buildNetworks(config, dataset.transforms);
  model = { networks, config, transforms: dataset.transforms, metadata: null, series };
  const { trainer } = gangrad.createTrainer(config, networks, dataset.windows, dataset.windowCount);
  const validation = dataset.part('validation');
  let score = null, last = null, run;
  stopper = new AbortController();
  try {
    run = await gangrad.runTraining({
      trainer, steps, signal: stopper.signal,
      evaluation: {
        every: config.evalEvery, ensureBest: false,
        score: async () => {
          const windows = await gangrad.generateWindows(networks.generator, config.latentDim, dataset.transforms, 500, 7);
          return { ...gangrad.validationScore(validation, windows), samples: { validation, windows } };
        },
      },
      onProgress: (p) => {
        if (p.stepMetrics) last = p.stepMetrics;
        if (p.validation) { const { samples, ...s } = p.validation; score = s; }
        const samples = p.validation?.samples ?? null;
        if (p.stepMetrics || samples) post({ type: 'progress', step: p.step, steps, metrics: p.stepMetrics ? [p.stepMetrics] : [], score, samples, seconds: p.elapsedSeconds });
      },
    });
  } finally {
    trainer.dispose();
  }
  model.metadata = {
    format: 'gangrad-return-gan-1', generator: config.generator, config: { ...config, steps: trainer.stepCount }, transforms: dataset.transforms, data: dataset.info,
    step: trainer.stepCount, validationScore: score ? score.score : null,
  };
  return { backend: backend.description, steps: last ? last.step : 0, last, score, seconds: run.elapsedSeconds, stepCount: trainer.stepCount };
}

const commands = {
  async init({ backendName }) {
    try {
      backend = await gangrad.createBackend(backendName);
    } catch (e) {
      backend = await gangrad.createBackend('cpu');
      post({ type: 'warning', message: `${backendName} failed in the worker (${e.message}); using the CPU reference` });
    }
    gangrad.setBackend(backend);
    return { description: backend.description };
  },
  train,
  stop() { stopper?.abort(); return {}; }, // runTraining gives the event loop turns, so this message gets in
  check({ name, text }) {
    const s = parse(text, name);
    return { prices: s.prices.length, column: s.column, firstDate: s.dates[0], lastDate: s.dates[s.dates.length - 1] };
  },
  async sample({ count, seed }) {
    if (!model) throw new Error('no model: train one or load a .safetensors file');
    const { networks, config, transforms } = model;
    const paths = await gangrad.generatePaths(networks.generator, config.latentDim, transforms, config.window, count, config.window, seed);
    return {
      paths: paths.map((p) => Array.from(p)), window: config.window,
      generated: fan(paths.map(prices)), real: model.series ? realFan(model.series, config.window) : null,
    };
  },
  async export() {
    if (!model?.metadata) throw new Error('no trained model to export yet');
    const bytes = await gangrad.encodeModel(model.networks, model.metadata);
    return { bytes, step: model.metadata.step };
  },
  async import({ name, bytes }) {
    const loaded = gangrad.decodeModel(new Uint8Array(bytes), name);
    freeModel();
    model = { networks: loaded.networks, config: loaded.metadata.config, transforms: loaded.metadata.transforms, metadata: loaded.metadata, series: null };
    const { config, data, step } = loaded.metadata;
    return { step, data, window: config.window, hidden: config.hidden };
  },
};

serve(commands, ['stop']);
