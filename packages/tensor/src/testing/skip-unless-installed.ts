import type { TestContext } from 'vitest';

/**
 * For tests that need something outside npm (a browser binary, Python modules, a system
 * library): skips the running test with `missing` as the reason, or fails it when `CI` is set,
 * because CI installs every such dependency and a skip there would hide a broken install.
 * Does nothing when `missing` is undefined (the dependency is there).
 *
 * @example
 * ```ts
 * // chromium.test.ts
 * import { existsSync } from 'node:fs';
 * import { expect, it } from 'vitest';
 * import { skipUnlessInstalled } from '@sparsekit/tensor/testing';
 * it('finds a Chromium binary', (ctx) => {
 *   skipUnlessInstalled(ctx, existsSync('/usr/bin/chromium') ? undefined : 'Chromium is not installed (apt-get install -y chromium)');
 *   expect(existsSync('/usr/bin/chromium')).toBe(true);
 * });
 * ```
 */
export function skipUnlessInstalled(ctx: Pick<TestContext, 'skip'>, missing: string | undefined): void {
  if (missing === undefined) return;
  if (onCi()) throw new Error(`${missing}. CI installs this dependency, so its absence there is a broken install, not a skip.`);
  ctx.skip(missing);
}

/**
 * Whether the tests run on CI: the `CI` environment variable is set to anything but '', '0' or
 * 'false' (the convention of GitHub Actions, GitLab and most runners). For tests that branch on
 * an optional install and must insist on it there.
 *
 * @example
 * ```ts
 * import { onCi } from '@sparsekit/tensor/testing';
 * typeof onCi(); // => 'boolean'
 * ```
 */
export function onCi(): boolean {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.CI;
  return value !== undefined && !['', '0', 'false'].includes(value.trim().toLowerCase());
}
