/**
 * Gaps that aligning on common dates creates: two files with overlapping holes (one lacks days 1–10,
 * another days 8–17) leave the common dates a hole longer than either file's own, which no single-file
 * check sees; the return across it then counts as one day's.
 */
import { type CalendarSeries } from './calendar.js';
import { MAX_DATE_GAP_DAYS } from './csv.js';

const DAY_MS = 86_400_000;
const daysBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / DAY_MS;

/**
 * A warning naming the longest gap of more than {@link MAX_DATE_GAP_DAYS} calendar days between
 * consecutive common `dates` that no series has on its own (each has rows inside it; a series without
 * any has the gap itself, which the price reader already warns of), with the dates each series lacks
 * there (the longest hole of each file that lacks a date another has in it); null when there is none.
 */
export function alignmentGapWarning(series: readonly CalendarSeries[], dates: readonly string[]): string | null {
  const sorted = series.map((s) => [...s.dates].sort());
  /** The rows of series j strictly between a and b (ISO dates compare as strings). */
  const inside = (j: number, a: string, b: string) => sorted[j].filter((d) => d > a && d < b);
  let longest = 0, at = -1, count = 0;
  for (let t = 1; t < dates.length; t++) {
    const days = daysBetween(dates[t - 1], dates[t]);
    if (days <= MAX_DATE_GAP_DAYS || sorted.some((_, j) => inside(j, dates[t - 1], dates[t]).length === 0)) continue;
    count++;
    if (days > longest) { longest = days; at = t; }
  }
  if (at < 0) return null;
  const [from, to] = [dates[at - 1], dates[at]];
  // The files that make the gap: those lacking a date another file has in it, each with its own longest hole there.
  const union = new Set(sorted.flatMap((_, j) => inside(j, from, to)));
  const holes = series.flatMap((s, j) => {
    const rows = [from, ...inside(j, from, to), to];
    if (rows.length - 2 === union.size) return [];
    let k = 1;
    for (let i = 2; i < rows.length; i++) if (daysBetween(rows[i - 1], rows[i]) > daysBetween(rows[k - 1], rows[k])) k = i;
    return [`${s.label} has no rows between ${rows[k - 1]} and ${rows[k]}`];
  });
  return `warning: the dates common to all assets jump from ${from} to ${to} (${longest} days), a gap made by aligning the files (each has rows inside it): ${holes.join(', ')}${count > 1 ? ` (${count} such gaps of more than ${MAX_DATE_GAP_DAYS} days in all)` : ''}; rows missing? The return across a gap counts as one day's`;
}
