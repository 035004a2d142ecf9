/** Text blocks the finance pages share: escaping, a line on what the page is of, and its warnings. */
import { escapeHtml } from '../../io/html.js';

/** HTML escaping of the pages' text (shared with the tabular pages: `src/io/html.ts`). */
export { escapeHtml };

/** A paragraph per line on what the page is of (data, model, settings, seed), escaped. */
export function provenanceHtml(lines: readonly string[]): string {
  return lines.map((line) => `<p class="about">${escapeHtml(line)}</p>`).join('\n');
}

/**
 * The warnings the command printed on stderr, as a list near the top of the page (nothing when there
 * are none): a figure they qualify (a thin tail, an in-sample date) must not read as sound on the page alone.
 */
export function warningsHtml(lines: readonly string[] | undefined): string {
  if (!lines?.length) return '';
  return `<div style="background:#fff3cd;padding:8px 12px;margin:12px 0"><b>Warnings</b><ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul></div>`;
}
