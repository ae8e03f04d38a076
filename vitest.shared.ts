import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The one time limit of every test and hook in the repository (packages, examples and tools/).
 * Tests never set their own: a test that legitimately needs longer raises this limit.
 */
export const TEST_TIMEOUT_MS = 120_000;

// Workspace packages resolve from source through the custom export condition, so tests never
// need a prior build and always see the code under test.
export default defineConfig({
  resolve: { conditions: ['@sparsekit/source'] },
  ssr: { resolve: { conditions: ['@sparsekit/source'] } },
  test: {
    include: ['src/**/*.test.ts'],
    passWithNoTests: true,
    // The tally reporter writes .test-results/vitest.json (counts and skip reasons) for the
    // closing line of `npm test`, and prints why tests were skipped.
    reporters: ['default', path.join(import.meta.dirname, 'tools', 'vitest-tally-reporter.ts')],
    testTimeout: TEST_TIMEOUT_MS,
    hookTimeout: TEST_TIMEOUT_MS,
    // tfjs backends are process-global; one file per worker keeps backend switches isolated.
    pool: 'forks',
    // vitest defaults to CPUs − 1 workers, i.e. one on a 2-core machine; test files are
    // CPU-bound and isolated in their own processes, so use every core (nx runs one package at a time).
    maxWorkers: Math.max(2, os.availableParallelism()),
  },
});
