// FAμST projectors on batches of matrices (eachSlice: the same code, vectorized), and the
// normalization of matrices whose entries are denormal floats (≈1e-41), where a norm formed
// as m·‖x/m‖ is itself denormal and too imprecise to normalize with.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { eachSlice } from '../each-slice.js';
import { thrownArgument } from '../testing.js';
import { circ, hankel, normcol, skperm, sp, splincol, supp, toeplitz } from '../faust.js';

const xs = [
  [
    [1, -2, 3, 0],
    [0.5, 2, -1, 4],
    [1, 1, 1, 1],
    [0, 0, 0, 0],
  ],
  [
    [0, 0, 0, 0],
    [0, 0, 0, 0],
    [0, 0, 0, 0],
    [0, 0, 0, 0],
  ],
  [
    [3, 3, 3, 3],
    [-1, 0, 1, 0],
    [2, -2, 2, -2],
    [0, 5, 0, 0],
  ],
];

describeBackends(['cpu', 'wasm'], 'FAμST eachSlice and denormal inputs', () => {
  it('eachSlice(projector) equals one projection per matrix, real and complex, with per-matrix membership', () => {
    const projectors = [
      sp(5),
      splincol(1, { normalized: false }),
      skperm(2, { pos: true }),
      circ(),
      normcol(2),
      supp([
        [1, 0, 0, 1],
        [0, 1, 1, 0],
        [1, 1, 1, 1],
        [0, 0, 0, 1],
      ]),
    ];
    const x = tf.tensor3d(xs);
    const y = tf.tensor3d(xs.map((m) => m.map((r) => r.map((v) => v / 2 - 1))));
    for (const p of projectors) {
      const batched = eachSlice(p);
      const out = batched.project(x);
      expectClose(
        out,
        xs.map((m) => tf.tidy(() => p.project(tf.tensor2d(m)).arraySync() as number[][])),
        { rtol: 1e-6, atol: 1e-7, message: p.name },
      );
      expect(batched.isFeasibleEach(out)).toEqual([true, true, true]);
      expect(batched.isFeasibleEach(tf.stack([tf.unstack(out)[0], tf.unstack(x)[0], tf.unstack(out)[2]]))).toEqual([true, false, true]);
      const z = batched.projectComplex({ re: x, im: y });
      const looped = xs.map((_, i) =>
        tf.tidy(() => {
          const w = p.projectComplex({ re: tf.unstack(x)[i], im: tf.unstack(y)[i] });
          return [w.re.arraySync(), w.im.arraySync()] as number[][][];
        }),
      );
      expectClose(
        z.re,
        looped.map(([re]) => re),
        { rtol: 1e-6, atol: 1e-7, message: `${p.name} re` },
      );
      expectClose(
        z.im,
        looped.map(([, im]) => im),
        { rtol: 1e-6, atol: 1e-7, message: `${p.name} im` },
      );
      tf.dispose([out, z.re, z.im]);
    }
    tf.dispose([x, y]);
  });

  it('eachSlice of a projector takes no radius and leaks nothing', async () => {
    expect(thrownArgument(() => eachSlice(sp(2), { radius: 1 }))).toBe('radius');
    expect(thrownArgument(() => eachSlice(sp(2)).project(tf.ones([4, 4])))).toBe('x');
    const x = tf.tensor3d(xs);
    await expectNoLeaks(() => eachSlice(toeplitz()).project(x));
    await expectNoLeaks(() => eachSlice(toeplitz()).isFeasibleEach(x));
    x.dispose();
  });

  it('normalized results are unit-norm for denormal inputs (toeplitz, hankel pos, normcol)', () => {
    const tiny = [
      [0, 0, 0, 0],
      [0, 0, -3.4e-41, 0],
      [0, 0, 0, 7.8e-44],
    ];
    const frob = (m: number[][]) => Math.sqrt(m.flat().reduce((a, v) => a + v * v, 0));
    for (const p of [toeplitz(), hankel({ pos: true }), sp(2)]) {
      const out = tf.tidy(() => p.project(tf.tensor2d(tiny)).arraySync() as number[][]);
      expect(Math.abs(frob(out) - 1), p.name).toBeLessThan(2e-7);
      expect(
        tf.tidy(() => p.isFeasible(tf.tensor2d(out))),
        p.name,
      ).toBe(true);
    }
    const cols = tf.tidy(() => normcol(2).project(tf.tensor2d(tiny)).arraySync() as number[][]);
    for (let j = 0; j < 4; j++) expect(Math.hypot(...cols.map((r) => r[j]))).toBeCloseTo(2, 6);
  });
});
