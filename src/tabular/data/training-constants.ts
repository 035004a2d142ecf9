/**
 * Columns that hold one value on every training row but others in the held-out rows (a code that
 * began in the test period, a field filled in only lately): the GAN and the classifiers learn nothing
 * from them, which the loader's notice of a column constant on every row does not catch.
 */
import { formatDate } from './dates.js';
import { quoteLevel } from './levels.js';
import { shellWord, type CategoricalColumn, type Column, type Table } from './table.js';

/** Whether every row of `c` holds one value. */
function constant(c: Column): boolean {
  const cells = c.kind === 'numeric' ? c.values : c.codes;
  return cells.every((v) => v === cells[0]);
}

/** `c`'s first value as messages write it. */
function shown(c: Column): string {
  if (c.kind === 'categorical') return quoteLevel(c.levels[c.codes[0]]);
  return c.date ? formatDate(c.values[0], c.date) : String(c.values[0]);
}

/**
 * One notice per column (besides `target`) constant on the training part and not on the held-out one:
 * it carries nothing for fitting. A numeric column blank on every training row is said to be so;
 * a missing flag constant in training (blanks in the held-out rows only) is named by its column.
 */
export function constantInTrainingNotices(parts: { train: Table; test: Table }, target: string): string[] {
  const notices: string[] = [];
  const flags = new Map<string, CategoricalColumn>();
  for (const c of parts.train.columns) if (c.kind === 'categorical' && c.source === 'missing' && c.flags) flags.set(c.flags, c);
  const noticed = new Set<string>();
  for (const c of parts.train.columns) {
    const held = parts.test.columns.find((h) => h.name === c.name);
    if (c.name === target || !held || parts.train.rows === 0 || !constant(c) || (constant(held) && shown(held) === shown(c))) continue;
    const flag = c.kind === 'numeric' ? flags.get(c.name) : undefined;
    if (c.kind === 'categorical' && c.source === 'missing') {
      // Noticed with its column when that is blank throughout training; otherwise said by the flag's
      // training level (a column blank in training and 0 in the held-out rows is filled with 0: its
      // values look constant alike, and only the flag tells).
      if (noticed.has(c.flags!)) continue;
      notices.push(c.codes[0] === 1
        ? `column '${c.flags}' is blank on every training row, other values only in the held-out rows: it carries nothing for fitting (--drop ${shellWord(c.flags!)} leaves it out)`
        : `column '${c.flags}' is blank in held-out rows only: its flag '${c.name}' is 'present' on every training row and carries nothing for fitting`);
      continue;
    }
    noticed.add(c.name);
    const what = flag && flag.codes.every((k) => k === 1) ? 'is blank on every training row' : `holds ${shown(c)} on every training row`;
    notices.push(`column '${c.name}' ${what}, other values only in the held-out rows: it carries nothing for fitting (--drop ${shellWord(c.name)} leaves it out)`);
  }
  return notices;
}
