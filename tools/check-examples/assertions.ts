/**
 * Stated results in examples: a statement line ending in `// => <expected>` is checked, not just
 * shown. `expr; // => value` becomes `__expect(expr, value, line);` (an `if (...)` guard in front
 * is kept; `console.log(expr)` checks `expr`; continuation lines are left alone), on the same line, so reported line numbers stay those of the source. Comments
 * without `=>` stay hints and are not evaluated.
 */

const STATED = /^(\s*)(.*?);\s*\/\/\s*=>\s*(.+?)\s*$/;
const DECLARATION = /^(const|let|var|import|export|return|throw)\b/;

/** Index just past the parenthesized group that opens at `open`, or -1. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

/** Rewrites one line when it states a value; returns undefined when it does not. */
export function rewriteStated(line: string, lineNumber: number): string | undefined {
  const m = STATED.exec(line);
  if (!m) return undefined;
  const [, indent, statement, expected] = m;
  let guard = '';
  let expr = statement!;
  if (/^if\s*\(/.test(expr)) {
    const end = closingParen(expr, expr.indexOf('('));
    if (end < 0) return undefined;
    guard = `${expr.slice(0, end)} `;
    expr = expr.slice(end).trim();
  }
  if (expr === '' || DECLARATION.test(expr) || /^[.)\]}]/.test(expr)) return undefined;
  const logged = /^console\.log\((.*)\)$/.exec(expr);
  if (logged) expr = logged[1]!;
  return `${indent}${guard}__expect(${expr}, ${expected}, ${lineNumber});`;
}

/** Module path, relative to a generated snippet, of the runtime check. */
export const EXPECT_IMPORT = (relative: string) => `import { expectStated as __expect } from '${relative}';`;

/** The snippet's code with stated values turned into checks, and how many there were. */
export function withAssertions(code: string, importPath: string): { code: string; count: number } {
  let count = 0;
  const lines = code.split('\n').map((line, i) => {
    const out = rewriteStated(line, i + 1);
    if (out === undefined) return line;
    count++;
    return out;
  });
  // ESM imports are hoisted: appending keeps every other line where it was
  if (count > 0) lines.push(EXPECT_IMPORT(importPath));
  return { code: lines.join('\n'), count };
}
