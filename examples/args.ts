/**
 * The examples' command lines: a usage error exits 2 with the usage line, as gangrad's commands do.
 * Not an example itself; kept apart so that each example shows only its own idea.
 */
import { parseArgs } from 'node:util';

/** The option values (all strings, with their defaults), or exit 2 with the usage line. */
export function exampleArgs<K extends string>(usage: string, defaults: Record<K, string>): Record<K, string> {
  const options = Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, { type: 'string' as const, default: v as string }]));
  try {
    return parseArgs({ options }).values as Record<K, string>;
  } catch (e) {
    console.error(`${(e as Error).message}\n${usage}`);
    process.exit(2);
  }
}

/** `--name`'s value as a whole number ≥ least, or exit 2 naming the option and its value. */
export function wholeNumberArg(name: string, text: string, least: number, usage: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < least) {
    console.error(`--${name} must be a whole number ≥ ${least}, got '${text}'\n${usage}`);
    process.exit(2);
  }
  return value;
}
