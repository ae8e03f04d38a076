import { describe, expect, it } from 'vitest';
import { isRight } from 'fp-ts/lib/Either.js';
import { plantedRegression } from '../../data/planted-regression.js';
import { readMatrix, withIntercept } from '../../internal/dense.js';
import { robustRegression } from '../robust-regression.js';
import { fitPath, type PathSettings } from './fit-path.js';
import { argmin, bicCurve } from './selection.js';

const settings = (method: PathSettings['method']): PathSettings => ({
  method,
  path: 'iss',
  start: 'lts',
  maxOutlierFraction: 0.5,
  kappa: 100,
  trate: 100,
  nLambda: 100,
  seed: 0,
});

describe('BIC early stopping', () => {
  it.each(['path', 'lasso', 'soft', 'hard'] as const)(
    "'%s': the path stopped past the BIC minimum selects the same support as BIC on the whole path",
    (method) => {
      for (const d of [
        plantedRegression({ n: 600, p: 5, outlierFraction: 0.1, shift: 8, seed: 4 }),
        plantedRegression({ n: 200, p: 2, outlierFraction: 0.15, shift: 10, leverage: 1, seed: 0 }),
      ]) {
        const x = withIntercept(readMatrix('X', d.X), true);
        const y = Float64Array.from(d.y);
        const full = fitPath(x, y, settings(method));
        if (!isRight(full)) throw full.left;
        const { proj, path } = full.right;
        const best = path.gamma[argmin(bicCurve(proj, y, path))];
        const r = robustRegression(d.X, d.y, { method, lambda: 'bic' });
        if (!isRight(r)) throw r.left;
        expect(r.right.outliers.flatMap((o, i) => (o ? [i] : []))).toEqual([...best.idx].sort((a, b) => a - b));
        // It did stop early: the whole path walks to half the residual degrees of freedom.
        expect(r.right.path.gamma.length).toBeLessThan(path.gamma.length);
      }
    },
  );
});
