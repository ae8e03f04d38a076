/**
 * The runtime side of `// => value`: deep equality where numbers agree to float32 precision
 * (relative 1e-5, absolute 1e-6) and tensors compare by their values.
 */
import * as tf from '@tensorflow/tfjs';

function plain(value: unknown): unknown {
  if (value instanceof tf.Tensor) return value.arraySync();
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  return value;
}

function same(actual: unknown, expected: unknown): boolean {
  const a = plain(actual);
  if (typeof expected === 'number' && typeof a === 'number') {
    if (Number.isNaN(expected)) return Number.isNaN(a);
    if (!Number.isFinite(expected)) return a === expected;
    return Math.abs(a - expected) <= 1e-6 + 1e-5 * Math.abs(expected);
  }
  if (Array.isArray(expected)) return Array.isArray(a) && a.length === expected.length && expected.every((e, i) => same(a[i], e));
  if (expected !== null && typeof expected === 'object') {
    if (a === null || typeof a !== 'object') return false;
    const keys = Object.keys(expected);
    return (
      keys.length === Object.keys(a).length &&
      keys.every((k) => same((a as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k]))
    );
  }
  return Object.is(a, expected);
}

const show = (v: unknown) => JSON.stringify(plain(v), (_, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x));

/** Throws when `actual` is not the value the example states (line is the snippet line). */
export function expectStated(actual: unknown, expected: unknown, line: number): void {
  if (!same(actual, expected)) throw new Error(`line ${line}: the example states ${show(expected)}, got ${show(actual)}`);
}
