import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { isRight } from 'fp-ts/lib/Either.js';
import { normcol, sp, spcol, splin, splincol } from '@sparsekit/constraints/faust';
import { createRng } from '@sparsekit/tensor';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { palm4msa, type Palm4msaOptions, type Palm4msaResult } from './palm4msa.js';
import { hierarchical } from '../hierarchical/hierarchical.js';
import { dispose, hadamard64, random64, read, relError, toTensor } from '../faust/internal/reference.test-helpers.js';

function unwrap(res: ReturnType<typeof palm4msa>): Palm4msaResult {
  if (!isRight(res)) throw res.left;
  return res.right;
}

function productOf(res: Palm4msaResult, rows: number, cols: number) {
  const d = res.faust.toDense();
  const m = read(d, rows, cols);
  dispose(d);
  return m;
}

describeBackends(['cpu', 'wasm'], 'palm4msa host engine', () => {
  for (const updateOrder of ['R2L', 'L2R'] as const) {
    it(`equals the tensor engine within float32 tolerance (${updateOrder}, three factors, random target)`, async () => {
      const A = toTensor(random64(createRng(50), 12, 10, 1, false), false);
      const options: Palm4msaOptions = {
        constraints: [splin(4), sp(40), spcol(5)],
        dims: [12, 9, 10, 10],
        stop: { numIts: 25 },
        updateOrder,
      };
      const host = await expectNoLeaks(() => unwrap(palm4msa(A, { ...options, engine: 'host' })));
      const tensor = unwrap(palm4msa(A, { ...options, engine: 'tensor' }));
      expect(host.trace.relError).toHaveLength(26);
      host.trace.relError.forEach((e, k) => expect(e).toBeCloseTo(tensor.trace.relError[k], 4));
      expect(host.lambda).toBeCloseTo(tensor.lambda, 2);
      expect(relError(productOf(host, 12, 10), productOf(tensor, 12, 10))).toBeLessThan(1e-4);
      expect(host.relError).toBeLessThan(host.trace.relError[1]);
      dispose(A);
    });
  }

  it('never increases the error with exact projectors and fixed λ, and honours the stop rules', () => {
    const A = toTensor(random64(createRng(20), 8, 8, 1, false), false);
    const c = [sp(24, { normalized: false }), splin(3, { normalized: false }), spcol(3, { normalized: false })];
    const e = unwrap(palm4msa(A, { constraints: c, stop: { numIts: 40 }, noLambda: true, engine: 'host' })).trace.relError;
    for (let k = 2; k < e.length; k++) expect(e[k]).toBeLessThanOrEqual(e[k - 1] * (1 + 1e-12));
    const byTol = unwrap(palm4msa(A, { constraints: [sp(32), sp(32)], stop: { tol: 0.9, relErr: true, maxIter: 100 }, engine: 'host' }));
    expect(byTol.status).toBe('converged');
    expect(byTol.nit).toBe(byTol.trace.relError.findIndex((v, k) => k > 0 && v <= 0.9));
    dispose(A);
  });

  it('recovers Hadamard-64 through hierarchical (float32 factors returned, error of those)', () => {
    const ref = hadamard64(64, false);
    const A = toTensor(ref, false);
    const res = hierarchical(A, 'hadamard');
    if (!isRight(res)) throw res.left;
    const d = res.right.faust.toDense();
    const err = relError(read(d, 64, 64), ref);
    dispose(d);
    // float64 iterates reach 9e-12 (the float64 numpy prototype: 8.9e-12); float32 storage adds ~1e-7
    expect(err).toBeLessThan(1e-6);
    expect(res.right.relError).toBeCloseTo(err, 7);
    expect(res.right.faust.nnzSum()).toBe(768);
    dispose(A);
  });

  it("refuses 'host' where it cannot run and picks the tensor engine for 'auto' there", () => {
    const A = tf.ones([4, 4]);
    const z = { re: tf.ones([4, 4]), im: tf.zeros([4, 4]) };
    expect(() => palm4msa(z, { constraints: [sp(4), sp(4)], engine: 'host' })).toThrow(/real target/);
    expect(() => palm4msa(A, { constraints: [sp(4), sp(4)], engine: 'host', mhtp: {} })).toThrow(/mhtp/);
    expect(() => palm4msa(A, { constraints: [normcol(), sp(4)], engine: 'host' })).toThrow(/projectHost/);
    expect(() => palm4msa(A, { constraints: [sp(4)], engine: 'gpu' as never })).toThrow(/engine/);
    expect(isRight(palm4msa(A, { constraints: [normcol(), splincol(2)], stop: { numIts: 2 } }))).toBe(true);
    dispose(A);
    tf.dispose([z.re, z.im]);
  });
});
