/**
 * The record of a joint model's price files (paths, SHA-256, how they were read) and its check on
 * reading a model file. Kept free of file-system imports: the model file's reader, which browsers run
 * too, checks the record without reading the files.
 */

/**
 * The price files of a joint model and how they were read: one file per asset (`files`) or one wide
 * CSV (`wide`), each with its SHA-256 at training time.
 */
export interface JointDataInputs {
  kind: 'files' | 'wide';
  files: { path: string; sha256: string }[];
  /** Asset names given at training (for `wide`, the columns read); else the files' base names or every column. */
  names?: string[];
  allowMixedCalendars?: boolean;
}

/**
 * Checks recorded inputs read from a model file (`file`), naming the field (`data.inputs…`) that is
 * wrong: a damaged record would otherwise surface later as an unreadable path or a false "changed" file.
 */
export function checkJointDataInputs(file: string, value: unknown, field = 'data.inputs'): asserts value is JointDataInputs {
  const bad = (path: string, need: string, got: unknown) => new Error(`${file}: metadata field '${field}${path}' must be ${need}, got ${JSON.stringify(got)?.slice(0, 200)}`);
  const v = value as Partial<JointDataInputs> | null;
  if (typeof v !== 'object' || v === null) throw bad('', 'an object', v);
  if (v.kind !== 'files' && v.kind !== 'wide') throw bad('.kind', "'files' or 'wide'", v.kind);
  const need = v.kind === 'wide' ? 'one file' : 'at least 2 files';
  if (!Array.isArray(v.files) || v.files.length < 1 || (v.kind === 'wide' ? v.files.length !== 1 : v.files.length < 2)) throw bad('.files', need, v.files);
  v.files.forEach((f, i) => {
    if (typeof f?.path !== 'string' || f.path === '') throw bad(`.files[${i}].path`, 'a file path', f?.path);
    if (typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256)) throw bad(`.files[${i}].sha256`, 'a SHA-256 in hex', f.sha256);
  });
  if (v.names !== undefined && (!Array.isArray(v.names) || v.names.some((n) => typeof n !== 'string'))) throw bad('.names', 'a list of names', v.names);
  if (v.allowMixedCalendars !== undefined && typeof v.allowMixedCalendars !== 'boolean') throw bad('.allowMixedCalendars', 'true or false', v.allowMixedCalendars);
}
