/** `sparsekit-bench report <dir>`: rebuild report.html of an earlier run and print its summary. */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyze } from '../analyze.js';
import { writeReport } from '../report/write-report.js';
import { readRecords, RESULTS_FILE } from '../results/jsonl.js';
import { readMetadata, settleStaleMetadata } from '../results/metadata.js';
import { formatSummary } from '../summary.js';
import type { CliIo } from './io.js';
import { shownPath } from './run-command.js';

export async function reportCommand(positionals: readonly string[], io: CliIo): Promise<number> {
  if (positionals.length !== 1) {
    io.err('report: expected exactly one results directory, e.g. sparsekit-bench report bench-results/2026-11-22T01-02-03Z');
    return 2;
  }
  const dir = resolve(io.cwd, positionals[0]);
  if (!existsSync(dir) || !statSync(dir).isDirectory() || !existsSync(join(dir, RESULTS_FILE))) {
    io.err(`report: ${positionals[0]} is not a results directory (no ${RESULTS_FILE})`);
    return 2;
  }
  const { records } = readRecords(join(dir, RESULTS_FILE));
  const before = readMetadata(dir)?.status;
  const metadata = settleStaleMetadata(dir, records.length);
  if (before === 'running' && metadata?.status === 'interrupted') io.err(`Marked the run interrupted: ${metadata.note}.`);
  const report = await writeReport(dir);
  io.out(formatSummary(analyze(records)));
  if (report.skippedLines) io.err(`Skipped ${report.skippedLines} unreadable line(s) of ${RESULTS_FILE}.`);
  io.out(`\nReport: ${shownPath(io.cwd, report.path)}`);
  return 0;
}
