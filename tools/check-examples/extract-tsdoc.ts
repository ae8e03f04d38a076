import { extractFences, type SourceLine } from './fences.js';
import type { Extracted } from './snippet.js';

const DOC_COMMENT = /\/\*\*[\s\S]*?\*\//g;
const TAG = /^\s*@(\w+)/;

/** The ```ts blocks inside the `@example` sections of every `/** … *\/` comment of a file. */
export function extractTsdoc(source: string, text: string): Extracted {
  const out: Extracted = { snippets: [], skipped: [], failures: [] };
  for (const match of text.matchAll(DOC_COMMENT)) {
    const firstLine = lineAt(text, match.index);
    const sections = exampleSections(commentLines(match[0], firstLine));
    for (const section of sections) {
      const found = extractFences(source, section);
      out.snippets.push(...found.snippets);
      out.skipped.push(...found.skipped);
      out.failures.push(...found.failures);
    }
  }
  return out;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

// Strips `/**`, `*/` and the ` * ` gutter (one space after the star) so code keeps its indentation.
function commentLines(comment: string, firstLine: number): SourceLine[] {
  return comment.split('\n').map((raw, i) => {
    let t = i === 0 ? raw.replace(/^\s*\/\*\*\s?/, '') : raw;
    t = t.replace(/\s*\*\/\s*$/, '');
    if (i > 0) t = t.replace(/^\s*\*(?: |$)/, '');
    return { text: t, line: firstLine + i };
  });
}

// An @example section runs to the next block tag outside a code fence, or the comment's end.
function exampleSections(lines: readonly SourceLine[]): SourceLine[][] {
  const sections: SourceLine[][] = [];
  let current: SourceLine[] | undefined;
  let inFence = false;
  for (const l of lines) {
    const tag = inFence ? null : TAG.exec(l.text);
    if (tag) {
      current = tag[1] === 'example' ? [] : undefined;
      if (current) sections.push(current);
      continue;
    }
    if (/^\s*```/.test(l.text)) inFence = !inFence;
    current?.push(l);
  }
  return sections;
}
