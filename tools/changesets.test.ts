/**
 * Every changeset parses the way `changeset version` will read it: a front matter naming
 * workspace packages with a bump type, then a non-empty summary. (A markdown formatter once
 * turned the front matter into headings; the release would then have failed.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
// The parser the changesets CLI itself uses, resolved from the CLI so hoisting does not matter.
const fromCli = createRequire(createRequire(path.join(root, 'package.json')).resolve('@changesets/cli/package.json'));
const parse = fromCli('@changesets/parse').default as (text: string) => {
  summary: string;
  releases: { name: string; type: string }[];
};

function workspaceNames(): Set<string> {
  const names = new Set<string>();
  for (const dir of ['packages', 'examples']) {
    for (const entry of readdirSync(path.join(root, dir))) {
      try {
        names.add(JSON.parse(readFileSync(path.join(root, dir, entry, 'package.json'), 'utf8')).name);
      } catch {
        // not a package folder
      }
    }
  }
  return names;
}

describe('changesets', () => {
  const dir = path.join(root, '.changeset');
  const files = readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md');

  it('each names workspace packages with a bump type and has a summary', () => {
    const names = workspaceNames();
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const parsed = parse(readFileSync(path.join(dir, file), 'utf8'));
      expect(parsed.releases.length, file).toBeGreaterThan(0);
      for (const r of parsed.releases) {
        expect(names.has(r.name), `${file}: ${r.name}`).toBe(true);
        expect(['patch', 'minor', 'major'], `${file}: ${r.type}`).toContain(r.type);
      }
      expect(parsed.summary.trim().length, file).toBeGreaterThan(0);
    }
  });

  it('rejects the front matter a markdown formatter makes of it (a heading)', () => {
    expect(() => parse('---\n\n## "@sparsekit/solvers": minor\n\nText.\n')).toThrow();
  });
});
