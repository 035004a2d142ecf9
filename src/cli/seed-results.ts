/**
 * The output directory of a command that runs seed after seed (`tabular experiment`, `tabular detect`).
 * Its files are rewritten together as each seed finishes, so the directory always holds one run's
 * results, never a mix of two: an earlier run's files stay whole until the new run's first seed
 * replaces every one of them. A SIGINT or SIGTERM ends the run at once (an unfinished seed cannot be
 * saved) and says on stderr what the directory holds; a directory the run made and left empty is
 * removed, on a signal or a failure.
 */
import { existsSync, mkdirSync, rmdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../io/index.js';
import { refuseExistingOutputs } from './args.js';
import { setGracefulStop, type StopSignal } from './signals.js';

/** What {@link openSeedResults} returns: write each finished seed's files; close when the run is over. */
export interface SeedResults {
  /** Write every file (name → contents) for the seeds finished so far; `seed` is the one just finished. */
  write(seed: number, contents: Record<string, string>): void;
  /** The run failed: say what the directory holds and remove it if the run made it and left it empty. */
  failed(): void;
  /** The run is over: signals go back to their default handling. */
  close(): void;
}

/**
 * Open `out` for the files `names` of a run over `seeds` (in order): an existing file is refused
 * without `force` (a usage error naming it), before anything is made.
 */
export function openSeedResults(out: string, names: string[], seeds: number[], force: boolean): SeedResults {
  const paths = names.map((n) => join(out, n));
  // A directory not there yet is made below: only files already in one can be refused.
  if (existsSync(out)) refuseExistingOutputs(paths, force);
  const earlier = paths.some((p) => existsSync(p));
  const made = mkdirSync(out, { recursive: true });
  const finished: number[] = [];
  const kept = () => {
    if (finished.length > 0) return `${paths[0]}${names.slice(1).map((n) => `, ${n}`).join('')} hold${names.length === 1 ? 's' : ''} the ${finished.length} seed${finished.length === 1 ? '' : 's'} finished (seed${finished.length === 1 ? '' : 's'} ${finished.join(', ')})`;
    return earlier ? `no seed finished; ${out} still holds the earlier run's results` : 'no seed finished; nothing written';
  };
  const stopped = (how: string) => {
    const when = finished.length < seeds.length ? `during seed ${seeds[finished.length]}` : 'after the last seed';
    console.error(`${how} ${when}: ${kept()}`);
    if (finished.length === 0 && made) removeEmptyDirectories(out, made);
  };
  setGracefulStop((signal: StopSignal) => {
    stopped(`\n${signal}: interrupted`);
    return false; // exit at once with the signal's code
  });
  return {
    write(seed, contents) {
      for (const [name, text] of Object.entries(contents)) writeFileAtomic(join(out, name), text);
      finished.push(seed);
    },
    failed: () => stopped('stopped'),
    close: () => setGracefulStop(null),
  };
}

/** Remove `out` and its parents up to `top` (the first directory mkdir made), each only while empty. */
function removeEmptyDirectories(out: string, top: string): void {
  for (let dir = resolve(out); ; dir = dirname(dir)) {
    try {
      rmdirSync(dir);
    } catch {
      return; // not empty (or gone): what is left is not the run's own
    }
    if (dir === resolve(top)) return;
  }
}
