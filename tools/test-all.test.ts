import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sumTallies } from './test-all.js';
import type { Tally } from './test-tally.js';

function tallyFile(dir: string, name: string, t: Partial<Tally>): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify({ passed: 0, failed: 0, skipped: 0, skippedTests: [], failedTests: [], ...t }));
  return file;
}

describe('sumTallies (the closing line of npm test)', () => {
  it('sums every run and lists failures by run', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tally-'));
    const a = tallyFile(dir, 'a.json', {
      passed: 5,
      failed: 1,
      failedTests: ['x.test.ts > broken'],
      skipped: 1,
      skippedTests: [{ name: 's', reason: 'no numpy' }],
    });
    const b = tallyFile(dir, 'b.json', { passed: 2 });
    const { total, problems } = sumTallies([
      { label: 'pkg-a', file: a },
      { label: 'pkg-b', file: b },
    ]);
    expect([total.passed, total.failed, total.skipped]).toEqual([7, 1, 1]);
    expect(total.failedTests).toEqual(['pkg-a: x.test.ts > broken']);
    expect(problems).toEqual([]);
  });

  it('treats a missing report and a skip without a reason as problems', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tally-'));
    const a = tallyFile(dir, 'a.json', { passed: 1, skipped: 1, skippedTests: [{ name: 'law', reason: null }] });
    const { problems } = sumTallies([
      { label: 'pkg-a', file: a },
      { label: 'pkg-b', file: path.join(dir, 'missing.json') },
    ]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^pkg-b: no test report/);
    expect(problems[1]).toMatch(/1 skipped test\(s\) give no reason, e\.g\. pkg-a: law/);
  });
});
