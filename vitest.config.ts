import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Dawn on Mesa needs a surfaceless EGL platform; workers copy the environment at start.
    env: { EGL_PLATFORM: 'surfaceless' },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
