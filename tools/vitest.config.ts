import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { TEST_TIMEOUT_MS } from '../vitest.shared.ts';

// The tools' own tests (not part of nx: tools/ is not a workspace package).
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    testTimeout: TEST_TIMEOUT_MS,
    hookTimeout: TEST_TIMEOUT_MS,
    reporters: ['default', path.join(import.meta.dirname, 'vitest-tally-reporter.ts')],
  },
});
