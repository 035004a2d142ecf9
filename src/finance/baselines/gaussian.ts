/** The i.i.d. Gaussian with the training part's mean and standard deviation: no tails, no memory. */
import type { Rng } from '../../tensor/index.js';
import { mean, std } from '../evaluation/stylized.js';
import { checkSimulationSize, fmt, type ReturnModel } from './return-model.js';

/** The Gaussian with `train`'s sample mean and standard deviation. */
export function fitGaussian(train: ArrayLike<number>): ReturnModel {
  if (train.length < 2) throw new Error(`gangrad: the Gaussian needs at least 2 training returns, got ${train.length}`);
  const mu = mean(train), sigma = std(train);
  return {
    name: 'Gaussian',
    parameters: { mu, sigma },
    describe: () => `i.i.d. Gaussian: μ=${fmt(mu)} σ=${fmt(sigma)}`,
    simulate(paths: number, length: number, rng: Rng) {
      checkSimulationSize('Gaussian', paths, length);
      return Array.from({ length: paths }, () => Float64Array.from({ length }, () => mu + sigma * rng.normal()));
    },
  };
}
