/** How every tabular error and notice writes a categorical column's levels (and classes). */

/**
 * A level as messages quote it: in single quotes, as they quote every value, so that one holding a
 * comma or a space reads as one level; in JSON's double quotes when it holds a single quote, a
 * backslash or a control character (a line break), which single quotes would leave ambiguous.
 */
export function quoteLevel(level: string): string {
  return /['\\\u0000-\u001f\u007f]/.test(level) ? JSON.stringify(level) : `'${level}'`;
}

/** Levels for a message: each quoted by {@link quoteLevel}, comma-separated, so that the list reads back. */
export function levelList(levels: readonly string[]): string {
  return levels.map(quoteLevel).join(', ');
}
