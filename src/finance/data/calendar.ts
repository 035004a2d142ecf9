/**
 * Trading calendars: a market that trades 7 days a week (crypto) against 5-day ones (exchanges). Aligned
 * on common dates, the 7-day series loses its weekends and its Monday return carries three days of moves,
 * so its returns are no longer on the same footing as the others'.
 */

/**
 * A series with more than this share of Saturday and Sunday dates trades 7 days a week: halfway between
 * an exchange's ~0 and a 7-day market's 2/7 ≈ 0.286, so a few weekend sessions or a few missing weekends
 * do not change the verdict.
 */
export const SEVEN_DAY_WEEKEND_SHARE = 0.15;

/** The share of ISO dates that fall on a Saturday or Sunday. */
export function weekendShare(dates: readonly string[]): number {
  let weekend = 0;
  for (const d of dates) {
    const day = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (day === 0 || day === 6) weekend++;
  }
  return dates.length === 0 ? 0 : weekend / dates.length;
}

/** A dated series and how to name it in a message. */
export interface CalendarSeries {
  label: string;
  dates: readonly string[];
}

const percent = (share: number) => `${(100 * share).toFixed(1)}%`;

/**
 * What {@link checkCalendars} throws: a choice for the caller to make (allowMixedCalendars), not bad
 * data, so that a command can report it as a usage error.
 */
export class MixedCalendarsError extends Error {}

/**
 * Refuses 7-day series mixed with 5-day ones (unless `allowMixed`) with a {@link MixedCalendarsError}
 * naming one of each and the reason.
 */
export function checkCalendars(series: readonly CalendarSeries[], allowMixed: boolean): void {
  if (allowMixed) return;
  const shares = series.map((s) => ({ label: s.label, share: weekendShare(s.dates) }));
  const sevenDay = shares.filter((s) => s.share > SEVEN_DAY_WEEKEND_SHARE);
  const fiveDay = shares.filter((s) => s.share <= SEVEN_DAY_WEEKEND_SHARE);
  if (sevenDay.length === 0 || fiveDay.length === 0) return;
  const [a, b] = [sevenDay[0], fiveDay[0]];
  throw new MixedCalendarsError(
    `gangrad: mismatched calendars: ${a.label} trades 7 days a week (${percent(a.share)} of its dates are Saturdays or Sundays), `
    + `${b.label} 5 days (${percent(b.share)}). Aligned on common dates, ${a.label} would lose its weekends and its Monday returns would carry `
    + `three days of moves, unlike the others'. To align them anyway: --allow-mixed-calendars (the library's allowMixedCalendars: true).`,
  );
}

/**
 * The first day after ISO `date` on which a market with these `dates` may trade: the next calendar day
 * for a 7-day market, the next weekday for an exchange (its holidays are not known here).
 */
export function nextTradingDay(date: string, dates: readonly string[]): string {
  const sevenDay = weekendShare(dates) > SEVEN_DAY_WEEKEND_SHARE;
  const day = new Date(`${date}T00:00:00Z`);
  do day.setUTCDate(day.getUTCDate() + 1);
  while (!sevenDay && (day.getUTCDay() === 0 || day.getUTCDay() === 6));
  return day.toISOString().slice(0, 10);
}

/**
 * Why ISO `date`, a row of a series with these `dates`, is suspect as a forecast's starting close, or
 * null: a Saturday or Sunday in a market that trades 5 days a week (a misdated or stray row).
 */
export function weekendDateWarning(date: string, dates: readonly string[]): string | null {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  if ((day !== 0 && day !== 6) || weekendShare(dates) > SEVEN_DAY_WEEKEND_SHARE) return null;
  const weekend = Math.round(weekendShare(dates) * dates.length);
  return `${date} is a ${day === 6 ? 'Saturday' : 'Sunday'}, in a series that trades 5 days a week (${weekend} of its ${dates.length} dates ${weekend === 1 ? 'falls' : 'fall'} on a weekend): a misdated or stray row?`;
}

/**
 * Exchange closures longer than a week of trading days, by the days closed: a gap in a 5-day market's
 * file that lies within one is a closure, not rows missing. Only closures in data people load (the
 * bundled S&P 500 reaches back to 1927); shorter ones (9/11: four days) need no entry.
 */
export const LONG_EXCHANGE_CLOSURES: readonly { from: string; to: string; what: string }[] = [
  { from: '1933-03-04', to: '1933-03-14', what: 'the US bank holiday of March 1933' },
];

/** Whether every weekday strictly between ISO dates `last` and `next` lies in one of {@link LONG_EXCHANGE_CLOSURES}. */
export function withinLongClosure(last: string, next: string): boolean {
  const weekdays: string[] = [];
  const day = new Date(`${last}T00:00:00Z`);
  for (day.setUTCDate(day.getUTCDate() + 1); day.toISOString().slice(0, 10) < next; day.setUTCDate(day.getUTCDate() + 1)) {
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) weekdays.push(day.toISOString().slice(0, 10));
  }
  return weekdays.length > 0 && LONG_EXCHANGE_CLOSURES.some(({ from, to }) => weekdays.every((d) => d >= from && d <= to));
}
