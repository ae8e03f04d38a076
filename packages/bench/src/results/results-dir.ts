/**
 * Results directories: one new directory per run, claimed atomically, never reused, so earlier
 * results cannot be overwritten by a later run (or by two runs started in the same second).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `2026-11-22T01-02-03Z`: sortable, and valid as a file name everywhere.
 *
 * @example
 * ```ts
 * import { timestampName } from '@sparsekit/bench';
 * timestampName(new Date(0)); // => '1970-01-01T00-00-00Z'
 * ```
 */
export function timestampName(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');
}

/**
 * Creates `<root>/<timestamp>` (or `<timestamp>-2`, `-3`, ... if taken) and returns its path.
 * `mkdir` without `recursive` fails on an existing directory, which makes the claim atomic.
 *
 * @example
 * ```ts
 * import { createResultsDir } from '@sparsekit/bench';
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const root = mkdtempSync(join(tmpdir(), 'bench-'));
 * const a = createResultsDir(root, new Date(0));
 * const b = createResultsDir(root, new Date(0));
 * a !== b; // true: '1970-01-01T00-00-00Z' and '1970-01-01T00-00-00Z-2'
 * ```
 */
export function createResultsDir(root: string, date: Date = new Date()): string {
  mkdirSync(root, { recursive: true });
  const base = timestampName(date);
  for (let k = 1; ; k++) {
    const dir = join(root, k === 1 ? base : `${base}-${k}`);
    try {
      mkdirSync(dir);
      return dir;
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw cause;
    }
  }
}
