/** One colour per model, the same in every chart of a report. */

/** The real data's colour. */
export const REAL = '#1f4e9c';
const MODEL_COLORS: Record<string, string> = {
  GAN: '#d9480f', 'GARCH-t': '#7048e8', 'GJR-GARCH-t': '#c2255c', bootstrap: '#868e96', Gaussian: '#2b8a3e',
  // The backtest's baselines: six lines in one chart need six colours, not the spares' three.
  HS: '#495057', 'EWMA-normal': '#5c940d', 'EWMA-t': '#0c8599', FHS: '#9c36b5',
};
const SPARE = ['#e67700', '#0c8599', '#5c940d'];

/** The colour of a model column; a model without a colour of its own takes a spare one by position. */
export function modelColor(name: string, index: number): string {
  return MODEL_COLORS[name] ?? SPARE[index % SPARE.length];
}

/** The Gaussian is drawn dashed: a reference, not a contender. */
export const isDashed = (name: string) => name === 'Gaussian';
