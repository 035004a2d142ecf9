/**
 * Date cells of a table: ISO `YYYY-MM-DD` and US `M/D/YYYY`. A date column becomes a numeric column of
 * whole days since 1970-01-01 (UTC), so a model sees time as an ordered quantity instead of a
 * category with one level per day; it is written back in the format it was read in.
 */

/** How a date column is written. */
export type DateFormat = 'iso' | 'mdy';

const PATTERNS: Record<DateFormat, RegExp> = {
  iso: /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  mdy: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/,
};

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a cell in `format`, or null when it is not a valid date in it (e.g. 2/30/2020). */
export function parseDate(cell: string, format: DateFormat): number | null {
  const m = PATTERNS[format].exec(cell);
  if (!m) return null;
  const [year, month, day] = format === 'iso' ? [m[1], m[2], m[3]].map(Number) : [m[3], m[1], m[2]].map(Number);
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 2/30 over into March: a real date must survive the round trip.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return Math.round(ms / DAY_MS);
}

/** The format every cell is a valid date in (ISO tried first), or null. */
export function dateFormatOf(cells: string[]): DateFormat | null {
  if (cells.length === 0) return null;
  for (const format of ['iso', 'mdy'] as const) if (cells.every((c) => parseDate(c, format) !== null)) return format;
  return null;
}

/** A day count written in `format` (whole days; fractions from a generator are rounded). */
export function formatDate(days: number, format: DateFormat): string {
  const d = new Date(Math.round(days) * DAY_MS);
  const y = d.getUTCFullYear(), m = d.getUTCMonth() + 1, day = d.getUTCDate();
  return format === 'iso' ? `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}` : `${m}/${day}/${y}`;
}
