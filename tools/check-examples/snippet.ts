/** A ```ts block found in a TSDoc `@example` section or a README, as the check sees it. */
export interface Snippet {
  /** Unique, file-name safe; also the generated module's base name. */
  readonly id: string;
  /** Repo-relative path of the file the block was found in. */
  readonly source: string;
  /** 1-based line, in `source`, of the block's first code line. */
  readonly line: number;
  readonly code: string;
  /** Which child process runs it: a package name, `root`, or `examples-<name>`. */
  readonly group: string;
  /**
   * 'module' snippets are imported by a plain Node process; 'vitest' snippets (first line
   * `// <name>.test.ts`) declare tests, so vitest runs them.
   */
  readonly kind: 'module' | 'vitest';
}

/** A block left out with `<!-- not-checked: reason -->`. */
export interface SkippedSnippet {
  readonly source: string;
  readonly line: number;
  readonly reason: string;
}

/** A problem attributed to a place in a source file (snippet line, or a generated file). */
export interface Failure {
  readonly source: string;
  readonly line: number;
  readonly phase: 'extract' | 'typecheck' | 'run';
  readonly message: string;
}

export interface Extracted {
  readonly snippets: Snippet[];
  readonly skipped: SkippedSnippet[];
  readonly failures: Failure[];
}

const TEST_FILE_HEADER = /^\s*\/\/\s*[\w.-]+\.test\.ts\b/;

/** Vitest snippets announce themselves the way a reader would: a `// foo.test.ts` first line. */
export function snippetKind(code: string): Snippet['kind'] {
  return TEST_FILE_HEADER.test(code.split('\n', 1)[0] ?? '') ? 'vitest' : 'module';
}

/** Source file of a snippet → the process group that runs it. */
export function groupOf(source: string): string {
  const parts = source.split('/');
  if (parts[0] === 'packages' && parts.length > 2) return parts[1]!;
  if (parts[0] === 'examples' && parts.length > 2) return `examples-${parts[1]}`;
  return 'root';
}

/** Builds the snippet, deriving id, group and kind from where it was found. */
export function makeSnippet(source: string, line: number, code: string): Snippet {
  const base = source
    .replace(/^packages\/[^/]+\/src\//, '')
    .replace(/^examples\/[^/]+\//, '')
    .replace(/\.ts$|\.md$/i, '');
  const id = `${base.replace(/[^\w-]+/g, '.')}.L${line}`;
  return { id, source, line, code, group: groupOf(source), kind: snippetKind(code) };
}

/** Where a line of a snippet (1-based, in the generated module) sits in its source file. */
export function sourceLine(snippet: Snippet, generatedLine: number): number {
  return snippet.line + Math.max(0, generatedLine - 1);
}
