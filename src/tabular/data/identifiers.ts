/**
 * Row identifiers (policy numbers, customer ids): a column whose every value is distinct text, or a
 * whole-number counter. A model that learns such a column learns nothing about the rows, and a
 * generator that copies it leaks them, so the table loader leaves it out with a notice.
 */

/** Fewer rows than this: distinct values are no evidence of an identifier (a hand-made table). */
export const MIN_IDENTIFIER_ROWS = 20;

/**
 * Why `cells` (one column, no blank cells) looks like a row identifier, or null when it does not:
 * every value distinct and not numeric, or distinct whole numbers forming one consecutive run
 * (a counter: 1..n in any order). Distinct real numbers (amounts) are not identifiers.
 */
export function identifierReason(cells: string[]): string | null {
  const n = cells.length;
  if (n < MIN_IDENTIFIER_ROWS || new Set(cells).size !== n) return null;
  const numbers = cells.map(Number);
  if (!numbers.every((v, i) => cells[i].trim() !== '' && Number.isFinite(v))) return `${n} distinct values`;
  if (!numbers.every(Number.isInteger)) return null;
  let lo = Infinity, hi = -Infinity;
  for (const v of numbers) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  return hi - lo + 1 === n ? `a counter, ${n} distinct values ${lo}..${hi}` : null;
}
