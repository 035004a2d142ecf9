import { showValue } from './show-value.js';

/** The names of a space-separated list, as a union type: `NameList<'lr momentum'>` is `'lr' | 'momentum'`. */
export type NameList<S extends string> = S extends `${infer First} ${infer Rest}` ? First | NameList<Rest> : S;

/**
 * `unknown` when the literal list `S` names exactly the keys of `T`, else `never`, which makes the call
 * not compile: an option added to an interface and not to its list would be refused at run time.
 * A list built at run time (type `string`) is not checked.
 */
export type ListsEveryOption<T, S extends string> = string extends S ? unknown
  : [Exclude<keyof T & string, NameList<S>>, Exclude<NameList<S>, keyof T>] extends [never, never] ? unknown : never;

/** Each list split once, keyed by the list (the library's own): matmul and randomNormal check their options on every call. */
const splitLists: Record<string, string[]> = {};

/**
 * A misspelt option would be a silent default (`betas` for `beta1`, `horizon` for `horizons`): refused,
 * naming it and the options there are; so are options that are no object (a number, null). `known` is
 * space-separated: shorter in the core bundle than an array. With `kind`, every option given (not null
 * or undefined) must be of that type: `{ transposeA: 'no' }` transposed, `{ mean: '1' }` joined a string.
 */
export function checkOptionNames<T extends object, S extends string>(options: T, known: S & ListsEveryOption<T, S>, where: string, kind?: 'boolean' | 'number'): void {
  // new Adam(params, 0.001) (a positional learning rate, as in PyTorch) would train with the default in silence.
  if (typeof options !== 'object' || !options) throw new Error(`${where}: options must be an object, got ${showValue(options)}`);
  const names = splitLists[known] ??= known.split(' ');
  for (const key in options) {
    if (!names.includes(key)) throw new Error(`${where}: unknown option '${key}' (options: ${names.join(', ')})`);
    const value: unknown = options[key];
    if (kind && value != null && typeof value != kind) throw new Error(`${where}: option '${key}' must be a ${kind}, got ${showValue(value)}`);
  }
}
