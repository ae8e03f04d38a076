/**
 * Erdős–Rényi comparison graphs with planted outliers: true scores s, comparisons
 * y = s_i − s_j + σε on every edge (probability q), a fraction of comparisons flipped (y → −y), and
 * optionally adversarial annotators who flip every comparison they make.
 */
import { createRng, requireInteger, requireNonNegative, SparsekitError } from '@sparsekit/tensor';
import type { Comparison } from '../ranking/comparison-graph.js';

/** Options of {@link plantedComparisons}. */
export interface PlantedComparisonsOptions {
  readonly items: number;
  /** Edge probability. Default 0.5. */
  readonly edgeProbability?: number;
  /** Comparisons per edge. Default 1. */
  readonly perEdge?: number;
  /** Fraction of comparisons flipped at random. Default 0.05. */
  readonly flipFraction?: number;
  /** Only comparisons with |s_i − s_j| ≥ this may be flipped (a flip of a near-tie is not an outlier). Default 1. */
  readonly minFlipMargin?: number;
  /** Score spread: s ~ N(0, spread²). Default 2. */
  readonly spread?: number;
  readonly noise?: number;
  /** Number of annotators (comparisons assigned uniformly). Default 0 (no annotator field). */
  readonly annotators?: number;
  /** How many of them flip everything they annotate. Default 0. */
  readonly adversarial?: number;
  readonly seed?: number;
}

/** Generated comparisons and the truth. */
export interface PlantedComparisons {
  readonly comparisons: Comparison[];
  readonly scores: Record<string, number>;
  /** Indices of flipped comparisons (random and adversarial). */
  readonly flipped: number[];
  readonly adversaries: string[];
}

/**
 * Draws a planted comparison data set (items are named "item0", "item1", …).
 *
 * @example
 * ```ts
 * import { plantedComparisons } from '@sparsekit/robust-stats';
 * const d = plantedComparisons({ items: 20, flipFraction: 0.05, seed: 1 });
 * d.flipped.length > 0; // true
 * ```
 */
export function plantedComparisons(o: PlantedComparisonsOptions): PlantedComparisons {
  const n = requireInteger('items', o.items, 2);
  const q = requireNonNegative('edgeProbability', o.edgeProbability ?? 0.5);
  const per = requireInteger('perEdge', o.perEdge ?? 1, 1);
  const flip = requireNonNegative('flipFraction', o.flipFraction ?? 0.05);
  if (flip >= 0.5) throw new SparsekitError({ argument: 'flipFraction', value: flip, expected: 'a fraction below 0.5' });
  const margin = requireNonNegative('minFlipMargin', o.minFlipMargin ?? 1);
  const nAnn = requireInteger('annotators', o.annotators ?? 0, 0);
  const nAdv = requireInteger('adversarial', o.adversarial ?? 0, 0);
  const sigma = requireNonNegative('noise', o.noise ?? 0.3);
  const rng = createRng(o.seed ?? 0);
  const s = rng.normalArray(n, { std: o.spread ?? 2 });
  const u = rng.uniformArray(n * n);
  const out: Comparison[] = [];
  const flipped: number[] = [];
  const adversaries = Array.from({ length: nAdv }, (_, k) => `annotator${k}`);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      if (b !== a + 1 && u[a * n + b] >= q) continue; // the path a, a+1 keeps the graph connected
      for (let r = 0; r < per; r++) {
        const [e, f, g] = rng.uniformArray(3);
        const ann = nAnn > 0 ? Math.floor(f * nAnn) : -1;
        let y = s[a] - s[b] + sigma * rng.normalArray(1)[0];
        const adversarial = ann >= 0 && ann < nAdv;
        if (adversarial || (e < flip && Math.abs(s[a] - s[b]) >= margin)) {
          y = -y;
          flipped.push(out.length);
        }
        const swap = g < 0.5;
        const c = { i: `item${swap ? b : a}`, j: `item${swap ? a : b}`, y: swap ? -y : y };
        out.push(ann >= 0 ? { ...c, annotator: `annotator${ann}` } : c);
      }
    }
  }
  return { comparisons: out, scores: Object.fromEntries(Array.from(s, (v, k) => [`item${k}`, v])), flipped, adversaries };
}
