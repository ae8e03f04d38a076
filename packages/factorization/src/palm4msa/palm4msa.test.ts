import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { palm } from '@sparsekit/solvers/palm';
import { sp, spcol, splin } from '@sparsekit/constraints/faust';
import { createRng, type ComplexTensor } from '@sparsekit/tensor';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { palm4msa, type Palm4msaResult } from './palm4msa.js';
import { productFit } from './product-fit.js';
import { dispose, random64, toTensor } from '../faust/internal/reference.test-helpers.js';

function unwrap(res: ReturnType<typeof palm4msa>): Palm4msaResult {
  if (!isRight(res)) throw res.left;
  return res.right;
}

describeBackends(['cpu', 'wasm'], 'palm4msa', () => {
  it('uses the product Lipschitz constant ‖L‖²‖R‖² and the autodiff estimate agrees', () => {
    const rng = createRng(8);
    const a = toTensor(random64(rng, 5, 4, 1, false), false) as tf.Tensor2D;
    const x = [toTensor(random64(rng, 5, 3, 1, false), false), toTensor(random64(rng, 3, 4, 1, false), false)] as tf.Tensor2D[];
    const parts = productFit(a);
    const own = palm({ blocks: x.map((x0) => ({ x0 })), ...parts }, { maxIter: 1, trace: true });
    const auto = palm({ blocks: x.map((x0) => ({ x0 })), objective: parts.objective }, { maxIter: 1, trace: true });
    if (!isRight(own) || !isRight(auto)) throw new Error('palm failed');
    // Block 0's constant is ‖X₂‖₂², the top eigenvalue of X₂X₂ᵀ (brute-force power steps in float64).
    const s = tf.tidy(() => tf.matMul(x[1], x[1], false, true).arraySync() as number[][]);
    let v = [1, 1, 1];
    for (let k = 0; k < 500; k++) {
      const w = s.map((r) => r.reduce((u, e, i) => u + e * v[i], 0));
      const n = Math.hypot(...w);
      v = w.map((e) => e / n);
    }
    const top = s.map((r) => r.reduce((u, e, i) => u + e * v[i], 0)).reduce((u, e, i) => u + e * v[i], 0);
    expect(own.right.trace!.lipschitz[0][0]).toBeCloseTo(top, 3);
    expectClose(auto.right.trace!.lipschitz[0], own.right.trace!.lipschitz[0], { rtol: 1e-3 });
    [...own.right.blocks, ...auto.right.blocks, a, ...x].forEach((b) => dispose(b as tf.Tensor));
  });

  for (const complex of [false, true]) {
    it(`never increases the error with exact projectors and fixed λ (${complex ? 'complex' : 'real'})`, async () => {
      const rng = createRng(complex ? 21 : 20);
      const A = toTensor(random64(rng, 8, 8, 1, complex), complex);
      const res = await expectNoLeaks(() =>
        unwrap(
          palm4msa(A as ComplexTensor, {
            constraints: [sp(24, { normalized: false }), splin(3, { normalized: false }), spcol(3, { normalized: false })],
            stop: { numIts: 40 },
            noLambda: true,
          }),
        ),
      );
      const e = res.trace.relError;
      expect(e).toHaveLength(41);
      for (let k = 2; k < e.length; k++) expect(e[k]).toBeLessThanOrEqual(e[k - 1] * (1 + 1e-5) + 1e-7);
      expect(e[40]).toBeLessThan(e[1]);
      expect(res.lambda).toBe(1);
      expect(res.faust.isComplex).toBe(complex);
      dispose(A);
    });
  }

  it('stops on the error target (tol, relative) and on a stalled error (errEps)', () => {
    const rng = createRng(30);
    const A = toTensor(random64(rng, 6, 6, 1, false), false);
    const byTol = unwrap(palm4msa(A, { constraints: [sp(12), sp(12)], stop: { tol: 0.99, relErr: true, maxIter: 100 } }));
    expect(byTol.status).toBe('converged');
    expect(byTol.relError).toBeLessThanOrEqual(0.99);
    expect(byTol.nit).toBe(byTol.trace.relError.findIndex((e, k) => k > 0 && e <= 0.99));
    const byEps = unwrap(palm4msa(A, { constraints: [sp(12), sp(12)], stop: { numIts: 500, errEps: 1e-3 } }));
    expect(byEps.status).toBe('converged');
    expect(byEps.nit).toBeLessThan(500);
    dispose(A);
  });

  it('validates options and returns Left for data problems', () => {
    const A = tf.ones([4, 4]);
    const nan = tf.fill([4, 4], NaN);
    expect(() => palm4msa(A, { constraints: [] })).toThrow(/constraints/);
    expect(() => palm4msa(A, { constraints: [sp(4)], stop: { numIts: 3, tol: 1 } })).toThrow(/mutually exclusive/);
    expect(() => palm4msa(A, { constraints: [sp(4)], stop: { iters: 3 } as never })).toThrow(/stop.iters/);
    expect(() => palm4msa(A, { constraints: [sp(4)], updateOrder: 'up' as never })).toThrow(/updateOrder/);
    expect(isLeft(palm4msa(nan, { constraints: [sp(4)] }))).toBe(true);
    expect(isLeft(palm4msa(A, { constraints: [sp(4), sp(4)], dims: [3, 4, 4] }))).toBe(true);
    [A, nan].forEach((t) => t.dispose());
  });
});

describeBackends(['cpu', 'wasm'], 'palm4msa with MHTP passes', () => {
  it('runs MHTP passes every period sweeps, keeps the factors in their sets, and lowers the error', async () => {
    const rng = createRng(40);
    const A = toTensor(random64(rng, 40, 16, 1, false), false);
    const constraints = [splin(5, { normalized: false }), spcol(4, { normalized: false })];
    const res = await expectNoLeaks(() =>
      unwrap(
        palm4msa(A, {
          constraints,
          dims: [40, 16, 16],
          stop: { numIts: 20 },
          mhtp: { period: 5, numIts: 10 },
        }),
      ),
    );
    expect(res.nit).toBe(20);
    expect(res.trace.relError).toHaveLength(21);
    expect(res.relError).toBeLessThan(res.trace.relError[0]);
    expect(res.relError).toBeLessThan(0.8);
    const S0 = res.faust.factor(0) as tf.Tensor;
    const rows = S0.arraySync() as number[][];
    rows.forEach((r) => expect(r.filter((v) => v !== 0).length).toBeLessThanOrEqual(5));
    S0.dispose();
    expect(() => palm4msa(A, { constraints, dims: [40, 16, 16], mhtp: { period: 0 } })).toThrow(/mhtp.period/);
    dispose(A);
  });
});
