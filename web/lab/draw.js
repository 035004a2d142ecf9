// Canvas drawing for the toy view: the discriminator's heat map, point clouds, the latent grid's image
// and, in 1-D, histograms, D's curve and the z → G(z) mapping. Colours are Okabe–Ito (colour-blind safe).

export const REAL = [0, 114, 178], FAKE = [230, 159, 0];
const rgb = (c, a = 1) => `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${a})`;

/** A canvas's 2-D context sized to its CSS box at the device's pixel ratio; returns [ctx, width, height] in CSS pixels. */
export function context(canvas) {
  const ratio = globalThis.devicePixelRatio || 1, w = canvas.clientWidth || canvas.width, h = canvas.clientHeight || canvas.height;
  if (canvas.width !== Math.round(w * ratio)) { canvas.width = Math.round(w * ratio); canvas.height = Math.round(h * ratio); }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, w, h);
  return [ctx, w, h];
}

/** D's probabilities on a cells×cells grid as a heat map: orange (D ≈ 0, "generated") – white – blue (D ≈ 1, "real"). */
export function heatMap(ctx, w, h, probabilities, cells) {
  const image = new ImageData(cells, cells);
  for (let i = 0; i < cells * cells; i++) {
    const p = probabilities[i], t = Math.abs(p - 0.5) * 2 * 0.55, c = p >= 0.5 ? REAL : FAKE;
    image.data[4 * i] = 255 + (c[0] - 255) * t;
    image.data[4 * i + 1] = 255 + (c[1] - 255) * t;
    image.data[4 * i + 2] = 255 + (c[2] - 255) * t;
    image.data[4 * i + 3] = 255;
  }
  const small = new OffscreenCanvas(cells, cells);
  small.getContext('2d').putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, w, h);
}

/** Points [n·2] in data units on the square [-extent, extent]². */
export function points(ctx, w, h, values, extent, color, radius = 2) {
  ctx.fillStyle = rgb(color, 0.75);
  for (let i = 0; i + 1 < values.length; i += 2) {
    const x = ((values[i] + extent) / (2 * extent)) * w, y = ((extent - values[i + 1]) / (2 * extent)) * h;
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, 2 * Math.PI);
    ctx.fill();
  }
}

/** The keyboard cursor of a drawn target (data units): a ring with a cross, dark on any background. */
export function cursor(ctx, w, h, [cx, cy], extent) {
  const x = ((cx + extent) / (2 * extent)) * w, y = ((extent - cy) / (2 * extent)) * h;
  ctx.strokeStyle = '#222';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.arc(x, y, 7, 0, 2 * Math.PI);
  ctx.moveTo(x - 11, y); ctx.lineTo(x + 11, y);
  ctx.moveTo(x, y - 11); ctx.lineTo(x, y + 11);
  ctx.stroke();
}

/** The latent grid's image: `lines` polylines of `samples` mapped points each, first the rows then the columns. */
export function mappedGrid(ctx, w, h, values, lines, samples, extent) {
  ctx.strokeStyle = 'rgba(60, 60, 60, 0.45)';
  ctx.lineWidth = 1;
  for (let l = 0; l < 2 * lines; l++) {
    ctx.beginPath();
    for (let s = 0; s < samples; s++) {
      const i = 2 * (l * samples + s);
      const x = ((values[i] + extent) / (2 * extent)) * w, y = ((extent - values[i + 1]) / (2 * extent)) * h;
      if (s === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    }
    ctx.stroke();
  }
}

/** Axis ticks and labels of the 2-D view (data units). */
export function axes2d(ctx, w, h, extent) {
  ctx.fillStyle = '#222'; // #555 on the heat map's strongest blue was 3.2:1, under the 4.5:1 small text needs
  ctx.font = '11px system-ui, sans-serif';
  for (let v = -Math.floor(extent); v <= extent; v++) {
    const x = ((v + extent) / (2 * extent)) * w, y = ((extent - v) / (2 * extent)) * h;
    ctx.fillText(String(v), x + 2, h - 3);
    if (v !== -Math.floor(extent)) ctx.fillText(String(v), 2, y - 2);
  }
  ctx.fillText('x₁ (data units) →', w - 110, h - 16);
  ctx.fillText('↑ x₂', 4, 14);
}

/**
 * The 1-D view: histograms of real and generated values, D(x) as a curve (right-hand scale 0–1), and
 * below, lines from evenly spaced z₁ (z₂ = 0) to G(z) on the value axis.
 */
export function view1d(ctx, w, h, { real, fake, curveX, curveD, mapZ, mapX, extent, show }) {
  const plotH = h * 0.72, toX = (v) => ((v + extent) / (2 * extent)) * w, bins = 60;
  const histogram = (values) => {
    const counts = new Float64Array(bins);
    for (const v of values) { const b = Math.floor(((v + extent) / (2 * extent)) * bins); if (b >= 0 && b < bins) counts[b]++; }
    return counts.map((c) => c / (values.length * ((2 * extent) / bins)));
  };
  const hr = histogram(real), hf = histogram(fake), top = Math.max(...hr, ...hf, 0.5);
  const bars = (counts, color, show) => {
    if (!show) return;
    ctx.fillStyle = rgb(color, 0.45);
    counts.forEach((d, b) => { const bh = (d / top) * (plotH - 20); ctx.fillRect((b / bins) * w, plotH - bh, w / bins - 1, bh); });
  };
  bars(hr, REAL, show.real);
  bars(hf, FAKE, show.fake);
  if (show.heat) {
    ctx.strokeStyle = '#222'; ctx.lineWidth = 2; ctx.beginPath();
    curveX.forEach((x, i) => { const y = plotH - curveD[i] * (plotH - 20); if (i === 0) ctx.moveTo(toX(x), y); else ctx.lineTo(toX(x), y); });
    ctx.stroke();
  }
  ctx.fillStyle = '#555'; ctx.font = '11px system-ui, sans-serif';
  ctx.fillText('black curve: D(x), 0 at the axis, 1 at the top; bars: density', 6, 14);
  for (let v = -Math.floor(extent); v <= extent; v++) ctx.fillText(String(v), toX(v) + 2, plotH + 12);
  ctx.strokeStyle = '#999'; ctx.beginPath(); ctx.moveTo(0, plotH); ctx.lineTo(w, plotH); ctx.stroke();
  if (show.grid) {
    const zy = h - 14, zScale = (z) => ((z + 2) / 4) * (w * 0.8) + w * 0.1;
    ctx.strokeStyle = 'rgba(60, 60, 60, 0.5)'; ctx.lineWidth = 1;
    mapZ.forEach((z, i) => { ctx.beginPath(); ctx.moveTo(zScale(z), zy); ctx.lineTo(toX(mapX[i]), plotH); ctx.stroke(); });
    ctx.fillText('z₁ from −2 to 2 (z₂ = 0), mapped by G to x', 6, h - 2);
  }
}
