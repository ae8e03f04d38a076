import { describe, expect, it } from 'vitest';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { Matrix, solve } from 'ml-matrix';
import { robustRegression, type RobustRegressionOptions } from './robust-regression.js';
import { plantedRegression } from '../data/planted-regression.js';
import { stackloss, starsCYG } from '../data/classic-datasets.js';
import { outlierAuc, precisionAtK } from '../outlier-metrics.js';
import { lts } from './lts.js';

function fit(X: readonly (readonly number[])[], y: readonly number[], o: RobustRegressionOptions) {
  const r = robustRegression(X, y, o);
  if (!isRight(r)) throw r.left;
  return r.right;
}

/** Float64 IRLS for the Huber M-estimator with cutoff c at unit scale (intercept first). */
function huberIrls(X: readonly (readonly number[])[], y: readonly number[], c: number): number[] {
  const A = X.map((r) => [1, ...r]);
  const p = A[0].length;
  let b = new Array<number>(p).fill(0);
  for (let it = 0; it < 5000; it++) {
    const w = A.map((r, i) => {
      const res = y[i] - r.reduce((s, v, j) => s + v * b[j], 0);
      return Math.abs(res) <= c ? 1 : c / Math.abs(res);
    });
    const G = new Matrix(p, p),
      h = new Matrix(p, 1);
    A.forEach((r, i) =>
      r.forEach((u, j) => {
        h.set(j, 0, h.get(j, 0) + w[i] * u * y[i]);
        r.forEach((v, k) => G.set(j, k, G.get(j, k) + w[i] * u * v));
      }),
    );
    const nb = solve(G, h).getColumn(0);
    const d = Math.max(...nb.map((v, j) => Math.abs(v - b[j])));
    b = nb;
    if (d < 1e-14) break;
  }
  return b;
}

describe('robustRegression: equivalences', () => {
  const d = plantedRegression({ n: 80, p: 3, outlierFraction: 0.1, shift: 8, seed: 3 });

  it.each([0.5, 1.345, 3])("'soft' at a fixed cutoff λ = %s is the Huber M-estimator (float64 IRLS reference)", (lambda) => {
    const r = fit(d.X, d.y, { method: 'soft', lambda });
    const ref = huberIrls(d.X, d.y, lambda);
    expect(r.intercept).toBeCloseTo(ref[0], 8);
    r.coef.forEach((c, j) => expect(c).toBeCloseTo(ref[j + 1], 8));
  });

  it("'lasso' (exact homotopy on the projected problem) gives the same γ as soft IPOD on the joint problem", () => {
    for (const lambda of [4, 2, 1]) {
      const a = fit(d.X, d.y, { method: 'lasso', lambda });
      const b = fit(d.X, d.y, { method: 'soft', lambda });
      a.gamma.forEach((g, i) => expect(g).toBeCloseTo(b.gamma[i], 7));
      a.coef.forEach((c, j) => expect(c).toBeCloseTo(b.coef[j], 7));
    }
  });

  it('the entry time of a sample on the Lasso path is 1/λ at which soft IPOD first flags it', () => {
    const a = fit(d.X, d.y, { method: 'lasso', lambda: 'bic' });
    const order = a.ranking.slice(0, 5);
    for (const i of order) {
      const t = a.entryTime[i];
      expect(fit(d.X, d.y, { method: 'soft', lambda: 1 / (t * (1 - 1e-6)) }).gamma[i]).toBe(0);
      expect(fit(d.X, d.y, { method: 'soft', lambda: 1 / (t * 1.001) }).gamma[i]).not.toBe(0);
    }
  });
});

describe('robustRegression: planted outliers', () => {
  it.each(['path', 'lasso', 'hard'] as const)(
    "'%s' ranks planted outliers first (precision@|S| = 1, AUC ≥ 0.99) and BIC flags them",
    (method) => {
      const d = plantedRegression({ n: 300, p: 5, outlierFraction: 0.1, shift: 8, noise: 1, seed: 11 });
      const r = fit(d.X, d.y, { method, lambda: 'bic' });
      expect(precisionAtK(r.ranking, d.outliers)).toBe(1);
      expect(
        outlierAuc(
          Array.from(r.entryTime, (t) => -t),
          d.outliers,
        ),
      ).toBeGreaterThanOrEqual(0.99);
      const flagged = r.outliers.flatMap((o, i) => (o ? [i] : []));
      expect(d.outliers.every((i) => r.outliers[i])).toBe(true);
      expect(flagged.length).toBeLessThanOrEqual(d.outliers.length * 1.5);
      r.coef.forEach((c, j) => expect(Math.abs(c - d.beta[j])).toBeLessThan(0.3));
    },
  );

  it("LBI ('path' with path 'lbi') gives the same top ranking as ISS", () => {
    const d = plantedRegression({ n: 200, p: 4, outlierFraction: 0.1, shift: 8, seed: 5 });
    const iss = fit(d.X, d.y, { method: 'path' });
    const lbi = fit(d.X, d.y, { method: 'path', path: 'lbi', kappa: 200 });
    expect(precisionAtK(lbi.ranking, d.outliers)).toBe(1);
    expect(new Set(lbi.ranking.slice(0, 20))).toEqual(new Set(iss.ranking.slice(0, 20)));
  });

  it.each([0, 1, 2, 3, 4, 5, 6, 7])("'hard' from LTS beats 'soft' on masked leverage outliers (seed %s)", (seed) => {
    const d = plantedRegression({ n: 200, p: 2, outlierFraction: 0.15, shift: 10, leverage: 1, seed });
    const hard = fit(d.X, d.y, { method: 'hard', lambda: 'bic' });
    const soft = fit(d.X, d.y, { method: 'soft', lambda: 'bic' });
    const err = (c: Float64Array): number => Math.hypot(...Array.from(c, (v, j) => v - d.beta[j]));
    expect(hard.outliers.flatMap((o, i) => (o ? [i] : []))).toEqual(d.outliers);
    expect(precisionAtK(hard.ranking, d.outliers)).toBe(1);
    expect(precisionAtK(soft.ranking, d.outliers)).toBeLessThan(1);
    // Flagging exactly S makes β the least-squares fit of the clean samples: the oracle estimate.
    const keep = d.X.flatMap((_, i) => (d.outliers.includes(i) ? [] : [i]));
    const A = new Matrix(keep.map((i) => [1, ...d.X[i]]));
    const oracle = solve(A, Matrix.columnVector(keep.map((i) => d.y[i]))).getColumn(0);
    expect(hard.intercept).toBeCloseTo(oracle[0], 8);
    hard.coef.forEach((c, j) => expect(c).toBeCloseTo(oracle[j + 1], 8));
    expect(err(soft.coef)).toBeGreaterThan(10 * err(hard.coef));
  });

  it.each(['path', 'lasso', 'hard'] as const)("BIC flags (almost) nothing on clean Gaussian data ('%s')", (method) => {
    for (const seed of [1, 2, 3]) {
      const d = plantedRegression({ n: 2000, p: 5, outlierFraction: 0, seed });
      const r = fit(d.X, d.y, { method, lambda: 'bic' });
      // A 3.3σ residual among 2000 is still flagged now and then by BIC's log n + 1 per flag.
      expect(r.outliers.filter(Boolean).length).toBeLessThanOrEqual(1);
    }
  });

  it("lambda 'cv' returns a CV curve and recovers the planted set", () => {
    const d = plantedRegression({ n: 200, p: 3, outlierFraction: 0.1, shift: 10, seed: 8 });
    const r = fit(d.X, d.y, { method: 'path', lambda: 'cv', folds: 5 });
    expect(r.criterion.kind).toBe('cv');
    expect(r.criterion.value.every(Number.isFinite)).toBe(true);
    expect(d.outliers.every((i) => r.outliers[i])).toBe(true);
  });
});

describe('robustRegression: classic data sets', () => {
  const flagged = (o: boolean[]): number[] => o.flatMap((v, i) => (v ? [i] : []));

  it("stackloss: 'hard' from LTS ranks observations 1, 3, 4 and 21 first and BIC flags them", () => {
    const r = fit(stackloss.X, stackloss.y, { method: 'hard', lambda: 'bic' });
    expect(precisionAtK(r.ranking, stackloss.knownOutliers)).toBe(1);
    // With n = 21 BIC also flags 2, 8, 13, 14, 20: each flag removes one of 17 residual degrees of
    // freedom and the refit RSS falls faster than log n + 1 per flag (see README).
    expect(flagged(r.outliers)).toEqual(expect.arrayContaining([...stackloss.knownOutliers]));
  });

  it("starsCYG: 'hard' from LTS ranks the four giants first and flags them at λ = 2.5·σ̂(LTS)", () => {
    const start = lts(starsCYG.X, starsCYG.y, { seed: 0 });
    if (!isRight(start)) throw start.left;
    const r = fit(starsCYG.X, starsCYG.y, { method: 'hard', lambda: 2.5 * start.right.rawScale });
    expect(precisionAtK(r.ranking, starsCYG.knownOutliers)).toBe(1);
    expect(flagged(r.outliers)).toEqual(expect.arrayContaining([...starsCYG.knownOutliers]));
    expect(r.coef[0]).toBeGreaterThan(2); // the main sequence slope; least squares gives ≈ −0.41
    // BIC on the hard path from LTS picks exactly the four giants.
    const bic = fit(starsCYG.X, starsCYG.y, { method: 'hard', lambda: 'bic' });
    expect(flagged(bic.outliers)).toEqual([...starsCYG.knownOutliers]);
    // Soft (Huber) is masked by the giants: its ranking does not put them first.
    const soft = fit(starsCYG.X, starsCYG.y, { method: 'soft', lambda: 'bic' });
    expect(precisionAtK(soft.ranking, starsCYG.knownOutliers)).toBeLessThan(1);
    expect(soft.coef[0]).toBeLessThan(0);
  });
});

describe('robustRegression: bad input', () => {
  it('returns Left on NaN/Infinity data and on n ≤ p + 1, throws on bad options', () => {
    const d = plantedRegression({ n: 30, p: 2, seed: 1 });
    const y = d.y.slice();
    y[4] = Number.NaN;
    const a = robustRegression(d.X, y);
    expect(isLeft(a) && a.left.code).toBe('non_finite');
    const X = d.X.map((r) => r.slice());
    X[2][1] = Infinity;
    const b = robustRegression(X, d.y);
    expect(isLeft(b) && b.left.message).toMatch(/X\[5\]/);
    const c = robustRegression(d.X.slice(0, 4), d.y.slice(0, 4));
    expect(isLeft(c) && c.left.message).toMatch(/n > p \+ 1/);
    const collinear = robustRegression(
      d.X.map((r) => [r[0], 2 * r[0]]),
      d.y,
    );
    expect(isLeft(collinear) && collinear.left.message).toMatch(/full column rank/);
    expect(() => robustRegression(d.X, d.y, { method: 'huber' as never })).toThrow(/method/);
    expect(() => robustRegression(d.X, d.y, { lambda: -1 })).toThrow(/lambda/);
    expect(() => robustRegression(d.X, d.y, { lamda: 1 } as never)).toThrow(/lamda/);
  });
});
