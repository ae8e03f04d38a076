/**
 * fast-check arbitraries for law inputs. Each case is one of the input kinds that caught bugs in
 * chop and copt: signed, tied, zero, all-equal, tiny and huge-magnitude values (plus
 * already-feasible points, made by the laws from projections).
 */
import fc from 'fast-check';
import type { Point } from './options.js';
import { pointOf } from './points.js';

/** Input kinds; 'feasible' asks the law to project the point first (when it can). */
export type InputKind = 'signed' | 'tied' | 'zero' | 'allEqual' | 'feasible' | 'huge' | 'tiny';

/** A generated law input: its kind and its float32-rounded values. */
export interface LawInput {
  readonly kind: InputKind;
  readonly point: Point;
}

const kindWeights: readonly { weight: number; arbitrary: fc.Arbitrary<InputKind> }[] = [
  { weight: 8, arbitrary: fc.constant('signed') },
  { weight: 3, arbitrary: fc.constant('tied') },
  { weight: 1, arbitrary: fc.constant('zero') },
  { weight: 1, arbitrary: fc.constant('allEqual') },
  { weight: 3, arbitrary: fc.constant('feasible') },
  { weight: 1, arbitrary: fc.constant('huge') },
  { weight: 1, arbitrary: fc.constant('tiny') },
];

/** Inputs of the given shape with entries of magnitude about `scale` (used by the law suite, not exported). */
export function lawInput(shape: readonly number[], scale: number): fc.Arbitrary<LawInput> {
  const n = shape.reduce((a, b) => a * b, 1);
  const unit = fc.double({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true });
  const tiedLevel = fc.integer({ min: -2, max: 2 });
  return fc
    .record({
      kind: fc.oneof(...kindWeights),
      values: fc.array(unit, { minLength: n, maxLength: n }),
      levels: fc.array(tiedLevel, { minLength: n, maxLength: n }),
      constant: unit,
    })
    .map(({ kind, values, levels, constant }) => ({ kind, point: pointOf(shape, valuesOf(kind, values, levels, constant, scale)) }));
}

function valuesOf(kind: InputKind, values: number[], levels: number[], constant: number, scale: number): number[] {
  switch (kind) {
    case 'tied':
      return levels.map((l) => (l * scale) / 2);
    case 'zero':
      return values.map(() => 0);
    case 'allEqual':
      return values.map(() => constant * scale);
    case 'huge':
      return values.map((v) => v * 1e18);
    case 'tiny':
      return values.map((v) => v * 1e-12);
    default:
      return values.map((v) => v * scale);
  }
}
