import { extractFences } from './fences.js';
import type { Extracted } from './snippet.js';

/** Every ```ts block of a README (or any markdown file). */
export function extractMarkdown(source: string, text: string): Extracted {
  return extractFences(
    source,
    text.split(/\r?\n/).map((t, i) => ({ text: t, line: i + 1 })),
  );
}
