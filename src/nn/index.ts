export { type Module, setTrainable, disposeModule } from './module.js';
export { Dense, type DenseOptions } from './dense.js';
export { Activation, ACTIVATION_NAMES, type ActivationName } from './activation.js';
export { Sequential, mlp, type MlpOptions } from './sequential.js';
export { initialWeights, type Initializer } from './init.js';
