/** The per-run test tally written by the vitest reporter and by check-examples, summed by test-all. */

/** Folder (inside a vitest root, or the repository root for check-examples) holding the tally. */
export const TALLY_DIR = '.test-results';
/** File name of a vitest run's tally. */
export const TALLY_FILE = 'vitest.json';
/** File name of the examples check's tally (in the repository root's TALLY_DIR). */
export const EXAMPLES_TALLY_FILE = 'check-examples.json';

export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
  /** Every skipped test and the reason it gave (null: it gave none). */
  skippedTests: Array<{ name: string; reason: string | null }>;
  failedTests: string[];
}
