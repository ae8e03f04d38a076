// Complex inputs (selection by modulus) for the L1, L2, L∞ balls and k-sparse sets, checked on
// 1,000 seeded cases (batched through eachSlice) against float64 references.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeBackends, expectClose } from '@sparsekit/tensor/testing';
import { eachSlice } from './each-slice.js';
import { projectL1F64 } from './internal/reference-f64.js';
import { kSparse } from './sets/k-sparse.js';
import { l1Ball } from './sets/l1-ball.js';
import { l2Ball } from './sets/l2-ball.js';
import { linfBall } from './sets/linf-ball.js';
import type { ComplexTensor } from '@sparsekit/tensor';
import type { HasComplexLmo, HasComplexProject } from './types.js';

type Cx = [number, number][];
const mod = (z: Cx) => z.map(([a, b]) => Math.hypot(a, b));

const withModuli = (z: Cx, target: number[]): Cx =>
  z.map(([a, b], i) => {
    const m = Math.hypot(a, b);
    return m === 0 ? [0, 0] : [(a * target[i]) / m, (b * target[i]) / m];
  });

const references: Record<string, (z: Cx) => Cx> = {
  l1: (z) => withModuli(z, projectL1F64(mod(z), 1.5)),
  l2: (z) => {
    const n = Math.hypot(...mod(z));
    return n <= 1.5 ? z : z.map(([a, b]) => [(a * 1.5) / n, (b * 1.5) / n]);
  },
  linf: (z) =>
    withModuli(
      z,
      mod(z).map((m) => Math.min(m, 1.5)),
    ),
  ksparse: (z) => {
    const order = mod(z)
      .map((m, i) => [m, i])
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .slice(0, 2)
      .map(([, i]) => i);
    return z.map((v, i) => (order.includes(i) ? v : [0, 0]));
  },
};
const sets: Record<string, () => HasComplexProject> = {
  l1: () => l1Ball(1.5),
  l2: () => l2Ball(1.5),
  linf: () => linfBall(1.5),
  ksparse: () => kSparse(2),
};

const complexCases = fc.array(
  // a quarter grid: moduli are exactly tied or clearly apart, so float32 and float64 rank alike
  fc
    .array(fc.tuple(fc.integer({ min: -8, max: 8 }), fc.integer({ min: -8, max: 8 })), { minLength: 5, maxLength: 5 })
    .map((z) => z.map(([a, b]) => [a / 4, b / 4] as [number, number])),
  { minLength: 1000, maxLength: 1000 },
);

const toPair = (zs: Cx[]): ComplexTensor => ({
  re: tf.tensor2d(zs.map((z) => z.map(([a]) => a))),
  im: tf.tensor2d(zs.map((z) => z.map(([, b]) => b))),
});

describeBackends(['cpu', 'wasm'], 'complex projections', () => {
  for (const name of Object.keys(sets)) {
    it(`${name}: projectComplex matches the float64 reference on 1,000 cases (tied, zero, signed)`, () => {
      const [zs] = fc.sample(complexCases, { seed: 7, numRuns: 1 });
      const batched = eachSlice(sets[name]() as never) as unknown as HasComplexProject;
      const input = toPair(zs);
      const out = batched.projectComplex(input);
      const expected = zs.map(references[name]);
      expectClose(
        out.re,
        expected.map((z) => z.map(([a]) => a)),
        { rtol: 1e-5, atol: 1e-6, message: name },
      );
      expectClose(
        out.im,
        expected.map((z) => z.map(([, b]) => b)),
        { rtol: 1e-5, atol: 1e-6, message: name },
      );
      tf.dispose([input.re, input.im, out.re, out.im]);
    });
  }

  it('complex LMOs minimize Re⟨g, s⟩ over projections of random points (L1, L2, L∞)', () => {
    const [gs] = fc.sample(complexCases, { seed: 11, numRuns: 1 });
    const [ws] = fc.sample(complexCases, { seed: 12, numRuns: 1 });
    for (const name of ['l1', 'l2', 'linf']) {
      const c = eachSlice(sets[name]() as never) as unknown as HasComplexLmo & HasComplexProject;
      const [g, w] = [toPair(gs), toPair(ws)];
      const s = c.lmoComplex(g);
      const z = c.projectComplex(w);
      const [gr, gi, sr, si, zr, zi] = [g.re, g.im, s.re, s.im, z.re, z.im].map((t) => t.arraySync() as number[][]);
      gr.forEach((row, b) => {
        const inner = (ar: number[], ai: number[]) => row.reduce((acc, v, i) => acc + v * ar[i] + gi[b][i] * ai[i], 0);
        expect(inner(sr[b], si[b])).toBeLessThanOrEqual(inner(zr[b], zi[b]) + 1e-5 * (1 + Math.hypot(...row)));
      });
      tf.dispose([g.re, g.im, w.re, w.im, s.re, s.im, z.re, z.im]);
    }
  });

  it('complex inputs with NaN propagate to both parts; mismatched parts throw SparsekitError', () => {
    const re = tf.tensor1d([1, NaN]);
    const im = tf.tensor1d([0, 0]);
    const p = l1Ball(1).projectComplex({ re, im });
    expect([...p.re.dataSync(), ...p.im.dataSync()].every(Number.isNaN)).toBe(true);
    tf.dispose([p.re, p.im]);
    const im3 = tf.tensor1d([0, 0, 0]);
    expect(() => l2Ball(1).projectComplex({ re: im, im: im3 })).toThrow(/z\.im:.*shape/);
    tf.dispose([re, im, im3]);
  });
});
