/** Per-annotator outlier scores from the comparison-level γ and entry times. */
import type { IndexedComparisons } from '../comparison-graph.js';

/** How outlying one annotator's comparisons are. */
export interface AnnotatorScore {
  readonly annotator: string;
  readonly comparisons: number;
  readonly flagged: number;
  /** flagged / comparisons. */
  readonly fraction: number;
  /** Earliest entry time of the annotator's comparisons. */
  readonly firstEntry: number;
}

/** Scores sorted most outlying first (flagged fraction, then earliest entry). */
export function annotatorScores(c: IndexedComparisons, gamma: Float64Array, entry: Float64Array): AnnotatorScore[] {
  const rows = c.annotators.map((annotator) => ({ annotator, comparisons: 0, flagged: 0, fraction: 0, firstEntry: Infinity }));
  for (let k = 0; k < gamma.length; k++) {
    const u = c.annotator[k];
    if (u < 0) continue;
    rows[u].comparisons++;
    if (gamma[k] !== 0) rows[u].flagged++;
    rows[u].firstEntry = Math.min(rows[u].firstEntry, entry[k]);
  }
  for (const r of rows) r.fraction = r.comparisons ? r.flagged / r.comparisons : 0;
  return rows.sort((a, b) => b.fraction - a.fraction || a.firstEntry - b.firstEntry);
}
