/** Ranking quality of outlier scores against a known outlier set. */

/**
 * Area under the ROC curve of `score` (higher = more outlying), ties counted half.
 *
 * @example
 * ```ts
 * import { outlierAuc } from '@sparsekit/robust-stats';
 * outlierAuc([0.1, 5, 0.2, 3], [1, 3]); // 1
 * ```
 */
export function outlierAuc(score: ArrayLike<number>, positives: readonly number[]): number {
  const pos = new Set(positives);
  const idx = Array.from({ length: score.length }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  let rank = 0,
    sumPos = 0;
  for (let k = 0; k < idx.length; ) {
    let e = k;
    while (e + 1 < idx.length && score[idx[e + 1]] === score[idx[k]]) e++;
    const mid = (k + e) / 2 + 1;
    for (let m = k; m <= e; m++) if (pos.has(idx[m])) sumPos += mid;
    rank = e + 1;
    k = rank;
  }
  const np = pos.size,
    nn = score.length - np;
  return (sumPos - (np * (np + 1)) / 2) / (np * nn);
}

/**
 * Fraction of the top-|S| ranked samples that are in S.
 *
 * @example
 * ```ts
 * import { precisionAtK } from '@sparsekit/robust-stats';
 * precisionAtK([3, 1, 0, 2], [1, 3]); // 1
 * ```
 */
export function precisionAtK(ranking: readonly number[], positives: readonly number[]): number {
  const pos = new Set(positives);
  return ranking.slice(0, pos.size).filter((i) => pos.has(i)).length / pos.size;
}
