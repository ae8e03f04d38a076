import { expect, it } from 'vitest';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { crossValidatePath, cvIss, cvLbi } from './cross-validate.js';
import { iss } from './iss.js';
import { lbi } from './lbi.js';
import { gaussianMatrix, testRng } from './internal/test-data.test-helpers.js';

describeBackends(['cpu', 'wasm'], 'cross-validation over paths', () => {
  const rng = testRng(12);
  const n = 40;
  const x = gaussianMatrix(rng, n, 8);
  const y = x.map((r) => 3 * r[0] - 2 * r[1] + 0.2 * rng.normal());

  it('cvLbi picks a t whose model contains the true support, with error near the noise level', () => {
    const res = cvLbi(x, y, { kappa: 10, nt: 30, folds: 5, seed: 1 });
    if (!isRight(res)) throw res.left;
    const cv = res.right;
    expect(cv.t).toHaveLength(30);
    expect(cv.error[0]).toBeGreaterThan(5 * Math.min(...cv.error)); // the empty model is bad
    expect(cv.path.support(cv.tMin)).toEqual(expect.arrayContaining([0, 1]));
    expect(Math.min(...cv.error)).toBeLessThan(0.2);
    expect(cv.t1se).toBeLessThanOrEqual(cv.tMin);
    const i = cv.t.indexOf(cv.tMin);
    expect(cv.error[i]).toBe(Math.min(...cv.error));
  });

  it('cvIss is the generic fold loop over iss, leak-free, with a small error at the least-squares end', async () => {
    const res = await expectNoLeaks(() => cvIss(x, y, { folds: 4, seed: 3, intercept: false, normalize: false }));
    if (!isRight(res)) throw res.left;
    const generic = crossValidatePath(x, y, (xs, ys) => iss(xs, ys, { intercept: false, normalize: false }), { folds: 4, seed: 3 });
    if (!isRight(generic)) throw generic.left;
    expect(res.right.error).toEqual(generic.right.error);
    // The last breakpoint is the least-squares fit: held-out error there is finite and small.
    expect(res.right.error[res.right.error.length - 1]).toBeLessThan(0.2);
  });

  it('rejects a bad number of folds; data that do not fit are a Left for iss, lbi and cross-validation', () => {
    expect(() => cvLbi(x, y, { kappa: 1, folds: 1 })).toThrow(/folds/);
    const short = y.slice(1);
    const nan = x.map((r, i) => (i === 3 ? [NaN, ...r.slice(1)] : r));
    for (const [name, r] of [
      ['iss', iss(x, short)],
      ['lbi', lbi(x, short, { kappa: 5 })],
      ['cvLbi', cvLbi(x, short, { kappa: 5 })],
      ['cvIss', cvIss(x, short)],
      ['iss NaN', iss(nan, y)],
      ['cvLbi NaN', cvLbi(nan, y, { kappa: 5 })],
    ] as const) {
      expect(isLeft(r) && r.left.code, name).toBe(name.endsWith('NaN') ? 'non_finite' : 'shape_mismatch');
    }
  });
});
