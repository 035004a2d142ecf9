/** The ops table: every differentiable operation, each defined once with its backward rule, and the functions that create tensors. */
export { add, sub, mul, scale } from './arithmetic.js';
export { matmul, oneHotMatmul, type MatmulOptions } from './matmul.js';
export { absolute, exp, leakyRelu, relu, sigmoid, tanh } from './activations.js';
export { rmsNormalize } from './normalize.js';
export { sigmoidCrossEntropyWithLogits } from './losses.js';
export { gumbelSoftmax, softmax, softmaxCrossEntropySpans, softmaxCrossEntropyWithLogits, softmaxSpans, type ColumnSpan, type GumbelSoftmaxOptions } from './softmax.js';
export { sum, mean } from './reduce.js';
export { concatColumns, reshape, sliceColumns, sliceRows } from './layout.js';
export { tensor, fill, zeros, ones, clone, detach, randomNormal } from './create.js';
export { biasLeakyRelu } from './dense.js';
