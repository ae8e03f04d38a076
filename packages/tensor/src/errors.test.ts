import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  SparsekitError,
  isSparsekitError,
  requireFinite,
  requireInteger,
  requireNonNegative,
  requirePositive,
  requireRank,
  requireSameShape,
} from './index.js';

function thrown(fn: () => unknown): SparsekitError {
  try {
    fn();
  } catch (e) {
    if (isSparsekitError(e)) return e;
    throw e;
  }
  throw new Error('expected a SparsekitError, nothing was thrown');
}

describe('SparsekitError and validators', () => {
  it('names the argument, the value and the expectation', () => {
    const e = new SparsekitError({ argument: 'radius', value: -1, expected: 'a finite number > 0' });
    expect(e).toBeInstanceOf(Error);
    expect(e._tag).toBe('SparsekitError');
    expect(e.message).toBe('radius: expected a finite number > 0, got -1');
    expect(isSparsekitError(e)).toBe(true);
    expect(isSparsekitError(new Error('radius'))).toBe(false);
    expect(isSparsekitError({ _tag: 'SparsekitError' })).toBe(true); // structural: survives duplicated module copies
  });

  it('describes big or structured values briefly', () => {
    const t = tf.zeros([2, 3]);
    expect(new SparsekitError({ argument: 'A', value: t, expected: 'rank 3' }).message).toBe(
      'A: expected rank 3, got a float32 tensor of shape [2, 3]',
    );
    expect(new SparsekitError({ argument: 'v', value: new Array(100).fill(0), expected: 'short' }).message).toContain(
      'an array of length 100',
    );
    expect(new SparsekitError({ argument: 's', value: 'x'.repeat(200), expected: 'short' }).message.length).toBeLessThan(120);
    t.dispose();
  });

  it('rejects zero, negative, NaN, infinite and non-number radii', () => {
    for (const bad of [0, -1, NaN, Infinity, '1', undefined]) {
      expect(thrown(() => requirePositive('radius', bad)).argument).toBe('radius');
    }
    expect(requirePositive('radius', 1e-30)).toBe(1e-30);
    expect(requireNonNegative('lambda', 0)).toBe(0);
    expect(() => requireNonNegative('lambda', -1e-9)).toThrow(/^lambda: expected a finite number >= 0/);
  });

  it('checks integer ranges, ranks, shapes and finiteness', () => {
    expect(() => requireInteger('k', 0, 1, 5)).toThrow('k: expected an integer in [1, 5], got 0');
    expect(() => requireInteger('k', 2.5, 1)).toThrow('k: expected an integer >= 1, got 2.5');
    const x = tf.tensor1d([1, NaN, 3]);
    expect(thrown(() => requireRank('A', x, 2, 3)).message).toBe('A: expected a tensor of rank 2 or 3, got a float32 tensor of shape [3]');
    const nonFinite = thrown(() => requireFinite('x', x));
    expect(nonFinite.code).toBe('non_finite');
    expect(nonFinite.message).toContain('entry 1 is NaN');
    expect(() => requireSameShape('y', [2, 3], [2, 4])).toThrow('y: expected shape [2, 4], got "shape [2, 3]"');
    x.dispose();
  });
});
