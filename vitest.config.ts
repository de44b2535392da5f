import { defineConfig } from 'vitest/config';

// Integration suites start their own slapd on a free port, so files may run in parallel (2 cores here).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
