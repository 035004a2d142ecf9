/**
 * The forecast's fan chart: the real prices up to the forecast date, then the scenario paths' price
 * quantiles (5–95 % and 25–75 % bands, the median) for each day of the horizon.
 */
import { sortedQuantile } from '../forecaster.js';
import { REAL } from './palette.js';
import { lineChart, ticks } from './svg.js';

/** Inputs of {@link forecastFanChart}. */
export interface FanChartInput {
  /** Real prices before and at the forecast date (the last one is the start of every path). */
  history: ArrayLike<number>;
  /** Scenario paths of daily log returns after the forecast date. */
  paths: readonly ArrayLike<number>[];
  title: string;
}

const FAN = '#d9480f';

/** The fan chart as SVG; the x axis counts trading days from the forecast date (0). */
export function forecastFanChart(input: FanChartInput): string {
  const { history, paths } = input;
  const start = history[history.length - 1];
  const horizon = paths[0].length;
  const x = Array.from({ length: horizon + 1 }, (_, d) => d);
  const bands = { p05: [start], p25: [start], p50: [start], p75: [start], p95: [start] };
  const prices = paths.map(() => start);
  for (let d = 0; d < horizon; d++) {
    const day = Float64Array.from(paths, (p, i) => (prices[i] *= Math.exp(p[d]))).sort();
    bands.p05.push(sortedQuantile(day, 0.05));
    bands.p25.push(sortedQuantile(day, 0.25));
    bands.p50.push(sortedQuantile(day, 0.5));
    bands.p75.push(sortedQuantile(day, 0.75));
    bands.p95.push(sortedQuantile(day, 0.95));
  }
  const shown = Math.min(history.length, Math.max(60, 4 * horizon));
  const past = Array.from({ length: shown }, (_, i) => history[history.length - shown + i]);
  // Round ticks over the history, and one at the horizon's end (a round tick too close to it is dropped).
  const round = ticks(1 - shown, horizon).filter((t) => t <= 0 || t < horizon - 0.06 * (horizon + shown));
  const xTicks = [...new Set([...round, horizon])].map((t) => ({ at: t, label: String(t) }));
  return lineChart({
    title: input.title, xLabel: 'trading days from the forecast date', yLabel: 'price',
    width: 720, height: 360, xTicks,
    series: [
      { name: 'real', x: past.map((_, i) => i - shown + 1), y: past, color: REAL },
      { name: 'median scenario', x, y: bands.p50, color: FAN },
    ],
    bands: [
      { name: '5–95 %', x, lower: bands.p05, upper: bands.p95, color: FAN, opacity: 0.18 },
      { name: '25–75 %', x, lower: bands.p25, upper: bands.p75, color: FAN, opacity: 0.35 },
    ],
  });
}
