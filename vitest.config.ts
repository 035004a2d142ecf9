import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Dawn on Mesa needs a surfaceless EGL platform; workers copy the environment at start.
    env: { EGL_PLATFORM: 'surfaceless' },
    // Generous limits: a test must pass on a machine several times slower (taskset -c 0); a hang still ends.
    testTimeout: 900_000,
    hookTimeout: 900_000,
    pool: 'forks',
  },
});
