// The web demo: trains gangrad's default return GAN on the bundled S&P 500 closes in the page, in
// chunks of steps with a repaint between them, and draws the training as it goes. Plain JavaScript
// importing the compiled library (npm run web builds it to /lib/ and serves this folder).
import * as gangrad from '/lib/index.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
for (const key of ['backend', 'steps', 'seed']) if (params.has(key)) $(key).value = params.get(key);

const DATA_FILE = 'sp500_gspc_daily.csv';
const CHUNK = 25; // steps between repaints: small enough to keep the page responsive
let stopRequested = false;

function status(text, isError = false) {
  $('status').textContent = text;
  $('status').className = isError ? 'error' : '';
}

/** Density of standardised values on [-8, 8], for a log-scale chart. */
function density(values, bins = 64) {
  const s = gangrad.stylized.standardise(values);
  const lo = -8, hi = 8, width = (hi - lo) / bins, counts = new Float64Array(bins);
  for (const v of s) if (v >= lo && v < hi) counts[Math.floor((v - lo) / width)]++;
  return { x: Array.from(counts, (_, i) => lo + (i + 0.5) * width), y: Array.from(counts, (c) => c / (s.length * width)) };
}

function drawTraining(history) {
  const step = history.map((m) => m.step);
  $('losses').innerHTML = gangrad.lineChart({
    title: 'Losses', xLabel: 'step', yLabel: 'binary cross-entropy',
    series: [
      { name: 'D loss', x: step, y: history.map((m) => m.dLoss), color: '#1f77b4' },
      { name: 'G loss', x: step, y: history.map((m) => m.gLoss), color: '#d62728' },
    ],
  });
  $('probabilities').innerHTML = gangrad.lineChart({
    title: 'Discriminator outputs', xLabel: 'step', yLabel: 'mean probability',
    series: [
      { name: 'D(x), real', x: step, y: history.map((m) => m.dReal), color: '#2ca02c' },
      { name: 'D(G(z)), generated', x: step, y: history.map((m) => m.dFake), color: '#ff7f0e' },
    ],
  });
}

function drawSamples(real, windows) {
  const pooled = Float64Array.from(windows.flatMap((w) => Array.from(w)));
  const r = density(real), s = density(pooled);
  // The Gaussian overlay stops at ±5σ (density ~1e-6): further out it would only stretch the axis.
  const near = r.x.filter((x) => Math.abs(x) <= 5);
  const gaussian = near.map((x) => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI));
  $('density').innerHTML = gangrad.lineChart({
    title: 'Return density (standardised, log scale)', xLabel: 'σ', yLabel: 'density', logY: true,
    series: [
      { name: 'real (validation)', x: r.x, y: r.y, color: '#222' },
      { name: 'generated', x: s.x, y: s.y, color: '#ff7f0e' },
      { name: 'Gaussian', x: near, y: gaussian, color: '#999', dashed: true },
    ],
  });
  const lags = Array.from({ length: 30 }, (_, i) => i + 1);
  $('acf').innerHTML = gangrad.lineChart({
    title: 'Volatility clustering: ACF of |r|', xLabel: 'lag (days)', yLabel: 'autocorrelation', zeroLine: true,
    series: [
      { name: 'real (validation)', x: lags, y: gangrad.stylized.autocorrelation(gangrad.stylized.absolute([real])[0], 30), color: '#222' },
      { name: 'generated', x: lags, y: gangrad.stylized.autocorrelation(gangrad.stylized.absolute(windows), 30), color: '#ff7f0e' },
    ],
  });
}

async function train() {
  const steps = Number($('steps').value), seed = Number($('seed').value);
  if (!(Number.isInteger(steps) && steps > 0)) throw new Error(`steps must be a positive integer, got '${$('steps').value}'`);
  const backend = await gangrad.createBackend($('backend').value);
  gangrad.setBackend(backend);
  const response = await fetch(`/data/${DATA_FILE}`);
  if (!response.ok) throw new Error(`/data/${DATA_FILE}: HTTP ${response.status}`);
  const config = { ...gangrad.DEFAULT_CONFIG, steps, seed };
  const dataset = gangrad.datasetFromSeries(gangrad.parsePriceCsv(await response.text(), DATA_FILE), config, { file: DATA_FILE });
  const networks = gangrad.buildNetworks(config);
  const { trainer } = gangrad.createTrainer(config, networks, dataset.windows, dataset.windowCount);
  const validation = dataset.part('validation');
  $('every').textContent = String(config.evalEvery);
  const history = [];
  let score = null;
  const started = performance.now();
  try {
    for (let done = 0; done < steps && !stopRequested;) {
      const n = Math.min(CHUNK, steps - done);
      await trainer.train(n, (m) => history.push(m));
      done += n;
      if (done % config.evalEvery === 0 || done === steps) {
        const windows = await gangrad.generateWindows(networks.generator, config.latentDim, dataset.transforms, 500, 7);
        score = gangrad.validationScore(validation, windows);
        drawSamples(validation, windows);
      }
      drawTraining(history);
      const seconds = (performance.now() - started) / 1000, last = history[history.length - 1];
      status(`${backend.description}\nstep ${done}/${steps}  D ${last.dLoss.toFixed(3)}  G ${last.gLoss.toFixed(3)}  D(x) ${last.dReal.toFixed(2)}  D(G(z)) ${last.dFake.toFixed(2)}  ` +
        `${(done / seconds).toFixed(1)} steps/s` + (score ? `  validation W1 ${score.w1.toFixed(3)}, ACF|r| error ${score.acfAbsError.toFixed(3)}` : ''));
      await new Promise((resolve) => setTimeout(resolve, 0)); // let the page repaint and take clicks
    }
  } finally {
    trainer.dispose();
    gangrad.disposeModule(networks.generator);
    gangrad.disposeModule(networks.discriminator);
    backend.destroy();
  }
  return { backend: backend.description, steps: history.length ? history[history.length - 1].step : 0, last: history[history.length - 1], score, seconds: (performance.now() - started) / 1000 };
}

async function start() {
  stopRequested = false;
  $('start').disabled = true;
  $('stop').disabled = false;
  try {
    const summary = await train();
    if (params.has('report')) await fetch('/result', { method: 'POST', body: JSON.stringify({ summary, crossOriginIsolated, charts: document.querySelectorAll('.charts svg').length, status: $('status').textContent }) });
  } catch (e) {
    status(`Error: ${e.message}`, true);
    if (params.has('report')) await fetch('/result', { method: 'POST', body: JSON.stringify({ error: String(e.stack ?? e) }) });
  } finally {
    $('start').disabled = false;
    $('stop').disabled = true;
  }
}

$('start').onclick = start;
$('stop').onclick = () => { stopRequested = true; };
status(crossOriginIsolated
  ? 'Ready. Cross-origin isolated: the WebAssembly backend splits large matmuls across Web Workers.'
  : 'Ready. Not cross-origin isolated: WebAssembly runs on one thread (serve with npm run web for all cores).');
if (params.has('autostart')) start();
