/**
 * Prices whose returns take a handful of values (a price stepping through a few ticks) cannot be
 * modelled: the heavy-tail fit pins δ at its limit and the generator's shape head would overflow float32,
 * so training diverged at step 1 (D loss NaN); `--generator-output returns` trained, but its samples took
 * a few values (most days the mean, the rest the extremes). Each training command refuses them before
 * training as a failure (exit 1), naming the file, the distinct returns and the fit, with nothing written.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'gangrad-unmodellable-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `n` weekdays of prices from 2000-01-03, the price of day i given by `price`. */
function prices(name: string, n: number, price: (i: number) => string): string {
  const lines = ['date,close'];
  for (let i = 0, day = 0; i < n; day++) {
    const date = new Date(Date.UTC(2000, 0, 3 + day));
    if (date.getUTCDay() % 6 === 0) continue;
    lines.push(`${date.toISOString().slice(0, 10)},${price(i++)}`);
  }
  const file = join(root, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Run the command with `--out` in a fresh path; expect exit 1, `message` on stderr, and no output written. */
function refused(args: string[], message: RegExp) {
  const out = join(root, `out-${Math.random().toString(36).slice(2)}`);
  const r = cli([...args, '--out', out, '--steps', '2']);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/diverged/);
  expect(r.status).toBe(1);
  expect(existsSync(out)).toBe(false);
  expect(existsSync(`${out}.partial`)).toBe(false);
}

describe('returns taking a handful of values are refused before training (exit 1), nothing written', () => {
  const ticks = prices('ticks.csv', 1000, (i) => String(100 + (i % 7)));

  it('gangrad train', () => {
    refused(['train', '--data', ticks], /ticks\.csv: column 'close': the 699 training returns take only 7 distinct values, so the heavy-tail fit of their window shapes gives δ = 64\.0 and a scale of [0-9.]+e-2\d, beyond what the float32 generator's unit-RMS shape head can compute/);
  });

  it('gangrad train --generator-output returns (it trained, and its samples took a few values)', () => {
    refused(['train', '--data', ticks, '--generator-output', 'returns'], /ticks\.csv: column 'close': the 699 training returns take only 7 distinct values, so the heavy-tail fit of their window shapes gives δ = 64\.0 and a scale of [0-9.]+e-2\d: a tail map so steep that the generator's returns would collapse onto a few values/);
  });

  it('gangrad portfolio train names the asset', () => {
    const wander = prices('wander.csv', 1000, (i) => (100 + 5 * Math.sin(i) + i * 0.1).toFixed(2));
    refused(['portfolio', 'train', '--data', `${ticks},${wander}`], /asset 1 \(ticks, .*ticks\.csv\): the \d+ training returns take only 7 distinct values, so the heavy-tail fit .* gives δ = 64\.0/);
  });
});
