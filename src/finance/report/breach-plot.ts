/**
 * A breach plot: the realised returns of a backtest, the forecaster's VaR line below them, and each
 * breach (a return below −VaR) marked.
 */
import { REAL } from './palette.js';
import { lineChart } from './svg.js';

/** Inputs of {@link breachPlot}: one forecaster's backtest series at one horizon and level. */
export interface BreachPlotInput {
  title: string;
  /** Forecast origins (x axis: the day index). */
  origin: readonly number[];
  /** The origins' dates (YYYY-MM-DD), when known: the x axis's ticks show them instead of day indices. */
  date?: readonly string[];
  realised: readonly number[];
  /** VaR at the plotted level, as positive losses. */
  valueAtRisk: readonly number[];
  color: string;
}

/** The breach plot as SVG. */
export function breachPlot(input: BreachPlotInput): string {
  const { origin, realised, valueAtRisk } = input;
  const breaches = origin.map((_, i) => i).filter((i) => realised[i] < -valueAtRisk[i]);
  const dated = input.date !== undefined && input.date.length === origin.length && origin.length > 0;
  // Five dates spread evenly over the origins (first and last included), at their days' positions.
  const xTicks = dated
    ? [...new Set([0, 1, 2, 3, 4].map((k) => Math.round((k * (origin.length - 1)) / 4)))].map((i) => ({ at: origin[i], label: input.date![i] }))
    : undefined;
  return lineChart({
    title: input.title, xLabel: dated ? 'forecast origin (date)' : 'day of the series (forecast origin)', yLabel: 'log return', width: 720, height: 300, zeroLine: true, xTicks,
    series: [
      { name: 'realised', x: origin, y: realised, color: REAL, width: 0.8 },
      { name: '−VaR', x: origin, y: valueAtRisk.map((v) => -v), color: input.color, width: 1.4 },
    ],
    markers: { name: `breaches (${breaches.length})`, x: breaches.map((i) => origin[i]), y: breaches.map((i) => realised[i]), color: '#000' },
  });
}
