/**
 * Split LBI for robust ranking (the MATLAB reference code of iSplitLBI, via the solvers' `splitLbi`):
 * the design [X, I] with a dense (β, γ) and the sparse copy selected by D = [0, I], optionally with
 * γ grouped by annotator. Dense and float32 (tfjs), so meant for up to a few thousand comparisons.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { SparsekitError } from '@sparsekit/tensor';
import { splitLbi } from '@sparsekit/solvers/paths';
import type { Mat64 } from '../../internal/dense.js';
import type { OutlierPath, SparseGamma } from '../../regression/outlier-path.js';

/** γ path of Split LBI in Libra's time units. */
export function splitLbiPath(
  x: Mat64,
  y: Float64Array,
  groups: Int32Array | undefined,
  kappa: number,
  nt: number,
): Either<SparsekitError, OutlierPath> {
  const { rows: m, cols: p } = x;
  if (m * (p + m) > 2e7) {
    return left(
      new SparsekitError({
        argument: 'comparisons',
        value: m,
        code: 'unsupported',
        expected: "at most a few thousand comparisons for 'splitLbi' (dense [X, I]); use 'lbi' or 'lasso'",
      }),
    );
  }
  const design = Array.from({ length: m }, (_, k) => {
    const row = new Array<number>(p + m).fill(0);
    for (let j = 0; j < p; j++) row[j] = x.data[k * p + j];
    row[p + k] = 1;
    return row;
  });
  const D = Array.from({ length: m }, (_, k) => {
    const row = new Array<number>(p + m).fill(0);
    row[p + k] = 1;
    return row;
  });
  const index = groups ? Array.from(groups, (g, k) => (g >= 0 ? g : -1 - k)) : undefined;
  const res = splitLbi(design, Array.from(y), { D, kappa, nt, intercept: false, normalize: false, ...(index ? { index } : {}) });
  if (res._tag === 'Left')
    return left(new SparsekitError({ argument: 'comparisons', value: m, code: res.left.code, expected: res.left.expected }));
  const path = res.right;
  const knots: SparseGamma[] = path.gamma
    .map((g): number[] => {
      const idx: number[] = [];
      g.forEach((v, k) => {
        if (v !== 0) idx.push(k);
      });
      return idx;
    })
    .map((idx, t) => ({ idx, val: Float64Array.from(idx, (k) => path.betaDense[t][p + k]) }));
  const entry = Float64Array.from(path.gammaEntryTime);
  return right({ kind: 'lbi', t: path.t, gamma: knots, entryTime: entry, interpolation: 'left' });
}
