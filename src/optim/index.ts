export { type Optimizer, clearGrads } from './optimizer.js';
export { Adam, type AdamOptions } from './adam.js';
export { Sgd, type SgdOptions } from './sgd.js';
