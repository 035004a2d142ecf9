// Toy mode: a small GAN learning a 1-D or 2-D distribution, drawn as it trains. The GAN lives in a
// Web Worker (toy-worker.js), which trains it and sends frames to draw, so the page's main thread
// only draws and stays free for clicks and keys (the tests check its longest task).
import { DISTRIBUTIONS, TOY_DEFAULTS } from './toy.js';
import { axes2d, context, cursor, FAKE, heatMap, mappedGrid, points, REAL, view1d } from './draw.js';
import { fittedCharts } from './layout.js';
import { connect } from './worker-rpc.js';

const $ = (id) => document.getElementById(id);
const EXTENT = 3, CELLS = 48, GRID_LINES = 11, GRID_SAMPLES = 24;
const COLORS = { d: '#0072B2', g: '#D55E00', real: '#0072B2', fake: '#E69F00' };

const SETTINGS = [
  ['toy-lrd', 'lrD'], ['toy-lrg', 'lrG'], ['toy-batch', 'batch'], ['toy-k', 'dSteps'], ['toy-smooth', 'smoothing'], ['toy-width', 'width'], ['toy-seed', 'seed'],
];

export function initToy(gangrad, lab) {
  const state = { ready: false, dim: 2, settings: null, history: [], running: false, drawn: [], cursor: [0, 0], stepCount: 0, redraws: 0, started: 0, stepsAtStart: 0, error: null };
  const params = lab.params;
  const charts = fittedCharts(gangrad.lineChart);
  const call = connect('/web/lab/toy-worker.js', (event) => { if (event.type === 'frame') onFrame(event); });
  const worker = call('init', { backendName: params.get('backend') ?? 'wasm' }).then((r) => {
    state.backend = r.description;
    // A backend that failed (a typo in ?backend=) is said where it stays in view: the status line is
    // rewritten by every reset and frame.
    $('backend-description').textContent = `${r.warning ? `${r.warning}. ` : ''}in use: ${r.description}, in Web Workers${crossOriginIsolated ? '' : ' (page not cross-origin isolated: one thread)'}`;
    $('backend-description').className = r.warning ? 'note error' : 'note';
  });

  for (const [name, d] of Object.entries(DISTRIBUTIONS)) $('toy-dist').add(new Option(d.label, name));
  $('toy-dist').value = DISTRIBUTIONS[params.get('toy')] ? params.get('toy') : TOY_DEFAULTS.distribution;
  for (const [id, key] of SETTINGS) $(id).value = String(TOY_DEFAULTS[key]);

  function readSettings() {
    const s = { distribution: $('toy-dist').value };
    for (const [id, key] of SETTINGS) {
      const v = Number($(id).value);
      const integer = ['batch', 'dSteps', 'width', 'seed'].includes(key);
      if (!Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v)) || (key !== 'seed' && key !== 'smoothing' && v <= 0)) {
        throw new Error(`${$(id).closest('label').textContent.trim()}: '${$(id).value}' is not a valid value`);
      }
      // Beyond these a layer's weights pass what a typed array may hold long before anything is learned.
      const most = { width: 4096, batch: 16384 }[key];
      if (most !== undefined && v > most) throw new Error(`${$(id).closest('label').textContent.trim()}: at most ${most}, got ${v}`);
      s[key] = v;
    }
    return s;
  }

  function status(text, isError = false) {
    $('toy-status').textContent = text;
    $('toy-status').className = isError ? 'status error' : 'status';
  }

  const drawing = () => ({
    show: { heat: $('show-heat').checked, real: $('show-real').checked, fake: $('show-fake').checked, grid: $('show-grid').checked },
    cells: CELLS, extent: EXTENT, lines: GRID_LINES, samples: GRID_SAMPLES,
  });

  /**
   * The plot takes keys only while a target is drawn on it. Then it is focusable with role application
   * (WAI-ARIA: for an interaction no widget role has; here arrow keys move a cursor and Enter adds a point),
   * named for that; otherwise it is an image, out of the tab order (an img role takes no input).
   */
  function plotRole(drawnMode) {
    const plot = $('toy-plot');
    plot.setAttribute('role', drawnMode ? 'application' : 'img');
    plot.setAttribute('aria-label', drawnMode ? 'drawing area for the target: arrow keys move the cursor, Enter adds a point there'
      : "target and generated points over the discriminator's output");
    if (drawnMode) {
      plot.setAttribute('aria-describedby', 'toy-draw-hint');
      plot.tabIndex = 0;
    } else {
      plot.removeAttribute('aria-describedby');
      plot.removeAttribute('tabindex');
    }
  }

  /** Play and One step only where there is a GAN to train: a click that did nothing would look like a fault. */
  function enableTraining(on) {
    $('toy-play').disabled = !on;
    $('toy-step').disabled = !on || state.running;
  }

  async function reset() {
    await pause();
    enableTraining(false);
    state.history = [];
    state.stepCount = 0;
    state.ready = false;
    const drawnMode = $('toy-dist').value === 'drawn';
    // The layers' names follow what is drawn: in 1-D, D is a curve and the latent grid a fan of lines.
    const oneD = DISTRIBUTIONS[$('toy-dist').value]?.dim === 1;
    $('show-heat-name').textContent = oneD ? 'D(x) curve' : 'D(x) heat map';
    $('show-grid-name').textContent = oneD ? 'z₁ → G(z) lines' : 'latent grid under G';
    $('toy-clear').hidden = !drawnMode;
    $('toy-draw-hint').hidden = !drawnMode;
    plotRole(drawnMode);
    try {
      await worker;
      if (drawnMode && state.drawn.length === 0) {
        status('Click the plot to add target points (or focus it: arrow keys move a cursor, Enter adds a point).');
        drawCharts();
        return redraw();
      }
      const { dim, settings } = await call('reset', { settings: readSettings(), drawn: state.drawn });
      Object.assign(state, { dim, settings, ready: true, error: null });
      enableTraining(true);
      status(`step 0 · ${settings.distribution}: G ${settings.latentDim} → ${settings.width} → ${settings.width} → ${dim}, D ${dim} → ${settings.width} → ${settings.width} → 1 · ${state.backend} (in a Web Worker)`);
    } catch (e) {
      state.error = e.message;
      status(`Error: ${e.message}`, true);
    }
    drawCharts();
    await redraw();
  }

  /** Draw one view computed by the worker (see toy-worker.js). */
  function draw(v) {
    const [ctx, w, h] = context($('toy-plot'));
    const show = drawing().show;
    if (!v) {
      // Nothing to train yet (e.g. no points drawn): show the drawn points, if any.
      points(ctx, w, h, Float32Array.from(state.drawn.flat()), EXTENT, REAL, 3);
      axes2d(ctx, w, h, EXTENT);
      if ($('toy-dist').value === 'drawn') cursor(ctx, w, h, state.cursor, EXTENT);
      return;
    }
    if (v.dim === 2) {
      if (show.heat && v.heat) heatMap(ctx, w, h, v.heat, CELLS);
      if (show.grid && v.grid) mappedGrid(ctx, w, h, v.grid, GRID_LINES, GRID_SAMPLES, EXTENT);
      if (show.real) points(ctx, w, h, v.real, EXTENT, REAL);
      if (show.fake) points(ctx, w, h, v.fake, EXTENT, FAKE);
      axes2d(ctx, w, h, EXTENT);
      if ($('toy-dist').value === 'drawn') cursor(ctx, w, h, state.cursor, EXTENT);
    } else {
      view1d(ctx, w, h, { ...v, extent: 4, show });
    }
    state.redraws++;
  }

  async function redraw() {
    draw(state.ready ? await call('view', drawing()) : null);
  }

  function drawCharts() {
    if (state.history.length === 0) {
      // lineChart fits its axes to the data: with none it would print Infinity ticks and NaN positions.
      charts.clear($('toy-losses'), '<p class="note chart-empty">Losses: drawn here from the first training step (▶ Play or One step).</p>');
      charts.clear($('toy-probs'), '<p class="note chart-empty">D(x) and D(G(z)): drawn here from the first training step.</p>');
      return;
    }
    const h = state.history, every = Math.max(1, Math.ceil(h.length / 400));
    const shown = h.filter((_, i) => i % every === 0 || i === h.length - 1);
    const step = shown.map((m) => m.step);
    charts.draw($('toy-losses'), {
      title: 'Losses', xLabel: 'training step', yLabel: 'binary cross-entropy (nats)', height: 230,
      series: [
        { name: 'D loss', x: step, y: shown.map((m) => m.dLoss), color: COLORS.d },
        { name: 'G loss', x: step, y: shown.map((m) => m.gLoss), color: COLORS.g, dashed: true },
      ],
    }, 520);
    charts.draw($('toy-probs'), {
      title: 'Discriminator outputs', xLabel: 'training step', yLabel: 'mean probability of "real"', height: 230,
      series: [
        { name: 'D(x), real', x: step, y: shown.map((m) => m.dReal), color: COLORS.real },
        { name: 'D(G(z)), generated', x: step, y: shown.map((m) => m.dFake), color: COLORS.fake, dashed: true },
      ],
    }, 520);
  }

  function report() {
    const last = state.history[state.history.length - 1];
    const rate = state.running ? `  ${((state.stepCount - state.stepsAtStart) / ((performance.now() - state.started) / 1000)).toFixed(0)} steps/s` : '';
    status(`step ${state.stepCount}` + (last ? `  D loss ${last.dLoss.toFixed(3)}  G loss ${last.gLoss.toFixed(3)}  D(x) ${last.dReal.toFixed(2)}  D(G(z)) ${last.dFake.toFixed(2)}` : '') + rate + (state.running ? '' : '  (paused)'));
  }

  /** A frame from the playing worker: new metrics, the step count and a view to draw. */
  function onFrame(frame) {
    state.history.push(...frame.metrics);
    state.stepCount = frame.stepCount;
    draw(frame.view);
    drawCharts();
    report();
  }

  async function play() {
    if (state.running || !state.ready) return;
    state.running = true;
    state.started = performance.now();
    state.stepsAtStart = state.stepCount;
    // The label says the state (a toggle that also changed aria-pressed read as "Pause, pressed").
    $('toy-play').textContent = '❚❚ Pause';
    $('toy-step').disabled = true;
    // Frames rewrite the status ~7 times a second: a screen reader would read it without end.
    $('toy-status').setAttribute('aria-live', 'off');
    await call('play', { drawing: drawing() });
  }

  async function pause() {
    if (!state.running) return;
    state.running = false;
    $('toy-play').textContent = '▶ Play';
    $('toy-step').disabled = false;
    $('toy-status').setAttribute('aria-live', 'polite');
    state.stepCount = (await call('pause')).stepCount;
    report();
  }

  const guard = (fn) => async (...args) => {
    try { await fn(...args); } catch (e) { status(`Error: ${e.message}`, true); }
  };
  $('toy-play').onclick = guard(() => (state.running ? pause() : play()));
  $('toy-step').onclick = guard(async () => {
    if (state.running || !state.ready) return;
    const { metrics, stepCount } = await call('step');
    state.history.push(...metrics);
    state.stepCount = stepCount;
    drawCharts();
    report();
    await redraw();
  });
  $('toy-reset').onclick = guard(reset);
  $('toy-dist').onchange = guard(reset);
  for (const [id, key] of SETTINGS) {
    $(id).onchange = guard(async () => {
      // Learning rates apply to the running optimisers; the other settings need new networks.
      if ((key === 'lrD' || key === 'lrG') && state.ready && Number($(id).value) > 0) {
        await call('setLearningRate', { which: key === 'lrD' ? 'D' : 'G', lr: Number($(id).value) });
      } else {
        await reset();
      }
    });
  }
  for (const id of ['show-heat', 'show-real', 'show-fake', 'show-grid']) {
    $(id).onchange = guard(async () => {
      if (!state.running) return redraw();
      // The playing worker draws what it was told when play started: restart it with the new layers.
      await pause();
      await play();
    });
  }

  // Drawing a target: click to add a point; from the keyboard, arrows move a cursor and Enter adds it.
  const canvas = $('toy-plot');
  const addPoint = (x, y) => {
    if ($('toy-dist').value !== 'drawn') return;
    state.drawn.push([x, y]);
    void reset();
  };
  canvas.onclick = (event) => {
    const box = canvas.getBoundingClientRect();
    addPoint(((event.clientX - box.left) / box.width) * 2 * EXTENT - EXTENT, EXTENT - ((event.clientY - box.top) / box.height) * 2 * EXTENT);
  };
  canvas.onkeydown = (event) => {
    // The keyboard cursor only draws a target: elsewhere it would promise points that Enter cannot add.
    if ($('toy-dist').value !== 'drawn') return;
    const moves = { ArrowLeft: [-0.25, 0], ArrowRight: [0.25, 0], ArrowUp: [0, 0.25], ArrowDown: [0, -0.25] };
    if (moves[event.key]) {
      state.cursor = state.cursor.map((c, i) => Math.max(-EXTENT, Math.min(EXTENT, c + moves[event.key][i])));
      event.preventDefault();
      status(`cursor at (${state.cursor[0].toFixed(2)}, ${state.cursor[1].toFixed(2)}): Enter adds a point there`);
      if (!state.running) void redraw(); // a playing worker's next frame draws it
    } else if (event.key === 'Enter') {
      addPoint(...state.cursor);
    }
  };
  $('toy-clear').onclick = () => { state.drawn = []; void reset(); };
  // The plot drawn while hidden, or before the window was resized, has another size than its box: drawn
  // again when shown or resized (while playing, the next frame does it).
  if (typeof ResizeObserver === 'function') {
    new ResizeObserver(() => {
      const fits = canvas.width === Math.round(canvas.clientWidth * (globalThis.devicePixelRatio || 1));
      if (canvas.clientWidth > 0 && !fits && !state.running) void guard(redraw)();
    }).observe(canvas);
  }

  lab.onModeChange = (mode) => { if (mode !== 'toy') void pause(); };
  const built = reset();

  return {
    state,
    get stepCount() { return state.stepCount; },
    get running() { return state.running; },
    play, pause, reset, redraw,
    /** One step recorded phase by phase (for the step-through view); returns host copies of every phase's tensors. */
    async record() {
      await built;
      await pause();
      if (!state.ready) throw new Error(`the toy GAN could not be built${state.error ? `: ${state.error}` : ''}`);
      const r = await call('record');
      state.history.push(...r.metrics);
      state.stepCount = r.stepCount;
      // The toy view shows this step too (its status and charts, not only its plot).
      drawCharts();
      report();
      void redraw();
      return r;
    },
    /** Share of `count` generated points (seed `seed`) near each of the 8 Gaussians. */
    shares: (count, seed) => call('shares', { count, seed }),
  };
}
