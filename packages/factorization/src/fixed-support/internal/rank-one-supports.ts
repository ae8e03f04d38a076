/** Rank-one supports of a two-factor support pattern: S_k = supp(X[:, k]) × supp(Y[k, :]). */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';

/** A 0/1 support given as a matrix (any nonzero entry is in the support). */
export type SupportInput = tf.Tensor | readonly (readonly number[])[];

export interface RankOneSupport {
  readonly rows: number[];
  readonly cols: number[];
}

export function readSupport(argument: string, s: SupportInput): { rows: number; cols: number; on: (i: number, j: number) => boolean } {
  if (s instanceof tf.Tensor) {
    if (s.rank !== 2) throw new SparsekitError({ argument, value: s, code: 'shape_mismatch', expected: 'a matrix (rank 2)' });
    const d = s.dataSync();
    const [rows, cols] = [s.shape[0]!, s.shape[1]!];
    return { rows, cols, on: (i, j) => d[i * cols + j] !== 0 };
  }
  if (!Array.isArray(s) || s.length === 0 || !s.every((r) => Array.isArray(r) && r.length === s[0].length && r.length > 0)) {
    throw new SparsekitError({ argument, value: s, expected: 'a non-empty rectangular number[][] or a rank-2 tensor' });
  }
  return { rows: s.length, cols: s[0].length, on: (i, j) => s[i][j] !== 0 };
}

/** The r rank-one supports of (I, J), I m×r and J r×n. */
export function rankOneSupports(I: SupportInput, J: SupportInput): { m: number; n: number; supports: RankOneSupport[] } {
  const left = readSupport('leftSupport', I);
  const right = readSupport('rightSupport', J);
  if (left.cols !== right.rows) {
    throw new SparsekitError({
      argument: 'rightSupport',
      value: [right.rows, right.cols],
      code: 'shape_mismatch',
      expected: `${left.cols} rows (the columns of leftSupport)`,
    });
  }
  const supports = Array.from({ length: left.cols }, (_, k) => ({
    rows: Array.from({ length: left.rows }, (_, i) => i).filter((i) => left.on(i, k)),
    cols: Array.from({ length: right.cols }, (_, j) => j).filter((j) => right.on(k, j)),
  }));
  return { m: left.rows, n: right.cols, supports };
}

/** First pair (k, l) of rank-one supports that share an entry, or null when they are pairwise disjoint. */
export function firstOverlap(supports: readonly RankOneSupport[], m: number, n: number): [number, number] | null {
  const owner = new Int32Array(m * n).fill(-1);
  for (let k = 0; k < supports.length; k++) {
    for (const i of supports[k].rows) {
      for (const j of supports[k].cols) {
        const o = owner[i * n + j];
        if (o >= 0) return [o, k];
        owner[i * n + j] = k;
      }
    }
  }
  return null;
}

/** Rank-one components sharing one support R × C (an equivalence class of identical supports). */
export interface SupportClass {
  readonly members: number[];
  readonly rows: number[];
  readonly cols: number[];
}

/**
 * The classes of identical non-empty rank-one supports, or the first pair of supports that are
 * neither identical nor disjoint (the case the polynomial algorithm does not cover).
 */
export function supportClasses(supports: readonly RankOneSupport[], m: number, n: number): SupportClass[] | [number, number] {
  const byKey = new Map<string, SupportClass>();
  for (let k = 0; k < supports.length; k++) {
    const { rows, cols } = supports[k];
    if (rows.length === 0 || cols.length === 0) continue;
    const key = `${rows.join(',')}|${cols.join(',')}`;
    const c = byKey.get(key);
    if (c === undefined) byKey.set(key, { members: [k], rows, cols });
    else c.members.push(k);
  }
  const classes = [...byKey.values()];
  const overlap = firstOverlap(
    classes.map((c) => ({ rows: c.rows, cols: c.cols })),
    m,
    n,
  );
  return overlap === null ? classes : [classes[overlap[0]].members[0], classes[overlap[1]].members[0]];
}
