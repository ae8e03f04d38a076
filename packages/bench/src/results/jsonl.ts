/**
 * `results.jsonl`: one record per line, appended synchronously as soon as a run finishes, so
 * an interrupted run leaves every finished row on disk.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import type { ResultRecord } from '../records.js';

/**
 * File name of the rows inside a results directory.
 *
 * @example
 * ```ts
 * import { RESULTS_FILE } from '@sparsekit/bench';
 * RESULTS_FILE; // => 'results.jsonl'
 * ```
 */
export const RESULTS_FILE = 'results.jsonl';

/**
 * Appends one record as a JSON line.
 *
 * @example
 * ```ts
 * import { appendRecord } from '@sparsekit/bench';
 * appendRecord('/tmp/example-results.jsonl', { type: 'failure', stage: 'plugin', plugin: 'p', name: 'p', message: 'boom' });
 * ```
 */
export function appendRecord(file: string, record: ResultRecord): void {
  appendFileSync(file, `${JSON.stringify(record)}\n`);
}

/** Records of a results file plus the number of unreadable lines (e.g. a cut-off last line). */
export interface ReadResult {
  readonly records: ResultRecord[];
  readonly skippedLines: number;
}

/**
 * Reads a results file; lines that are not complete JSON records are counted, not fatal.
 *
 * @example
 * ```ts
 * import { appendRecord, readRecords } from '@sparsekit/bench';
 * appendRecord('/tmp/example-read.jsonl', { type: 'failure', stage: 'plugin', plugin: 'p', name: 'p', message: 'boom' });
 * readRecords('/tmp/example-read.jsonl').records.length >= 1; // => true
 * ```
 */
export function readRecords(file: string): ReadResult {
  const records: ResultRecord[] = [];
  let skippedLines = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as ResultRecord;
      if (value && (value.type === 'run' || value.type === 'reference' || value.type === 'failure')) records.push(value);
      else skippedLines++;
    } catch {
      skippedLines++;
    }
  }
  return { records, skippedLines };
}
