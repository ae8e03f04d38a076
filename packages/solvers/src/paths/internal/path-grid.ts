/**
 * What the Bregman path loops (LBI and Split LBI) share: Libra's t grid and its options, the
 * shrinkage of the sparse variable (entrywise or by groups), recording the path at the grid by
 * linear interpolation between consecutive iterates, and first-entry bookkeeping.
 */
import * as tf from '@tensorflow/tfjs';
import { requireInteger, SparsekitError } from '@sparsekit/tensor';
import type { BregmanPathOptions } from '../path-options.js';
import { crossingFractions, groupNorms, groupShrink, softShrink, type RowGroups } from './shrink.js';

/** The grid part of the options shared by lbi and splitLbi. */
export type GridOptions = Pick<BregmanPathOptions, 'tlist' | 'nt' | 'trate'>;

/** Validates nt (default 100), trate (default 100) and an explicit increasing tlist. */
export function gridOptions(o: GridOptions): { nt: number; trate: number; tlist?: readonly number[] } {
  const nt = requireInteger('nt', o.nt ?? 100, 2);
  const trate = o.trate ?? 100;
  if (!(trate > 1) || !Number.isFinite(trate))
    throw new SparsekitError({ argument: 'trate', value: trate, expected: 'a finite number > 1' });
  const tl = o.tlist;
  if (tl !== undefined && (tl.length < 1 || tl.some((v, i) => !(v > 0) || !Number.isFinite(v) || (i > 0 && v <= tl[i - 1])))) {
    throw new SparsekitError({ argument: 'tlist', value: tl, expected: 'a non-empty strictly increasing list of finite t > 0' });
  }
  return { nt, trate, tlist: tl };
}

/** The user's grid, or Libra's t_k = t0·trate^{k/(nt−1)}. */
export function tGrid(t0: number, g: { nt: number; trate: number; tlist?: readonly number[] }): number[] {
  return g.tlist ? [...g.tlist] : Array.from({ length: g.nt }, (_, i) => t0 * g.trate ** (i / (g.nt - 1)));
}

/** The shrinkage of the sparse variable and the largest (group) magnitude that sets t0. */
export interface Shrinkage {
  readonly shrink: (z: tf.Tensor2D) => tf.Tensor2D;
  readonly maxGroupNorm: (v: tf.Tensor2D) => number;
  /** Where along one z step each row's (group) magnitude crosses 1 (host arrays, NaN if it does not). */
  readonly crossing: (before: ArrayLike<number>, after: ArrayLike<number>, k: number) => Float64Array;
}

/**
 * Soft-thresholding at 1, or group shrinkage when `groups` are given. These are the prox of
 * ‖·‖₁ and of the group norm with step 1, i.e. @sparsekit/constraints' `l1(1).prox(z, 1)` and
 * `groupL1`, but kept private (shrink.ts) on purpose: `l1(1).prox` goes through the penalty
 * wrapper (argument checks, batch lifting, weights) and measured 51–62 µs against 31–39 µs per
 * call on a [5000, 1] z (wasm), once per Bregman iteration; and the groups here are rows of the
 * [p, K] coefficient matrix whose gather table also gives the group norms that set t0, while
 * `groupL1` groups entries of a flat tensor and exposes no per-group norms.
 */
export function shrinkageFor(groups: RowGroups | undefined): Shrinkage {
  return {
    shrink: (z) => (groups ? groupShrink(z, groups) : softShrink(z)) as tf.Tensor2D,
    maxGroupNorm: (v) => tf.tidy(() => (groups ? tf.max(groupNorms(v, groups)) : tf.max(tf.abs(v))).dataSync()[0]),
    crossing: (before, after, k) => crossingFractions(before, after, k, groups),
  };
}

/**
 * Records every grid point t[k] with t[k] − t0 ≤ `next` (offsets from t0 of the two iterates) by
 * linear interpolation between `prev` (at offset `prevOffset`) and `next` values, then `map`
 * (e.g. the shrinkage, when z is interpolated), appending one Float32Array per tensor to `out`.
 * Returns the next grid index and whether the values are finite.
 */
export function recordGrid(
  t: readonly number[],
  k: number,
  t0: number,
  offsets: readonly [number, number],
  prev: readonly tf.Tensor[],
  next: readonly tf.Tensor[],
  out: Float32Array[][],
  map: (interpolated: tf.Tensor[]) => tf.Tensor[] = (v) => v,
): { k: number; finite: boolean } {
  const [before, after] = offsets;
  let finite = true;
  for (; k < t.length && t[k] - t0 <= after; k++) {
    const w = (t[k] - t0 - before) / (after - before);
    const values = tf.tidy(() => map(next.map((v, i) => tf.add(tf.mul(v, w), tf.mul(prev[i], 1 - w)))));
    values.forEach((v, i) => {
      const data = v.dataSync() as Float32Array;
      finite &&= data.every(Number.isFinite);
      out[i].push(data);
    });
    tf.dispose(values);
  }
  return { k, finite };
}

/** entry[j] ← value where entry[j] < 0 (not entered yet) and `entered[j]`; disposes the old entry. */
export function markEntries(entry: tf.Tensor1D, entered: tf.Tensor1D, value: number): tf.Tensor1D {
  const next = tf.tidy(() => tf.where(tf.logicalAnd(tf.less(entry, 0), entered), tf.fill(entry.shape, value), entry)) as tf.Tensor1D;
  entry.dispose();
  return next;
}
