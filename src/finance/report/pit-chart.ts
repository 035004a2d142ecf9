/**
 * The calibration chart of a backtest: for each forecaster, the share of realised returns in each
 * decile of its forecast distribution (the PIT deciles), against the flat 10 % of a calibrated model.
 * A U (ends above 10 %) is a forecast too narrow, a hump one too wide, a slope one biased.
 */
import { REAL } from './palette.js';
import { lineChart, type LineSeries } from './svg.js';

/** One forecaster's PIT decile counts, and its colour. */
export interface PitChartEntry {
  name: string;
  /** Counts in ten equal bins of (0, 1). */
  histogram: readonly number[];
  color: string;
}

/**
 * The PIT deciles of several forecasters at one horizon, as SVG, with the band a calibrated model's
 * decile share stays in 95 % of the time (binomial, n forecasts): with 100 ten-day forecasts ±6 points
 * is noise. The y axis starts at 0 and leaves the top for the legend.
 */
export function pitChart(title: string, entries: readonly PitChartEntry[]): string {
  const mids = Array.from({ length: 10 }, (_, i) => 5 + 10 * i);
  const series: LineSeries[] = entries.map((e) => {
    const total = e.histogram.reduce((a, b) => a + b, 0);
    return { name: e.name, x: mids, y: e.histogram.map((k) => (100 * k) / total), color: e.color, width: 1.4 };
  });
  const n = Math.max(1, ...entries.map((e) => e.histogram.reduce((a, b) => a + b, 0)));
  const half = 196 * Math.sqrt(0.1 * 0.9 / n);
  series.push({ name: 'calibrated (10 %)', x: [0, 100], y: [10, 10], color: REAL, dashed: true, width: 1 });
  const band = { name: `95 % band, n = ${n}`, x: [0, 100], lower: [10 - half, 10 - half], upper: [10 + half, 10 + half], color: '#868e96', opacity: 0.18 };
  const top = Math.max(10 + half, ...series.flatMap((s) => Array.from(s.y)));
  return lineChart({
    title, xLabel: 'decile of the forecast distribution the realised return fell in (%)', yLabel: '% of forecasts', width: 720, height: 340,
    series, bands: [band], yDomain: [0, Math.ceil(1.8 * top)],
  });
}
