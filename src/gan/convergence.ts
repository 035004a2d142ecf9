/**
 * Did a GAN run converge? GAN losses do not fall to a minimum, so "converged" here means the game
 * stayed a game: the discriminator kept being fooled part of the time, and the weights kept getting
 * better (by the application's validation score) instead of the best ones coming at the start.
 *
 * Two failures are common on data nobody tuned the defaults on (short or very volatile histories):
 * - the discriminator wins: D(G(z)) sinks towards 0 and D(x) towards 1, the generator's gradient
 *   carries little about what to change, and its samples stop improving or drift;
 * - the best weights come early: later weights score worse, so the run degraded rather than converged.
 */

/** The part of a metrics read the diagnosis uses. */
export interface TrainingRead {
  /** The step the metrics were read at (1 for the first step). */
  step: number;
  /** Mean D(x) on real samples. */
  dReal: number;
  /** Mean D(G(z)) on generated samples. */
  dFake: number;
}

/** The verdict, with one sentence per problem found (empty when converged). */
export interface ConvergenceDiagnosis {
  /** True when no problem was found: D kept being fooled and the best weights did not come early. */
  converged: boolean;
  /** One sentence per problem found, saying what it means and what to try; empty when converged. */
  findings: string[];
  /** Means over the last quarter of the reads. */
  lastQuarter: { dReal: number; dFake: number } | null;
}

/** Below this mean D(G(z)) over the last quarter, the discriminator has won. */
export const DISCRIMINATOR_WON_BELOW = 0.15;
/** A best step within this share of the run counts as early. */
export const EARLY_BEST_SHARE = 0.1;

/** Diagnose a run from its metrics reads, its best (selected) step and its length in steps. */
export function diagnoseTraining(reads: readonly TrainingRead[], bestStep: number | null, totalSteps: number): ConvergenceDiagnosis {
  const findings: string[] = [];
  const tail = reads.slice(Math.floor(reads.length * 0.75));
  const lastQuarter = tail.length
    ? { dReal: tail.reduce((s, r) => s + r.dReal, 0) / tail.length, dFake: tail.reduce((s, r) => s + r.dFake, 0) / tail.length }
    : null;
  if (lastQuarter && lastQuarter.dFake < DISCRIMINATOR_WON_BELOW) {
    findings.push(`the discriminator won: D(G(z)) averaged ${lastQuarter.dFake.toFixed(2)} and D(x) ${lastQuarter.dReal.toFixed(2)} over the last quarter of training (a balanced game stays near 0.3–0.5), so the generator got little signal; try adaptive instance noise with a lower target (--instance-noise 0.55; the default is 0.6, and 0 turns it off), a lower --lr or --d-steps 1`);
  }
  if (bestStep !== null && totalSteps >= 10 && bestStep <= EARLY_BEST_SHARE * totalSteps) {
    findings.push(`the best validation score came at step ${bestStep} of ${totalSteps}: later weights scored worse, so the run degraded instead of converging`);
  }
  return { converged: findings.length === 0, findings, lastQuarter };
}
