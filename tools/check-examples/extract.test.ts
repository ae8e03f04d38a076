import { describe, expect, it } from 'vitest';
import { extractMarkdown } from './extract-markdown.js';
import { extractTsdoc } from './extract-tsdoc.js';
import { groupOf, sourceLine } from './snippet.js';

const tsdoc = [
  '/** Not an example.',
  ' * ```ts',
  ' * ignored();',
  ' * ```',
  ' */',
  'export const a = 1;',
  '/**',
  ' * Adds.',
  ' *',
  ' * @example',
  ' * ```ts',
  " * import { add } from '@sparsekit/x';",
  ' *   add(1, 2);',
  ' *  * stray();',
  ' * ```',
  ' * @param x ignored',
  ' * ```ts',
  ' * notAnExample();',
  ' * ```',
  ' */',
].join('\n');

describe('extractTsdoc', () => {
  it('takes ```ts blocks of @example sections only, with source lines and indentation kept', () => {
    const { snippets, failures } = extractTsdoc('packages/x/src/add.ts', tsdoc);
    expect(failures).toEqual([]);
    expect(snippets).toHaveLength(1);
    const [s] = snippets;
    expect(s!.line).toBe(12);
    expect(s!.code).toBe("import { add } from '@sparsekit/x';\n  add(1, 2);\n * stray();");
    expect(s!.group).toBe('x');
    expect(s!.kind).toBe('module');
    expect(sourceLine(s!, 3)).toBe(14);
  });

  it('marks a block whose first line names a .test.ts file as a vitest snippet', () => {
    const text = '/**\n * @example\n * ```ts\n * // my-ball.test.ts\n * it();\n * ```\n */';
    expect(extractTsdoc('packages/x/src/a.ts', text).snippets[0]!.kind).toBe('vitest');
  });

  it('reports an unclosed block', () => {
    const { failures } = extractTsdoc('packages/x/src/a.ts', '/**\n * @example\n * ```ts\n * f();\n */');
    expect(failures).toEqual([{ source: 'packages/x/src/a.ts', line: 3, phase: 'extract', message: 'unclosed ```ts block' }]);
  });
});

describe('extractMarkdown', () => {
  const md = [
    '# T',
    '',
    '```sh',
    '```ts',
    '```',
    '',
    '```ts',
    'run();',
    '```',
    '',
    '<!-- not-checked: CLI-shaped -->',
    '```ts',
    'cli --flag',
    '```',
    '<!-- not-checked -->',
    '```typescript',
    'x',
    '```',
    '- item',
    '  ```ts',
    '  nested();',
    '  ```',
  ].join('\n');
  const { snippets, skipped, failures } = extractMarkdown('README.md', md);

  it('skips other languages, including ```ts lines inside them', () => {
    expect(snippets.map((s) => [s.line, s.code])).toEqual([
      [8, 'run();'],
      [21, 'nested();'],
    ]);
    expect(snippets[0]!.group).toBe('root');
  });

  it('honours an opt-out with a reason and rejects one without', () => {
    expect(skipped).toEqual([{ source: 'README.md', line: 12, reason: 'CLI-shaped' }]);
    expect(failures.map((f) => [f.line, f.phase])).toEqual([[16, 'extract']]);
  });
});

describe('groupOf', () => {
  it('groups by package, example or root', () => {
    expect(groupOf('packages/solvers/src/a/b.ts')).toBe('solvers');
    expect(groupOf('examples/custom-constraint/README.md')).toBe('examples-custom-constraint');
    expect(groupOf('README.md')).toBe('root');
  });
});
