/**
 * Concatenation of factor products: [F; G] = blkdiag(F₁, G₁)⋯blkdiag(F_{J−1}, G_{J−1})·[F_J; G_J]
 * and [F, G] = [F₁, G₁]·blkdiag(F₂, G₂)⋯, after padding shorter lists with identities.
 */
import type { Factor } from './factor.js';
import { SparsekitError } from '@sparsekit/tensor';
import { emptyTriplets, fromTriplets, padFront, pushBlock } from './structure.js';
import { transposeFactor } from './factor.js';

/** 0: stack vertically (rows), 1: side by side (columns). */
export type ConcatAxis = 0 | 1;

function vertical(lists: readonly (readonly Factor[])[]): Factor[] {
  const cols = lists[0][lists[0].length - 1].cols;
  lists.forEach((l, i) => {
    if (l[l.length - 1].cols !== cols) {
      throw new SparsekitError({
        argument: `others[${i - 1}]`,
        value: l[l.length - 1].cols,
        code: 'shape_mismatch',
        expected: `${cols} columns`,
      });
    }
  });
  const depth = Math.max(...lists.map((l) => l.length));
  const padded = lists.map((l) => padFront(l, depth));
  const complex = lists.some((l) => l.some((f) => f.im !== null));
  const out: Factor[] = [];
  for (let j = 0; j < depth; j++) {
    const t = emptyTriplets();
    let r0 = 0;
    let c0 = 0;
    const last = j === depth - 1;
    for (const l of padded) {
      pushBlock(t, l[j], r0, last ? 0 : c0);
      r0 += l[j].rows;
      c0 += l[j].cols;
    }
    out.push(fromTriplets(r0, last ? cols : c0, t, complex));
  }
  return out;
}

export function concatFactors(lists: readonly (readonly Factor[])[], axis: ConcatAxis): Factor[] {
  if (axis === 0) return vertical(lists);
  if (axis === 1) {
    const transposed = lists.map((l) => l.map((f) => transposeFactor(f, false)).reverse());
    return vertical(transposed)
      .map((f) => transposeFactor(f, false))
      .reverse();
  }
  throw new SparsekitError({ argument: 'axis', value: axis, expected: '0 (rows) or 1 (columns)' });
}
