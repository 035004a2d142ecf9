/**
 * One JSON field of a model file's string metadata, parsed with an error that names the file and the
 * field: a field removed or cut short by hand must say which, not "undefined is not valid JSON".
 */
import { showValue } from '../backend/show-value.js';

/**
 * `metadata[key]` parsed as JSON. A missing field is an error unless `fallback` is given (files written
 * before the field existed); a field that is not JSON is always one.
 */
export function metadataJson(file: string, metadata: Readonly<Record<string, string>>, key: string, fallback?: { missing: unknown }): unknown {
  const text = metadata[key];
  if (text === undefined) {
    if (fallback) return fallback.missing;
    throw new Error(`${file}: metadata field '${key}' is missing (the file was not written by gangrad, or was edited)`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: metadata field '${key}' is not valid JSON (${(e as Error).message})`);
  }
}

/** Marks a non-finite number inside JSON, so that it can be written back unquoted. */
const NON_FINITE = '\u0000non-finite:';

/**
 * A metadata value as an error shows it: `showValue`'s form (strings quoted, NaN and ±Infinity as
 * themselves, cut to 80 characters), with NaN and ±Infinity inside arrays and objects written as
 * themselves too (JSON.stringify writes null, which hides what was wrong).
 */
export function showMetadataValue(value: unknown): string {
  if (typeof value !== 'object' || value === null) return showValue(value);
  const json = JSON.stringify(value, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? `${NON_FINITE}${v}` : v))
    .replace(/"\\u0000non-finite:(NaN|-?Infinity)"/g, '$1');
  return json.length > 80 ? `${json.slice(0, 80)}…` : json;
}
