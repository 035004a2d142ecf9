/**
 * Temporary files a killed process left behind. Every writer here writes `NAME.tmp-<pid>` and renames
 * it over NAME; SIGKILL (or a power cut) leaves the temporary, which nothing else would ever remove.
 * Only temporaries whose process no longer runs are removed: a live writer's file is its own.
 */
import { nodeModules } from './node.js';

const node = () => nodeModules('removing stale temporary files');

/** Whether process `pid` runs on this machine (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of `name` if it is `prefix.tmp-<pid>`, else undefined. */
const writerOf = (name: string, prefix: string) => {
  const pid = name.startsWith(prefix) ? /^\.tmp-(\d+)$/.exec(name.slice(prefix.length))?.[1] : undefined;
  return pid === undefined ? undefined : Number(pid);
};

/** Remove every `*.tmp-<pid>` entry in `dir` (files or folders) whose writing process no longer runs. */
export function removeStaleTemporaries(dir: string): void {
  const { fs, path } = node();
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) {
    // Called holding the directory's lock: a temporary under this process's own pid is a leftover too.
    const pid = /\.tmp-(\d+)$/.exec(name)?.[1];
    if (pid !== undefined && (Number(pid) === process.pid || !processAlive(Number(pid)))) fs.rmSync(path.join(dir, name), { force: true, recursive: true });
  }
}

/** Remove `file.tmp-<pid>` siblings of one output file whose writing process no longer runs. */
export function removeStaleTemporariesOf(file: string): void {
  const { fs, path } = node();
  const dir = path.dirname(file), base = path.basename(file);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return; // a missing folder is the write's own error to report
  }
  for (const name of names) {
    // This process's own temporary is the one its write is about to open (and truncate), not a leftover.
    const pid = writerOf(name, base);
    if (pid !== undefined && pid !== process.pid && !processAlive(pid)) fs.rmSync(path.join(dir, name), { force: true, recursive: true });
  }
}
