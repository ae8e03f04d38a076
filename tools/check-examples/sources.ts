import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { extractMarkdown } from './extract-markdown.js';
import { extractTsdoc } from './extract-tsdoc.js';
import type { Extracted } from './snippet.js';

const TEST_FILE = /\.test(-d|-helpers)?\.ts$/;

function dirs(root: string, parent: string): string[] {
  const full = path.join(root, parent);
  if (!existsSync(full)) return [];
  return readdirSync(full, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `${parent}/${d.name}`)
    .sort();
}

/** Repo-relative sources whose TSDoc examples are checked: packages/<pkg>/src/**.ts minus tests. */
export function tsdocSources(root: string): string[] {
  return dirs(root, 'packages').flatMap((pkg) => {
    const src = path.join(root, pkg, 'src');
    if (!existsSync(src)) return [];
    return readdirSync(src, { recursive: true, encoding: 'utf8' })
      .map((f) => f.split(path.sep).join('/'))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !TEST_FILE.test(f))
      .map((f) => `${pkg}/src/${f}`)
      .sort();
  });
}

/** The root README and those of every package and example. */
export function readmeSources(root: string): string[] {
  return ['.', ...dirs(root, 'packages'), ...dirs(root, 'examples')]
    .map((d) => (d === '.' ? 'README.md' : `${d}/README.md`))
    .filter((f) => existsSync(path.join(root, f)));
}

/** Extracts every checked snippet (and opt-outs and malformed blocks) of the repository. */
export function collectSnippets(root: string, only?: (source: string) => boolean): Extracted & { files: number } {
  const out = { snippets: [], skipped: [], failures: [] } as Extracted;
  const keep = only ?? (() => true);
  const tsdoc = tsdocSources(root).filter(keep);
  const readmes = readmeSources(root).filter(keep);
  for (const source of [...tsdoc, ...readmes]) {
    const text = readFileSync(path.join(root, source), 'utf8');
    const found = source.endsWith('.md') ? extractMarkdown(source, text) : extractTsdoc(source, text);
    out.snippets.push(...found.snippets);
    out.skipped.push(...found.skipped);
    out.failures.push(...found.failures);
  }
  return { ...out, files: tsdoc.length + readmes.length };
}
