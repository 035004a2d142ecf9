/**
 * The reference workload of the benchmark: the default model of the finance pipeline.
 * G: z(64) → 256 → 256 → 64, D: 64 → 256 → 256 → 1, leaky ReLU 0.2, BCE with logits, Adam(2e-4, 0.5, 0.999).
 * The "large" variant uses hidden width 1024.
 */
export interface Workload {
  name: string;
  latent: number;
  hidden: number;
  features: number;
  batch: number;
}

export function referenceWorkload(batch: number, hidden = 256): Workload {
  return { name: hidden === 256 ? `gan-b${batch}` : `gan-h${hidden}-b${batch}`, latent: 64, hidden, features: 64, batch };
}

/** Dense layer sizes [in, out] of G and D. */
export function layerShapes(w: Workload): { generator: [number, number][]; discriminator: [number, number][] } {
  return {
    generator: [[w.latent, w.hidden], [w.hidden, w.hidden], [w.hidden, w.features]],
    discriminator: [[w.features, w.hidden], [w.hidden, w.hidden], [w.hidden, 1]],
  };
}

/**
 * Matmul FLOPs of one training step (D update then G update), counted from the shapes: 2·B·in·out per
 * product. D step: G forward; D forward and backward (weights and inputs, but not the data's input
 * gradient) on the real and the fake batch. G step: G forward, D forward, D backward to its input only
 * (D is frozen), G backward (no gradient to the noise). Elementwise work is not counted.
 */
export function stepFlops(w: Workload): number {
  const { generator: g, discriminator: d } = layerShapes(w);
  const mm = (layers: [number, number][]) => layers.reduce((s, [i, o]) => s + 2 * w.batch * i * o, 0);
  const firstLayer = (layers: [number, number][]) => 2 * w.batch * layers[0][0] * layers[0][1];
  const G = mm(g);
  const D = mm(d);
  const dStep = G + 2 * D + 2 * (2 * D - firstLayer(d));
  const gStep = G + D + (D - firstLayer(d)) + (2 * G - firstLayer(g));
  return dStep + gStep;
}
