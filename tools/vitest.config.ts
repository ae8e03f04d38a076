import { defineConfig } from 'vitest/config';

// The tools' own tests (not part of nx: tools/ is not a workspace package).
export default defineConfig({
  test: { root: import.meta.dirname, include: ['**/*.test.ts'], testTimeout: 60_000 },
});
