// Toy mode: a small GAN learning a 1-D or 2-D distribution, drawn as it trains. Training runs in
// chunks of at most CHUNK_MS on the main thread with a yield between them, so clicks and keys are
// handled while it plays (the tests check the longest main-thread task).
import { createToyGan, discriminate, DISTRIBUTIONS, generatePoints, gridPoints, latentGridImage, TOY_DEFAULTS } from './toy.js';
import { axes2d, context, FAKE, heatMap, mappedGrid, points, REAL, view1d } from './draw.js';

const $ = (id) => document.getElementById(id);
const CHUNK_MS = 20, DRAW_EVERY_MS = 150, EXTENT = 3, CELLS = 48, GRID_LINES = 11, GRID_SAMPLES = 24, SHOWN = 512;
const COLORS = { d: '#0072B2', g: '#D55E00', real: '#0072B2', fake: '#E69F00' };
/** A macrotask boundary without setTimeout's 4 ms clamp: input events get their turn here. */
const yieldToPage = () => new Promise((resolve) => { const c = new MessageChannel(); c.port1.onmessage = resolve; c.port2.postMessage(0); });

const SETTINGS = [
  ['toy-lrd', 'lrD'], ['toy-lrg', 'lrG'], ['toy-batch', 'batch'], ['toy-k', 'dSteps'], ['toy-smooth', 'smoothing'], ['toy-width', 'width'], ['toy-seed', 'seed'],
];

export function initToy(gangrad, lab) {
  const state = { gan: null, history: [], running: false, drawn: [], cursor: [0, 0], recorder: null, drawing: null, lastDraw: 0, started: 0, stepsAtStart: 0 };
  const params = lab.params;

  for (const [name, d] of Object.entries(DISTRIBUTIONS)) $('toy-dist').add(new Option(d.label, name));
  $('toy-dist').value = params.get('toy') ?? TOY_DEFAULTS.distribution;
  for (const [id, key] of SETTINGS) $(id).value = String(TOY_DEFAULTS[key]);

  function readSettings() {
    const s = { distribution: $('toy-dist').value };
    for (const [id, key] of SETTINGS) {
      const v = Number($(id).value);
      const integer = ['batch', 'dSteps', 'width', 'seed'].includes(key);
      if (!Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v)) || (key !== 'seed' && key !== 'smoothing' && v <= 0)) {
        throw new Error(`${$(id).closest('label').textContent.trim()}: '${$(id).value}' is not a valid value`);
      }
      s[key] = v;
    }
    return s;
  }

  function status(text, isError = false) {
    $('toy-status').textContent = text;
    $('toy-status').className = isError ? 'status error' : 'status';
  }

  function reset() {
    pause();
    state.gan?.dispose();
    state.gan = null;
    state.history = [];
    const drawnMode = $('toy-dist').value === 'drawn';
    $('toy-clear').hidden = !drawnMode;
    $('toy-draw-hint').hidden = !drawnMode;
    try {
      state.gan = createToyGan(gangrad, readSettings(), state.drawn, (phase, tensors) => state.recorder?.(phase, tensors));
      status(`step 0 · ${state.gan.settings.distribution}: G ${state.gan.settings.latentDim} → ${state.gan.settings.width} → ${state.gan.settings.width} → ${state.gan.dim}, D ${state.gan.dim} → ${state.gan.settings.width} → ${state.gan.settings.width} → 1`);
    } catch (e) {
      status(`Error: ${e.message}`, true);
    }
    drawCharts();
    return redraw();
  }

  async function redraw() {
    const gan = state.gan;
    const [ctx, w, h] = context($('toy-plot'));
    state.lastDraw = performance.now();
    if (!gan) {
      // Nothing to train yet (e.g. no points drawn): show the drawn points, if any.
      points(ctx, w, h, Float32Array.from(state.drawn.flat()), EXTENT, REAL, 3);
      axes2d(ctx, w, h, EXTENT);
      return;
    }
    const show = { heat: $('show-heat').checked, real: $('show-real').checked, fake: $('show-fake').checked, grid: $('show-grid').checked };
    const fake = await generatePoints(gangrad, gan, gan.dim === 2 ? SHOWN : 2000, 12345);
    if (gan !== state.gan) return; // reset while we waited
    if (gan.dim === 2) {
      if (show.heat) heatMap(ctx, w, h, await discriminate(gangrad, gan, gridPoints(CELLS, EXTENT)), CELLS);
      if (show.grid) mappedGrid(ctx, w, h, await latentGridImage(gangrad, gan, GRID_LINES, GRID_SAMPLES), GRID_LINES, GRID_SAMPLES, EXTENT);
      if (show.real) points(ctx, w, h, gan.data.subarray(0, 2 * SHOWN), EXTENT, REAL);
      if (show.fake) points(ctx, w, h, fake, EXTENT, FAKE);
      axes2d(ctx, w, h, EXTENT);
    } else {
      const curveX = Float32Array.from({ length: 161 }, (_, i) => -4 + i * 0.05);
      const mapZ = Float32Array.from({ length: 21 }, (_, i) => -2 + i * 0.2);
      const z = new Float32Array(42);
      mapZ.forEach((v, i) => { z[2 * i] = v; });
      const mapped = gangrad.noGrad(() => gangrad.tidy(() => gan.generator.forward(gangrad.tensor(z, [21, 2]))));
      const mapX = await mapped.data();
      mapped.dispose();
      view1d(ctx, w, h, { real: gan.data, fake, curveX, curveD: await discriminate(gangrad, gan, curveX), mapZ, mapX, extent: 4, show });
    }
    state.redraws = (state.redraws ?? 0) + 1;
  }

  function drawCharts() {
    const h = state.history, every = Math.max(1, Math.ceil(h.length / 400));
    const shown = h.filter((_, i) => i % every === 0 || i === h.length - 1);
    const step = shown.map((m) => m.step);
    $('toy-losses').innerHTML = gangrad.lineChart({
      title: 'Losses', xLabel: 'training step', yLabel: 'binary cross-entropy (nats)', width: 520, height: 230,
      series: [
        { name: 'D loss', x: step, y: shown.map((m) => m.dLoss), color: COLORS.d },
        { name: 'G loss', x: step, y: shown.map((m) => m.gLoss), color: COLORS.g, dashed: true },
      ],
    });
    $('toy-probs').innerHTML = gangrad.lineChart({
      title: 'Discriminator outputs', xLabel: 'training step', yLabel: 'mean probability of "real"', width: 520, height: 230,
      series: [
        { name: 'D(x), real', x: step, y: shown.map((m) => m.dReal), color: COLORS.real },
        { name: 'D(G(z)), generated', x: step, y: shown.map((m) => m.dFake), color: COLORS.fake, dashed: true },
      ],
    });
  }

  function report() {
    const last = state.history[state.history.length - 1];
    const rate = state.running ? `  ${((state.gan.trainer.stepCount - state.stepsAtStart) / ((performance.now() - state.started) / 1000)).toFixed(0)} steps/s` : '';
    status(`step ${state.gan.trainer.stepCount}` + (last ? `  D loss ${last.dLoss.toFixed(3)}  G loss ${last.gLoss.toFixed(3)}  D(x) ${last.dReal.toFixed(2)}  D(G(z)) ${last.dFake.toFixed(2)}` : '') + rate + (state.running ? '' : '  (paused)'));
  }

  async function trainStep() {
    const m = await state.gan.trainer.step();
    if (m) state.history.push(m);
  }

  async function play() {
    if (state.running || !state.gan) return;
    state.running = true;
    state.started = performance.now();
    state.stepsAtStart = state.gan.trainer.stepCount;
    $('toy-play').textContent = '❚❚ Pause';
    $('toy-play').setAttribute('aria-pressed', 'true');
    $('toy-step').disabled = true;
    try {
      while (state.running) {
        const chunkStart = performance.now();
        do await trainStep(); while (state.running && performance.now() - chunkStart < CHUNK_MS);
        await yieldToPage();
        if (state.running && performance.now() - state.lastDraw > DRAW_EVERY_MS) {
          await redraw();
          await yieldToPage();
          drawCharts();
          report();
          await yieldToPage();
        }
      }
    } catch (e) {
      status(`Error: ${e.message}`, true);
      state.running = false;
    }
  }

  function pause() {
    if (!state.running) return;
    state.running = false;
    $('toy-play').textContent = '▶ Play';
    $('toy-play').setAttribute('aria-pressed', 'false');
    $('toy-step').disabled = false;
    if (state.gan) { drawCharts(); report(); void redraw(); }
  }

  $('toy-play').onclick = () => (state.running ? pause() : play());
  $('toy-step').onclick = async () => {
    if (state.running || !state.gan) return;
    await trainStep();
    drawCharts();
    report();
    await redraw();
  };
  $('toy-reset').onclick = reset;
  $('toy-dist').onchange = reset;
  for (const [id, key] of SETTINGS) {
    $(id).onchange = () => {
      // Learning rates apply to the running optimisers; the other settings need new networks.
      if ((key === 'lrD' || key === 'lrG') && state.gan && Number($(id).value) > 0) {
        (key === 'lrD' ? state.gan.trainer.discriminatorOptimizer : state.gan.trainer.generatorOptimizer).lr = Number($(id).value);
      } else {
        reset();
      }
    };
  }
  for (const id of ['show-heat', 'show-real', 'show-fake', 'show-grid']) $(id).onchange = () => redraw();

  // Drawing a target: click to add a point; from the keyboard, arrows move a cursor and Enter adds it.
  const canvas = $('toy-plot');
  canvas.tabIndex = 0;
  const addPoint = (x, y) => {
    if ($('toy-dist').value !== 'drawn') return;
    state.drawn.push([x, y]);
    reset();
  };
  canvas.onclick = (event) => {
    const box = canvas.getBoundingClientRect();
    addPoint(((event.clientX - box.left) / box.width) * 2 * EXTENT - EXTENT, EXTENT - ((event.clientY - box.top) / box.height) * 2 * EXTENT);
  };
  canvas.onkeydown = (event) => {
    const moves = { ArrowLeft: [-0.25, 0], ArrowRight: [0.25, 0], ArrowUp: [0, 0.25], ArrowDown: [0, -0.25] };
    if (moves[event.key]) {
      state.cursor = state.cursor.map((c, i) => Math.max(-EXTENT, Math.min(EXTENT, c + moves[event.key][i])));
      event.preventDefault();
      status(`cursor at (${state.cursor[0].toFixed(2)}, ${state.cursor[1].toFixed(2)}): Enter adds a point there`);
    } else if (event.key === 'Enter') {
      addPoint(...state.cursor);
    }
  };
  $('toy-clear').onclick = () => { state.drawn = []; reset(); };

  lab.onModeChange = (mode) => { if (mode !== 'toy') pause(); };
  void reset();

  return {
    state,
    get gan() { return state.gan; },
    get stepCount() { return state.gan?.trainer.stepCount ?? 0; },
    get running() { return state.running; },
    play, pause, reset, redraw,
  };
}
