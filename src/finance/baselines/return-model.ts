/**
 * A classical return model (GARCH, the bootstrap, a Gaussian), fitted on a training part and simulated
 * like the GAN: the baselines that `gangrad eval` puts beside it.
 */
import type { Rng } from '../../tensor/index.js';

/** A fitted baseline: its parameters, a one-line description, and simulation of return paths from an {@link Rng}. */
export interface ReturnModel {
  /** Short name, used as a column header: 'GARCH-t', 'GJR-GARCH-t', 'bootstrap', 'Gaussian'. */
  readonly name: string;
  /** Fitted parameters by name, in the units of daily log returns. */
  readonly parameters: Readonly<Record<string, number>>;
  /** One line: the model and its fitted parameters, for people. */
  describe(): string;
  /** `paths` independent paths of `length` daily log returns. */
  simulate(paths: number, length: number, rng: Rng): Float64Array[];
}

/** Rejects path counts and lengths that are not positive integers, naming the model. */
export function checkSimulationSize(model: string, paths: number, length: number): void {
  for (const [name, v] of [['paths', paths], ['length', length]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`gangrad: ${model}.simulate: ${name} must be a positive integer, got ${v}`);
  }
}

/** A number for describe(): 4 significant digits. */
export const fmt = (v: number) => (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toPrecision(4) : v.toExponential(3));
