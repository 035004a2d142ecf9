import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/index.js';

/** A small price file: a GARCH-like random walk, so there is clustering to learn. */
export function writeSmallPriceFile(dir: string, days = 700): string {
  const rng = new Rng(12);
  let price = 100, variance = 1e-4;
  const rows = ['date,close'];
  const start = Date.UTC(2000, 0, 3);
  for (let d = 0; d < days; d++) {
    const r = Math.sqrt(variance) * rng.normal();
    variance = 1e-6 + 0.1 * r * r + 0.85 * variance;
    price *= Math.exp(r);
    rows.push(`${new Date(start + d * 86_400_000).toISOString().slice(0, 10)},${price.toFixed(4)}`);
  }
  const file = join(dir, 'prices.csv');
  writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

/**
 * A copy of the price file `file` with `days` earlier rows before its first (a random walk ending at its
 * first price, one calendar day apart), written to `out`: the same data with more history, as a newer
 * download reaching further back would be.
 */
export function writeWithEarlierDays(file: string, days: number, out: string): string {
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  const [firstDate, firstPrice] = rows[0].split(',');
  const rng = new Rng(34);
  const earlier: string[] = [];
  let price = Number(firstPrice);
  for (let d = 1; d <= days; d++) {
    price /= Math.exp(0.01 * rng.normal());
    earlier.unshift(`${new Date(Date.parse(`${firstDate}T00:00:00Z`) - d * 86_400_000).toISOString().slice(0, 10)},${price.toFixed(4)}`);
  }
  writeFileSync(out, [header, ...earlier, ...rows].join('\n') + '\n');
  return out;
}
