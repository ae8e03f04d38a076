/**
 * Synthetic label noise with SPR's two settings: symmetric (a flipped label moves to a uniformly
 * chosen other class) and asymmetric (class c moves to c + 1 mod C, a fixed confusion).
 */
import { createRng, requireInteger, requireNonNegative, SparsekitError } from '@sparsekit/tensor';

/** Options of {@link flipLabels}. */
export interface FlipLabelsOptions {
  /** Fraction of labels flipped. */
  readonly rate: number;
  /** Default 'symmetric'. */
  readonly kind?: 'symmetric' | 'asymmetric';
  /** Number of classes. Default max label + 1. */
  readonly classes?: number;
  readonly seed?: number;
}

/**
 * Flips a fraction of labels; returns the noisy labels and the flipped indices.
 *
 * @example
 * ```ts
 * import { flipLabels } from '@sparsekit/robust-stats';
 * const { labels, flipped } = flipLabels([0, 1, 2, 0, 1, 2, 0, 1, 2, 0], { rate: 0.2, seed: 1 });
 * flipped.length; // 2
 * ```
 */
export function flipLabels(labels: readonly number[], o: FlipLabelsOptions): { labels: number[]; flipped: number[] } {
  const rate = requireNonNegative('rate', o.rate);
  if (rate > 1) throw new SparsekitError({ argument: 'rate', value: rate, expected: 'a fraction in [0, 1]' });
  const classes = requireInteger('classes', o.classes ?? Math.max(...labels) + 1, 2);
  const kind = o.kind ?? 'symmetric';
  if (kind !== 'symmetric' && kind !== 'asymmetric')
    throw new SparsekitError({ argument: 'kind', value: kind, expected: "'symmetric' or 'asymmetric'" });
  const rng = createRng(o.seed ?? 0);
  const flipped = rng
    .permutationArray(labels.length)
    .slice(0, Math.round(rate * labels.length))
    .sort((a, b) => a - b);
  const out = labels.slice();
  const shift = rng.uniformArray(flipped.length);
  flipped.forEach((i, k) => {
    out[i] = kind === 'asymmetric' ? (labels[i] + 1) % classes : (labels[i] + 1 + Math.floor(shift[k] * (classes - 1))) % classes;
  });
  return { labels: out, flipped };
}
