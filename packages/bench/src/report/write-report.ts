/** `sparsekit-bench report <dir>`: (re)builds report.html from a results directory. */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_FILE, readRecords } from '../results/jsonl.js';
import { readMetadata } from '../results/metadata.js';
import { buildReport } from './html.js';

/**
 * File name of the report inside a results directory.
 *
 * @example
 * ```ts
 * import { REPORT_FILE } from '@sparsekit/bench';
 * REPORT_FILE; // => 'report.html'
 * ```
 */
export const REPORT_FILE = 'report.html';

export interface WrittenReport {
  readonly path: string;
  readonly plotCount: number;
  readonly tableCount: number;
  /** Lines of results.jsonl that could not be read (e.g. cut off by an interruption). */
  readonly skippedLines: number;
}

/**
 * Builds `<dir>/report.html` from `<dir>/results.jsonl` and `<dir>/metadata.json`. Only the
 * report file is (re)written; the results are read, never modified.
 *
 * @example
 * ```ts
 * import { writeReport } from '@sparsekit/bench';
 * // const { path } = await writeReport('bench-results/2026-11-22T01-02-03Z');
 * typeof writeReport; // => 'function'
 * ```
 */
export async function writeReport(dir: string): Promise<WrittenReport> {
  const resultsFile = join(dir, RESULTS_FILE);
  const { records, skippedLines } = existsSync(resultsFile) ? readRecords(resultsFile) : { records: [], skippedLines: 0 };
  const built = await buildReport(records, readMetadata(dir));
  const path = join(dir, REPORT_FILE);
  writeFileSync(`${path}.tmp`, built.html);
  renameSync(`${path}.tmp`, path);
  return { path, plotCount: built.plotCount, tableCount: built.tableCount, skippedLines };
}
