/**
 * `npm test`: every package's vitest run and typecheck (nx), then the examples check (the tools'
 * own tests and every doc snippet); then one closing line summed over all of them:
 *
 *   tests: N passed, N failed, N skipped
 *
 * Each vitest run writes `.test-results/vitest.json` in its root (tools/vitest-tally-reporter.ts),
 * the examples check writes `.test-results/check-examples.json`; tallies are deleted first, so a
 * run that did not happen is a missing tally, which fails, like any failed test or step. Skipped
 * tests are listed by reason; a skip without a reason fails (say why a law or test does not apply).
 *
 *   node --import tsx tools/test-all.ts [--tally-only]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXAMPLES_TALLY_FILE, TALLY_DIR, TALLY_FILE, type Tally } from './test-tally.js';
import { skipLines } from './vitest-tally-reporter.js';

const root = path.resolve(import.meta.dirname, '..');

/**
 * Where a tally must appear: one per workspace (packages/*, examples/*) with a test script, the
 * tools' tests, the examples check.
 */
export function expectedTallies(repo: string): Array<{ label: string; file: string }> {
  const workspaces = ['packages', 'examples'].flatMap((parent) => {
    const dir = path.join(repo, parent);
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .filter((d) => {
        const manifest = path.join(dir, d.name, 'package.json');
        return existsSync(manifest) && typeof JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test === 'string';
      })
      .map((d) => ({ label: `${parent}/${d.name}`, file: path.join(dir, d.name, TALLY_DIR, TALLY_FILE) }));
  });
  return [
    ...workspaces,
    { label: 'tools', file: path.join(repo, 'tools', TALLY_DIR, TALLY_FILE) },
    { label: 'check-examples', file: path.join(repo, TALLY_DIR, EXAMPLES_TALLY_FILE) },
  ];
}

/** Sums the tallies; missing ones and reasonless skips become problems. */
export function sumTallies(expected: ReadonlyArray<{ label: string; file: string }>): { total: Tally; problems: string[] } {
  const total: Tally = { passed: 0, failed: 0, skipped: 0, skippedTests: [], failedTests: [] };
  const problems: string[] = [];
  for (const { label, file } of expected) {
    if (!existsSync(file)) {
      problems.push(`${label}: no test report (${path.relative(root, file)}): its tests did not run or did not finish`);
      continue;
    }
    const t = JSON.parse(readFileSync(file, 'utf8')) as Tally;
    total.passed += t.passed;
    total.failed += t.failed;
    total.skipped += t.skipped;
    total.skippedTests.push(...t.skippedTests.map((s) => ({ ...s, name: `${label}: ${s.name}` })));
    total.failedTests.push(...t.failedTests.map((n) => `${label}: ${n}`));
  }
  const reasonless = total.skippedTests.filter((s) => s.reason === null || s.reason.trim() === '');
  if (reasonless.length) problems.push(`${reasonless.length} skipped test(s) give no reason, e.g. ${reasonless[0].name}`);
  return { total, problems };
}

function run(command: string, args: string[]): number {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  return r.status ?? 1;
}

function main(): void {
  const { values } = parseArgs({ options: { 'tally-only': { type: 'boolean' } } });
  const expected = expectedTallies(root);
  const steps: Array<{ name: string; code: number }> = [];
  if (!values['tally-only']) {
    for (const { file } of expected) rmSync(file, { force: true });
    steps.push({ name: 'nx run-many -t test typecheck', code: run('npx', ['nx', 'run-many', '-t', 'test', 'typecheck']) });
    steps.push({ name: 'npm run check:examples', code: run('npm', ['run', 'check:examples']) });
  }
  const { total, problems } = sumTallies(expected);
  for (const s of steps.filter((x) => x.code !== 0)) problems.push(`${s.name} exited with ${s.code}`);
  console.log('\nSkipped tests, by reason:');
  for (const line of skipLines(total)) console.log(`  ${line}`);
  for (const name of total.failedTests) console.log(`FAILED ${name}`);
  for (const p of problems) console.log(`PROBLEM ${p}`);
  console.log(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exitCode = total.failed > 0 || problems.length > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) main();
