/**
 * The Basel Committee's (1996) traffic light for a 99 % 1-day VaR: breaches over the last 250 trading
 * days — green ≤ 4, yellow 5–9, red ≥ 10.
 */

/** A Basel traffic-light zone. */
export type BaselZone = 'green' | 'yellow' | 'red';

/** Days the Basel count runs over. */
export const BASEL_DAYS = 250;

/** The zone of a breach count over 250 days. */
export function baselZone(breaches: number): BaselZone {
  if (!Number.isInteger(breaches) || breaches < 0) throw new Error(`gangrad: baselZone: a breach count must be a non-negative integer, got ${breaches}`);
  return breaches <= 4 ? 'green' : breaches <= 9 ? 'yellow' : 'red';
}

/**
 * Breaches and zone over the last {@link BASEL_DAYS} days of a 99 % 1-day breach sequence (1/true =
 * breach). With fewer days it counts all of them and says so in `days`: the thresholds assume 250.
 */
export function baselTrafficLight(hits: ArrayLike<number | boolean>): { days: number; breaches: number; zone: BaselZone } {
  const days = Math.min(BASEL_DAYS, hits.length);
  let breaches = 0;
  for (let t = hits.length - days; t < hits.length; t++) if (hits[t]) breaches++;
  return { days, breaches, zone: baselZone(breaches) };
}
