import { makeSnippet, type Extracted, type Failure, type SkippedSnippet, type Snippet } from './snippet.js';

/** A line of markdown text and the 1-based line of the file it came from. */
export interface SourceLine {
  readonly text: string;
  readonly line: number;
}

const OPEN = /^(\s*)```(ts|typescript)\s*$/;
const CLOSE = /^\s*```\s*$/;
const ANY_FENCE = /^\s*```/;
const OPT_OUT = /^\s*<!--\s*not-checked\b:?\s*(.*?)\s*-->\s*$/;

/**
 * Collects the ```ts blocks of a markdown text. A block preceded (on its last non-blank line)
 * by `<!-- not-checked: reason -->` is reported as skipped; the reason is mandatory so that
 * opting out stays a visible, argued decision.
 */
export function extractFences(source: string, lines: readonly SourceLine[]): Extracted {
  const snippets: Snippet[] = [];
  const skipped: SkippedSnippet[] = [];
  const failures: Failure[] = [];
  let i = 0;
  while (i < lines.length) {
    const open = OPEN.exec(lines[i]!.text);
    if (!open) {
      i = ANY_FENCE.test(lines[i]!.text) ? skipOtherFence(lines, i) : i + 1;
      continue;
    }
    const end = findClose(lines, i + 1);
    if (end === undefined) {
      failures.push({ source, line: lines[i]!.line, phase: 'extract', message: 'unclosed ```ts block' });
      break;
    }
    const body = lines.slice(i + 1, end);
    const optOut = optOutBefore(lines, i);
    if (optOut === undefined) {
      if (body.length > 0) snippets.push(makeSnippet(source, body[0]!.line, dedent(body, open[1]!.length)));
    } else if (optOut === '') {
      failures.push({
        source,
        line: lines[i]!.line,
        phase: 'extract',
        message: '<!-- not-checked --> needs a reason: <!-- not-checked: why -->',
      });
    } else {
      skipped.push({ source, line: lines[i]!.line, reason: optOut });
    }
    i = end + 1;
  }
  return { snippets, skipped, failures };
}

function findClose(lines: readonly SourceLine[], from: number): number | undefined {
  for (let j = from; j < lines.length; j++) if (CLOSE.test(lines[j]!.text)) return j;
  return undefined;
}

// Blocks in other languages (sh, json, plain) may contain ```ts-looking lines; jump past them.
function skipOtherFence(lines: readonly SourceLine[], start: number): number {
  const end = findClose(lines, start + 1);
  return end === undefined ? lines.length : end + 1;
}

function optOutBefore(lines: readonly SourceLine[], fence: number): string | undefined {
  for (let j = fence - 1; j >= 0; j--) {
    const text = lines[j]!.text;
    if (text.trim() === '') continue;
    const m = OPT_OUT.exec(text);
    return m ? m[1]! : undefined;
  }
  return undefined;
}

// Fences indented inside list items carry the list's indentation on every line.
function dedent(body: readonly SourceLine[], indent: number): string {
  return body.map((l) => (l.text.slice(0, indent).trim() === '' ? l.text.slice(indent) : l.text)).join('\n');
}
