/**
 * The discriminative score: how well a small classifier, trained with gangrad itself, tells real
 * windows from synthetic ones. Accuracy on held-out windows: 0.5 means indistinguishable, 1.0 means
 * every synthetic window gives itself away.
 *
 * Real windows overlap (stride < length), so a random train/test split would let the classifier see
 * almost the same window in both parts; the real windows are split chronologically instead (first 70%
 * to train on, last 30% held out). Features: window values scaled by the real windows' standard
 * deviation, so the classifier sees shape and scale, not units.
 */
import { Adam } from '../optim/index.js';
import { mlp, disposeModule } from '../nn/index.js';
import { backward, mean, noGrad, Rng, sigmoidCrossEntropyWithLogits, tensor, tidy } from '../tensor/index.js';

export async function discriminativeScore(real: Float64Array[], synthetic: Float64Array[], options: { seed?: number; steps?: number } = {}): Promise<number> {
  const length = real[0].length;
  const rng = new Rng(options.seed ?? 17);
  let s = 0, n = 0;
  for (const w of real) for (const v of w) { s += v * v; n++; }
  const scale = 1 / Math.sqrt(s / n);
  const cut = (list: Float64Array[]) => Math.floor(list.length * 0.7);
  const trainSet = [...real.slice(0, cut(real)).map((w) => [w, 1] as const), ...synthetic.slice(0, cut(synthetic)).map((w) => [w, 0] as const)];
  const testSet = [...real.slice(cut(real)).map((w) => [w, 1] as const), ...synthetic.slice(cut(synthetic)).map((w) => [w, 0] as const)];
  const classifier = mlp([length, 64, 64, 1], { activation: 'leakyRelu', seed: options.seed ?? 17 });
  const optimizer = new Adam(classifier.parameters(), { lr: 1e-3 });
  const batch = 128;
  const x = new Float32Array(batch * length);
  const y = new Float32Array(batch);
  for (let step = 0; step < (options.steps ?? 600); step++) {
    for (let i = 0; i < batch; i++) {
      const [w, label] = trainSet[rng.int(trainSet.length)];
      for (let j = 0; j < length; j++) x[i * length + j] = w[j] * scale;
      y[i] = label;
    }
    tidy(() => {
      const loss = mean(sigmoidCrossEntropyWithLogits(classifier.forward(tensor(x, [batch, length])), tensor(y, [batch, 1])));
      backward(loss);
      optimizer.step();
    });
  }
  const features = new Float32Array(testSet.length * length);
  testSet.forEach(([w], i) => { for (let j = 0; j < length; j++) features[i * length + j] = w[j] * scale; });
  const logits = noGrad(() => tidy(() => classifier.forward(tensor(features, [testSet.length, length]))));
  const values = await logits.data();
  logits.dispose();
  optimizer.dispose();
  disposeModule(classifier);
  let correct = 0;
  testSet.forEach(([, label], i) => { if ((values[i] > 0 ? 1 : 0) === label) correct++; });
  return correct / testSet.length;
}
