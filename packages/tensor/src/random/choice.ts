/** Weighted index sampling for `Rng.choice` (internal). */
import { SparsekitError } from '../errors.js';

function checkedWeights(p: ArrayLike<number>, n: number): Float64Array {
  if (p === null || typeof p !== 'object' || p.length !== n) {
    throw new SparsekitError({ argument: 'p', value: p, expected: `an array of ${n} probabilities` });
  }
  const w = Float64Array.from(p);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(w[i]) || w[i] < 0) {
      throw new SparsekitError({ argument: `p[${i}]`, value: w[i], expected: 'a finite number >= 0' });
    }
    total += w[i];
  }
  if (!(total > 0)) throw new SparsekitError({ argument: 'p', value: p, expected: 'weights with a positive sum' });
  return w;
}

/** Inverse-CDF sampler: O(n) setup, O(log n) per draw; zero-weight indices are never drawn. */
export function weightedSampler(p: ArrayLike<number>, n: number): { draw(u: number): number } {
  const w = checkedWeights(p, n);
  const cumulative = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) cumulative[i] = acc += w[i];
  return {
    draw(u: number): number {
      const target = u * acc;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid] > target) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    },
  };
}

/**
 * Successive weighted draws without replacement (numpy's semantics: each draw is proportional
 * to the remaining weights). O(n·size), meant for the small n typical of index sampling.
 */
export function sampleWithoutReplacement(p: ArrayLike<number>, size: number, draw01: () => number): number[] {
  const w = checkedWeights(p, p?.length ?? 0);
  const positive = w.reduce((c, x) => c + (x > 0 ? 1 : 0), 0);
  if (size > positive) {
    throw new SparsekitError({
      argument: 'size',
      value: size,
      expected: `at most ${positive} (the number of non-zero weights) when replace is false`,
    });
  }
  const out: number[] = [];
  for (let k = 0; k < size; k++) {
    let total = 0;
    for (let i = 0; i < w.length; i++) total += w[i];
    const target = draw01() * total;
    let acc = 0;
    let pick = -1;
    for (let i = 0; i < w.length; i++) {
      if (w[i] === 0) continue;
      pick = i;
      acc += w[i];
      if (acc > target) break;
    }
    out.push(pick);
    w[pick] = 0;
  }
  return out;
}
