import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGroup } from './run-groups.js';
import { makeSnippet } from './snippet.js';
import { WORK_DIR } from './workspace.js';

// Inside the repo (like the real check) so '@tensorflow/tfjs' and '@sparsekit/*' resolve.
const root = path.resolve(import.meta.dirname, '../..');
mkdirSync(path.join(root, WORK_DIR), { recursive: true });
const dir = mkdtempSync(path.join(root, WORK_DIR, 'selftest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(snippets: ReturnType<typeof makeSnippet>[]) {
  mkdirSync(path.join(dir, 'g'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  return new Map(
    snippets.map((s) => {
      const file = path.join(dir, 'g', `${s.id}.ts`);
      writeFileSync(file, `${s.code}\n`);
      return [s.id, file] as const;
    }),
  );
}

describe('runGroup', () => {
  it('attributes throws, late rejections and exits to their snippet and line, on a fresh cpu backend each time', async () => {
    const snippets = [
      makeSnippet(
        'p/a.ts',
        10,
        "import * as tf from '@tensorflow/tfjs';\nconsole.log('seen');\nthrow new Error(`boom on ${tf.getBackend()}`);",
      ),
      makeSnippet('p/b.ts', 20, "import { useBackendOrThrow } from '@sparsekit/tensor';\nawait useBackendOrThrow('wasm');"),
      makeSnippet(
        'p/c.ts',
        30,
        "import * as tf from '@tensorflow/tfjs';\nif (tf.getBackend() !== 'cpu') throw new Error('left on ' + tf.getBackend());",
      ),
      makeSnippet('p/d.ts', 40, "void Promise.reject(new Error('late'));"),
      makeSnippet('p/f.ts', 60, 'process.exit(3);'),
      makeSnippet('p/g.ts', 70, 'await Promise.resolve(1);'),
    ];
    const outcome = await runGroup('g', snippets, write(snippets), { root, workDir: dir, timeoutMs: 30_000 });
    const got = outcome.failures.map((f) => [f.source, f.line, f.message.split('\n')[0]]);
    expect(got).toEqual([
      ['p/a.ts', 12, 'Error: boom on cpu'],
      ['p/d.ts', 40, 'Error: late'],
      ['p/f.ts', 60, 'the process died (exit 3) while running it:'],
    ]);
    expect(outcome.failures[0]!.message).toContain('console output:\n    seen');
    expect(outcome.timings.map((t) => t.snippet.source).sort()).toEqual(['p/a.ts', 'p/b.ts', 'p/c.ts', 'p/d.ts', 'p/g.ts']);
  });

  it('fails a snippet that hangs and runs the rest in a new process', async () => {
    const snippets = [
      makeSnippet('p/h.ts', 10, 'await new Promise(() => setTimeout(() => {}, 1e6));'),
      makeSnippet('p/i.ts', 20, "throw new Error('after the hang');"),
    ];
    // The limit counts from each snippet's start (never the child's start-up) and is far above
    // what the throwing snippet needs even on a loaded machine: only the real hang reaches it.
    const outcome = await runGroup('g', snippets, write(snippets), { root, workDir: dir, timeoutMs: 20_000 });
    expect(outcome.failures.map((f) => [f.source, f.message.split('\n')[0]])).toEqual([
      ['p/h.ts', 'timed out after 20 s (group restarted after it)'],
      ['p/i.ts', 'Error: after the hang'],
    ]);
  });
});
