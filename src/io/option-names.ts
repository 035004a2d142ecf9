/**
 * A misspelt option is an error, not a silent default: `{ horizon: [1] }` for `horizons`, `{ colum: 'Close' }`
 * for `column`. Used by the library's functions that take an options object (plain-JavaScript callers get
 * no type check).
 */
export function checkOptionNames(options: object, known: Iterable<string>, where: string): void {
  const names = [...known];
  for (const key of Object.keys(options)) {
    if (!names.includes(key)) throw new Error(`${where}: unknown option '${key}' (options: ${names.join(', ')})`);
  }
}
