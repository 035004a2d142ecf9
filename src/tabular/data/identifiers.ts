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
  if (!numbers.every((v, i) => cells[i].trim() !== '' && Number.isFinite(v))) return counterWithTextReason(cells) ?? `${n} distinct values`;
  if (!numbers.every(Number.isInteger)) return null;
  const [lo, hi] = range(numbers);
  return hi - lo + 1 === n ? `a counter, ${n} distinct values ${lo}..${hi}` : null;
}

/**
 * Why `cells` is a counter with a few text identifiers among its numbers (ids 1..1000, a handful of
 * them `A17`), or null: every value distinct, the numbers whole and within a run no longer than the
 * column. The table loader asks this before it refuses text among numbers as a typo: an amount column
 * with a typo has numbers spread far wider than its length.
 */
export function counterWithTextReason(cells: string[]): string | null {
  const n = cells.length;
  if (n < MIN_IDENTIFIER_ROWS || new Set(cells).size !== n) return null;
  const numbers = cells.filter((c) => c.trim() !== '' && Number.isFinite(Number(c))).map(Number);
  const text = n - numbers.length;
  if (numbers.length === 0 || text === 0 || !numbers.every(Number.isInteger)) return null;
  const [lo, hi] = range(numbers);
  return hi - lo + 1 <= n ? `a counter, ${numbers.length} distinct values in ${lo}..${hi} and ${text} text value${text > 1 ? 's' : ''}` : null;
}

function range(numbers: number[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of numbers) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  return [lo, hi];
}

/** Repeats that whole numbers drawn at random over their range would show, at least, for distinctness to be evidence. */
const EXPECTED_REPEATS = 5;

/**
 * Why `cells` (whole numbers, no blank cells, not a counter) may be a row identifier, or null: every
 * value distinct where as many numbers spread at random over their range would repeat about n²/2R
 * times (at least {@link EXPECTED_REPEATS}); a sample of a table's policy numbers, say. Amounts seldom
 * are all distinct on so many rows, but may be: the loader only says so, it does not leave it out.
 */
export function distinctWholeNumbersReason(cells: string[]): string | null {
  const n = cells.length;
  if (n < MIN_IDENTIFIER_ROWS || new Set(cells).size !== n) return null;
  const numbers = cells.map(Number);
  if (!numbers.every((v, i) => cells[i].trim() !== '' && Number.isInteger(v))) return null;
  const [lo, hi] = range(numbers);
  const repeats = (n * n) / (2 * (hi - lo + 1));
  return repeats >= EXPECTED_REPEATS ? `its ${n} values are distinct whole numbers in ${lo}..${hi}, where as many numbers at random would repeat about ${Math.round(repeats)} times` : null;
}
