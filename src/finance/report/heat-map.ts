/**
 * A heat map of a d × d matrix (a correlation matrix) as SVG: each cell coloured on a diverging scale
 * around zero, so the sign of a correlation shows at a glance, with its value printed in the cell so
 * that two maps can be compared figure by figure and not only by shade.
 */
import { escapeHtml } from './page.js';

/** What {@link heatMap} draws. */
export interface HeatMapOptions {
  title: string;
  /** Row and column names, d of them. */
  names: readonly string[];
  /** d × d values, row-major. */
  values: ArrayLike<number>;
  /** Values at the ends of the colour scale (default −1 and 1, a correlation's range); 0 is white. */
  min?: number;
  max?: number;
  /** Side of one cell in pixels (default 56). */
  cell?: number;
}


/** Blue (negative) – white (zero) – red (positive): t in [−1, 1]. */
export function divergingColor(t: number): string {
  const u = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  const [r, g, b] = u >= 0 ? [178, 24, 43] : [33, 102, 172];
  const a = Math.abs(u);
  const mix = (c: number) => Math.round(255 + (c - 255) * a);
  return `rgb(${mix(r)},${mix(g)},${mix(b)})`;
}

/** The heat map as an `<svg>` element (self-contained, for an HTML page or an .svg file). */
export function heatMap(o: HeatMapOptions): string {
  const d = o.names.length;
  if (o.values.length !== d * d) throw new Error(`heatMap '${o.title}': ${o.values.length} values for ${d} names (need ${d * d})`);
  const lo = o.min ?? -1, hi = o.max ?? 1;
  const cell = o.cell ?? 56;
  // Room for the row names on the left and the column names above, in proportion to the longest name.
  const label = Math.min(160, 12 + 7 * Math.max(1, ...o.names.map((n) => n.length)));
  // Wide enough for the 14 px bold title (about 8.5 px a character) and for the colour scale; the grid
  // is centred in whatever room the title leaves.
  const grid = label + d * cell + 10;
  const width = Math.ceil(Math.max(grid, 20 + 8.5 * o.title.length, label + (d * cell) / 2 + 80));
  const left = label + (width - grid) / 2, top = 30 + label;
  const height = top + d * cell + 48;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(o.title)}">`,
    `<text x="${width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="600">${escapeHtml(o.title)}</text>`,
  ];
  // The colour scale, centred under the grid: five swatches from min to max, labelled at both ends and the middle.
  const scaleX = left + (d * cell) / 2 - (5 * 28) / 2, scaleY = top + d * cell + 10;
  const fmt = (v: number) => String(Number(v.toPrecision(3)));
  for (let k = 0; k < 5; k++) {
    parts.push(`<rect class="scale" x="${scaleX + k * 28}" y="${scaleY}" width="28" height="10" fill="${divergingColor(k / 2 - 1)}" stroke="#bbb" stroke-width="0.5"/>`);
    if (k % 2 === 0) parts.push(`<text x="${scaleX + k * 28 + 14}" y="${scaleY + 24}" text-anchor="middle" font-size="11">${fmt(lo + ((hi - lo) * k) / 4)}</text>`);
  }
  o.names.forEach((name, i) => {
    const c = left + (i + 0.5) * cell;
    parts.push(`<text x="${left - 6}" y="${top + (i + 0.5) * cell + 4}" text-anchor="end" font-size="12">${escapeHtml(name)}</text>`);
    parts.push(`<text transform="translate(${c + 4} ${top - 6}) rotate(-60)" font-size="12">${escapeHtml(name)}</text>`);
  });
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const v = o.values[i * d + j];
      // Map [lo, hi] onto [−1, 1] around the midpoint: for a correlation, 0 → white.
      const t = (2 * (v - lo)) / (hi - lo) - 1;
      const x = left + j * cell, y = top + i * cell;
      const dark = Math.abs(t) > 0.6;
      parts.push(`<rect class="cell" x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${divergingColor(t)}" stroke="#fff"/>`);
      parts.push(`<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" font-size="12" fill="${dark ? '#fff' : '#222'}">${Number.isFinite(v) ? v.toFixed(2) : 'n/a'}</text>`);
    }
  }
  parts.push('</svg>');
  return parts.join('\n');
}
