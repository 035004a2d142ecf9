// TensorFlow.js's counterpart of core.js (tensors, autograd, dense layers, Adam, training), for the
// README's size comparison (scripts/ci-package.sh --compare-tfjs).
import * as tf from '@tensorflow/tfjs';

export const api = {
  tensor: tf.tensor, matMul: tf.matMul, tidy: tf.tidy, variableGrads: tf.variableGrads, sequential: tf.sequential,
  dense: tf.layers.dense, leakyReLU: tf.layers.leakyReLU, adam: tf.train.adam, setBackend: tf.setBackend,
};
