/** Markdown tables for the tabular reports. */

/** A Markdown table; a `|` inside a cell (a class or column named `B|d`) is escaped, so it does not split the cell. */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}
