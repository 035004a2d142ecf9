// Toy mode's Web Worker: the toy GAN trains here, and what the page draws (generated points, D on a
// grid, the latent grid under G) is computed here and posted as frames, so the page's main thread
// only draws. Step-through recordings are made here too, by the trainer's onPhase hook.
import * as gangrad from '/lib/index.js';
import { createToyGan, discriminate, DISTRIBUTIONS, forwardRows, generatePoints, gridPoints, latentGridImage, modeShares } from './toy.js';
import { serve } from './worker-rpc.js';

const SHOWN = 512, FRAME_MS = 150;
let gan = null, recorder = null, loop = null, running = false;

/** What the page draws: generated points, D's output and G's image of the latent grid, for the layers shown. */
async function view({ show, cells, extent, lines, samples }) {
  if (!gan) return null;
  const fake = await generatePoints(gangrad, gan, gan.dim === 2 ? SHOWN : 2000, 12345);
  if (gan.dim === 2) {
    return {
      dim: 2, fake,
      real: gan.data.slice(0, 2 * SHOWN),
      heat: show.heat ? await discriminate(gangrad, gan, gridPoints(cells, extent)) : null,
      grid: show.grid ? await latentGridImage(gangrad, gan, lines, samples) : null,
    };
  }
  const curveX = Float32Array.from({ length: 161 }, (_, i) => -4 + i * 0.05);
  const mapZ = Float32Array.from({ length: 21 }, (_, i) => -2 + i * 0.2);
  const z = new Float32Array(42);
  mapZ.forEach((v, i) => { z[2 * i] = v; });
  return { dim: 1, fake, real: gan.data, curveX, curveD: await discriminate(gangrad, gan, curveX), mapZ, mapX: await forwardRows(gangrad, gan.generator, z, 2) };
}

async function stopLoop() {
  running = false;
  await loop;
}

/** One training step; the metrics it read back, if any. */
async function step() {
  const m = await gan.trainer.step();
  return m ? [m] : [];
}

/** Keep training, posting a frame (new metrics, step count, view) every FRAME_MS, until paused. */
async function play(drawing) {
  let metrics = [], lastFrame = 0, lastTurn = performance.now();
  while (running) {
    metrics.push(...await step());
    if (performance.now() - lastTurn > 20) { // let a 'pause' message in
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastTurn = performance.now();
    }
    if (running && performance.now() - lastFrame > FRAME_MS) {
      postMessage({ type: 'frame', stepCount: gan.trainer.stepCount, metrics, view: await view(drawing) });
      metrics = [];
      lastFrame = performance.now();
    }
  }
  postMessage({ type: 'frame', stepCount: gan.trainer.stepCount, metrics, view: await view(drawing) });
}

/** One step with the onPhase hook keeping copies of each phase's tensors; returns them as host arrays. */
async function record() {
  const copy = (t) => gangrad.keep(gangrad.noGrad(() => gangrad.clone(t)));
  const snapshot = (module) => module.namedParameters().map(([name, p]) => [name, p.shape, copy(p)]);
  const phases = [];
  recorder = (phase, tensors) => {
    const entry = { phase, offset: gan.trainer.latent.offset, tensors: Object.entries(tensors).map(([name, t]) => [name, t.shape, copy(t)]) };
    // Parameters before an update (the hook runs after backward, before Adam), and D's after G's update (it must not move).
    if (phase === 'discriminator-backward') entry.before = snapshot(gan.discriminator);
    if (phase === 'generator-backward') entry.before = snapshot(gan.generator);
    if (phase === 'generator-adam') entry.discriminatorAfter = snapshot(gan.discriminator);
    phases.push(entry);
  };
  let metrics;
  try {
    metrics = await step();
  } finally {
    recorder = null;
  }
  const host = (list) => Promise.all((list ?? []).map(async ([name, shape, t]) => {
    const values = Array.from(await t.data());
    t.dispose();
    return { name, shape: [...shape], values };
  }));
  const recorded = [];
  for (const p of phases) {
    recorded.push({ phase: p.phase, offset: p.offset, tensors: await host(p.tensors), before: p.before && await host(p.before), discriminatorAfter: p.discriminatorAfter && await host(p.discriminatorAfter) });
  }
  return { recorded, metrics, stepCount: gan.trainer.stepCount };
}

serve({
  async init({ backendName }) {
    let warning = null;
    let backend;
    try {
      backend = await gangrad.createBackend(backendName);
    } catch (e) {
      backend = await gangrad.createBackend('cpu');
      warning = `${backendName} failed in the worker (${e.message}); using the CPU reference`;
    }
    gangrad.setBackend(backend);
    return { description: backend.description, warning };
  },
  async reset({ settings, drawn }) {
    await stopLoop();
    gan?.dispose();
    gan = null;
    gan = createToyGan(gangrad, settings, drawn, (phase, tensors) => recorder?.(phase, tensors));
    return { dim: gan.dim, settings: gan.settings };
  },
  async step() {
    await stopLoop();
    return { metrics: await step(), stepCount: gan.trainer.stepCount };
  },
  async play({ drawing }) {
    if (running) return {};
    running = true;
    loop = play(drawing);
    return {};
  },
  async pause() {
    await stopLoop();
    return { stepCount: gan?.trainer.stepCount ?? 0 };
  },
  async setLearningRate({ which, lr }) {
    if (gan) (which === 'D' ? gan.trainer.discriminatorOptimizer : gan.trainer.generatorOptimizer).lr = lr;
    return {};
  },
  view,
  async record() {
    await stopLoop();
    return record();
  },
  /** Mode coverage of `count` generated points (seed `seed`) on the ring of 8 Gaussians. */
  async shares({ count, seed }) {
    const d = DISTRIBUTIONS.gaussians8;
    return modeShares(await generatePoints(gangrad, gan, count, seed), d.modes, d.std);
  },
}, ['pause', 'setLearningRate']);
