/**
 * Float64 plain-JS reference implementations of the FAμST projectors, used as test oracles.
 * Written independently of the tensor code: sorting instead of top-k thresholds, loops instead
 * of gathers, and brute-force enumeration for nearest-point checks on small matrices.
 */

/** A dense real matrix as rows. */
export type Mat = number[][];

/** Flags of the reference projectors. */
export interface RefFlags {
  readonly normalized?: boolean;
  readonly pos?: boolean;
}

export const shapeOf = (M: Mat): [number, number] => [M.length, M[0].length];
export const zerosLike = (M: Mat): Mat => M.map((r) => r.map(() => 0));
export const frob = (M: Mat): number => Math.sqrt(M.flat().reduce((a, v) => a + v * v, 0));

/** Indices of the k largest of `mag`, lowest index first among equal values (stable sort). */
export function topIndices(mag: readonly number[], k: number): number[] {
  return mag
    .map((v, i) => [v, i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, k)
    .map(([, i]) => i);
}

/** Keeps M's entries where keep is true. */
export function applyMask(M: Mat, keep: boolean[][]): Mat {
  return M.map((r, i) => r.map((v, j) => (keep[i][j] ? v : 0)));
}

/** pos pre-step and normalized post-step (with the one-hot fallback at the largest entry). */
export function withFlags(core: (M: Mat) => Mat, flags: RefFlags, allowed?: boolean[][]): (M: Mat) => Mat {
  return (M) => {
    const pre = flags.pos ? M.map((r) => r.map((v) => Math.max(v, 0))) : M;
    const out = core(pre);
    if (!flags.normalized) return out;
    const f = frob(out);
    if (f > 0) return out.map((r) => r.map((v) => v / f));
    const score = flags.pos ? M : M.map((r) => r.map(Math.abs));
    let best: [number, number] = [-1, -1];
    score.forEach((r, i) =>
      r.forEach((v, j) => {
        if ((allowed?.[i][j] ?? true) && (best[0] < 0 || v > score[best[0]][best[1]])) best = [i, j];
      }),
    );
    return M.map((r, i) => r.map((_, j) => (i === best[0] && j === best[1] ? 1 : 0)));
  };
}

export const refSp = (k: number, f: RefFlags = {}) =>
  withFlags((M) => {
    const [, n] = shapeOf(M);
    const keep = new Set(topIndices(M.flat().map(Math.abs), k));
    return M.map((r, i) => r.map((v, j) => (keep.has(i * n + j) ? v : 0)));
  }, f);

function rowMask(M: Mat, k: number): boolean[][] {
  return M.map((r) => {
    const keep = new Set(topIndices(r.map(Math.abs), k));
    return r.map((_, j) => keep.has(j));
  });
}
const transpose = <T>(M: T[][]): T[][] => M[0].map((_, j) => M.map((r) => r[j]));

export const refSplin = (k: number, f: RefFlags = {}) => withFlags((M) => applyMask(M, rowMask(M, k)), f);
export const refSpcol = (k: number, f: RefFlags = {}) => withFlags((M) => applyMask(M, transpose(rowMask(transpose(M), k))), f);
export const refSplincol = (k: number, f: RefFlags = {}) =>
  withFlags((M) => {
    const a = rowMask(M, k);
    const b = transpose(rowMask(transpose(M), k));
    return applyMask(
      M,
      a.map((r, i) => r.map((v, j) => v || b[i][j])),
    );
  }, f);

/** Mean over groups given by `groupAt`. */
export function refGroupMean(M: Mat, groupAt: (i: number, j: number) => number): Mat {
  const sums = new Map<number, [number, number]>();
  M.forEach((r, i) =>
    r.forEach((v, j) => {
      const g = groupAt(i, j);
      const [s, c] = sums.get(g) ?? [0, 0];
      sums.set(g, [s + v, c + 1]);
    }),
  );
  return M.map((r, i) =>
    r.map((_, j) => {
      const [s, c] = sums.get(groupAt(i, j)) as [number, number];
      return s / c;
    }),
  );
}

export const refToeplitz = (f: RefFlags = {}) => withFlags((M) => refGroupMean(M, (i, j) => j - i), f);
export const refHankel = (f: RefFlags = {}) => withFlags((M) => refGroupMean(M, (i, j) => i + j), f);
export const refCirc = (f: RefFlags = {}) => withFlags((M) => refGroupMean(M, (i, j) => (j - i + M.length) % M.length), f);

/** normcol reference: columns scaled to norm s; a zero column gets s at its largest pre-pos entry. */
export const refNormcol =
  (s: number, f: RefFlags = {}) =>
  (M: Mat): Mat => {
    const pre = f.pos ? M.map((r) => r.map((v) => Math.max(v, 0))) : M;
    const cols = transpose(pre).map((c, j) => {
      const nrm = Math.sqrt(c.reduce((a, v) => a + v * v, 0));
      if (nrm > 0) return c.map((v) => (v * s) / nrm);
      const orig = transpose(M)[j].map((v) => (f.pos ? v : Math.abs(v)));
      const at = topIndices(orig, 1)[0];
      return c.map((_, i) => (i === at ? s : 0));
    });
    const out = transpose(cols);
    if (!f.normalized) return out;
    const nf = frob(out);
    return out.map((r) => r.map((v) => v / nf));
  };

/** All 0/1 masks of an m×n matrix accepted by `ok` (brute force; keep m·n ≤ 16). */
export function allMasks(m: number, n: number, ok: (mask: boolean[][]) => boolean): boolean[][][] {
  const out: boolean[][][] = [];
  for (let bits = 0; bits < 2 ** (m * n); bits++) {
    const mask = Array.from({ length: m }, (_, i) => Array.from({ length: n }, (_, j) => ((bits >> (i * n + j)) & 1) === 1));
    if (ok(mask)) out.push(mask);
  }
  return out;
}

/** Largest energy Σ_{mask} M_ij² over the given masks: ‖M‖² minus it is the squared distance to the set. */
export function bestKeptEnergy(M: Mat, masks: readonly boolean[][][]): number {
  let best = -Infinity;
  for (const mask of masks) {
    let e = 0;
    M.forEach((r, i) =>
      r.forEach((v, j) => {
        if (mask[i][j]) e += v * v;
      }),
    );
    best = Math.max(best, e);
  }
  return best;
}

export const rowCounts = (mask: boolean[][]): number[] => mask.map((r) => r.filter(Boolean).length);
export const colCounts = (mask: boolean[][]): number[] => transpose(mask).map((c) => c.filter(Boolean).length);

/** Seeded uniform [0, 1) generator for reproducible test matrices (the law suite's). */
export { uniformFrom as seededUniform } from '../../testing/feasible-points.js';

/** An m×n matrix of float32-representable values uniform in [−scale, scale). */
export function randomMatrix(m: number, n: number, uniform: () => number, scale = 1): Mat {
  return Array.from({ length: m }, () => Array.from({ length: n }, () => Math.fround((2 * uniform() - 1) * scale)));
}
