import { describe, expect, it } from 'vitest';
import { convergenceLine } from '../src/cli/eval.js';
import { diagnoseTraining, type TrainingRead } from '../src/gan/index.js';

/** Reads every 50 steps over 10,000 steps, with D(G(z)) given as a function of the step. */
const run = (dFake: (step: number) => number): TrainingRead[] =>
  Array.from({ length: 200 }, (_, i) => ({ step: (i + 1) * 50, dReal: 1 - dFake((i + 1) * 50), dFake: dFake((i + 1) * 50) }));

describe('convergence diagnosis', () => {
  it('a balanced game with a late best step converged', () => {
    const d = diagnoseTraining(run(() => 0.4), 8000, 10_000);
    expect(d.converged).toBe(true);
    expect(d.findings).toEqual([]);
    expect(d.lastQuarter!.dFake).toBeCloseTo(0.4, 12);
  });

  it('a discriminator that wins in the last quarter is named, with its means', () => {
    // Balanced for three quarters, then D wins: only the last quarter counts.
    const d = diagnoseTraining(run((s) => (s > 7500 ? 0.05 : 0.4)), 9000, 10_000);
    expect(d.converged).toBe(false);
    expect(d.findings).toHaveLength(1);
    expect(d.findings[0]).toMatch(/discriminator won: D\(G\(z\)\) averaged 0\.05 and D\(x\) 0\.95/);
    expect(diagnoseTraining(run((s) => (s > 7500 ? 0.16 : 0.4)), 9000, 10_000).converged).toBe(true);
  });

  it('a best step in the first tenth is named; both findings can come together', () => {
    expect(diagnoseTraining(run(() => 0.4), 1000, 10_000).findings[0]).toMatch(/best validation score came at step 1000 of 10000/);
    expect(diagnoseTraining(run(() => 0.4), 1050, 10_000).converged).toBe(true);
    expect(diagnoseTraining(run(() => 0.05), 500, 10_000).findings).toHaveLength(2);
    expect(diagnoseTraining([], null, 10_000)).toEqual({ converged: true, findings: [], lastQuarter: null });
  });

  it('eval says it in one line: converged with its figure, or each finding, or that there is no log', () => {
    expect(convergenceLine(diagnoseTraining(run(() => 0.4), 8000, 10_000))).toBe('Training converged (mean D(G(z)) 0.40 over the last quarter; best weights not early).');
    expect(convergenceLine(diagnoseTraining(run(() => 0.05), 500, 10_000))).toMatch(/^Training did NOT converge: the discriminator won: .*; the best validation score came at step 500 of 10000: .*\.$/);
    expect(convergenceLine(null)).toMatch(/no training log/);
  });
});
