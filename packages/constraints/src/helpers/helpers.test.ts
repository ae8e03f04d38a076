import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeBackends, expectClose } from '@sparsekit/tensor/testing';
import { l1Ball } from '../sets/l1-ball.js';
import { l2Ball } from '../sets/l2-ball.js';
import { linfBall } from '../sets/linf-ball.js';
import { simplex } from '../sets/simplex.js';
import { box } from '../sets/box.js';
import { forParameters } from './for-parameters.js';
import { makeFeasible, makeVariablesFeasible } from './make-feasible.js';
import { randomPoint } from './random-point.js';
import { scaled } from './scaled.js';

describeBackends(['cpu', 'wasm'], 'helpers', () => {
  it('forParameters binds one constraint per variable (chop late-binding bug)', () => {
    const cs = forParameters({ a: l1Ball(1), b: linfBall(0.5) });
    const x = tf.tensor([2, -0.25]);
    expectClose(cs.lookup('a')!.project!(x), [1, 0]);
    expectClose(cs.lookup('b')!.project!(x), [0.5, -0.25]);
    expect(cs.lookup('b_3')?.name).toBe('LinfBall');
    expect(cs.lookup('c')).toBeUndefined();
    expect(() => forParameters({ a: { name: 'x' } as never })).toThrow(/constraints\.a/);
  });

  it('scaled rebuilds radius sets and wraps the others', () => {
    expectClose(scaled(l1Ball(1), 3).project(tf.tensor([5, 0])), [3, 0]);
    expect(scaled(l2Ball(2), 0.5).params.radius).toBe(1);
    const b = scaled(box(0, 1), 2);
    expectClose(b.project!(tf.tensor([3, -1])), [2, 0]);
    expectClose(b.lmo!(tf.tensor([-1, 1])), [2, 0]);
    expect(b.isFeasible!(tf.tensor([1.5]))).toBe(true);
    expect(() => scaled(l1Ball(1), 0)).toThrow(/^factor:/);
  });

  it('makeFeasible projects variables in place', () => {
    const v = tf.variable(tf.tensor([3, 4]), true, 'w');
    makeFeasible(l2Ball(1), v);
    expectClose(v, [0.6, 0.8]);
    const u = tf.variable(tf.tensor([3, -4]), true, 'u_1');
    makeVariablesFeasible(forParameters({ u: l1Ball(1) }), [u, v]);
    expectClose(u, [0, -1]);
    v.dispose();
    u.dispose();
  });

  it('randomPoint is seeded, feasible, and uniform on the L1/L2 balls (moments)', () => {
    const a = randomPoint(l1Ball(2), [4], { seed: 3 });
    const b = randomPoint(l1Ball(2), [4], { seed: 3 });
    expectClose(a, b, { rtol: 0, atol: 0 });
    expect(l1Ball(2).isFeasible(a)).toBe(true);
    // uniform in the unit L2 ball of R^n: E‖x‖² = n/(n+2); in the L1 ball: E‖x‖₁ = n/(n+1)
    const n = 3;
    const draws = 400;
    let sq = 0;
    let l1s = 0;
    for (let s = 0; s < draws; s++) {
      const x = randomPoint(l2Ball(1), [n], { seed: 100 + s });
      const y = randomPoint(l1Ball(1), [n], { seed: 900 + s });
      sq += tf.sum(tf.square(x)).dataSync()[0];
      l1s += tf.sum(tf.abs(y)).dataSync()[0];
      tf.dispose([x, y]);
    }
    // standard errors ≈ 0.013 and 0.011 at 400 draws: 4σ bands
    expect(Math.abs(sq / draws - n / (n + 2))).toBeLessThan(0.06);
    expect(Math.abs(l1s / draws - n / (n + 1))).toBeLessThan(0.05);
    expect(simplex(2).isFeasible(randomPoint(simplex(2), [5], { seed: 1 }))).toBe(true);
    expect(box(0, 1).isFeasible(randomPoint(box(0, 1), [5], { seed: 1 }))).toBe(true);
  });
});
