/** Warnings a command prints on stderr, kept for its page and its JSON. */
export class Warnings {
  /** Each warning printed so far, without its 'warning: ' or 'notice: ' prefix. */
  readonly lines: string[] = [];
  /** Print `line` on stderr and keep it. */
  readonly warn = (line: string): void => {
    console.error(line);
    this.lines.push(line.replace(/^(warning|notice): /, ''));
  };
}
