import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    // No test may write into the real per-user data folder (profiles, sandbox, journal): code that falls back to
    // the default folder gets a throwaway one instead.
    env: { ENCLAVE_DATA_DIR: join(tmpdir(), `enclave-test-data-${process.pid}`) },
  },
});
