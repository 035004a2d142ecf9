import { escapeHtml } from './page.js';

/**
 * Line charts as SVG strings: axes with ticks, several named series, optional shaded bands (for fans
 * of paths) and a logarithmic y axis (for densities). No chart library: a report is one HTML file.
 */
export interface LineSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color: string;
  dashed?: boolean;
  width?: number;
}

/** A shaded band between two curves (a fan chart's quantiles). */
export interface Band {
  name: string;
  x: ArrayLike<number>;
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  color: string;
  opacity: number;
}

/** What {@link lineChart} draws: labels, the series and bands, and the axes. */
export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  /** The lines, in drawing order; each gets a legend entry. */
  series: LineSeries[];
  /** Shaded areas between `lower` and `upper` (quantile fans), drawn under the lines. */
  bands?: Band[];
  /** Logarithmic y axis (ticks at powers of ten); points with y ≤ 0 are left out. */
  logY?: boolean;
  /** In pixels; default 560. */
  width?: number;
  /** In pixels; default 320 (a legend with no free corner of the plot adds its rows below that). */
  height?: number;
  /** Draw a horizontal line at y = 0. */
  zeroLine?: boolean;
  /** The y axis's range (linear axes), instead of the data's: room above the lines for the legend. */
  yDomain?: [number, number];
  /** Points drawn as dots (e.g. VaR breaches), with a legend entry. */
  markers?: { name: string; x: ArrayLike<number>; y: ArrayLike<number>; color: string };
  /** The x axis's ticks, instead of round numbers: positions (x values) and their labels (dates, say). */
  xTicks?: { at: number; label: string }[];
}


/** A legend entry: a band's swatch (at the band's own opacity) or a line's stroke. */
interface LegendEntry { name: string; color: string; opacity?: number; dashed: boolean }

/** A box in pixels. */
interface Box { x: number; y: number; w: number; h: number }

/**
 * Where the legend goes: the first corner of the plot (top right, top left, bottom right, bottom left)
 * that no line, band or marker passes through, else below the plot, so that it never hides data.
 * `occupied` is the drawn geometry in pixels: line points (densified, so segments count) and band columns.
 */
function placeLegend(size: { w: number; h: number }, plot: Box, occupied: { points: [number, number][]; spans: [number, number, number][] }): { x: number; y: number } | null {
  const m = 4;
  const corners = [
    { x: plot.x + plot.w - size.w - m, y: plot.y + m }, { x: plot.x + m, y: plot.y + m },
    { x: plot.x + plot.w - size.w - m, y: plot.y + plot.h - size.h - m }, { x: plot.x + m, y: plot.y + plot.h - size.h - m },
  ];
  const inside = (c: { x: number; y: number }) => (px: number, lo: number, hi: number) => px >= c.x - m && px <= c.x + size.w + m && hi >= c.y - m && lo <= c.y + size.h + m;
  return corners.find((c) => {
    const hit = inside(c);
    return !occupied.points.some(([x, y]) => hit(x, y, y)) && !occupied.spans.some(([x, lo, hi]) => hit(x, lo, hi));
  }) ?? null;
}

/** About five round tick values spanning [lo, hi]. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

// Whole numbers print in full up to a million (training steps: 8000, 10000, not 1e+4).
const label = (v: number) => (Math.abs(v) >= 1e6 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(0) : String(Number(v.toPrecision(Math.abs(v) >= 1e4 ? 7 : 4))));

/** A line chart as a standalone `<svg>` string, axes scaled to fit every series, band and marker. */
export function lineChart(o: ChartOptions): string {
  const width = o.width ?? 560, plotHeight = o.height ?? 320;
  const left = 64, right = 16, top = 32, bottom = 44;
  const tf = (v: number) => (o.logY ? Math.log10(v) : v);
  const xs: number[] = [], ys: number[] = [];
  for (const s of o.series) for (let i = 0; i < s.x.length; i++) if (Number.isFinite(tf(s.y[i]))) { xs.push(s.x[i]); ys.push(tf(s.y[i])); }
  for (const b of o.bands ?? []) for (let i = 0; i < b.x.length; i++) { xs.push(b.x[i]); ys.push(tf(b.lower[i]), tf(b.upper[i])); }
  if (o.markers) for (let i = 0; i < o.markers.x.length; i++) { xs.push(o.markers.x[i]); ys.push(tf(o.markers.y[i])); }
  const finite = ys.filter(Number.isFinite);
  // With nothing to draw the axes run 0 to 1, not ±Infinity.
  const span = (v: number[]) => (v.length === 0 ? [0, 1] : [Math.min(...v), Math.max(...v)]);
  let [x0, x1] = span(xs.filter(Number.isFinite));
  let [y0, y1] = span(finite);
  if (o.zeroLine && !o.logY) { y0 = Math.min(y0, 0); y1 = Math.max(y1, 0); }
  if (o.yDomain && !o.logY) [y0, y1] = o.yDomain;
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) { y0 -= 1; y1 += 1; }
  const pad = o.yDomain ? 0 : (y1 - y0) * 0.05;
  y0 -= pad; y1 += pad;
  const plot: Box = { x: left, y: top, w: width - left - right, h: plotHeight - top - bottom };
  const px = (x: number) => left + ((x - x0) / (x1 - x0)) * plot.w;
  const py = (y: number) => top + (1 - (y - y0) / (y1 - y0)) * plot.h;

  // Each series split at its missing points (log 0: an empty histogram bin; NaN), so that no line
  // joins the neighbours of a gap as if there were data in it.
  const runs = o.series.map((s) => {
    const out: [number, number][][] = [[]];
    for (let i = 0; i < s.x.length; i++) {
      const y = tf(s.y[i]);
      if (Number.isFinite(y)) out[out.length - 1].push([px(s.x[i]), py(y)]);
      else if (out[out.length - 1].length > 0) out.push([]);
    }
    return out.filter((r) => r.length > 0);
  });
  const bandEdges = (o.bands ?? []).map((b) => Array.from({ length: b.x.length }, (_, i) => [px(b.x[i]), py(tf(b.upper[i])), py(tf(b.lower[i]))] as [number, number, number]));

  const legend: LegendEntry[] = [
    ...(o.bands ?? []).map((b) => ({ name: b.name, color: b.color, opacity: b.opacity, dashed: false })),
    ...o.series.map((s) => ({ name: s.name, color: s.color, dashed: !!s.dashed })),
    ...(o.markers ? [{ name: o.markers.name, color: o.markers.color, dashed: false }] : []),
  ];
  const entryWidth = (l: LegendEntry) => 26 + 6.5 * l.name.length;
  const boxSize = { w: Math.max(0, ...legend.map(entryWidth)) + 4, h: legend.length * 15 + 4 };
  // What is drawn, in pixels: line segments sampled every few pixels, band columns likewise.
  const points: [number, number][] = [], spans: [number, number, number][] = [];
  const step = 3;
  for (const r of runs.flat()) {
    r.forEach((p, i) => {
      points.push(p);
      if (i === 0) return;
      const [ax, ay] = r[i - 1], n = Math.ceil(Math.hypot(p[0] - ax, p[1] - ay) / step);
      for (let k = 1; k < n; k++) points.push([ax + ((p[0] - ax) * k) / n, ay + ((p[1] - ay) * k) / n]);
    });
  }
  for (const e of bandEdges) {
    e.forEach((c, i) => {
      spans.push(c);
      if (i === 0) return;
      const a = e[i - 1], n = Math.ceil(Math.abs(c[0] - a[0]) / step);
      for (let k = 1; k < n; k++) { const f = k / n; spans.push([a[0] + (c[0] - a[0]) * f, a[1] + (c[1] - a[1]) * f, a[2] + (c[2] - a[2]) * f]); }
    });
  }
  if (o.markers) for (let i = 0; i < o.markers.x.length; i++) points.push([px(o.markers.x[i]), py(tf(o.markers.y[i]))]);
  const corner = legend.length > 0 && boxSize.w <= plot.w / 2 ? placeLegend(boxSize, plot, { points, spans }) : null;
  // No free corner: the legend goes in rows under the x axis's label, and the chart grows to hold it.
  const below: { x: number; y: number }[] = [];
  if (legend.length > 0 && !corner) {
    let x = left, y = plotHeight + 6;
    for (const l of legend) {
      if (x > left && x + entryWidth(l) > width - right) { x = left; y += 15; }
      below.push({ x, y });
      x += entryWidth(l) + 12;
    }
  }
  const height = below.length > 0 ? below[below.length - 1].y + 18 : plotHeight;

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(o.title)}">`);
  parts.push(`<text x="${width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="600">${escapeHtml(o.title)}</text>`);
  const yTicks = o.logY ? ticks(Math.ceil(y0), Math.floor(y1)).filter(Number.isInteger) : ticks(y0, y1);
  for (const t of yTicks) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${py(t)}" y2="${py(t)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${left - 6}" y="${py(t) + 4}" text-anchor="end" font-size="11">${o.logY ? `1e${t}` : label(t)}</text>`);
  }
  const xTicks = o.xTicks ?? ticks(x0, x1).map((t) => ({ at: t, label: label(t) }));
  for (const t of xTicks) {
    parts.push(`<line x1="${px(t.at)}" x2="${px(t.at)}" y1="${top + plot.h}" y2="${top + plot.h + 4}" stroke="#999"/>`);
    // A long label (a date) at the plot's right edge would run out of the chart: it ends at its tick there.
    const half = 3.3 * t.label.length, anchor = px(t.at) + half > width - 2 ? 'end' : 'middle';
    parts.push(`<text x="${px(t.at)}" y="${plotHeight - bottom + 16}" text-anchor="${anchor}" font-size="11">${escapeHtml(t.label)}</text>`);
  }
  parts.push(`<rect x="${left}" y="${top}" width="${plot.w}" height="${plot.h}" fill="none" stroke="#999"/>`);
  if (o.zeroLine && !o.logY) parts.push(`<line x1="${left}" x2="${width - right}" y1="${py(0)}" y2="${py(0)}" stroke="#666" stroke-dasharray="2 2"/>`);
  parts.push(`<text x="${(left + width - right) / 2}" y="${plotHeight - 8}" text-anchor="middle" font-size="12">${escapeHtml(o.xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${(top + plotHeight - bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escapeHtml(o.yLabel)}</text>`);
  (o.bands ?? []).forEach((b, k) => {
    const e = bandEdges[k];
    const upper = e.map(([x, u]) => `${x.toFixed(1)},${u.toFixed(1)}`);
    const lower = e.map(([x, , l]) => `${x.toFixed(1)},${l.toFixed(1)}`).reverse();
    parts.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${b.color}" fill-opacity="${b.opacity}" stroke="none"/>`);
  });
  o.series.forEach((s, k) => {
    for (const r of runs[k]) {
      // A point with no neighbour (one non-empty bin between empty ones) is a dot, not an invisible line.
      if (r.length === 1) parts.push(`<circle cx="${r[0][0].toFixed(1)}" cy="${r[0][1].toFixed(1)}" r="${Math.max(1.5, s.width ?? 1.6)}" fill="${s.color}"/>`);
      else parts.push(`<polyline points="${r.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}" fill="none" stroke="${s.color}" stroke-width="${s.width ?? 1.6}"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
    }
  });
  const m = o.markers;
  if (m) for (let i = 0; i < m.x.length; i++) parts.push(`<circle cx="${px(m.x[i]).toFixed(1)}" cy="${py(tf(m.y[i])).toFixed(1)}" r="2.5" fill="${m.color}"/>`);
  legend.forEach((l, i) => {
    const at = corner ? { x: corner.x + 2, y: corner.y + 2 + i * 15 } : below[i];
    const y = at.y + 12;
    parts.push(l.opacity !== undefined
      ? `<rect class="swatch" x="${at.x}" y="${y - 8}" width="14" height="9" fill="${l.color}" fill-opacity="${l.opacity}"/>`
      : `<line x1="${at.x}" x2="${at.x + 14}" y1="${y - 4}" y2="${y - 4}" stroke="${l.color}" stroke-width="2"${l.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
    parts.push(`<text x="${at.x + 20}" y="${y}" font-size="11">${escapeHtml(l.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
