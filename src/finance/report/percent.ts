/** Confidence levels and other shares a user gives, as percentages that never round one into another. */

/**
 * `share` (0.995) as a percentage without the sign: with `digits` decimals where those are exact
 * (99.5 → '99.5' at 1), else with as many as it needs (0.9995 → '99.95', not '100.0'; 0.9991 → '99.91', not '99.9').
 */
export function percentText(share: number, digits: number): string {
  const percent = 100 * share;
  return Math.abs(Number(percent.toFixed(digits)) - percent) < 1e-9 ? percent.toFixed(digits) : String(+percent.toPrecision(8));
}

/**
 * `value` (a return, −0.00004) as a percentage with `digits` decimals ('-0.00' never: a value that
 * rounds to zero is written '0.00', so a table does not show a sign it cannot back with a digit).
 */
export function fixedPercent(value: number, digits = 2): string {
  const text = (100 * value).toFixed(digits);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}
