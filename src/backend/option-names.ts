/**
 * A misspelt option would be a silent default (`betas` for `beta1`, `horizon` for `horizons`): refused,
 * naming it and the options there are. `known` is space-separated: shorter in the core bundle than an array.
 */
export function checkOptionNames(options: object, known: string, where: string): void {
  const names = known.split(' ');
  for (const key in options) if (!names.includes(key)) throw new Error(`${where}: unknown option '${key}' (options: ${names.join(', ')})`);
}
