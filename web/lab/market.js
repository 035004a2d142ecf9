// Market mode: the return GAN of `gangrad train` trained on the bundled S&P 500 closes or on a CSV the
// user picks (parsed in the worker; errors name the line), with live charts; the trained model exported as a
// .safetensors file that `gangrad sample` loads, and models from `gangrad train` loaded. The model
// lives in a Web Worker (market-worker.js), so training never blocks the page.

import { fittedCharts } from './layout.js';
import { connect } from './worker-rpc.js';

const $ = (id) => document.getElementById(id);
const BUNDLED = 'sp500_gspc_daily.csv';
const PATHS = 200;
const INK = '#222', GENERATED = '#E69F00', D_COLOR = '#0072B2', G_COLOR = '#D55E00';

async function sha256Hex(bytes) {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function initMarket(gangrad, lab) {
  const params = lab.params;
  for (const key of ['steps', 'seed']) if (params.has(key)) $(key).value = params.get(key);
  const charts = fittedCharts(gangrad.lineChart);
  const state = { fileData: null, model: null, training: false, lastSamples: null, history: [], score: null, progress: null };
  const call = connect('/web/lab/market-worker.js', (event) => (event.type === 'progress' ? onProgress(event) : status(event.message, true)));
  const ready = call('init', { backendName: params.get('backend') ?? 'wasm' }).then((r) => { state.backend = r.description; });

  /** Whether the status line is read out as it changes: not while training rewrites it every few steps. */
  const spoken = (on) => $('status').setAttribute('aria-live', on ? 'polite' : 'off');

  function status(text, isError = false) {
    $('status').textContent = text;
    $('status').className = isError ? 'status error' : 'status';
  }

  /**
   * A CSV's text with the SHA-256 of its bytes (recorded in the model file, as gangrad train records the
   * file's); the worker parses it. Decoded as the CLI decodes a file: UTF-16 by its byte-order mark, else UTF-8.
   */
  async function load(bytes, name) {
    return { name, text: gangrad.decodePriceBytes(bytes), sha256: await sha256Hex(bytes) };
  }

  async function bundled() {
    if (!state.bundled) {
      const response = await fetch(`/data/${BUNDLED}`);
      if (!response.ok) throw new Error(`/data/${BUNDLED}: HTTP ${response.status}`);
      state.bundled = await load(new Uint8Array(await response.arrayBuffer()), BUNDLED);
    }
    return state.bundled;
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
    charts.draw($('losses'), {
      title: 'Losses', xLabel: 'training step', yLabel: 'binary cross-entropy (nats)',
      series: [
        { name: 'D loss', x: step, y: history.map((m) => m.dLoss), color: D_COLOR },
        { name: 'G loss', x: step, y: history.map((m) => m.gLoss), color: G_COLOR, dashed: true },
      ],
    }, 560);
    charts.draw($('probabilities'), {
      title: 'Discriminator outputs', xLabel: 'training step', yLabel: 'mean probability of "real"',
      series: [
        { name: 'D(x), real', x: step, y: history.map((m) => m.dReal), color: D_COLOR },
        { name: 'D(G(z)), generated', x: step, y: history.map((m) => m.dFake), color: GENERATED, dashed: true },
      ],
    }, 560);
  }

  function drawSamples(real, windows) {
    const pooled = Float64Array.from(windows.flatMap((w) => Array.from(w)));
    const r = density(real), s = density(pooled);
    // The Gaussian overlay stops at ±5σ (density ~1e-6): further out it would only stretch the axis.
    const near = r.x.filter((x) => Math.abs(x) <= 5);
    const gaussian = near.map((x) => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI));
    charts.draw($('density'), {
      title: 'Return density (standardised, log scale)', xLabel: 'daily log return (σ)', yLabel: 'density (per σ)', logY: true,
      series: [
        { name: 'real (validation)', x: r.x, y: r.y, color: INK },
        { name: 'generated', x: s.x, y: s.y, color: GENERATED },
        { name: 'Gaussian', x: near, y: gaussian, color: '#999', dashed: true },
      ],
    }, 560);
    const lags = Array.from({ length: 30 }, (_, i) => i + 1);
    charts.draw($('acf'), {
      title: 'Volatility clustering: ACF of |r|', xLabel: 'lag (trading days)', yLabel: 'autocorrelation', zeroLine: true,
      series: [
        { name: 'real (validation)', x: lags, y: gangrad.stylized.autocorrelation(gangrad.stylized.absolute([real])[0], 30), color: INK },
        { name: 'generated', x: lags, y: gangrad.stylized.autocorrelation(gangrad.stylized.absolute(windows), 30), color: GENERATED },
      ],
    }, 560);
  }

  /** What the page draws after each progress message from the worker. */
  function onProgress(p) {
    state.progress = p;
    state.history.push(...p.metrics);
    if (p.score) state.score = p.score;
    if (p.samples) drawSamples(p.samples.validation, p.samples.windows);
    if (p.metrics.length) drawTraining(state.history);
    status(trainingStatus({ step: p.step, steps: p.steps, stepsPerSecond: p.step / p.seconds }));
  }

  /**
   * The status line of a run: the backend and data, then where training is with the last logged losses
   * and validation score. Stopped early, it says the step it stopped at (the model's) in place of "step
   * N/M", and at which step the losses shown were logged, so that no line reads as a run under way.
   */
  function trainingStatus({ step, steps, stepsPerSecond, stoppedAt = null }) {
    const last = state.history[state.history.length - 1], score = state.score;
    const losses = last ? `D ${last.dLoss.toFixed(3)}  G ${last.gLoss.toFixed(3)}  D(x) ${last.dReal.toFixed(2)}  D(G(z)) ${last.dFake.toFixed(2)}` : '';
    const validation = score ? `  validation W1 ${score.w1.toFixed(3)}, ACF|r| error ${score.acfAbsError.toFixed(3)}` : '';
    const head = `${state.backend} (in a Web Worker) · ${state.model?.name ?? ''}\n`;
    if (stoppedAt === null) return head + `step ${step}/${steps}` + (losses ? `  ${losses}` : '') + `  ${stepsPerSecond.toFixed(1)} steps/s` + validation;
    return head + `stopped at step ${stoppedAt} of ${steps}` + (losses ? ` (last logged at step ${last.step}: ${losses})` : '') + validation + '; the model so far can be exported or sampled';
  }

  async function drawPaths() {
    const seed = Number($('market-sample-seed').value);
    if (!Number.isInteger(seed) || seed < 0) throw new Error(`sample seed must be a non-negative integer, got '${$('market-sample-seed').value}'`);
    const { paths, window, generated, real } = await call('sample', { count: PATHS, seed });
    state.lastSamples = { seed, count: PATHS, paths };
    const days = Array.from({ length: window + 1 }, (_, i) => i);
    const prices = (returns) => { let p = 100; return [100, ...Array.from(returns, (r) => (p *= Math.exp(r)))]; };
    const bands = [{ name: 'generated 10–90%', x: days, lower: generated.lower, upper: generated.upper, color: GENERATED, opacity: 0.3 }];
    const series = [
      { name: 'generated median', x: days, y: generated.median, color: GENERATED, width: 2 },
      { name: 'one generated path', x: days, y: prices(paths[0]), color: G_COLOR, width: 1, dashed: true },
    ];
    if (real) {
      bands.unshift({ name: 'real 10–90%', x: days, lower: real.lower, upper: real.upper, color: '#777', opacity: 0.25 });
      series.unshift({ name: 'real median', x: days, y: real.median, color: INK, width: 2 });
    }
    charts.draw($('paths'), {
      title: `${window}-day price paths: ${PATHS} generated (seed ${seed})` + (real ? ` against every real stretch, ${real.years}` : ''), xLabel: 'trading day', yLabel: 'price (start = 100)', height: 340, bands, series,
    }, 1000, 640);
  }

  function setModel(model) {
    state.model = model;
    $('market-export').disabled = false;
    $('market-sample').disabled = false;
  }

  async function train() {
    const steps = Number($('steps').value), seed = Number($('seed').value);
    if (!(Number.isInteger(steps) && steps > 0)) throw new Error(`steps must be a positive integer, got '${$('steps').value}'`);
    if (!(Number.isInteger(seed) && seed >= 0)) throw new Error(`seed must be a non-negative integer, got '${$('seed').value}'`);
    const data = $('market-source').value === 'file' && state.fileData ? state.fileData : await bundled();
    await ready;
    $('every').textContent = String(gangrad.DEFAULT_CONFIG.evalEvery);
    state.history = [];
    state.score = null;
    state.model = { name: data.name };
    status(`${state.backend} (in a Web Worker) · ${data.name}\npreparing the data…`);
    spoken(false);
    const summary = await call('train', { data: { name: data.name, text: data.text, sha256: data.sha256 }, steps, seed }).finally(() => spoken(true));
    setModel(state.model);
    await drawPaths();
    // Stopped early: the status says so in place of its last "step N/M", which would read as a run still under way.
    if (summary.stepCount < steps) status(trainingStatus({ steps, stoppedAt: summary.stepCount }));
    return summary;
  }

  async function start() {
    if (state.training) return;
    state.stopRequested = false;
    state.training = true;
    // A disabled button drops the keyboard focus on the page's body: hand it between Train and Stop.
    const handOver = (from, to) => { const had = document.activeElement === from; from.disabled = true; to.disabled = false; if (had) to.focus(); };
    handOver($('start'), $('stop'));
    try {
      const summary = await train();
      state.summary = summary;
      if (params.has('report')) await fetch('/result', { method: 'POST', body: JSON.stringify({ summary, crossOriginIsolated, cores: navigator.hardwareConcurrency, charts: $('market').querySelectorAll('.charts svg').length, status: $('status').textContent }) });
    } catch (e) {
      status(`Error: ${e.message}`, true);
      if (params.has('report')) await fetch('/result', { method: 'POST', body: JSON.stringify({ error: String(e.stack ?? e) }) });
    } finally {
      state.training = false;
      handOver($('stop'), $('start'));
    }
  }

  async function exportModel() {
    const { bytes, step } = await call('export');
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
    link.download = 'model.safetensors';
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    status(`Exported model.safetensors (${(bytes.length / 1024).toFixed(0)} KiB, step ${step}). Put it in a folder DIR and run: gangrad sample --model DIR --count ${PATHS} --seed ${$('market-sample-seed').value} --out paths.csv`);
    return bytes.length;
  }

  async function importModel(file) {
    await ready;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const { step, data, window, hidden } = await call('import', { name: file.name, bytes }, [bytes.buffer]);
    setModel({ name: file.name });
    await drawPaths();
    status(`Loaded ${file.name}: step ${step}, trained on ${data.file} (${data.firstDate} … ${data.lastDate}), window ${window}, hidden ${hidden.join('×')}.`);
  }

  const guard = (fn) => async (...args) => {
    try { await fn(...args); } catch (e) { status(`Error: ${e.message}`, true); }
  };
  $('start').onclick = start;
  $('stop').onclick = () => { void call('stop'); };
  $('market-csv').onchange = guard(async () => {
    const file = $('market-csv').files[0];
    if (!file) return;
    state.fileData = null;
    $('market-source').querySelector('[value=file]').disabled = true;
    $('market-source').value = 'bundled';
    const data = await load(new Uint8Array(await file.arrayBuffer()), file.name);
    await ready;
    const s = await call('check', { name: data.name, text: data.text });
    state.fileData = data;
    const option = $('market-source').querySelector('[value=file]');
    option.disabled = false;
    option.textContent = `your CSV: ${file.name}`;
    $('market-source').value = 'file';
    status(`Loaded ${file.name}: ${s.prices} prices (column '${s.column}') from ${s.firstDate} to ${s.lastDate}. Press Train.`);
  });
  $('market-export').onclick = guard(exportModel);
  $('market-import').onchange = guard(async () => { if ($('market-import').files[0]) await importModel($('market-import').files[0]); });
  $('market-sample').onclick = guard(drawPaths);

  const backendName = params.get('backend') ?? 'wasm';
  status(backendName !== 'wasm' && backendName !== 'auto' ? `Ready. Backend ${backendName} (from the page's ?backend=).`
    : crossOriginIsolated
      ? 'Ready. Cross-origin isolated: the WebAssembly backend splits large matmuls across Web Workers.'
      : 'Ready. Not cross-origin isolated: WebAssembly runs on one thread (serve with npm run web for all cores).');
  // Fetch the bundled file while the page is idle.
  void bundled().catch(() => { /* reported when Train needs it */ });
  if (params.has('autostart')) void start();
  return { state, start, exportModel };
}
