import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSourceLine, resolveSourceLinks } from '../scripts/source-links.js';
import * as gangrad from '../src/index.js';
// @ts-expect-error: plain JavaScript shared with the page, no declarations
import { PHASES } from '../web/lab/phases.js';
// @ts-expect-error: plain JavaScript shared with the page, no declarations
import { DISTRIBUTIONS, modeShares, sampleTarget } from '../web/lab/toy.js';

/** The lab's pieces that need no browser: source links of the step phases, and the toy targets. */
const ROOT = resolve(import.meta.dirname, '..');

describe('lab source links', () => {
  it('every training phase has links, each to a line of the source that holds its op', () => {
    const links = resolveSourceLinks(ROOT, PHASES);
    expect(Object.keys(links)).toEqual([...gangrad.TRAINING_PHASES]);
    for (const [phase, list] of Object.entries(links)) {
      expect(list.length, phase).toBeGreaterThan(0);
      for (const { file, line, op } of list) expect(readFileSync(join(ROOT, file), 'utf8').split('\n')[line - 1], `${phase}: ${file}:${line}`).toContain(op);
    }
    // The two backward passes are told apart by their hook calls: different lines of the trainer.
    expect(links['discriminator-backward'][0].line).not.toBe(links['generator-backward'][0].line);
  });

  it('takes the occurrence nearest the marker, and names the file when the op or the marker is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-links-'));
    try {
      writeFileSync(join(dir, 'a.ts'), ['backward(loss);', 'marker one', '', '', '', 'backward(loss);', 'marker two'].join('\n'));
      expect(findSourceLine(dir, { file: 'a.ts', op: 'backward(loss)', near: 'marker one' }).line).toBe(1);
      expect(findSourceLine(dir, { file: 'a.ts', op: 'backward(loss)', near: 'marker two' }).line).toBe(6);
      expect(findSourceLine(dir, { file: 'a.ts', op: 'backward(loss)' }).line).toBe(1);
      expect(() => findSourceLine(dir, { file: 'a.ts', op: 'adam(' })).toThrow("a.ts: no line contains 'adam('");
      expect(() => findSourceLine(dir, { file: 'a.ts', op: 'backward(', near: 'gone' })).toThrow("a.ts: no line contains the marker 'gone'");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('lab toy targets', () => {
  it('the ring of 8 Gaussians puts about an eighth of its points at each mode, all within 4σ', () => {
    const d = DISTRIBUTIONS.gaussians8;
    const shares: number[] = modeShares(sampleTarget(gangrad, 'gaussians8', 8000, 3), d.modes, d.std);
    for (const s of shares) expect(Math.abs(s - 0.125)).toBeLessThan(0.015);
    expect(shares.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.999);
    // A collapsed generator (every point at one mode) gets nothing elsewhere.
    const collapsed = Float32Array.from({ length: 200 }, (_, i) => d.modes[0][i % 2]);
    expect(modeShares(collapsed, d.modes, d.std)).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('rejects an unknown target and an empty drawing', () => {
    expect(() => sampleTarget(gangrad, 'spiral', 10, 1)).toThrow(/unknown toy distribution 'spiral'/);
    expect(() => sampleTarget(gangrad, 'drawn', 10, 1, [])).toThrow(/draw at least one point/);
    expect(sampleTarget(gangrad, 'mixture1d', 10, 1)).toHaveLength(10);
  });
});

describe('lab page', () => {
  it("offers Excel's 'Unicode Text' export (.txt, tab-separated) and .tsv files in the market CSV picker, which parsePriceCsv reads", () => {
    // The picker took .csv only, so such a file could not be chosen (in most file dialogs) though it is read.
    const input = /<input id="market-csv"[^>]*accept="([^"]*)"/.exec(readFileSync(join(ROOT, 'web/index.html'), 'utf8'));
    expect(input?.[1].split(',')).toEqual(expect.arrayContaining(['.csv', '.tsv', '.txt']));
  });
});
