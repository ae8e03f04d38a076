import { describe, expect, it } from 'vitest';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { lts } from './lts.js';
import { stackloss, starsCYG } from '../data/classic-datasets.js';
import { plantedRegression } from '../data/planted-regression.js';

// Peer-computed with R 4.2 / robustbase 0.95-0 (Debian r-cran-robustbase), set.seed(1):
//   ltsReg(stack.loss ~ ., data = stackloss); ltsReg(log.light ~ log.Te, data = starsCYG)
// printed with digits = 15; `crit` is the sum of the quan smallest squared residuals of
// raw.coefficients, computed in R (robustbase's own `crit` field is on another scale).
// FAST-LTS is a randomised search: ours must reach a criterion no worse than robustbase's.
// Scales (raw.scale, scale) and reweighted coefficients printed with options(digits = 15).
const ROBUSTBASE = {
  stackloss: {
    crit: 2.93239124611997,
    quan: 13,
    outliers: [0, 2, 3, 20],
    rawScale: 1.86314586195583,
    scale: 1.921876924997,
    coef: [-37.65245890076758, 0.7976855600658722, 0.5773404573932819, -0.0670601768983549],
  },
  starsCYG: {
    crit: 0.836892850435476,
    quan: 25,
    outliers: [6, 8, 10, 19, 29, 33],
    rawScale: 0.534475179945374,
    scale: 0.456233500169,
    coef: [-8.50005488368357, 3.04615693679939],
  },
};

const flagged = (o: boolean[]): number[] => o.flatMap((v, i) => (v ? [i] : []));

describe('lts (FAST-LTS)', () => {
  it('stackloss: same h, criterion, scales (with the small-sample corrections), outliers 1, 3, 4, 21 and coefficients as robustbase::ltsReg', () => {
    const r = lts(stackloss.X, stackloss.y, { seed: 1 });
    if (!isRight(r)) throw r.left;
    const rb = ROBUSTBASE.stackloss;
    expect(r.right.h).toBe(rb.quan);
    expect(r.right.crit).toBeLessThanOrEqual(rb.crit * (1 + 1e-12));
    expect(Math.abs(r.right.rawScale / rb.rawScale - 1)).toBeLessThan(1e-6);
    expect(Math.abs(r.right.scale / rb.scale - 1)).toBeLessThan(1e-6);
    expect(flagged(r.right.outliers)).toEqual(rb.outliers);
    expect(r.right.intercept).toBeCloseTo(rb.coef[0], 8);
    rb.coef.slice(1).forEach((c, j) => expect(r.right.coef[j]).toBeCloseTo(c, 8));
  });

  it('starsCYG: same h, criterion, scales, outliers and reweighted coefficients as robustbase::ltsReg', () => {
    const r = lts(starsCYG.X, starsCYG.y, { seed: 1 });
    if (!isRight(r)) throw r.left;
    expect(r.right.h).toBe(ROBUSTBASE.starsCYG.quan);
    expect(r.right.crit).toBeLessThanOrEqual(ROBUSTBASE.starsCYG.crit * (1 + 1e-12));
    expect(flagged(r.right.outliers)).toEqual(ROBUSTBASE.starsCYG.outliers);
    expect(Math.abs(r.right.rawScale / ROBUSTBASE.starsCYG.rawScale - 1)).toBeLessThan(1e-6);
    expect(Math.abs(r.right.scale / ROBUSTBASE.starsCYG.scale - 1)).toBeLessThan(1e-6);
    expect(r.right.intercept).toBeCloseTo(ROBUSTBASE.starsCYG.coef[0], 8);
    expect(r.right.coef[0]).toBeCloseTo(ROBUSTBASE.starsCYG.coef[1], 8);
  });

  it('the raw fit is a C-step fixed point: least squares on its h-subset, which holds the h smallest residuals', () => {
    const d = plantedRegression({ n: 120, p: 3, outlierFraction: 0.2, shift: 10, seed: 4 });
    const r = lts(d.X, d.y, { seed: 2 });
    if (!isRight(r)) throw r.left;
    const res = d.X.map((x, i) => d.y[i] - r.right.rawIntercept - x.reduce((s, v, j) => s + v * r.right.rawCoef[j], 0));
    const order = res.map((v, i) => [v * v, i] as const).sort((a, b) => a[0] - b[0]);
    expect(
      order
        .slice(0, r.right.h)
        .map(([, i]) => i)
        .sort((a, b) => a - b),
    ).toEqual(r.right.best);
    expect(order.slice(0, r.right.h).reduce((s, [v]) => s + v, 0)).toBeCloseTo(r.right.crit, 8);
    expect(d.outliers.every((i) => r.right.outliers[i])).toBe(true);
  });

  it('rejects NaN and too few samples', () => {
    expect(isLeft(lts([[1], [2], [Number.NaN]], [1, 2, 3]))).toBe(true);
    expect(isLeft(lts([[1], [2]], [1, 2]))).toBe(true);
    expect(() => lts([[1], [2], [3], [4]], [1, 2, 3, 4], { h: 9 })).toThrow(/h/);
  });
});
