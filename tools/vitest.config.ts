import path from 'node:path';
import { defineConfig } from 'vitest/config';

// The tools' own tests (not part of nx: tools/ is not a workspace package).
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    testTimeout: 60_000,
    reporters: ['default', path.join(import.meta.dirname, 'vitest-tally-reporter.ts')],
  },
});
