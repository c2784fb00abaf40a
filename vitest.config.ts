import { defineConfig } from 'vitest/config';

// Integration tests start simulators and third-party servers on loopback; they get generous
// per-test limits, but every loop inside them is bounded on its own.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
