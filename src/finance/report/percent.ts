/** Confidence levels and other shares a user gives, as percentages that never round one into another. */

/**
 * `share` (0.995) as a percentage without the sign: with `digits` decimals where those are exact
 * (99.5 → '99.5' at 1), else with as many as it needs (0.9995 → '99.95', not '100.0'; 0.9991 → '99.91', not '99.9').
 */
export function percentText(share: number, digits: number): string {
  const percent = 100 * share;
  return Math.abs(Number(percent.toFixed(digits)) - percent) < 1e-9 ? percent.toFixed(digits) : String(+percent.toPrecision(8));
}
