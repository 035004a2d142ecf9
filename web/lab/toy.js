// The toy problems of the lab: small 1-D and 2-D target distributions, a GAN sized for them, and the
// measurements the views draw (the discriminator on a grid, the image of the latent grid under G, the
// share of generated points near each mode). Plain JavaScript on gangrad's public API, so the same
// file runs in the page and in Node (the lab's tests import it).

/** Target distributions: each makes `count` points ([count·dim] values) from a seeded Rng. */
export const DISTRIBUTIONS = {
  gaussians8: {
    label: '2-D: ring of 8 Gaussians', dim: 2,
    modes: Array.from({ length: 8 }, (_, i) => [2 * Math.cos((i * Math.PI) / 4), 2 * Math.sin((i * Math.PI) / 4)]),
    std: 0.1,
  },
  ring: { label: '2-D: ring', dim: 2 },
  moons: { label: '2-D: two moons', dim: 2 },
  drawn: { label: '2-D: points you draw', dim: 2 },
  mixture1d: { label: '1-D: mixture of 3 Gaussians', dim: 1, modes: [[-2], [0.5], [2.5]], std: 0.25, weights: [0.3, 0.4, 0.3] },
};

/** Points of distribution `name` (for `drawn`, around the user's points); throws on an unknown name. */
export function sampleTarget(gangrad, name, count, seed, drawn = []) {
  const d = DISTRIBUTIONS[name];
  if (!d) throw new Error(`unknown toy distribution '${name}' (one of ${Object.keys(DISTRIBUTIONS).join(', ')})`);
  const rng = new gangrad.Rng(seed);
  const out = new Float32Array(count * d.dim);
  for (let i = 0; i < count; i++) {
    let x = 0, y = 0;
    if (name === 'gaussians8') {
      const [mx, my] = d.modes[rng.int(8)];
      x = mx + d.std * rng.normal(); y = my + d.std * rng.normal();
    } else if (name === 'ring') {
      const a = 2 * Math.PI * rng.uniform(), r = 2 + 0.08 * rng.normal();
      x = r * Math.cos(a); y = r * Math.sin(a);
    } else if (name === 'moons') {
      // Two interleaved half circles (as scikit-learn's make_moons), scaled to about [-2.5, 2.5].
      const a = Math.PI * rng.uniform(), upper = rng.uniform() < 0.5;
      x = upper ? Math.cos(a) : 1 - Math.cos(a);
      y = upper ? Math.sin(a) : 0.5 - Math.sin(a);
      x = 2 * (x - 0.5) + 0.08 * rng.normal(); y = 2 * (y - 0.25) + 0.08 * rng.normal();
    } else if (name === 'drawn') {
      if (drawn.length === 0) throw new Error('draw at least one point on the plot first');
      const [px, py] = drawn[rng.int(drawn.length)];
      x = px + 0.06 * rng.normal(); y = py + 0.06 * rng.normal();
    } else {
      const u = rng.uniform();
      const k = u < d.weights[0] ? 0 : u < d.weights[0] + d.weights[1] ? 1 : 2;
      x = d.modes[k][0] + d.std * rng.normal();
    }
    out[i * d.dim] = x;
    if (d.dim === 2) out[i * d.dim + 1] = y;
  }
  return out;
}

/** Default settings of the toy GAN (what the lab's controls start at). */
export const TOY_DEFAULTS = { distribution: 'gaussians8', lrD: 1e-3, lrG: 1e-3, batch: 128, dSteps: 1, smoothing: 0, width: 64, seed: 1, latentDim: 2 };

/**
 * A GAN for a toy distribution: G z(2) → width → width → dim and D dim → width → width → 1, leaky
 * ReLU 0.2, Adam(β1 0.5); `onPhase` is passed to the trainer (the step-through view).
 */
export function createToyGan(gangrad, settings, drawn = [], onPhase = undefined) {
  const s = { ...TOY_DEFAULTS, ...settings };
  const { dim } = DISTRIBUTIONS[s.distribution] ?? {};
  const count = 4096;
  const data = sampleTarget(gangrad, s.distribution, count, s.seed * 13 + 1, drawn);
  const generator = gangrad.mlp([s.latentDim, s.width, s.width, dim], { activation: 'leakyRelu', alpha: 0.2, seed: s.seed * 2 + 1 });
  const discriminator = gangrad.mlp([dim, s.width, s.width, 1], { activation: 'leakyRelu', alpha: 0.2, seed: s.seed * 2 + 2 });
  const trainer = new gangrad.GanTrainer({
    generator, discriminator, latentDim: s.latentDim, batchSize: s.batch, discriminatorSteps: s.dSteps,
    labelSmoothing: s.smoothing, seed: s.seed, sampleReal: gangrad.rowSampler(data, count, dim, s.seed * 7 + 3).sample,
    generatorOptimizer: new gangrad.Adam(generator.parameters(), { lr: s.lrG, beta1: 0.5, beta2: 0.999 }),
    discriminatorOptimizer: new gangrad.Adam(discriminator.parameters(), { lr: s.lrD, beta1: 0.5, beta2: 0.999 }),
    onPhase,
  });
  return {
    settings: s, dim, data, count, generator, discriminator, trainer,
    dispose() {
      trainer.dispose();
      gangrad.disposeModule(generator);
      gangrad.disposeModule(discriminator);
    },
  };
}

/**
 * `module.forward` (then `then`, e.g. a sigmoid) over the rows of a host array [n·inputs], in batches
 * of `batch` rows with `pause()` awaited between them: a page passes a yield there, so drawing never
 * makes one long task (and no product gets large enough to be split across worker threads, whose
 * wake-up the main thread would spin for).
 */
export async function forwardRows(gangrad, module, values, inputs, { batch = 256, pause = null, then = (t) => t } = {}) {
  const n = values.length / inputs, parts = [];
  for (let start = 0; start < n; start += batch) {
    if (start > 0 && pause) await pause();
    const rows = Math.min(batch, n - start);
    const out = gangrad.noGrad(() => gangrad.tidy(() => then(module.forward(gangrad.tensor(values.subarray(start * inputs, (start + rows) * inputs), [rows, inputs])))));
    parts.push(Float32Array.from(await out.data()));
    out.dispose();
  }
  const result = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let offset = 0;
  for (const p of parts) { result.set(p, offset); offset += p.length; }
  return result;
}

/** `count` generated points from a noise stream of their own (`seed`), as a host array [count·dim]. */
export async function generatePoints(gangrad, gan, count, seed, pause = null) {
  const sampler = new gangrad.LatentSampler(gan.settings.latentDim, seed);
  const z = sampler.sample(count);
  const noise = Float32Array.from(await z.data());
  z.dispose();
  return forwardRows(gangrad, gan.generator, noise, gan.settings.latentDim, { pause });
}

/** D's probability that x is real, for the rows of a host array [n·dim]. */
export function discriminate(gangrad, gan, points, pause = null) {
  return forwardRows(gangrad, gan.discriminator, points, gan.dim, { pause, then: gangrad.sigmoid });
}

/** The view's square [-extent, extent]² sampled on a `cells`×`cells` grid of cell centres (row-major, y down). */
export function gridPoints(cells, extent) {
  const points = new Float32Array(cells * cells * 2);
  for (let r = 0; r < cells; r++) {
    for (let c = 0; c < cells; c++) {
      points[2 * (r * cells + c)] = -extent + (2 * extent * (c + 0.5)) / cells;
      points[2 * (r * cells + c) + 1] = extent - (2 * extent * (r + 0.5)) / cells;
    }
  }
  return points;
}

/**
 * The latent grid's image under G: `lines` horizontal and `lines` vertical lines of z over
 * [-range, range]², each sampled at `samples` points. Returns the mapped points [2·lines·samples·dim].
 */
export function latentGridImage(gangrad, gan, lines = 11, samples = 24, range = 2, pause = null) {
  const z = new Float32Array(2 * lines * samples * 2);
  let i = 0;
  for (const vertical of [false, true]) {
    for (let l = 0; l < lines; l++) {
      const fixed = -range + (2 * range * l) / (lines - 1);
      for (let s = 0; s < samples; s++) {
        const moving = -range + (2 * range * s) / (samples - 1);
        z[i++] = vertical ? fixed : moving;
        z[i++] = vertical ? moving : fixed;
      }
    }
  }
  return forwardRows(gangrad, gan.generator, z, 2, { pause });
}

/**
 * Share of generated points whose nearest mode is each mode and that lie within `radius` standard
 * deviations of it (points far from every mode count for none): the mode-coverage measure.
 */
export function modeShares(points, modes, std, radius = 4) {
  const dim = modes[0].length, counts = new Array(modes.length).fill(0), n = points.length / dim;
  for (let i = 0; i < n; i++) {
    let best = -1, bestDistance = Infinity;
    for (let m = 0; m < modes.length; m++) {
      let d = 0;
      for (let j = 0; j < dim; j++) d += (points[i * dim + j] - modes[m][j]) ** 2;
      if (d < bestDistance) { bestDistance = d; best = m; }
    }
    if (Math.sqrt(bestDistance) <= radius * std) counts[best]++;
  }
  return counts.map((c) => c / n);
}
