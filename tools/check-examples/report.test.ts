import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReport } from './report.js';
import { vitestFailures } from './run-vitest.js';
import { makeSnippet } from './snippet.js';
import { parseDiagnostics } from './typecheck.js';

const root = '/repo';
const snippet = makeSnippet('packages/x/src/a.ts', 40, 'import { f } from "x";\nf(1);\nf(2);');
const file = path.join(root, '.examples-check/check/x/a.L40.ts');

describe('parseDiagnostics', () => {
  it('maps snippet diagnostics to source lines and keeps others where tsc found them', () => {
    const out = [
      '.examples-check/check/x/a.L40.ts(3,1): error TS2345: Argument of type',
      "  'number' is not assignable.",
      "tools/foo.ts(7,2): error TS2304: Cannot find name 'y'.",
    ].join('\n');
    const failures = parseDiagnostics(root, out, new Map([[file, snippet]]));
    expect(failures).toEqual([
      { source: 'packages/x/src/a.ts', line: 42, phase: 'typecheck', message: "TS2345: Argument of type\n  'number' is not assignable." },
      { source: 'tools/foo.ts', line: 7, phase: 'typecheck', message: "TS2304: Cannot find name 'y'." },
    ]);
  });
});

describe('vitestFailures', () => {
  const files = new Map([[snippet.id, file]]);
  it('reports failed tests at their snippet, and snippets vitest never ran', () => {
    const json = {
      testResults: [
        {
          name: file,
          status: 'failed',
          assertionResults: [{ fullName: 'laws idempotence', status: 'failed', failureMessages: ['AssertionError: no\n    at x'] }],
        },
      ],
    };
    expect(vitestFailures(json, [snippet], files, undefined)).toEqual([
      { source: 'packages/x/src/a.ts', line: 40, phase: 'run', message: 'vitest: laws idempotence: AssertionError: no' },
    ]);
    expect(vitestFailures({}, [snippet], files, 'vitest exited 1: boom')[0]!.message).toBe('vitest exited 1: boom');
  });
});

describe('formatReport', () => {
  it('counts failed snippets once and ends with the pass/fail line', () => {
    const other = makeSnippet('README.md', 5, 'ok();');
    const text = formatReport({
      snippets: [snippet, other],
      skipped: [],
      files: 2,
      ms: 1500,
      phases: [],
      slowest: [],
      failures: [
        { source: 'packages/x/src/a.ts', line: 41, phase: 'typecheck', message: 'TS1' },
        { source: 'packages/x/src/a.ts', line: 42, phase: 'run', message: 'Error' },
        { source: 'tools/t.ts', line: 1, phase: 'typecheck', message: 'TS2' },
      ],
    });
    expect(text).toContain('FAIL packages/x/src/a.ts:41 [typecheck] TS1');
    expect(text.split('\n').at(-1)).toBe('check-examples: 1 passed, 2 failed, 0 skipped in 1.5 s (+1 problem outside snippets)');
  });
});
