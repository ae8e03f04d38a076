import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { StochasticFrankWolfe } from './stochastic-frank-wolfe.js';
import { StochasticPgd } from './stochastic-pgd.js';
import { StochasticPgdMadry } from './stochastic-pgd-madry.js';
import { StochasticThreeSplit } from './stochastic-three-split.js';
import { forParameters, l1, l1Ball, l2Ball, linfBall } from '@sparsekit/constraints';

let counter = 0;
const fresh = (values: number[] | number[][]): tf.Variable => tf.variable(tf.tensor(values), true, `step-test-${counter++}`);
/** Linear objective ⟨c, w⟩: its gradient is c whatever w. */
const linear = (w: tf.Variable, c: number[]) => () => tf.sum(tf.mul(w, tf.tensor(c))) as tf.Scalar;
const l1Norm = (x: tf.Tensor) => Array.from(x.dataSync()).reduce((s, t) => s + Math.abs(t), 0);
const linfNorm = (x: tf.Tensor) => Math.max(...Array.from(x.dataSync(), Math.abs));

describeBackends(['cpu', 'wasm'], 'one step, by hand', () => {
  it('forParameters(...) is accepted by every optimizer (compiles and runs)', () => {
    const w = fresh([0.5, -0.2]);
    const opt = new StochasticFrankWolfe(forParameters({ [w.name]: l1Ball(1) }), { lr: 0.1, momentum: 0.9 });
    opt.minimize(linear(w, [1, -3]));
    expectClose(w, [0.45, -0.08]); // the same step as the record form below
    const pgd = new StochasticPgd(forParameters({ [w.name]: linfBall(0.1) }), { lr: 1, momentum: 0 });
    pgd.minimize(linear(w, [1, -3]));
    expectClose(w, [-0.1, 0.1]);
    opt.dispose();
    pgd.dispose();
    w.dispose();
  });

  it('StochasticFrankWolfe: momentum average, LMO vertex, convex step, gap certificate', () => {
    const w = fresh([0.5, -0.2]);
    const opt = new StochasticFrankWolfe({ [w.name]: l1Ball(1) }, { lr: 0.1, momentum: 0.9 });
    opt.minimize(linear(w, [1, -3]));
    // m = 0.1·g = [0.1, −0.3]; s = argmin over the L1 ball = +e₂; p = 0.9·p + 0.1·s.
    expectClose(w, [0.45, -0.08]);
    // gap = ⟨m, p − s⟩ = 0.1·0.5 + (−0.3)(−1.2) = 0.41
    expectClose(opt.certificates().get(w.name)!, 0.41);
    opt.minimize(linear(w, [1, -3]));
    // m = 0.19·g, same vertex: p = 0.9·[0.45, −0.08] + 0.1·[0, 1]
    expectClose(w, [0.405, 0.028]);
    opt.dispose();
    w.dispose();
  });

  it("StochasticFrankWolfe: 'gradient' normalization scales the step by ‖m‖/‖s − p‖", () => {
    const w = fresh([0.5, -0.2]);
    const opt = new StochasticFrankWolfe({ [w.name]: l1Ball(1) }, { lr: 0.1, momentum: 0.9, normalization: 'gradient', weightDecay: 0 });
    opt.minimize(linear(w, [1, -3]));
    const gamma = (0.1 * Math.hypot(0.1, 0.3)) / Math.hypot(0.5, 1.2);
    expectClose(w, [0.5 - gamma * 0.5, -0.2 + gamma * 1.2]);
    opt.dispose();
    w.dispose();
  });

  it('StochasticFrankWolfe: weight decay enters the gradient before the average', () => {
    const w = fresh([0.5, -0.2]);
    const opt = new StochasticFrankWolfe({ [w.name]: linfBall(1) }, { lr: 0.5, momentum: 0, weightDecay: 10 });
    // g = [0.1, 0.1] + 10·[0.5, −0.2] = [5.1, −1.9] → s = [−1, 1]
    opt.minimize(linear(w, [0.1, 0.1]));
    expectClose(w, [-0.25, 0.4]);
    opt.dispose();
    w.dispose();
  });

  it('StochasticPgd: momentum, L2 normalization, projection, gradient-mapping certificate', () => {
    const w = fresh([0.1, 0.2, -0.1]);
    const opt = new StochasticPgd({ [w.name]: linfBall(0.3) }, { lr: 0.5, momentum: 0.5, normalization: 'l2' });
    opt.minimize(linear(w, [3, -4, 0]));
    // m = [1.5, −2, 0], m/‖m‖ = [0.6, −0.8, 0]; p − 0.5·that = [−0.2, 0.6, −0.1] → clip
    expectClose(w, [-0.2, 0.3, -0.1]);
    expectClose(opt.certificates().get(w.name)!, Math.sqrt(0.1) / 0.5);
    opt.dispose();
    w.dispose();
  });

  it.each(['l2', 'linf', 'sign', 'none'] as const)(
    'StochasticPgd: a zero gradient with %s normalization leaves w unchanged (no NaN)',
    (normalization) => {
      const w = fresh([0.1, -0.2]);
      const opt = new StochasticPgd({ [w.name]: l2Ball(1) }, { lr: 0.5, normalization });
      opt.minimize(linear(w, [0, 0]));
      expectClose(w, [0.1, -0.2]);
      opt.dispose();
      w.dispose();
    },
  );

  it('StochasticPgd: Linf and sign normalizations', () => {
    const w = fresh([0, 0, 0]);
    const a = new StochasticPgd({ [w.name]: l2Ball(10) }, { lr: 1, momentum: 0, normalization: 'linf' });
    a.minimize(linear(w, [2, -4, 1]));
    expectClose(w, [-0.5, 1, -0.25]);
    a.dispose();
    const v = fresh([0, 0, 0]);
    const b = new StochasticPgd({ [v.name]: l2Ball(10) }, { lr: 1, momentum: 0, normalization: 'sign' });
    b.minimize(linear(v, [2, -4, 0]));
    expectClose(v, [-1, 1, 0]);
    b.dispose();
    tf.dispose([w, v]);
  });

  it('StochasticPgdMadry: LMO (sign) step, then projection', () => {
    const w = fresh([0.5, -0.9]);
    const opt = new StochasticPgdMadry({ [w.name]: linfBall(1) }, { lr: 0.25 });
    opt.minimize(linear(w, [2, -1]));
    expectClose(w, [0.25, -0.65]);
    opt.minimize(linear(w, [-2, -1]));
    expectClose(w, [0.5, -0.4]);
    for (let i = 0; i < 4; i++) opt.minimize(linear(w, [-2, -1]));
    expectClose(w, [1, 0.6]);
    opt.dispose();
    w.dispose();
  });

  it('StochasticThreeSplit: Davis–Yin with the gradient at the current variable', () => {
    const w = fresh([0.5, 0]);
    const a = tf.tensor1d([3, 0.2]);
    const f = () => tf.mul(tf.sum(tf.square(tf.sub(w, a))), 0.5) as tf.Scalar;
    const opt = new StochasticThreeSplit({ [w.name]: linfBall(1) }, { lr: 0.5, penalties: { [w.name]: l1(0.5) } });
    opt.minimize(f);
    // ∇ = [−2.5, −0.2]; x_g = soft([1.75, 0.1], 0.25) = [1.5, 0]; z = [1.5, 0]; p = clip(z)
    expectClose(w, [1, 0]);
    expectClose(opt.certificates().get(w.name)!, 2);
    opt.minimize(f);
    // ∇ = [−2, −0.2]; x_g = soft(2p − z − 0.5∇, 0.25) = soft([1.5, 0.1]) = [1.25, 0]; residual 0.25
    expectClose(opt.certificates().get(w.name)!, 0.5);
    opt.dispose();
    tf.dispose([w, a]);
  });
});

describeBackends(['cpu', 'wasm'], 'convergence and feasibility', () => {
  it('StochasticThreeSplit converges to the closed form clip(soft(a, λ), −1, 1)', () => {
    const w = fresh([0, 0, 0, 0]);
    const a = tf.tensor1d([3, 0.2, -0.7, 0.4]);
    const opt = new StochasticThreeSplit({ [w.name]: linfBall(1) }, { lr: 0.5, penalties: { [w.name]: l1(0.5) } });
    for (let i = 0; i < 200; i++) opt.minimize(() => tf.mul(tf.sum(tf.square(tf.sub(w, a))), 0.5) as tf.Scalar);
    expectClose(w, [1, 0, -0.2, 0], { atol: 1e-6 });
    opt.dispose();
    tf.dispose([w, a]);
  });

  it('each variable keeps its own constraint, applied to the whole tensor (chop defects)', () => {
    const W = fresh([
      [0.1, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    const v = fresh([0, 0, 0]);
    const targetW = tf.fill([3, 4], 2);
    const targetV = tf.tensor1d([3, -3, 3]);
    const ball = l1Ball(1);
    const box = linfBall(0.1);
    const f = () => tf.add(tf.sum(tf.square(tf.sub(W, targetW))), tf.sum(tf.square(tf.sub(v, targetV)))) as tf.Scalar;
    for (const opt of [
      new StochasticFrankWolfe({ [W.name]: ball, [v.name]: box }, { lr: 'sublinear', momentum: 0.5 }),
      new StochasticPgd({ [W.name]: ball, [v.name]: box }, { lr: 0.05 }),
      new StochasticPgdMadry({ [W.name]: ball, [v.name]: box }, { lr: 0.1 }),
      new StochasticThreeSplit({ [W.name]: ball, [v.name]: box }, { lr: 0.05 }),
    ]) {
      for (let i = 0; i < 30; i++) {
        opt.minimize(f);
        // One ball for the whole matrix: per-row balls would allow ‖W‖₁ up to 3.
        expect(l1Norm(W), opt.getClassName()).toBeLessThanOrEqual(1 + 1e-5);
        expect(linfNorm(v), opt.getClassName()).toBeLessThanOrEqual(0.1 + 1e-6);
      }
      // Both constraints active at the end: the L1 budget is used, v sits on the box.
      expect(l1Norm(W), opt.getClassName()).toBeGreaterThan(0.9);
      expectClose(v, [0.1, -0.1, 0.1], { atol: 1e-6, message: opt.getClassName() });
      opt.dispose();
    }
    tf.dispose([W, v, targetW, targetV]);
  });

  it('an infeasible start is made feasible before the first step', () => {
    const w = fresh([5, 5]);
    const opt = new StochasticFrankWolfe({ [w.name]: l2Ball(1) }, { lr: 0.01 });
    opt.minimize(linear(w, [0, 0]));
    expect(Math.hypot(...Array.from(w.dataSync()))).toBeLessThanOrEqual(1 + 1e-6);
    opt.dispose();
    w.dispose();
  });

  it('an infeasible start is projected before the first gradient is taken (minimize and fit both use it)', () => {
    const makers = {
      StochasticFrankWolfe: (name: string) => new StochasticFrankWolfe({ [name]: l2Ball(1) }, { lr: 0.5 }),
      StochasticPgd: (name: string) => new StochasticPgd({ [name]: l2Ball(1) }, { lr: 0.5 }),
      StochasticPgdMadry: (name: string) => new StochasticPgdMadry({ [name]: l2Ball(1) }, { lr: 0.5 }),
      StochasticThreeSplit: (name: string) => new StochasticThreeSplit({ [name]: l2Ball(1) }, { lr: 0.5, penalties: { [name]: l1(0.1) } }),
    };
    for (const [label, make] of Object.entries(makers)) {
      const w = fresh([3, 4]);
      const a = tf.tensor1d([0.2, -0.5]);
      const seen: number[][] = [];
      const f = () => {
        seen.push(Array.from(w.dataSync()));
        return tf.mul(tf.sum(tf.square(tf.sub(w, a))), 0.5) as tf.Scalar;
      };
      const opt = make(w.name);
      opt.minimize(f);
      expectClose(seen[0], [0.6, 0.8], { rtol: 1e-6, message: `${label}: ∇f taken at the projected start` });
      tf.dispose([w, a]);
      opt.dispose();
    }
  });

  it("StochasticFrankWolfe momentum 'auto' keeps the first gradient in its average (chop): m₁ = (1 − ρ₁)g₀ + ρ₁g₁", () => {
    const w = fresh([0, 0]);
    const opt = new StochasticFrankWolfe({ [w.name]: l1Ball(1) }, { lr: 1, momentum: 'auto' });
    opt.applyGradients({ [w.name]: tf.tensor1d([10, 0]) });
    // ρ₁ = 2^(−1/3): m₁ = [10(1 − ρ₁), ρ₁] = [2.063, 0.794] → vertex −e₁; dropping g₀ gives [0, 0.794] → −e₂.
    opt.applyGradients({ [w.name]: tf.tensor1d([0, 1]) });
    expectClose(w, [-1, 0]);
    const rho = 2 ** (-1 / 3);
    // gap = ⟨m₁, p − s⟩ with p = −e₁ after the step... measured before it, at p = s₀ = −e₁: ⟨m₁, −e₁ + e₁⟩ = 0.
    expectClose(opt.certificates().get(w.name)!, 0, { atol: 1e-6 });
    opt.applyGradients({ [w.name]: tf.tensor1d([0, 40]) });
    // m₂ = m₁ + ρ₂(g₂ − m₁), ρ₂ = 3^(−1/3): second entry 0.794 + ρ₂(40 − 0.794) dominates → vertex −e₂.
    const m1 = [10 * (1 - rho), rho];
    const rho2 = 3 ** (-1 / 3);
    const m2 = [m1[0] + rho2 * (0 - m1[0]), m1[1] + rho2 * (40 - m1[1])];
    expect(Math.abs(m2[1])).toBeGreaterThan(Math.abs(m2[0]));
    expectClose(w, [0, -1]);
    opt.dispose();
    w.dispose();
  });

  it('steps are leak-free after the first (which creates state); dispose frees the state', async () => {
    const w = fresh([0.2, -0.1, 0.3]);
    const c = tf.tensor1d([1, 2, -1]);
    const before = tf.memory().numTensors;
    for (const make of [
      () => new StochasticFrankWolfe({ [w.name]: l2Ball(1) }, { normalization: 'gradient', weightDecay: 0.1 }),
      () => new StochasticPgd({ [w.name]: l2Ball(1) }, { normalization: 'l2' }),
      () => new StochasticPgdMadry({ [w.name]: l2Ball(1) }),
      () => new StochasticThreeSplit({ [w.name]: l2Ball(1) }, { penalties: { [w.name]: l1(0.1) } }),
    ]) {
      const opt = make();
      const f = () => tf.sum(tf.mul(w, c)) as tf.Scalar;
      opt.minimize(f);
      await expectNoLeaks(() => {
        for (let i = 0; i < 3; i++) opt.minimize(f);
      }, opt.getClassName());
      opt.certificates();
      opt.dispose();
      expect(tf.memory().numTensors, opt.getClassName()).toBe(before);
    }
    tf.dispose([w, c]);
  });
});

describe('construction errors name the argument', () => {
  const ball = l2Ball(1);
  it('rejects bad options', () => {
    expect(() => new StochasticFrankWolfe({ w: ball }, { lr: 2 })).toThrow(/lr/);
    expect(() => new StochasticFrankWolfe({ w: ball }, { momentum: -0.1 })).toThrow(/momentum/);
    expect(() => new StochasticFrankWolfe({ w: ball }, { weightDecay: -1 })).toThrow(/weightDecay/);
    expect(() => new StochasticFrankWolfe({ w: ball }, { unconstrained: 'free' })).toThrow(/unconstrained/);
    expect(() => new StochasticPgd({ w: ball }, { normalization: 'L2' as never })).toThrow(/normalization/);
    expect(() => new StochasticPgd({ w: ball }, { learningRate: 0.1 } as never)).toThrow(/options.*learningRate/);
    expect(() => new StochasticPgdMadry({ w: ball }, { lr: 0 })).toThrow(/lr/);
  });
  it('rejects duplicate or empty names', () => {
    expect(
      () =>
        new StochasticPgd(
          new Map<string | { name: string }, typeof ball>([
            ['w', ball],
            [{ name: 'w' }, ball],
          ]),
        ),
    ).toThrow(/each variable named once/);
    expect(() => new StochasticPgd([['', ball]])).toThrow(/parameters/);
  });
  it('Frank-Wolfe refuses to train a variable without a constraint unless told to skip it', () => {
    const w = tf.variable(tf.zeros([2]), true, 'sfw-missing');
    const u = tf.variable(tf.ones([2]), true, 'sfw-skipped');
    const f = () => tf.add(tf.sum(w), tf.sum(u)) as tf.Scalar;
    const strict = new StochasticFrankWolfe({ 'sfw-missing': ball });
    expect(() => strict.minimize(f)).toThrow(/sfw-skipped/);
    const lenient = new StochasticFrankWolfe({ 'sfw-missing': ball }, { unconstrained: 'skip' });
    lenient.minimize(f);
    expectClose(u, [1, 1]);
    tf.dispose([w, u]);
    strict.dispose();
    lenient.dispose();
  });
});
