import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One temporary folder per run, removed at its end (test/setup/temp-dir.ts).
    globalSetup: ['test/setup/temp-dir.ts'],
    // Dawn on Mesa needs a surfaceless EGL platform; workers copy the environment at start.
    // Two test files run at once (below), so each command a test runs takes one thread, not one per
    // core: with two, the pools' spinning workers took the other file's core (docs/testing.md). The
    // tests of threaded paths ask for threads by name (test/helpers/backends.ts, cli-threads.test.ts).
    env: { EGL_PLATFORM: 'surfaceless', GANGRAD_THREADS: '1' },
    // Generous limits: a test must pass on a machine several times slower (taskset -c 0); a hang still ends.
    testTimeout: 900_000,
    hookTimeout: 900_000,
    pool: 'forks',
    // Vitest's default is one worker per core minus one: a single worker on the 2-core machines this
    // runs on, where most of the suite waits on child processes, browsers and llvmpipe. Two at least.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
