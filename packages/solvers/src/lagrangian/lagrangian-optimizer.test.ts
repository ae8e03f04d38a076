import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { isLeft } from 'fp-ts/lib/Either.js';
import { Matrix, solve } from 'ml-matrix';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { LagrangianOptimizer } from './lagrangian-optimizer.js';
import type { ConstraintSpec, GdaMode } from './types.js';
import { gaussianMatrix, testRng } from '../paths/internal/test-data.test-helpers.js';

/** Float64 QP reference by active-set enumeration: min ½xᵀQx + cᵀx s.t. Ax ≤ b, Cx = d. */
function qpReference(
  q: number[][],
  c: number[],
  a: number[][],
  b: number[],
  ce: number[][],
  d: number[],
): { x: number[]; lam: number[]; mu: number[] } {
  const n = c.length;
  const m = a.length;
  for (let mask = 0; mask < 1 << m; mask++) {
    const act = a.map((_, i) => i).filter((i) => (mask >> i) & 1);
    const rows = [...act.map((i) => a[i]), ...ce];
    const k = rows.length;
    const kkt = Matrix.zeros(n + k, n + k);
    q.forEach((r, i) => r.forEach((v, j) => kkt.set(i, j, v)));
    rows.forEach((r, i) =>
      r.forEach((v, j) => {
        kkt.set(n + i, j, v);
        kkt.set(j, n + i, v);
      }),
    );
    const rhs = Matrix.columnVector([...c.map((v) => -v), ...act.map((i) => b[i]), ...d]);
    const sol = solve(kkt, rhs).getColumn(0);
    const x = sol.slice(0, n);
    const lamAct = sol.slice(n, n + act.length);
    const feasible = a.every((r, i) => r.reduce((s, v, j) => s + v * x[j], 0) <= b[i] + 1e-12);
    if (feasible && lamAct.every((l) => l >= -1e-12)) {
      const lam = new Array<number>(m).fill(0);
      act.forEach((i, k2) => {
        lam[i] = lamAct[k2];
      });
      return { x, lam, mu: sol.slice(n + act.length) };
    }
  }
  throw new Error('no KKT point found');
}

describeBackends(['cpu', 'wasm'], 'LagrangianOptimizer', () => {
  const aVec = [1, 2, 2];
  const modes: GdaMode[] = ['simultaneous', 'alternating', 'alternatingDualPrimal', 'extragradient'];

  it.each(modes)('solves min ‖x‖² s.t. 1 − aᵀx ≤ 0: x* = a/‖a‖², λ* = 2/‖a‖² (%s)', async (mode) => {
    const x = tf.variable(tf.zeros([3]));
    const a = tf.tensor1d(aVec);
    const primal = tf.train.sgd(0.05);
    const opt = new LagrangianOptimizer(
      {
        loss: () => tf.sum(tf.square(x)),
        constraints: [{ kind: 'ineq', violation: () => tf.sub(1, tf.sum(tf.mul(a, x))) }],
      },
      { primal, primalVariables: [x], dualLr: 0.05, mode },
    );
    for (let k = 0; k < 1500; k++) opt.roll();
    await expectNoLeaks(() => {
      opt.roll();
    });
    expectClose(
      x,
      aVec.map((v) => v / 9),
      { atol: 1e-4, rtol: 0 },
    );
    const lam = opt.multiplier(0);
    expectClose(lam, [2 / 9], { atol: 1e-4, rtol: 0 });
    tf.dispose([x, a, lam]);
    opt.dispose();
    primal.dispose();
  });

  it('solves small QPs with equality and inequality constraints (augmented Lagrangian, KKT residual < 1e-4)', () => {
    const rng = testRng(31);
    for (let trial = 0; trial < 1; trial++) {
      const n = 4;
      const mm = gaussianMatrix(rng, n, n);
      const q = mm.map((_, i) => mm.map((__, j) => mm.reduce((s, r) => s + r[i] * r[j], 0) / n + (i === j ? 1 : 0)));
      const c = rng.normals(n);
      const a = gaussianMatrix(rng, 2, n);
      const b = [0.1, -0.2];
      const ce = [rng.normals(n)];
      const d = [0.5];
      const ref = qpReference(q, c, a, b, ce, d);
      const x = tf.variable(tf.zeros([n]));
      const [qT, cT, aT, bT, ceT, dT] = [tf.tensor2d(q), tf.tensor1d(c), tf.tensor2d(a), tf.tensor1d(b), tf.tensor2d(ce), tf.tensor1d(d)];
      const mv = (m: tf.Tensor, v: tf.Tensor): tf.Tensor =>
        tf.reshape(tf.matMul(m as tf.Tensor2D, tf.reshape(v, [-1, 1]) as tf.Tensor2D), [-1]);
      const primal = tf.train.sgd(0.05);
      const opt = new LagrangianOptimizer(
        {
          loss: () => tf.add(tf.mul(0.5, tf.sum(tf.mul(x, mv(qT, x)))), tf.sum(tf.mul(cT, x))) as tf.Scalar,
          constraints: [
            { kind: 'ineq', violation: () => tf.sub(mv(aT, x), bT), formulation: 'augmented-lagrangian', penalty: 1 },
            { kind: 'eq', violation: () => tf.sub(mv(ceT, x), dT), formulation: 'augmented-lagrangian', penalty: 1 },
          ],
        },
        { primal, primalVariables: [x], dualLr: 1, mode: 'alternating' },
      );
      for (let k = 0; k < 3000; k++) opt.roll();
      const xs = Array.from(x.dataSync());
      const lam = Array.from(opt.multiplier(0).dataSync());
      const mu = Array.from(opt.multiplier(1).dataSync());
      const dot = (r: number[], v: number[]): number => r.reduce((s, e, j) => s + e * v[j], 0);
      const stat = q.map((r, i) => dot(r, xs) + c[i] + a.reduce((s, ar, k) => s + ar[i] * lam[k], 0) + ce[0][i] * mu[0]);
      const kkt = Math.max(
        ...stat.map(Math.abs),
        ...a.map((r, k) => Math.max(0, dot(r, xs) - b[k])),
        Math.abs(dot(ce[0], xs) - d[0]),
        ...a.map((r, k) => Math.abs(lam[k] * (dot(r, xs) - b[k]))),
        ...lam.map((l) => Math.max(0, -l)),
      );
      expect(kkt).toBeLessThan(1e-4);
      expectClose(xs, ref.x, { atol: 1e-4, rtol: 0, message: `trial ${trial}` });
      expectClose(lam, ref.lam, { atol: 1e-4, rtol: 0 });
      tf.dispose([x, qT, cT, aT, bT, ceT, dT]);
      opt.dispose();
      primal.dispose();
    }
  });

  it('quadratic penalty gives x = c/(2 + c) for min x² s.t. 1 − x ≤ 0', () => {
    const x = tf.variable(tf.scalar(0));
    const primal = tf.train.sgd(0.02);
    const opt = new LagrangianOptimizer(
      {
        loss: () => tf.square(x),
        constraints: [{ kind: 'ineq', violation: () => tf.sub(1, x), formulation: 'quadratic-penalty', penalty: 10 }],
      },
      { primal, primalVariables: [x] },
    );
    for (let k = 0; k < 800; k++) opt.roll();
    expectClose(x, 10 / 12, { rtol: 1e-5 });
    tf.dispose(x);
    opt.dispose();
    primal.dispose();
  });

  it('a non-finite loss, violation or gradient throws non_finite and leaves x and λ unchanged, in every mode', async () => {
    for (const mode of ['simultaneous', 'alternating', 'alternatingDualPrimal', 'extragradient'] as const) {
      for (const culprit of ['loss', 'violation', 'gradient'] as const) {
        const x = tf.variable(tf.tensor1d([0.5, -0.25]));
        const primal = tf.train.sgd(0.1);
        let poison = false;
        const opt = new LagrangianOptimizer(
          {
            loss: () =>
              tf.tidy((): tf.Scalar => {
                const f = tf.sum(tf.square(x)) as tf.Scalar;
                if (poison && culprit === 'loss') return tf.mul(f, NaN) as tf.Scalar;
                // sqrt(|x|) has an infinite derivative at 0: a finite loss with a non-finite gradient.
                if (poison && culprit === 'gradient') return tf.add(f, tf.sum(tf.sqrt(tf.abs(tf.mul(x, 0))))) as tf.Scalar;
                return f;
              }),
            constraints: [
              { kind: 'ineq', violation: () => (poison && culprit === 'violation' ? tf.scalar(Infinity) : tf.sub(1, tf.sum(x))) },
            ],
          },
          { primal, primalVariables: [x], mode, dualLr: 0.1 },
        );
        for (let k = 0; k < 3; k++) opt.roll();
        const xBefore = Array.from(x.dataSync());
        const lBefore = opt.multiplier(0);
        poison = true;
        await expectNoLeaks(() => {
          expect(() => opt.roll(), `${mode} ${culprit}`).toThrow(/non-finite|no update was applied/);
        });
        await expectNoLeaks(() => {
          const out = opt.tryRoll();
          expect(isLeft(out) && out.left.code, `${mode} ${culprit}`).toBe('non_finite');
        });
        expect(Array.from(x.dataSync()), `${mode} ${culprit}`).toEqual(xBefore);
        expectClose(opt.multiplier(0), Array.from(lBefore.dataSync()), { rtol: 0, atol: 0, message: `${mode} ${culprit}` });
        tf.dispose([x, lBefore]);
        opt.dispose();
        primal.dispose();
      }
    }
  });

  it('requires a primal optimizer at construction', () => {
    expect(() => new LagrangianOptimizer({ loss: () => tf.scalar(0), constraints: [] }, {} as never)).toThrow(
      /options\.primal: expected a tf\.Optimizer/,
    );
  });

  it('indexed multipliers for per-sample constraints, dual restarts, Adam as primal, no leaks', async () => {
    const x = tf.variable(tf.zeros([5]));
    const batches = [
      [0, 1, 2],
      [3, 4, 0],
      [1, 2, 3],
      [4, 0, 1],
      [2, 3, 4],
    ];
    let step = 0;
    let ids = batches[0];
    const primal = tf.train.adam(0.02);
    // One-hot selection instead of tf.gather: gather has no gradient on wasm.
    const picked = (): tf.Tensor => tf.reshape(tf.matMul(tf.oneHot(tf.tensor1d(ids, 'int32'), 5).toFloat(), tf.reshape(x, [5, 1])), [-1]);
    const spec: ConstraintSpec = {
      kind: 'ineq',
      violation: () => tf.sub(1, picked()),
      indices: () => tf.tensor1d(ids, 'int32'),
      multiplier: { kind: 'indexed', size: 5 },
    };
    // The loss is the batch's share too, so each x_i sees its multiplier as often as its loss.
    const opt = new LagrangianOptimizer(
      { loss: () => tf.sum(tf.square(picked())), constraints: [spec] },
      { primal, primalVariables: [x], dualLr: 0.02 },
    );
    for (; step < 3000; step++) {
      ids = batches[step % 5];
      opt.roll();
    }
    expectClose(x, [1, 1, 1, 1, 1], { atol: 2e-3, rtol: 0 });
    const lam = opt.multiplier(0);
    expectClose(lam, [2, 2, 2, 2, 2], { atol: 2e-2, rtol: 0 });
    await expectNoLeaks(() => {
      opt.roll();
    });
    tf.dispose([lam, x]);
    opt.dispose();
    primal.dispose();

    const y = tf.variable(tf.scalar(5));
    const sgd = tf.train.sgd(0.1);
    const restart = new LagrangianOptimizer(
      {
        loss: () => tf.square(tf.sub(y, 2)) as tf.Scalar,
        constraints: [{ kind: 'ineq', violation: () => tf.sub(y, 3) }],
      },
      { primal: sgd, primalVariables: [y], dualLr: 0.5, dualRestarts: true },
    );
    let sawPositive = false;
    for (let k = 0; k < 50; k++) {
      const out = restart.roll();
      const lamNow = restart.multiplier(0);
      const l = lamNow.dataSync()[0];
      lamNow.dispose();
      if (out.violations[0][0] <= 0) expect(l).toBe(0);
      else sawPositive = sawPositive || l > 0;
    }
    expect(sawPositive).toBe(true);
    expectClose(y, 2, { atol: 1e-4 });
    tf.dispose(y);
    restart.dispose();
    sgd.dispose();
  });
});
