/**
 * Stop a long-running script once its parent is gone. `npm run` stops its shell, not the shell's
 * child, on SIGTERM: without this the child (a server, say) lives on, re-parented, holding its port.
 */

/** Exit with `code` (143 by default, as after SIGTERM) once this process's parent has changed; checked every `everyMs`. */
export function stopWhenOrphaned(code = 143, everyMs = 1000): void {
  const parent = process.ppid;
  setInterval(() => { if (process.ppid !== parent) process.exit(code); }, everyMs).unref();
}
