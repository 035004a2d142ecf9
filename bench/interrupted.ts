/**
 * A benchmark cell runs in a child process that the parent waits for without an event loop
 * (spawnSync), so a Ctrl-C reaches the parent only as the child's death by the same signal. That death
 * is the user's stop: the whole benchmark ends there (no results file, exit 130 or 143), instead of going
 * on to the next cell with the terminal already back. Any other signal is the cell's failure, named.
 */
export function signalOutcome(signal: NodeJS.Signals | null): string | null {
  if (signal === 'SIGINT' || signal === 'SIGTERM') {
    process.stderr.write(`\n${signal}: benchmark stopped; no results written\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  }
  return signal ? `killed by ${signal}${signal === 'SIGKILL' ? ' (out of memory?)' : ''}` : null;
}
