/**
 * A vitest reporter (added next to the default one in vitest.shared.ts and tools/vitest.config.ts)
 * that writes `<vitest root>/.test-results/vitest.json`: passed, failed and skipped counts and
 * every skipped test with the reason it gave (`ctx.skip(reason)`), and prints the skip reasons.
 * `tools/test-all.ts` sums these files into the closing line of `npm test`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { TALLY_DIR, TALLY_FILE, type Tally } from './test-tally.js';

type RunErrors = Parameters<NonNullable<Reporter['onTestRunEnd']>>[1];

export default class TallyReporter implements Reporter {
  private root = process.cwd();

  onInit(ctx: Vitest): void {
    this.root = ctx.config.root;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: RunErrors): void {
    const tally = tallyOf(this.root, modules, errors.length);
    const dir = path.join(this.root, TALLY_DIR);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, TALLY_FILE), `${JSON.stringify(tally, null, 2)}\n`);
    for (const line of skipLines(tally)) process.stdout.write(`${line}\n`);
  }
}

function tallyOf(root: string, modules: ReadonlyArray<TestModule>, unhandled: number): Tally {
  const tally: Tally = { passed: 0, failed: unhandled, skipped: 0, skippedTests: [], failedTests: [] };
  for (const m of modules) {
    const file = path.relative(root, m.moduleId);
    let failedHere = 0;
    for (const test of m.children.allTests()) {
      const result = test.result();
      const name = `${file} > ${test.fullName}`;
      if (result.state === 'passed') tally.passed++;
      else if (result.state === 'failed') {
        tally.failed++;
        failedHere++;
        tally.failedTests.push(name);
      } else {
        tally.skipped++;
        tally.skippedTests.push({ name, reason: result.state === 'skipped' ? (result.note ?? null) : null });
      }
    }
    // A file that failed without a failing test (an import error, a throwing hook) still counts.
    if (m.state() === 'failed' && failedHere === 0) {
      tally.failed++;
      tally.failedTests.push(`${file} (the file failed to run)`);
    }
  }
  return tally;
}

/** Skip reasons grouped, most frequent first: `skipped 12× : <reason> (e.g. <test>)`. */
export function skipLines(tally: Tally): string[] {
  const byReason = new Map<string, string[]>();
  for (const s of tally.skippedTests) {
    const reason = s.reason ?? 'NO REASON GIVEN';
    byReason.set(reason, [...(byReason.get(reason) ?? []), s.name]);
  }
  return [...byReason]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([reason, names]) => `skipped ${names.length}×: ${reason} (e.g. ${names[0]})`);
}
