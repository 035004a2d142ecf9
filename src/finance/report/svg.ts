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
  /** In pixels; default 320. */
  height?: number;
  /** Draw a horizontal line at y = 0. */
  zeroLine?: boolean;
  /** The y axis's range (linear axes), instead of the data's: room above the lines for the legend. */
  yDomain?: [number, number];
  /** Points drawn as dots (e.g. VaR breaches), with a legend entry. */
  markers?: { name: string; x: ArrayLike<number>; y: ArrayLike<number>; color: string };
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

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

const label = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(0) : String(Number(v.toPrecision(4))));

/** A line chart as a standalone `<svg>` string, axes scaled to fit every series, band and marker. */
export function lineChart(o: ChartOptions): string {
  const width = o.width ?? 560, height = o.height ?? 320;
  const left = 64, right = 16, top = 32, bottom = 44;
  const tf = (v: number) => (o.logY ? Math.log10(v) : v);
  const xs: number[] = [], ys: number[] = [];
  for (const s of o.series) for (let i = 0; i < s.x.length; i++) if (Number.isFinite(tf(s.y[i]))) { xs.push(s.x[i]); ys.push(tf(s.y[i])); }
  for (const b of o.bands ?? []) for (let i = 0; i < b.x.length; i++) { xs.push(b.x[i]); ys.push(tf(b.lower[i]), tf(b.upper[i])); }
  if (o.markers) for (let i = 0; i < o.markers.x.length; i++) { xs.push(o.markers.x[i]); ys.push(tf(o.markers.y[i])); }
  const finite = ys.filter(Number.isFinite);
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...finite), Math.max(...finite)];
  if (o.zeroLine && !o.logY) { y0 = Math.min(y0, 0); y1 = Math.max(y1, 0); }
  if (o.yDomain && !o.logY) [y0, y1] = o.yDomain;
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) { y0 -= 1; y1 += 1; }
  const pad = o.yDomain ? 0 : (y1 - y0) * 0.05;
  y0 -= pad; y1 += pad;
  const px = (x: number) => left + ((x - x0) / (x1 - x0)) * (width - left - right);
  const py = (y: number) => top + (1 - (y - y0) / (y1 - y0)) * (height - top - bottom);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escape(o.title)}">`);
  parts.push(`<text x="${width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="600">${escape(o.title)}</text>`);
  const yTicks = o.logY ? ticks(Math.ceil(y0), Math.floor(y1)).filter(Number.isInteger) : ticks(y0, y1);
  for (const t of yTicks) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${py(t)}" y2="${py(t)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${left - 6}" y="${py(t) + 4}" text-anchor="end" font-size="11">${o.logY ? `1e${t}` : label(t)}</text>`);
  }
  for (const t of ticks(x0, x1)) parts.push(`<text x="${px(t)}" y="${height - bottom + 16}" text-anchor="middle" font-size="11">${label(t)}</text>`);
  parts.push(`<rect x="${left}" y="${top}" width="${width - left - right}" height="${height - top - bottom}" fill="none" stroke="#999"/>`);
  if (o.zeroLine && !o.logY) parts.push(`<line x1="${left}" x2="${width - right}" y1="${py(0)}" y2="${py(0)}" stroke="#666" stroke-dasharray="2 2"/>`);
  parts.push(`<text x="${(left + width - right) / 2}" y="${height - 8}" text-anchor="middle" font-size="12">${escape(o.xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${(top + height - bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escape(o.yLabel)}</text>`);
  for (const b of o.bands ?? []) {
    const upper = Array.from({ length: b.x.length }, (_, i) => `${px(b.x[i]).toFixed(1)},${py(tf(b.upper[i])).toFixed(1)}`);
    const lower = Array.from({ length: b.x.length }, (_, i) => `${px(b.x[i]).toFixed(1)},${py(tf(b.lower[i])).toFixed(1)}`).reverse();
    parts.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${b.color}" fill-opacity="${b.opacity}" stroke="none"/>`);
  }
  for (const s of o.series) {
    const points: string[] = [];
    for (let i = 0; i < s.x.length; i++) {
      const y = tf(s.y[i]);
      if (Number.isFinite(y)) points.push(`${px(s.x[i]).toFixed(1)},${py(y).toFixed(1)}`);
    }
    parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${s.color}" stroke-width="${s.width ?? 1.6}"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
  }
  const m = o.markers;
  if (m) for (let i = 0; i < m.x.length; i++) parts.push(`<circle cx="${px(m.x[i]).toFixed(1)}" cy="${py(tf(m.y[i])).toFixed(1)}" r="2.5" fill="${m.color}"/>`);
  const legend = [
    ...(o.bands ?? []).map((b) => ({ name: b.name, color: b.color, band: true, dashed: false })),
    ...o.series.map((s) => ({ name: s.name, color: s.color, band: false, dashed: !!s.dashed })),
    ...(m ? [{ name: m.name, color: m.color, band: false, dashed: false }] : []),
  ];
  // A light box behind the legend, so that lines passing under it do not run through its text.
  const legendWidth = 26 + 6.5 * Math.max(0, ...legend.map((l) => l.name.length));
  if (legend.length > 0) parts.push(`<rect x="${width - right - 154}" y="${top + 2}" width="${Math.min(150, legendWidth)}" height="${legend.length * 15 + 4}" fill="#fff" fill-opacity="0.85" stroke="none"/>`);
  legend.forEach((l, i) => {
    const y = top + 14 + i * 15;
    parts.push(l.band
      ? `<rect x="${width - right - 150}" y="${y - 8}" width="14" height="9" fill="${l.color}" fill-opacity="0.4"/>`
      : `<line x1="${width - right - 150}" x2="${width - right - 136}" y1="${y - 4}" y2="${y - 4}" stroke="${l.color}" stroke-width="2"${l.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
    parts.push(`<text x="${width - right - 130}" y="${y}" font-size="11">${escape(l.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
