/**
 * The checks a tabular model file's metadata passes on load, beyond being JSON: a hand-edited or
 * damaged field must be an error naming the file and the field, never a row index that sends an
 * evaluation looping, or weights that sample nothing but one class.
 */
import { showMetadataValue } from '../../io/index.js';
import type { TabularMetadata } from './model.js';

const fail = (file: string, field: string, need: string, got: unknown): never => {
  throw new Error(`${file}: metadata field '${field}' must be ${need}, got ${showMetadataValue(got)}`);
};
const isCount = (v: unknown, min: number) => Number.isInteger(v) && (v as number) >= min;
const isWeight = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Throws naming `file` and the first field of `metadata` at fault (data, class weights, level counts, step). */
export function validateTabularMetadata(file: string, metadata: TabularMetadata): void {
  const data = metadata.data as unknown as Record<string, unknown>;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail(file, 'data', 'an object', data);
  if (typeof data.file !== 'string') fail(file, 'data.file', 'a file name', data.file);
  if (typeof data.sha256 !== 'string' || !/^([0-9a-f]{64})?$/.test(data.sha256)) fail(file, 'data.sha256', 'a hex SHA-256 (or empty)', data.sha256);
  if (!isCount(data.rows, 1)) fail(file, 'data.rows', 'a whole number ≥ 1', data.rows);
  const rows = data.rows as number;
  if (!Array.isArray(data.testRows)) fail(file, 'data.testRows', 'a list of row indices', data.testRows);
  const seen = new Set<number>();
  (data.testRows as unknown[]).forEach((r, i) => {
    if (!isCount(r, 0) || (r as number) >= rows) fail(file, `data.testRows[${i}]`, `a row of the table (0 to ${rows - 1})`, r);
    if (seen.has(r as number)) fail(file, `data.testRows[${i}]`, 'a row not listed before', r);
    seen.add(r as number);
  });
  const weights = metadata.classWeights as unknown;
  if (!Array.isArray(weights) || weights.length < 2 || !weights.every(isWeight) || !weights.some((w) => w > 0)) {
    fail(file, 'class_weights', 'a list of at least two class frequencies (finite, ≥ 0, not all 0)', weights);
  }
  const counts = metadata.levelCounts as unknown;
  if (!Array.isArray(counts) || counts.length !== (weights as number[]).length) fail(file, 'level_counts', `one list per class (${(weights as number[]).length})`, counts);
  (counts as unknown[]).forEach((perClass, c) => {
    if (!Array.isArray(perClass)) fail(file, `level_counts[${c}]`, 'a list of level counts per column', perClass);
    (perClass as unknown[]).forEach((levels, j) => {
      if (!Array.isArray(levels) || !levels.every(isWeight)) fail(file, `level_counts[${c}][${j}]`, 'a list of counts (finite, ≥ 0)', levels);
    });
  });
  if (!isCount(metadata.step, 0)) fail(file, 'step', 'a whole number ≥ 0', metadata.step);
}
