/**
 * Float64 views of tensors and the small vector algebra the laws use: the laws are about the
 * mathematics, so they compare float32 outputs with float64 arithmetic.
 */
import * as tf from '@tensorflow/tfjs';
import type { Point } from './options.js';

/** Reads a tensor into a float64 point (synchronous). */
export function readPoint(t: tf.Tensor): Point {
  return { shape: t.shape.slice(), data: Float64Array.from(t.dataSync() as ArrayLike<number>) };
}

/** A float32 tensor holding the point. */
export function toTensor(p: Point): tf.Tensor {
  return tf.tensor(Float32Array.from(p.data), p.shape.slice(), 'float32');
}

/** A point of the given shape from flat values rounded to float32. */
export function pointOf(shape: readonly number[], values: ArrayLike<number>): Point {
  const data = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = Math.fround(values[i]);
  return { shape: shape.slice(), data };
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function sub(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] - b[i];
  return out;
}

export function norm2(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

export function normInf(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

export function allFinite(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Largest entrywise excess of |a − b| over `atol + rtol·|b|`; ≤ 0 means close. */
export function closeExcess(a: Float64Array, b: Float64Array, rtol: number, atol: number): { index: number; excess: number } {
  let index = -1;
  let excess = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i] - b[i]) - (atol + rtol * Math.abs(b[i]));
    if (!(e <= excess)) {
      excess = Number.isNaN(e) ? Infinity : e;
      index = i;
    }
  }
  return { index, excess };
}

export function describePoint(p: Point): string {
  const values = Array.from(p.data.slice(0, 12), (v) => Number(v.toPrecision(6)));
  return `[${p.shape.join('x')}] ${JSON.stringify(values)}${p.data.length > 12 ? '…' : ''}`;
}

/** Runs `fn` in a tensor scope and disposes every tensor it made; for plain-data results. */
export function scoped<T>(fn: () => T): T {
  tf.engine().startScope();
  try {
    return fn();
  } finally {
    tf.engine().endScope();
  }
}
