/**
 * K-fold cross-validation of an outlier path. Held-out samples have no γ of their own, so each fold
 * scores β(t) = LS(y_train − γ_train(t)) by the Huber loss (cutoff 1.345·σ̂, σ̂ the MAD scale of the
 * full least-squares residuals) of its held-out residuals: a squared error that outlying held-out
 * samples cannot dominate. Folds are evaluated on one shared grid of at most 50 times.
 */
import { right, type Either } from 'fp-ts/lib/Either.js';
import { createRng, type SparsekitError } from '@sparsekit/tensor';
import { madScale, selectRows, type Mat64 } from '../../internal/dense.js';
import { residualsOf } from '../../internal/least-squares.js';
import { gammaAt, type OutlierPath } from '../outlier-path.js';
import { fitPath, type PathSettings } from './fit-path.js';

/** Mean held-out Huber loss at each grid time. */
export function cvCurve(
  x: Mat64,
  y: Float64Array,
  s: PathSettings,
  full: OutlierPath,
  folds: number,
): Either<SparsekitError, { t: number[]; value: number[] }> {
  const n = x.rows;
  const grid = timeGrid(full);
  const fullFit = fitPath(x, y, s);
  if (fullFit._tag === 'Left') return fullFit;
  const delta = 1.345 * (madScale(fullFit.right.proj.resid(y)) || 1);
  const perm = createRng(s.seed).permutationArray(n);
  const loss = new Float64Array(grid.length);
  for (let f = 0; f < folds; f++) {
    const test = perm.filter((_, k) => k % folds === f);
    const train = perm.filter((_, k) => k % folds !== f);
    const xtr = selectRows(x, train);
    const ytr = Float64Array.from(train, (i) => y[i]);
    const fit = fitPath(xtr, ytr, s);
    if (fit._tag === 'Left') return fit;
    const xte = selectRows(x, test);
    const yte = Float64Array.from(test, (i) => y[i]);
    grid.forEach((t, k) => {
      const g = gammaAt(fit.right.path, train.length, t);
      const beta = fit.right.proj.coef(ytr.map((v, i) => v - g[i]));
      for (const r of residualsOf(xte, yte, beta)) {
        const a = Math.abs(r);
        loss[k] += a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
      }
    });
  }
  return right({ t: grid, value: Array.from(loss, (v) => v / n) });
}

function timeGrid(path: OutlierPath): number[] {
  const ts = path.t.filter((t) => Number.isFinite(t) && t > 0);
  if (ts.length <= 50) return ts;
  const lo = ts[0],
    hi = ts[ts.length - 1];
  return Array.from({ length: 50 }, (_, k) => lo * (hi / lo) ** (k / 49));
}
