/** Markdown for the tabular reports: user text (class levels, column names, file names) escaped, and tables. */

/**
 * User text as literal Markdown: a backslash before each character that would otherwise format or
 * vanish (`<Bad>` is read as an HTML tag, `|` splits a table cell, `*`/`_` start emphasis). An `_`
 * between letters or digits (`german_credit.csv`) starts nothing and is kept as is; an `&` only where
 * it would start an entity (`&lt;`).
 */
export function markdownText(s: string): string {
  return s
    .replace(/[\\`*[\]<>|~]/g, '\\$&')
    .replace(/_/g, (c, at: number, t: string) => (/[A-Za-z0-9]/.test(t[at - 1] ?? '') && /[A-Za-z0-9]/.test(t[at + 1] ?? '') ? c : '\\_'))
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
}

/** A Markdown table; every cell is escaped ({@link markdownText}), so a class or column named `B|d` or `<Bad>` stays one cell, as written. */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(markdownText).join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}
