/**
 * The peer: the same GAN step in TensorFlow.js 4.22, written as tfjs documents it (tf.sequential dense
 * layers, tf.losses.sigmoidCrossEntropy, tf.train.adam, optimizer.minimize with a var list).
 * Used only by the benchmark; the library never imports TensorFlow.js.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Workload } from '../workload.js';

export async function initTfjs(backend: 'cpu' | 'wasm'): Promise<string> {
  if (backend === 'wasm') {
    const require = createRequire(import.meta.url);
    setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to initialise`);
  await tf.ready();
  const simd = backend === 'wasm' ? await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') : false;
  const threads = backend === 'wasm' ? await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') : false;
  return `tfjs ${tf.version.tfjs} ${backend}${backend === 'wasm' ? ` (simd ${simd}, threads ${threads})` : ''}`;
}

function mlp(sizes: number[]): tf.Sequential {
  const model = tf.sequential();
  for (let i = 0; i + 1 < sizes.length; i++) {
    model.add(tf.layers.dense({ inputShape: i === 0 ? [sizes[0]] : undefined, units: sizes[i + 1] }));
    if (i + 2 < sizes.length) model.add(tf.layers.leakyReLU({ alpha: 0.2 }));
  }
  return model;
}

/** Build the workload's networks and return one training step (awaiting the backend). */
export function tfjsStep(w: Workload, real: Float32Array): () => Promise<void> {
  const G = mlp([w.latent, w.hidden, w.hidden, w.features]);
  const D = mlp([w.features, w.hidden, w.hidden, 1]);
  const gVars = G.trainableWeights.map((v) => v.read() as tf.Variable);
  const dVars = D.trainableWeights.map((v) => v.read() as tf.Variable);
  const gOpt = tf.train.adam(2e-4, 0.5, 0.999);
  const dOpt = tf.train.adam(2e-4, 0.5, 0.999);
  const ones = tf.ones([w.batch, 1]);
  const zeros = tf.zeros([w.batch, 1]);
  const rows = real.length / w.features;
  const batch = new Float32Array(w.batch * w.features);
  let cursor = 0;
  return async () => {
    for (let i = 0; i < w.batch; i++) {
      const r = (cursor++ * 7919) % rows;
      batch.set(real.subarray(r * w.features, (r + 1) * w.features), i * w.features);
    }
    const [dLoss, gLoss] = tf.tidy(() => {
      const x = tf.tensor2d(batch, [w.batch, w.features]);
      const fake = G.apply(tf.randomNormal([w.batch, w.latent])) as tf.Tensor;
      const d = dOpt.minimize(() => {
        const lossReal = tf.losses.sigmoidCrossEntropy(ones, D.apply(x) as tf.Tensor);
        const lossFake = tf.losses.sigmoidCrossEntropy(zeros, D.apply(fake) as tf.Tensor);
        return lossReal.add(lossFake) as tf.Scalar;
      }, true, dVars)!;
      const g = gOpt.minimize(() => {
        const generated = G.apply(tf.randomNormal([w.batch, w.latent])) as tf.Tensor;
        return tf.losses.sigmoidCrossEntropy(ones, D.apply(generated) as tf.Tensor) as tf.Scalar;
      }, true, gVars)!;
      return [d, g];
    });
    // Await the step like gangrad's trainer does when metrics are due; on CPU/WASM this is cheap.
    await Promise.all([dLoss.data(), gLoss.data()]);
    dLoss.dispose();
    gLoss.dispose();
  };
}

export async function tfjsMatmul(n: [number, number, number]): Promise<() => Promise<void>> {
  const [m, k, nn] = n;
  const a = tf.randomNormal([m, k]);
  const b = tf.randomNormal([k, nn]);
  return async () => {
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
  };
}
