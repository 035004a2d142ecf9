/**
 * Source links for the lab's step-through view: for each phase of a training step (web/lab/phases.js),
 * the file and line of each op it names, found by searching the source when the server starts, so a
 * link never points at a stale hard-coded line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A phase's source reference as web/lab/phases.js writes it. */
export interface CodeReference { file: string; op: string; near?: string }

/** Where an op is: `line` is 1-based. */
export interface SourceLink { file: string; line: number; op: string }

/**
 * The line of `op` in `file` (under `root`): the occurrence nearest to the line holding `near` when
 * given, else the first. Throws naming the file and the text when either is missing.
 */
export function findSourceLine(root: string, { file, op, near }: CodeReference): SourceLink {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const hits = lines.flatMap((text, i) => (text.includes(op) ? [i] : []));
  if (hits.length === 0) throw new Error(`${file}: no line contains '${op}'`);
  let index = hits[0];
  if (near !== undefined) {
    const marker = lines.findIndex((text) => text.includes(near));
    if (marker < 0) throw new Error(`${file}: no line contains the marker '${near}'`);
    index = hits.reduce((best, i) => (Math.abs(i - marker) < Math.abs(best - marker) ? i : best));
  }
  return { file, line: index + 1, op };
}

/** Every phase's links, by phase id. */
export function resolveSourceLinks(root: string, phases: readonly { id: string; code: readonly CodeReference[] }[]): Record<string, SourceLink[]> {
  return Object.fromEntries(phases.map((p) => [p.id, p.code.map((c) => findSourceLine(root, c))]));
}
