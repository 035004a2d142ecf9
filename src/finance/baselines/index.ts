/**
 * Classical return models, fitted on a training part and simulated: the baselines the GAN is judged
 * against (GARCH-t, GJR-GARCH-t, the stationary block bootstrap, the i.i.d. Gaussian).
 */
import { fitStationaryBootstrap } from './bootstrap.js';
import { fitGarchT, fitGjrGarchT } from './garch.js';
import { fitGaussian } from './gaussian.js';
import type { ReturnModel } from './return-model.js';

export { fitGarchT, fitGjrGarchT, garchLogLikelihood, simulateGarch, BURN_IN, type GarchModel, type GarchParameters } from './garch.js';
export { fitStationaryBootstrap, MEAN_BLOCK } from './bootstrap.js';
export { fitGaussian } from './gaussian.js';
export { nelderMead, type NelderMeadOptions, type NelderMeadResult } from './nelder-mead.js';
export { logGamma, sampleGamma, sampleStandardT, studentTLogDensity, studentTLogConstant } from './student-t.js';
export type { ReturnModel } from './return-model.js';

/**
 * Every baseline fitted on the training returns, in column order: GARCH-t, GJR-GARCH-t, bootstrap,
 * Gaussian. `progress` hears one line as each fit starts (the GARCH fits take about a second each).
 */
export function fitBaselines(train: ArrayLike<number>, progress: (line: string) => void = () => {}): ReturnModel[] {
  const fits: [string, () => ReturnModel][] = [
    ['GARCH(1,1)-t', () => fitGarchT(train)],
    ['GJR-GARCH(1,1)-t', () => fitGjrGarchT(train)],
    ['stationary bootstrap', () => fitStationaryBootstrap(train)],
    ['Gaussian', () => fitGaussian(train)],
  ];
  return fits.map(([name, f]) => {
    progress(`fitting ${name} on ${train.length} training returns`);
    return f();
  });
}
