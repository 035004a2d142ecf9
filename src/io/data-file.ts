/** Whether a data file is the one a model was trained on: its SHA-256, allowing for an editor's re-saving. */
import { nodeModules } from './node.js';

/** SHA-256 of a file's bytes (recorded in model files, so that evaluations read the same data). */
export function fileSha256(file: string): string {
  const { crypto, fs } = nodeModules('fileSha256');
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * Whether `file` holds the data whose SHA-256 is `sha256`: the same bytes, or the same text with other
 * line endings (Windows or Unix), with or without a byte-order mark and the last line's newline — either
 * way round: a copy saved by an editor on Windows is the same data, and so is a Unix copy of a Windows file.
 */
export function sameDataFile(file: string, sha256: string): boolean {
  if (fileSha256(file) === sha256) return true;
  const { crypto, fs } = nodeModules('sameDataFile');
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  // The stored hash is of the training file's own bytes: every form an editor could have saved it in.
  const lastLine = [text, text.endsWith('\n') ? text.slice(0, -1) : `${text}\n`];
  const endings = lastLine.flatMap((t) => [t, t.replace(/\n/g, '\r\n')]);
  const variants = endings.flatMap((t) => [t, `\uFEFF${t}`]);
  return variants.some((v) => crypto.createHash('sha256').update(v, 'utf8').digest('hex') === sha256);
}
