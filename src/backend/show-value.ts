/**
 * A value as an error message shows it: strings quoted (so "3" does not pass for 3), NaN and ±Infinity
 * as themselves (JSON.stringify would write null), anything else as JSON, cut to 80 characters (an
 * object JSON cannot write, holding a BigInt or a cycle, by its class).
 */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`; // not '1', which would read as a valid number
  if (typeof value === 'number' || typeof value === 'undefined' || typeof value === 'symbol') return String(value);
  if (typeof value === 'function') return 'a function';
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    // A BigInt inside, or a cycle: JSON throws, and the error must still be the caller's own.
    const name: string = (value as object).constructor?.name ?? 'object';
    return `${/^[AEIOU]/i.test(name) ? 'an' : 'a'} ${name}`;
  }
  return json === undefined ? String(value) : json.length > 80 ? `${json.slice(0, 80)}…` : json;
}
